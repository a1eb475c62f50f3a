"""Athlete and team writes for the coach dashboard.

Every function is keyword-only, validates before writing (clear ValidationErrors keyed by
field) and writes atomically. Callers pass the organization they resolved through
athletes.selectors, so nothing here can reach across tenants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from athletes.models import Athlete, Organization, Team
from athletes.signals import athlete_created
from config.validation import date_range_error, text_error, years_before
from programs import generator

WEEKDAYS: tuple[str, ...] = generator.WEEKDAYS
# Athletes we coach are 5 to 100 years old: a birth date outside that is a typo of the year.
AGE_MIN_YEARS, AGE_MAX_YEARS = 5, 100
TEXT_FIELDS = ("first_name", "last_name", "email", "external_id")

# Fields a coach may set on an athlete (anything else is refused, never silently dropped).
ATHLETE_FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "email",
    "external_id",
    "sex",
    "birth_date",
    "level",
    "event_focus",
    "available_weekdays",
    "equipment",
    "allow_late_logging",
)


def _clean_weekdays(value: Iterable[int] | None) -> list[int]:
    days = sorted({int(d) for d in (value or [])})
    if any(d < 0 or d > 6 for d in days):
        raise ValidationError({"available_weekdays": "Weekdays run from 0 (Mon) to 6 (Sun)."})
    return days


def _clean_equipment(value: Iterable[str] | None) -> list[str]:
    items = list(dict.fromkeys(value or []))
    unknown = [e for e in items if e not in generator.EQUIPMENT]
    if unknown:
        raise ValidationError({"equipment": f"Unknown equipment: {', '.join(unknown)}."})
    return items


def _clean_teams(organization: Organization, teams: Iterable[Team] | None) -> list[Team]:
    teams = list(teams or [])
    foreign = [t for t in teams if t.organization_id != organization.id or t.archived_at]
    if foreign:
        raise ValidationError({"teams": "Choose teams of your own organization."})
    return teams


def _check_unique(athlete: Athlete) -> None:
    others = Athlete.objects.filter(organization_id=athlete.organization_id)
    if athlete.pk:
        others = others.exclude(pk=athlete.pk)
    errors = {}
    if athlete.email and others.filter(email__iexact=athlete.email).exists():
        errors["email"] = "Another athlete of your organization already uses this email."
    if athlete.external_id and others.filter(external_id=athlete.external_id).exists():
        errors["external_id"] = "Another athlete of your organization already has this id."
    if errors:
        raise ValidationError(errors)


def birth_date_error(value: dt.date, today: dt.date) -> str | None:
    return date_range_error(
        value,
        earliest=years_before(today, AGE_MAX_YEARS),
        latest=years_before(today, AGE_MIN_YEARS),
        too_early=f"The athlete would be over {AGE_MAX_YEARS} years old: check the year.",
        too_late=f"The athlete would be under {AGE_MIN_YEARS} years old: check the year.",
    )


def _text_errors(athlete: Athlete) -> dict[str, str]:
    """The shared text rule (no control characters, the column's length) per field."""
    errors = {}
    for name in TEXT_FIELDS:
        max_chars = Athlete._meta.get_field(name).max_length
        if message := text_error(getattr(athlete, name), max_chars=max_chars):
            errors[name] = message
    return errors


def _apply(athlete: Athlete, data: dict) -> None:
    unknown = set(data) - set(ATHLETE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown athlete fields: {', '.join(sorted(unknown))}.")
    for name, value in data.items():
        if name in ("first_name", "last_name", "external_id"):
            value = (value or "").strip()
        elif name == "email":
            value = (value or "").strip().lower()
        elif name == "available_weekdays":
            value = _clean_weekdays(value)
        elif name == "equipment":
            value = _clean_equipment(value)
        setattr(athlete, name, value)
    errors = _text_errors(athlete)
    if athlete.birth_date and (
        message := birth_date_error(athlete.birth_date, timezone.localdate())
    ):
        errors["birth_date"] = message
    if errors:
        raise ValidationError(errors)


def _validate_and_save(athlete: Athlete) -> None:
    _check_unique(athlete)
    # Constraints are checked above with clearer messages; full_clean covers field rules.
    athlete.full_clean(validate_constraints=False)
    athlete.save()


@transaction.atomic
def athlete_create(
    *,
    organization: Organization,
    first_name: str,
    last_name: str,
    sex: str,
    email: str = "",
    external_id: str = "",
    birth_date: dt.date | None = None,
    level: str = Athlete.Level.INTERMEDIATE,
    event_focus: str = Athlete.EventFocus.SPRINT,
    available_weekdays: Iterable[int] | None = None,
    equipment: Iterable[str] | None = None,
    teams: Iterable[Team] | None = None,
    allow_late_logging: bool = False,
) -> Athlete:
    """A new athlete of `organization`, with an (empty) program ready for regeneration."""
    athlete = Athlete(organization=organization)
    _apply(
        athlete,
        {
            "first_name": first_name,
            "last_name": last_name,
            "sex": sex,
            "email": email,
            "external_id": external_id,
            "birth_date": birth_date,
            "level": level,
            "event_focus": event_focus,
            "available_weekdays": available_weekdays,
            "equipment": equipment,
            "allow_late_logging": allow_late_logging,
        },
    )
    team_list = _clean_teams(organization, teams)
    _validate_and_save(athlete)
    athlete.teams.set(team_list)
    athlete_created.send(sender=Athlete, athlete=athlete)
    return athlete


@transaction.atomic
def athlete_update(*, athlete: Athlete, teams: Iterable[Team] | None = None, **fields) -> Athlete:
    """Change the given fields (see ATHLETE_FIELDS); teams replaces the team list if given."""
    _apply(athlete, fields)
    team_list = None if teams is None else _clean_teams(athlete.organization, teams)
    _validate_and_save(athlete)
    if team_list is not None:
        athlete.teams.set(team_list)
    return athlete


def athlete_archive(*, athlete: Athlete) -> Athlete:
    """Hide from the roster and end the athlete's access; history is kept."""
    if athlete.archived_at is None:
        athlete.archived_at = timezone.now()
        athlete.save(update_fields=["archived_at"])
    return athlete


def athlete_unarchive(*, athlete: Athlete) -> Athlete:
    if athlete.archived_at is not None:
        athlete.archived_at = None
        athlete.save(update_fields=["archived_at"])
    return athlete


def _team_name(organization: Organization, name: str, *, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the team a name."})
    if message := text_error(name, max_chars=Team._meta.get_field("name").max_length):
        raise ValidationError({"name": message})
    clash = Team.objects.filter(organization=organization, name__iexact=name)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": "Your organization already has a team of that name."})
    return name


@transaction.atomic
def team_create(*, organization: Organization, name: str) -> Team:
    return Team.objects.create(organization=organization, name=_team_name(organization, name))


@transaction.atomic
def team_update(*, team: Team, name: str) -> Team:
    team.name = _team_name(team.organization, name, exclude_pk=team.pk)
    team.save(update_fields=["name"])
    return team


def team_archive(*, team: Team) -> Team:
    """Archived teams leave the filters and forms; their athletes keep their data."""
    if team.archived_at is None:
        team.archived_at = timezone.now()
        team.save(update_fields=["archived_at"])
    return team
