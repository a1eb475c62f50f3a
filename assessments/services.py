"""Assessment services: validate and record results, and score them with the balance engine.

The engine (balance.py) is pure; this module turns rows into its input and its output
into rows. The CSV import (csv_import.py) reuses the validators and the scoring helpers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from statistics import fmean, median

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from assessments import balance
from assessments.models import Assessment, TestProtocol, TestResult
from assessments.selectors import previous_assessment, protocol_specs
from assessments.services_profiles import results_before, results_history
from assessments.signals import results_recorded
from athletes import profile_marks
from athletes.models import Athlete, Organization, User
from config.validation import (
    NOTES_MAX_CHARS,
    NUMBER_MESSAGE,
    date_range_error,
    number_float,
    number_quantized,
    text_error,
)

BODY_MASS_MIN = 25
BODY_MASS_MAX = 250
SIDE_NAMES = {"L": "left", "R": "right", "B": "both"}
# Earlier dates are typos (a 1900 test squashes the trend chart); later ones do not exist yet.
ASSESSMENT_EARLIEST = dt.date(2000, 1, 1)
CODE_MAX_CHARS = 60  # TestProtocol.code


# --- validators shared by the service, the form's inline checks and the CSV import ---------


def fmt_number(x: float) -> str:
    """20.0 -> '20', 0.5 -> '0.5': numbers as a coach would write them."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def result_field_name(code: str, side: str) -> str:
    """The form field / error key of one result, e.g. 'hip_flexion_hhd_L'."""
    return f"{code}_{side}"


def range_hint(protocol: TestProtocol) -> str:
    return (
        f"{fmt_number(protocol.plausible_min)}–{fmt_number(protocol.plausible_max)} "
        f"{protocol.unit}"
    )


def result_value_error(protocol: TestProtocol, value: float) -> str | None:
    """None when the value is plausible for the protocol, else the message to show."""
    value = number_float(value)
    if value is None:
        return NUMBER_MESSAGE
    if not protocol.plausible_min <= value <= protocol.plausible_max:
        return f"Outside the plausible range {range_hint(protocol)}."
    return None


def result_side_error(protocol: TestProtocol, side: str) -> str | None:
    if protocol.sided and side not in ("L", "R"):
        return f"{protocol.name} is tested per side: use L or R, not {side!r}."
    if not protocol.sided and side != "B":
        return f"{protocol.name} is not tested per side: use B, not {side!r}."
    return None


def parse_body_mass(value) -> Decimal | None:
    """The body mass as stored (0.1 kg), or None when it is not a finite, bounded number."""
    return number_quantized(value, places=1)


def body_mass_error(value: Decimal | None) -> str | None:
    if value is None:
        return f"Enter the body mass as a number of kg ({BODY_MASS_MIN}–{BODY_MASS_MAX})."
    if not BODY_MASS_MIN <= value <= BODY_MASS_MAX:
        return f"Body mass must be between {BODY_MASS_MIN} and {BODY_MASS_MAX} kg."
    return None


def date_error(value: dt.date | None, today: dt.date) -> str | None:
    if not isinstance(value, dt.date):
        return "Enter the date of the assessment."
    return date_range_error(
        value,
        earliest=ASSESSMENT_EARLIEST,
        latest=today,
        too_early="Assessments cannot be dated before 1 January 2000: check the year.",
        too_late=f"The date cannot be in the future (today is {today.day} {today:%B %Y}).",
    )


def notes_error(value) -> str | None:
    return text_error(value, max_chars=NOTES_MAX_CHARS, multiline=True)


def code_error(value) -> str | None:
    """A protocol code or side as sent (API, CSV): short text without control characters."""
    return text_error(value, max_chars=CODE_MAX_CHARS)


def athlete_error(athlete: Athlete) -> str | None:
    if athlete.is_archived:
        return f"{athlete.full_name} is archived: restore them before recording results."
    return None


def _as_results(results: Iterable) -> list[balance.Result]:
    out = []
    for item in results:
        if isinstance(item, balance.Result):
            out.append(item)
        else:
            code, side, value = item
            out.append(balance.Result(protocol_code=code, side=side, value=value))
    return out


# --- scoring -----------------------------------------------------------------------------


def squad_medians_for(organization: Organization, *, min_athletes: int = 5) -> dict[str, float]:
    """Per protocol, the median normalized value over each active athlete's latest assessment.

    An athlete's sides are averaged first so everyone counts once; a protocol gets a median
    only once `min_athletes` athletes have it. Two queries whatever the squad size.
    """
    latest = (
        Assessment.objects.filter(athlete=OuterRef("assessment__athlete"))
        .order_by("-date", "-id")
        .values("id")[:1]
    )
    rows = TestResult.objects.filter(
        assessment__athlete__organization=organization,
        assessment__athlete__archived_at__isnull=True,
        assessment_id=Subquery(latest),
    ).values_list("assessment__athlete_id", "assessment__body_mass_kg", "protocol__code", "value")
    specs = protocol_specs()
    per_athlete: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for athlete_id, body_mass, code, value in rows:
        per_athlete[code][athlete_id].append(
            balance.normalize(specs[code], value, float(body_mass))
        )
    return {
        code: round(median(fmean(values) for values in athletes.values()), 3)
        for code, athletes in per_athlete.items()
        if len(athletes) >= min_athletes
    }


def profile_compute(
    *,
    results: Iterable[balance.Result],
    body_mass_kg: Decimal | float,
    sex: str,
    specs: Mapping[str, balance.ProtocolSpec],
    previous_profile: dict | None,
    squad_medians: Mapping[str, float],
    earlier: Iterable[balance.DatedResult] = (),
    on: dt.date | None = None,
    window_days: int | None = None,
) -> balance.BalanceProfile:
    """Score one assessment; an engine refusal becomes a ValidationError. Given its date
    `on` and the org's window, results of `earlier` assessments fill what it did not
    retest (balance.latest_results)."""
    try:
        if on is None:
            latest = balance.CarriedResults(tuple(results), (), ())
        else:
            latest = balance.latest_results(
                results, earlier=earlier, on=on, window_days=window_days, protocols=specs
            )
        return balance.assess_latest(
            latest,
            body_mass_kg=float(body_mass_kg),
            sex=sex,
            protocols=specs,
            previous=balance.profile_from_dict(previous_profile) if previous_profile else None,
            squad_medians=squad_medians,
        )
    except ValueError as exc:
        raise ValidationError(f"The results could not be scored: {exc}") from exc


def profile_asymmetries(profile: balance.BalanceProfile) -> list[dict]:
    """The groups flagged watch or act, largest asymmetry first (ties in GROUPS order):
    [{"group", "flag", "pct", "weaker_side"}]. Migration 0004 back-fills the same in SQL."""
    flagged = [
        {
            "group": code,
            "flag": group.asymmetry_flag,
            "pct": group.asymmetry_pct,
            "weaker_side": group.weaker_side,
        }
        for code, group in profile.groups.items()
        if group.asymmetry_flag in ("watch", "act")
    ]
    order = {code: i for i, code in enumerate(balance.GROUPS)}
    return sorted(
        flagged, key=lambda a: (-(a["pct"] or 0), order.get(a["group"], len(order)), a["group"])
    )


# What profile_apply sets: the snapshot and the columns denormalized from it.
PROFILE_FIELDS = [
    "profile",
    "balance_level",
    "weakest_link",
    "max_asymmetry_pct",
    "asymmetries",
    "weakest_carried",
    "stale_group_count",
]


def profile_apply(assessment: Assessment, profile: balance.BalanceProfile) -> None:
    """Store the snapshot and its denormalized columns on the instance (not saved)."""
    assessment.profile = balance.profile_to_dict(profile)
    assessment.balance_level = profile.balance_level
    assessment.weakest_link = profile.weakest_link or ""
    groups = [g.asymmetry_pct for g in profile.groups.values() if g.asymmetry_pct is not None]
    assessment.max_asymmetry_pct = max(groups) if groups else None
    assessment.asymmetries = profile_asymmetries(profile)
    assessment.weakest_carried = profile_marks.weakest_carried(profile)
    assessment.stale_group_count = len(profile.stale_groups)


def rows_update(objs: list, fields: list[str], batch_size: int = 500) -> None:
    """Save `fields` of many rows of one model. On PostgreSQL one UPDATE ... FROM (VALUES)
    per batch: bulk_update's CASE WHEN costs about 4 ms a row with JSON snapshots."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, fields, batch_size=batch_size)
        return
    meta, qn = model._meta, connection.ops.quote_name
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    row_sql = "(" + ", ".join(f"%s::{c.db_type(connection)}" for c in columns) + ")"
    names = ", ".join(qn(c.column) for c in columns)
    assignments = ", ".join(f"{qn(c.column)} = v.{qn(c.column)}" for c in columns[1:])
    pk = qn(meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            params = [
                c.get_db_prep_save(getattr(obj, c.attname), connection)
                for obj in batch
                for c in columns
            ]
            cursor.execute(
                f"UPDATE {qn(meta.db_table)} AS t SET {assignments} "
                f"FROM (VALUES {', '.join([row_sql] * len(batch))}) AS v({names}) "
                f"WHERE t.{pk} = v.{pk}",
                params,
            )


# --- recording -----------------------------------------------------------------------------


def _validate_results(
    results: list[balance.Result], protocols: Mapping[str, TestProtocol]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = defaultdict(list)
    if not results:
        errors["results"].append("Enter at least one test result.")
    seen: set[tuple[str, str]] = set()
    for result in results:
        if message := code_error(result.protocol_code) or code_error(result.side):
            errors["results"].append(f"Protocol code or side: {message}")
            continue
        key = result_field_name(result.protocol_code, result.side)
        protocol = protocols.get(result.protocol_code)
        if protocol is None:
            errors[key].append(f"Unknown protocol {result.protocol_code!r}.")
            continue
        if not protocol.active:
            errors[key].append(f"{protocol.name} is not an active protocol.")
            continue
        if message := result_side_error(protocol, result.side):
            errors[key].append(message)
            continue
        if (result.protocol_code, result.side) in seen:
            errors[key].append(
                f"Duplicate result for {protocol.name} ({SIDE_NAMES[result.side]})."
            )
            continue
        seen.add((result.protocol_code, result.side))
        if message := result_value_error(protocol, result.value):
            errors[key].append(message)
    return errors


def assessment_record(
    *,
    athlete: Athlete,
    date: dt.date,
    body_mass_kg: Decimal | float | str,
    results: list[tuple[str, str, float]] | list[balance.Result],
    recorded_by: User | None = None,
    source: str = Assessment.Source.MANUAL,
    notes: str = "",
    today: dt.date | None = None,
) -> Assessment:
    """Validate and save one assessment with its results and balance profile, and mark the
    athlete's program for regeneration. Raises ValidationError keyed by field; saves nothing
    on any error. Always creates a new assessment (the CSV import updates instead)."""
    today = today or timezone.localdate()
    results = _as_results(results)
    mass = parse_body_mass(body_mass_kg)
    codes = {r.protocol_code for r in results if not code_error(r.protocol_code)}
    protocols = {p.code: p for p in TestProtocol.objects.filter(code__in=codes)}
    errors = _validate_results(results, protocols)
    for key, message in (
        ("athlete", athlete_error(athlete)),
        ("body_mass_kg", body_mass_error(mass)),
        ("date", date_error(date, today)),
        ("notes", notes_error(notes)),
        ("source", None if source in Assessment.Source.values else "Unknown source."),
    ):
        if message:
            errors[key].append(message)
    if errors:
        raise ValidationError(dict(errors))
    results = [balance.Result(r.protocol_code, r.side, number_float(r.value)) for r in results]

    with transaction.atomic():
        assessment = Assessment.objects.create(
            athlete=athlete,
            date=date,
            body_mass_kg=mass,
            recorded_by=recorded_by,
            source=source,
            notes=notes.strip(),
        )
        TestResult.objects.bulk_create(
            TestResult(
                assessment=assessment,
                protocol=protocols[r.protocol_code],
                side=r.side,
                value=r.value,
            )
            for r in results
        )
        previous = previous_assessment(athlete, date)
        history = results_history(athlete_ids=[athlete.id], until=date)[athlete.id]
        profile = profile_compute(
            results=results,
            body_mass_kg=mass,
            sex=athlete.sex,
            specs=protocol_specs(),
            previous_profile=previous.profile if previous else None,
            squad_medians=squad_medians_for(athlete.organization),
            earlier=results_before(history, position=(date, assessment.id)),
            on=date,
            window_days=athlete.organization.profile_window_days,
        )
        profile_apply(assessment, profile)
        assessment.save(update_fields=PROFILE_FIELDS)
        results_recorded.send(sender=Assessment, athlete_ids=[athlete.id])
    return assessment
