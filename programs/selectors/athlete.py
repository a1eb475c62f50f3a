"""Reads for the athlete's phone pages. Everything is scoped to one athlete.

Which session an athlete sees for a day is `programs.rules.session_shown`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Exists,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.db.models.sql import Query
from django.http import Http404
from django.shortcuts import get_object_or_404

from athletes.models import Athlete
from programs.models import (
    Exercise,
    Prescription,
    PrescriptionLog,
    Program,
    ProgramVersion,
    Session,
    SessionAdjustment,
    SessionLog,
)
from programs.rules import (
    HIDDEN_FROM_ATHLETES,
    session_log_error,
    session_shown,
    sessions_shown_by_date,
)
from programs.selectors.program import sessions_fingerprint, with_fingerprint

# A version's JSON (rationale, generator input) is never shown on the athlete's pages.
VERSION_JSON = ("rationale", "substitutions", "generator_input")


def session_list_for_athlete(athlete) -> QuerySet[Session]:
    """Every session the athlete may see, at most one per date: rules.session_shown in
    SQL, for lists that page and filter in the database."""
    base = Session.objects.filter(version__program__athlete=athlete)
    logged = base.filter(log__athlete=athlete).exclude(version__status__in=HIDDEN_FROM_ATHLETES)
    return base.filter(
        Q(pk__in=logged.values("pk"))
        | (Q(version__status=ProgramVersion.Status.ACTIVE) & ~Q(date__in=logged.values("date")))
    )


# What a card never shows of an exercise; its JSON and long texts stay in the database.
CARD_EXERCISE_DEFERRED = (
    "exercise__groups",
    "exercise__equipment",
    "exercise__description",
    "exercise__contraindications",
)


def _prescriptions_for_cards() -> Prefetch:
    return Prefetch(
        "prescriptions",
        queryset=Prescription.objects.select_related("exercise", "log")
        .defer(*CARD_EXERCISE_DEFERRED)
        .order_by("order"),
    )


def _with_prescriptions(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return (
        sessions.select_related("version__program", "log")
        .defer(*[f"version__{name}" for name in VERSION_JSON])
        .prefetch_related(_prescriptions_for_cards())
    )


def session_prescriptions(session: Session) -> list[Prescription]:
    """The session's prescriptions with exercises and logs, fetched once, on first use (a
    page served from the fragment cache never needs them)."""
    prefetch_related_objects([session], _prescriptions_for_cards())
    return list(session.prescriptions.all())


def _shown_candidates(athlete) -> QuerySet[Session]:
    """The athlete's sessions that may show, annotated for rules.session_shown: the active
    version's and the ones they logged."""
    return (
        Session.objects.filter(
            Q(version__status=ProgramVersion.Status.ACTIVE) | Q(log__athlete=athlete),
            version__program__athlete_id=athlete.pk,
        )
        .exclude(version__status__in=HIDDEN_FROM_ATHLETES)
        .select_related("log")
        .annotate(version_status=F("version__status"))
    )


def athlete_session_on(athlete, day: dt.date) -> Session | None:
    """The athlete's session for `day` (rules.session_shown) with its log, `fingerprint`
    and `adjusted` (a live readiness adjustment exists: its row is read only then);
    prescriptions come on first use (session_prescriptions)."""
    # The rule is applied in Python over the day's few sessions: as an OR in SQL it cost
    # more to build and plan than to run.
    sessions = with_fingerprint(
        Session.objects.filter(version__program__athlete_id=athlete.pk, date=day)
        .exclude(version__status__in=HIDDEN_FROM_ATHLETES)
        .select_related("log")
        .annotate(version_status=F("version__status"), adjusted=_adjusted())
    )
    return session_shown(sessions, athlete_id=athlete.pk)


def sessions_for_athlete_between(athlete, start: dt.date, end: dt.date) -> list[Session]:
    """One session per date from start to end (inclusive; rules.session_shown), with
    prescriptions, exercises and logs."""
    sessions = (
        _shown_candidates(athlete)
        .filter(date__range=(start, end))
        .prefetch_related(_prescriptions_for_cards())
    )
    return list(sessions_shown_by_date(sessions, athlete_id=athlete.pk).values())


def session_fingerprint(session: Session) -> str | None:
    """Changes whenever anything the session's page shows changes (sessions_fingerprint)."""
    if hasattr(session, "fingerprint"):  # annotated by athlete_session_on
        return session.fingerprint
    return sessions_fingerprint(Session.objects.filter(pk=session.pk))


def athlete_session_get(athlete, session_id: int) -> Session:
    """One of the athlete's own visible sessions; 404 for anything else."""
    return get_object_or_404(_with_prescriptions(session_list_for_athlete(athlete)), pk=session_id)


def athlete_next_session(athlete, after: dt.date) -> Session | None:
    """The first training (non-rest) session after `after`."""
    # At most two candidates a date (the active one and a logged one): 14 rows hold a week.
    rows = _shown_candidates(athlete).filter(date__gt=after).order_by("date")[:14]
    for session in sessions_shown_by_date(rows, athlete_id=athlete.pk).values():
        if not session.is_rest:
            return session
    return None


def athlete_has_program(athlete) -> bool:
    return ProgramVersion.objects.filter(
        program__athlete=athlete, status=ProgramVersion.Status.ACTIVE
    ).exists()


def _adjusted() -> Exists:
    """Whether a morning check-in made the session lighter (and the coach has not undone
    it), as a subquery of the list's own query."""
    return Exists(SessionAdjustment.objects.filter(session=OuterRef("pk"), undone_at=None))


# What the duration estimate (cards.session_estimate) reads of a prescription.
ESTIMATE_FIELDS = (
    "session_id",
    "exercise_id",
    "order",
    "section",
    "sets",
    "reps",
    "seconds",
    "distance_m",
    "rest_s",
    "side",
    "exercise__unilateral",
)


def athlete_week(athlete, start: dt.date, days: int = 7) -> list[tuple[dt.date, Session | None]]:
    """Each day from `start` on, with its session (or None), and the few prescription
    fields the duration estimate reads: two queries for any number of days. `adjusted`:
    a morning check-in made the session lighter (and the coach has not undone it)."""
    end = start + dt.timedelta(days=days - 1)
    prescriptions = (
        Prescription.objects.select_related("exercise").only(*ESTIMATE_FIELDS).order_by("order")
    )
    sessions = (
        session_list_for_athlete(athlete)
        .filter(date__range=(start, end))
        .select_related("log")
        .annotate(adjusted=_adjusted())
        .prefetch_related(Prefetch("prescriptions", queryset=prescriptions))
    )
    by_date = {s.date: s for s in sessions}
    return [(day, by_date.get(day)) for day in (start + dt.timedelta(days=i) for i in range(days))]


def athlete_history(athlete, today: dt.date) -> QuerySet[Session]:
    """Past and today's training sessions, newest first, with logged totals and
    `adjusted` annotated."""
    return (
        session_list_for_athlete(athlete)
        .filter(date__lte=today)
        .exclude(kind="rest")
        .select_related("log")
        .annotate(
            sets_total=Sum("prescriptions__sets"),
            sets_done=Sum("prescriptions__log__sets_done"),
            adjusted=_adjusted(),
        )
        .order_by("-date")
    )


def athlete_balance_trend(athlete) -> list[tuple[dt.date, float]]:
    from assessments.models import Assessment

    return list(
        Assessment.objects.filter(athlete=athlete, balance_level__isnull=False)
        .order_by("date", "id")
        .values_list("date", "balance_level")
    )


def _log_or_none(obj, model):
    try:
        return obj.log
    except model.DoesNotExist:
        return None


def session_log_of(session: Session) -> SessionLog | None:
    return _log_or_none(session, SessionLog)


def session_is_loggable(athlete, session: Session, today: dt.date) -> bool:
    """Whether the athlete may still write logs for this session (the services' rule)."""
    return session_log_error(athlete, session, today=today) is None


# ------------------------------------------------------------- the set log's prescription
# The athlete's most frequent request (logging a set) reads one prescription with its
# session, version, program, exercise and both logs, among the sessions the athlete may
# see. Built by the ORM on every request, that query took ~7 ms to compile on the
# benchmark machine for ~1 ms in the database: most of what the set log cost beyond the
# floor page (docs/performance.md, "The set log"). It is compiled once per process: the
# visibility rule is still its one SQL form above (session_list_for_athlete), compiled for
# a placeholder athlete whose id is swapped for the real one on each request, and the row
# becomes model instances through the fields' own converters, as raw() does.

# An id no athlete has: marks where the athlete's id goes in the compiled rule.
_SLOT = -2_147_483_000

# (model, table alias, fields not read); the logs may be missing (LEFT JOIN).
_PARTS: tuple[tuple[type[Model], str, tuple[str, ...]], ...] = (
    (Prescription, "rx", ()),
    (Session, "s", ()),
    (ProgramVersion, "v", VERSION_JSON),  # never shown on the athlete's pages
    (Program, "p", ()),
    (Exercise, "e", ()),
    (PrescriptionLog, "pl", ()),
    (SessionLog, "sl", ()),
)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[int, ...]  # where the athlete's id goes in params
    layout: tuple[tuple[type[Model], tuple[str, ...]], ...]  # each part's attnames
    converters: tuple  # (position, converters, expression) of the columns that need any


@functools.cache
def _compiled(vendor: str) -> _Compiled:
    visible = session_list_for_athlete(Athlete(pk=_SLOT)).values("pk")
    visible_sql, visible_params = visible.query.sql_with_params()
    slots = tuple(n for n, value in enumerate(visible_params) if value == _SLOT)
    if not slots:
        raise RuntimeError("session_list_for_athlete no longer names the athlete")
    quote = connection.ops.quote_name
    columns, cols, layout = [], [], []
    for model, alias, skipped in _PARTS:
        fields = [f for f in model._meta.concrete_fields if f.name not in skipped]
        columns += [f"{alias}.{quote(f.column)}" for f in fields]
        cols += [f.get_col(alias) for f in fields]
        layout.append((model, tuple(f.attname for f in fields)))
    table = {model: quote(model._meta.db_table) for model, _alias, _skipped in _PARTS}
    sql = (
        f"SELECT {', '.join(columns)} FROM {table[Prescription]} rx"
        f" JOIN {table[Session]} s ON s.id = rx.session_id"
        f" JOIN {table[ProgramVersion]} v ON v.id = s.version_id"
        f" JOIN {table[Program]} p ON p.id = v.program_id"
        f" JOIN {table[Exercise]} e ON e.id = rx.exercise_id"
        f" LEFT JOIN {table[PrescriptionLog]} pl ON pl.prescription_id = rx.id"
        f" LEFT JOIN {table[SessionLog]} sl ON sl.session_id = s.id"
        f" WHERE rx.id = %s AND rx.session_id IN ({visible_sql})"
    )
    compiler = connection.ops.compiler("SQLCompiler")(
        Query(Prescription), connection, connection.alias
    )
    converters = compiler.get_converters(cols)
    return _Compiled(
        sql=sql,
        params=tuple(visible_params),
        slots=slots,
        layout=tuple(layout),
        converters=tuple((n, convs, col) for n, (convs, col) in converters.items()),
    )


def athlete_prescription_get(athlete, prescription_id: int) -> Prescription:
    """A prescription of one of the athlete's visible sessions, with its session, version
    (without its JSON), program, exercise and logs; 404 for anything else."""
    compiled = _compiled(connection.vendor)
    params = list(compiled.params)
    for n in compiled.slots:
        params[n] = athlete.pk
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, [prescription_id, *params])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such prescription.")
    row = list(row)
    for n, convs, col in compiled.converters:  # as the ORM converts (dates on SQLite, JSON)
        for convert in convs:
            row[n] = convert(row[n], col, connection)
    parts, start = [], 0
    for model, names in compiled.layout:
        values = row[start : start + len(names)]
        start += len(names)
        missing = values[names.index(model._meta.pk.attname)] is None  # no log yet
        parts.append(None if missing else model.from_db(connection.alias, names, values))
    prescription, session, version, program, exercise, rx_log, session_log = parts
    prescription.session, session.version, version.program = session, version, program
    prescription.exercise = exercise
    # Cached as select_related caches them: a missing log reads as DoesNotExist, no query.
    Prescription.log.related.set_cached_value(prescription, rx_log)
    Session.log.related.set_cached_value(session, session_log)
    if rx_log is not None:
        PrescriptionLog.prescription.field.set_cached_value(rx_log, prescription)
    if session_log is not None:
        SessionLog.session.field.set_cached_value(session_log, session)
    return prescription
