"""CSV import of assessment results: a dry-run preview, then an all-or-nothing commit.

One row is one result: athlete (email or external id), date, body mass, protocol, side,
value. Rows of the same athlete and date form one assessment. A re-import updates the
CSV/API assessment of that athlete and date instead of adding another, so importing the
same file twice changes nothing. Everything is read and written in a handful of bulk
queries: 10,000 rows must commit in seconds.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower

from assessments import balance
from assessments.csv_format import (
    FILE_LINE,
    SIDES,
    cell_errors,
    parse_date,
    parse_number,
    read_table,
    shown,
)
from assessments.models import Assessment, TestProtocol, TestResult
from assessments.services import (
    PROFILE_FIELDS,
    athlete_error,
    body_mass_error,
    date_error,
    parse_body_mass,
    profile_apply,
    profile_compute,
    result_side_error,
    result_value_error,
    rows_update,
    squad_medians_for,
)
from assessments.services_profiles import results_before, results_history
from assessments.signals import results_recorded
from athletes.models import Athlete, Organization, User
from config.validation import number_float


@dataclass(frozen=True)
class ImportRow:
    line: int
    athlete_id: int
    date: dt.date
    body_mass_kg: Decimal
    protocol_code: str
    side: str
    value: float


@dataclass(frozen=True)
class PreviewAssessment:
    """One assessment a commit would write: whose, when, how many results, and whether it
    is new, updates an earlier import of that athlete and date, or is unchanged."""

    athlete_name: str
    date: dt.date
    results: int
    action: str  # "new", "update" or "unchanged"


@dataclass
class ImportPreview:
    """What a commit would do. Counts cover the valid rows; nothing is written."""

    rows: list[ImportRow]
    errors: list[tuple[int, str]]  # (line number, message); line 0: the whole file
    athletes: int = 0
    assessments_to_create: int = 0
    assessments_to_update: int = 0
    assessments_unchanged: int = 0
    results_to_create: int = 0
    results_to_update: int = 0
    results_unchanged: int = 0
    assessments: list[PreviewAssessment] = field(default_factory=list)  # by name, date

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def results(self) -> int:
        return len(self.rows)

    def error_messages(self) -> list[str]:
        return [
            f"{'File' if line == FILE_LINE else f'Line {line}'}: {message}"
            for line, message in self.errors
        ]


@dataclass(frozen=True)
class ImportResult:
    assessments_created: int
    assessments_updated: int
    results_created: int
    results_updated: int
    athletes_marked_pending: int
    assessment_ids: list[int] = field(default_factory=list)


# --- parsing -------------------------------------------------------------------------------


@dataclass
class _Parsed:
    rows: list[ImportRow]
    errors: list[tuple[int, str]]
    athletes: dict[int, Athlete]
    protocols: dict[str, TestProtocol]


def _athlete_keys(row: dict[str, str]) -> tuple[str, str]:
    """(email, external id) from whichever athlete columns the file has."""
    email = row.get("athlete_email", "")
    external_id = row.get("external_id", "")
    athlete = row.get("athlete", "")
    if athlete and "@" in athlete:
        email = email or athlete
    elif athlete:
        external_id = external_id or athlete
    return email.lower(), external_id


def _athletes_by_key(
    organization: Organization, table: list[tuple[int, dict[str, str]]]
) -> tuple[dict[str, Athlete], dict[str, Athlete]]:
    """Only this organization's athletes: anyone else is simply unknown."""
    emails, external_ids = set(), set()
    for _line, row in table:
        email, external_id = _athlete_keys(row)
        if email:
            emails.add(email)
        if external_id:
            external_ids.add(external_id)
    athletes = (
        Athlete.objects.filter(organization=organization)
        .annotate(email_lower=Lower("email"))
        .filter(Q(email_lower__in=emails) | Q(external_id__in=external_ids))
    )
    by_email, by_external_id = {}, {}
    for athlete in athletes:
        if athlete.email:
            by_email[athlete.email_lower] = athlete
        if athlete.external_id:
            by_external_id[athlete.external_id] = athlete
    return by_email, by_external_id


def _parse(*, organization: Organization, file_bytes: bytes, today: dt.date) -> _Parsed:
    table, delimiter, file_errors = read_table(file_bytes)
    if file_errors:
        return _Parsed([], file_errors, {}, {})
    errors: list[tuple[int, str]] = []
    checked = []
    for line, row in table:
        if problems := cell_errors(row):
            errors.extend((line, message) for message in problems)
        else:
            checked.append((line, row))
    table = checked  # a NUL byte must not reach the athlete lookup query
    by_email, by_external_id = _athletes_by_key(organization, table)
    protocols = {p.code: p for p in TestProtocol.objects.order_by("sort_order", "code")}
    decimal_comma = delimiter == ";"
    rows: list[ImportRow] = []
    athletes: dict[int, Athlete] = {}
    first_line: dict[tuple, int] = {}  # (athlete, date, protocol, side) -> line
    first_mass: dict[tuple, tuple[Decimal, int]] = {}  # (athlete, date) -> (mass, line)

    for line, row in table:
        line_errors: list[str] = []
        email, external_id = _athlete_keys(row)
        athlete = by_email.get(email) if email else None
        if athlete is None and external_id:
            athlete = by_external_id.get(external_id)
        if not email and not external_id:
            line_errors.append("Missing athlete email or external id.")
        elif athlete is None:
            unknown = shown(email or external_id)
            line_errors.append(f"Unknown athlete {unknown} in your organization.")
        elif message := athlete_error(athlete):
            line_errors.append(message)

        date = parse_date(row.get("date", ""))
        if date is None:
            line_errors.append(
                f"Date {shown(row.get('date', ''))} is not a date: use YYYY-MM-DD or DD/MM/YYYY."
            )
        elif message := date_error(date, today):
            line_errors.append(message)

        mass_number = parse_number(row.get("body_mass_kg", ""), decimal_comma)
        mass = None if mass_number is None else parse_body_mass(mass_number)
        if mass_number is None:
            line_errors.append(f"Body mass {shown(row.get('body_mass_kg', ''))} is not a number.")
        elif message := body_mass_error(mass):
            line_errors.append(message)

        code = row.get("protocol", "").lower()
        protocol = protocols.get(code)
        if protocol is None:
            line_errors.append(f"Unknown protocol {shown(row.get('protocol', ''))}.")
        elif not protocol.active:
            line_errors.append(f"Protocol {code!r} is not active.")
            protocol = None

        side = SIDES.get(row.get("side", "").lower())
        if side is None:
            line_errors.append(f"Side {shown(row.get('side', ''))} must be L, R or B.")
        elif protocol is not None and (message := result_side_error(protocol, side)):
            line_errors.append(message)

        value = parse_number(row.get("value", ""), decimal_comma)
        if value is None:
            line_errors.append(f"Value {shown(row.get('value', ''))} is not a number.")
        elif protocol is not None and (message := result_value_error(protocol, value)):
            line_errors.append(message)

        if not line_errors:
            key = (athlete.id, date, protocol.code, side)
            if key in first_line:
                line_errors.append(
                    f"Duplicate of line {first_line[key]} (same athlete, date, protocol, side)."
                )
            first_line.setdefault(key, line)
            seen_mass = first_mass.setdefault((athlete.id, date), (mass, line))
            if seen_mass[0] != mass:
                line_errors.append(
                    f"Body mass {mass} kg differs from {seen_mass[0]} kg on line {seen_mass[1]} "
                    f"for the same athlete and date."
                )
        if line_errors:
            errors.extend((line, message) for message in line_errors)
            continue
        athletes[athlete.id] = athlete
        value = number_float(value)
        rows.append(ImportRow(line, athlete.id, date, mass, protocol.code, side, value))
    errors.sort(key=lambda error: error[0])  # by line (stable within a line)
    return _Parsed(rows, errors, athletes, protocols)


# --- planning: what exists already and what changes ---------------------------------------


@dataclass
class _Plan:
    create: list[tuple[tuple[int, dt.date], list[ImportRow]]] = field(default_factory=list)
    update: list[Assessment] = field(default_factory=list)  # body mass already set
    unchanged: int = 0
    new_results: list[tuple[tuple[int, dt.date], ImportRow]] = field(default_factory=list)
    changed_results: list[TestResult] = field(default_factory=list)  # value already set
    unchanged_results: int = 0
    actions: list[tuple[tuple[int, dt.date], int, str]] = field(default_factory=list)


def _plan(parsed: _Parsed) -> _Plan:
    groups: dict[tuple[int, dt.date], list[ImportRow]] = defaultdict(list)
    for row in parsed.rows:
        groups[(row.athlete_id, row.date)].append(row)
    existing: dict[tuple[int, dt.date], Assessment] = {}
    candidates = Assessment.objects.filter(
        athlete_id__in={k[0] for k in groups},
        date__in={k[1] for k in groups},
        source__in=[Assessment.Source.CSV, Assessment.Source.API],
    ).order_by("id")
    for assessment in candidates.only("id", "athlete_id", "date", "body_mass_kg", "source"):
        if (assessment.athlete_id, assessment.date) in groups:
            existing[(assessment.athlete_id, assessment.date)] = assessment  # latest wins
    results = {
        (r.assessment_id, r.protocol_id, r.side): r
        for r in TestResult.objects.filter(
            assessment_id__in=[a.id for a in existing.values()]
        ).only("id", "assessment_id", "protocol_id", "side", "value")
    }
    plan = _Plan()
    for key, rows in groups.items():
        assessment = existing.get(key)
        if assessment is None:
            plan.create.append((key, rows))
            plan.new_results.extend((key, row) for row in rows)
            plan.actions.append((key, len(rows), "new"))
            continue
        changed = assessment.body_mass_kg != rows[0].body_mass_kg
        assessment.body_mass_kg = rows[0].body_mass_kg
        for row in rows:
            protocol_id = parsed.protocols[row.protocol_code].id
            result = results.get((assessment.id, protocol_id, row.side))
            if result is None:
                plan.new_results.append((key, row))
                changed = True
            elif result.value != row.value:
                result.value = row.value
                plan.changed_results.append(result)
                changed = True
            else:
                plan.unchanged_results += 1
        if changed:
            plan.update.append(assessment)
        else:
            plan.unchanged += 1
        plan.actions.append((key, len(rows), "update" if changed else "unchanged"))
    return plan


def _preview_assessments(parsed: _Parsed, plan: _Plan) -> list[PreviewAssessment]:
    items = [
        PreviewAssessment(parsed.athletes[athlete_id].full_name, date, count, action)
        for (athlete_id, date), count, action in plan.actions
    ]
    return sorted(items, key=lambda a: (a.athlete_name.lower(), a.date))


def csv_import_preview(
    *, organization: Organization, file_bytes: bytes, today: dt.date
) -> ImportPreview:
    """Parse and check the file; report errors by line and what a commit would change."""
    parsed = _parse(organization=organization, file_bytes=file_bytes, today=today)
    plan = _plan(parsed) if parsed.rows else _Plan()
    return ImportPreview(
        rows=parsed.rows,
        errors=parsed.errors,
        athletes=len(parsed.athletes),
        assessments_to_create=len(plan.create),
        assessments_to_update=len(plan.update),
        assessments_unchanged=plan.unchanged,
        results_to_create=len(plan.new_results),
        results_to_update=len(plan.changed_results),
        results_unchanged=plan.unchanged_results,
        assessments=_preview_assessments(parsed, plan),
    )


# --- commit --------------------------------------------------------------------------------


def _recompute_profiles(touched: list[Assessment], parsed: _Parsed, organization) -> None:
    """Score every touched assessment against its predecessor, oldest first per athlete,
    so an import spanning several dates chains its own new profiles."""
    specs = {code: p.to_spec() for code, p in parsed.protocols.items()}  # library order
    codes = {p.id: code for code, p in parsed.protocols.items()}
    results: dict[int, list[balance.Result]] = defaultdict(list)
    for assessment_id, protocol_id, side, value in TestResult.objects.filter(
        assessment_id__in=[a.id for a in touched]
    ).values_list("assessment_id", "protocol_id", "side", "value"):
        results[assessment_id].append(balance.Result(codes[protocol_id], side, value))
    history: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for assessment_id, athlete_id, date in (
        Assessment.objects.filter(athlete_id__in={a.athlete_id for a in touched})
        .order_by("date", "id")
        .values_list("id", "athlete_id", "date")
    ):
        history[athlete_id].append((date, assessment_id))
    previous_id: dict[int, int | None] = {}
    for assessment in touched:
        dates = history[assessment.athlete_id]
        i = bisect.bisect_left(dates, (assessment.date, 0))
        previous_id[assessment.id] = dates[i - 1][1] if i else None
    touched_ids = {a.id for a in touched}
    profiles = dict(
        Assessment.objects.filter(
            id__in={p for p in previous_id.values() if p and p not in touched_ids}
        ).values_list("id", "profile")
    )
    medians = squad_medians_for(organization)
    # Partial retests carry earlier results (one query for every touched athlete).
    earlier = results_history(
        athlete_ids={a.athlete_id for a in touched}, until=max(a.date for a in touched)
    )
    for assessment in sorted(touched, key=lambda a: (a.date, a.id)):
        previous = previous_id[assessment.id]
        profile = profile_compute(
            results=results[assessment.id],
            body_mass_kg=assessment.body_mass_kg,
            sex=parsed.athletes[assessment.athlete_id].sex,
            specs=specs,
            previous_profile=profiles.get(previous) if previous else None,
            squad_medians=medians,
            earlier=results_before(
                earlier[assessment.athlete_id], position=(assessment.date, assessment.id)
            ),
            on=assessment.date,
            window_days=organization.profile_window_days,
        )
        profile_apply(assessment, profile)
        profiles[assessment.id] = assessment.profile
    rows_update(touched, PROFILE_FIELDS)


def csv_import_commit(
    *,
    organization: Organization,
    file_bytes: bytes,
    user: User | None,
    today: dt.date,
    source: str = Assessment.Source.CSV,
) -> ImportResult:
    """Re-check the file and write it all, or raise ValidationError and write nothing.
    `source` marks new assessments (the API's batch endpoint passes API)."""
    with transaction.atomic():
        parsed = _parse(organization=organization, file_bytes=file_bytes, today=today)
        if parsed.errors or not parsed.rows:
            preview = ImportPreview(rows=parsed.rows, errors=parsed.errors)
            raise ValidationError(preview.error_messages() or ["The file has no rows."])
        plan = _plan(parsed)
        created = Assessment.objects.bulk_create(
            [
                Assessment(
                    athlete_id=athlete_id,
                    date=date,
                    body_mass_kg=rows[0].body_mass_kg,
                    recorded_by=user,
                    source=source,
                )
                for (athlete_id, date), rows in plan.create
            ],
            batch_size=1000,
        )
        rows_update(plan.update, ["body_mass_kg"])
        by_key = {(a.athlete_id, a.date): a for a in [*created, *plan.update]}
        TestResult.objects.bulk_create(
            [
                TestResult(
                    assessment=by_key[key],
                    protocol=parsed.protocols[row.protocol_code],
                    side=row.side,
                    value=row.value,
                )
                for key, row in plan.new_results
            ],
            batch_size=2000,
        )
        rows_update(plan.changed_results, ["value"], batch_size=2000)
        touched = [*created, *plan.update]
        if touched:
            _recompute_profiles(touched, parsed, organization)
        # Fan-out: one pending mark (one job) per touched athlete, not per row.
        marked = sorted({a.athlete_id for a in touched})
        results_recorded.send(sender=Assessment, athlete_ids=marked)
    return ImportResult(
        assessments_created=len(created),
        assessments_updated=len(plan.update),
        results_created=len(plan.new_results),
        results_updated=len(plan.changed_results),
        athletes_marked_pending=len(marked),
        assessment_ids=[a.id for a in touched],
    )
