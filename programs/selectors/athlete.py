"""Reads for the athlete's phone pages. Everything is scoped to one athlete.

Which session an athlete sees for a day: a session they already logged wins (history is
kept even when a later version replaces the plan); otherwise the active version's session.
Proposed and rejected versions never show to athletes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.shortcuts import get_object_or_404

from programs.models import Prescription, PrescriptionLog, ProgramVersion, Session, SessionLog
from programs.rules import session_log_error
from programs.selectors.program import sessions_fingerprint, with_fingerprint

# A version's JSON (rationale, generator input) is never shown on the athlete's pages.
VERSION_JSON = ("rationale", "substitutions", "generator_input")

HIDDEN_STATUSES = (ProgramVersion.Status.PROPOSED, ProgramVersion.Status.REJECTED)
SIDE_LABELS = {"L": "Left", "R": "Right", "B": "Both"}


def session_list_for_athlete(athlete) -> QuerySet[Session]:
    """Every session the athlete may see: at most one per date (a logged one wins)."""
    base = Session.objects.filter(version__program__athlete=athlete)
    logged = base.filter(log__athlete=athlete).exclude(version__status__in=HIDDEN_STATUSES)
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


def _visible_candidates(athlete) -> QuerySet[Session]:
    """Sessions of the athlete's versions that may show (before the one-per-date rule)."""
    return Session.objects.filter(
        Q(version__status=ProgramVersion.Status.ACTIVE) | Q(log__athlete=athlete),
        version__program__athlete=athlete,
    ).exclude(version__status__in=HIDDEN_STATUSES)


def _pick(rows: list[dict]) -> int | None:
    """Of one date's candidates, the logged session wins, else the active version's."""
    rows = sorted(rows, key=lambda r: r["log__athlete"] is None)
    return rows[0]["pk"] if rows else None


def athlete_session_on(athlete, day: dt.date) -> Session | None:
    """The athlete's session for `day` with its log and `fingerprint`; prescriptions come
    on first use (session_prescriptions). Same rule as session_list_for_athlete."""
    # The visibility rule is applied in Python over the day's few sessions: as an OR in
    # SQL it cost more to build and plan than to run.
    sessions = with_fingerprint(
        Session.objects.filter(version__program__athlete_id=athlete.pk, date=day)
        .exclude(version__status__in=HIDDEN_STATUSES)
        .select_related("log")
        .annotate(version_status=F("version__status"))
    )
    logged, active = [], []
    for session in sessions:
        log = session_log_of(session)
        if log is not None and log.athlete_id == athlete.pk:
            logged.append(session)
        elif session.version_status == ProgramVersion.Status.ACTIVE:
            active.append(session)
    # A session the athlete logged wins over the active version's one for the same day.
    return (logged or active or [None])[0]


def session_fingerprint(session: Session) -> str | None:
    """Changes whenever anything the session's page shows changes (sessions_fingerprint)."""
    if hasattr(session, "fingerprint"):  # annotated by athlete_session_on
        return session.fingerprint
    return sessions_fingerprint(Session.objects.filter(pk=session.pk))


def athlete_session_get(athlete, session_id: int) -> Session:
    """One of the athlete's own visible sessions; 404 for anything else."""
    return get_object_or_404(_with_prescriptions(session_list_for_athlete(athlete)), pk=session_id)


def athlete_prescription_get(athlete, prescription_id: int) -> Prescription:
    """A prescription of one of the athlete's visible sessions; 404 for anything else."""
    return get_object_or_404(
        Prescription.objects.filter(
            session__in=session_list_for_athlete(athlete).values("pk")
        ).select_related("exercise", "log", "session__version__program", "session__log"),
        pk=prescription_id,
    )


def athlete_next_session(athlete, after: dt.date) -> Session | None:
    """The first training (non-rest) session after `after`."""
    rows = list(
        _visible_candidates(athlete)
        .filter(date__gt=after)
        .order_by("date")
        .values("pk", "date", "kind", "log__athlete")[:14]
    )
    for day in sorted({r["date"] for r in rows}):
        pk = _pick([r for r in rows if r["date"] == day])
        chosen = next(r for r in rows if r["pk"] == pk)
        if chosen["kind"] != "rest":
            return Session.objects.select_related("version").get(pk=pk)
    return None


def athlete_has_program(athlete) -> bool:
    return ProgramVersion.objects.filter(
        program__athlete=athlete, status=ProgramVersion.Status.ACTIVE
    ).exists()


def athlete_week(athlete, start: dt.date, days: int = 7) -> list[tuple[dt.date, Session | None]]:
    """Each day from `start` on, with its session (or None), in one query."""
    end = start + dt.timedelta(days=days - 1)
    sessions = (
        session_list_for_athlete(athlete)
        .filter(date__range=(start, end))
        .select_related("log")
        .annotate(sets_total=Sum("prescriptions__sets"))
    )
    by_date = {s.date: s for s in sessions}
    return [(day, by_date.get(day)) for day in (start + dt.timedelta(days=i) for i in range(days))]


def athlete_history(athlete, today: dt.date) -> QuerySet[Session]:
    """Past and today's training sessions, newest first, with logged totals annotated."""
    return (
        session_list_for_athlete(athlete)
        .filter(date__lte=today)
        .exclude(kind="rest")
        .select_related("log")
        .annotate(
            sets_total=Sum("prescriptions__sets"),
            sets_done=Sum("prescriptions__log__sets_done"),
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


def trend_coords(
    points: list[tuple[dt.date, float]], *, width: int = 300, height: int = 100, pad: int = 8
) -> list[tuple[str, str]]:
    """SVG coordinates for values over time, scaled into the box (0 at the bottom, x by date)."""
    if not points:
        return []
    top = max(100.0, max(v for _, v in points))
    first, last = points[0][0], points[-1][0]
    span = (last - first).days
    coords = []
    for i, (day, value) in enumerate(points):
        share = (day - first).days / span if span else (i / (len(points) - 1) if i else 0.0)
        x = pad + (width - 2 * pad) * share
        y = height - pad - (height - 2 * pad) * (max(value, 0.0) / top)
        coords.append((f"{x:.1f}", f"{y:.1f}"))
    return coords


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


@dataclass
class PrescriptionCard:
    """What one prescription's card shows: the plan, what was logged, and the set buttons."""

    prescription: Prescription
    editable: bool
    sets_done: int = 0
    hold_seconds: int | None = None
    load_kg: Decimal | None = None
    set_buttons: list[tuple[int, bool]] = field(default_factory=list)
    errors: dict = field(default_factory=dict)

    @property
    def side_label(self) -> str:
        return SIDE_LABELS.get(self.prescription.side, "")

    @property
    def wants_hold(self) -> bool:
        # Only isometric holds: a timed run, drill or stretch is done, not held.
        p = self.prescription
        return bool(p.seconds) and p.exercise.contraction == "isometric"

    @property
    def wants_load(self) -> bool:
        return self.prescription.exercise.category == "strength"

    @property
    def total_sets(self) -> int:
        return self.prescription.sets or 1

    @property
    def complete(self) -> bool:
        return self.sets_done >= self.total_sets


def prescription_card(prescription: Prescription, *, editable: bool, errors=None):
    log = _log_or_none(prescription, PrescriptionLog)
    done = log.sets_done if log else 0
    # Button n posts sets_done=n: it marks every set up to n, and the service never lowers
    # the count, so a tap on a done set changes nothing. Undo is its own control.
    buttons = [(n, n <= done) for n in range(1, (prescription.sets or 1) + 1)]
    return PrescriptionCard(
        prescription=prescription,
        editable=editable,
        sets_done=done,
        hold_seconds=log.hold_seconds if log else None,
        load_kg=log.load_kg if log else None,
        set_buttons=buttons,
        errors=errors or {},
    )


SECTION_TITLES = {
    "warmup": "Warm-up",
    "main": "Main work",
    "targeted": "Your weakest link",
    "support": "Targeted work",
    "maintenance": "Maintenance holds",
    "cooldown": "Cool-down",
    "retest": "Retest",
}


def session_sections(
    session: Session, *, editable: bool, errors_for=None
) -> list[tuple[str, list]]:
    """The session's cards in the plan's order (the coach calendar's too), a heading over
    each run of one section: the generator keeps each section one run, so "hip-flexor work
    comes first" reads first on the phone as well."""
    errors_for = errors_for or {}
    runs: list[tuple[str, list]] = []
    last = None
    for p in session_prescriptions(session):
        if p.section != last:
            runs.append((SECTION_TITLES.get(p.section, p.section.capitalize()), []))
            last = p.section
        runs[-1][1].append(prescription_card(p, editable=editable, errors=errors_for.get(p.pk)))
    return runs
