"""Reads for the athlete's phone pages. Everything is scoped to one athlete.

Which session an athlete sees for a day is `programs.rules.session_shown`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404

from programs.models import Prescription, ProgramVersion, Session, SessionAdjustment, SessionLog
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
