"""Record the morning check-in and let it lighten today's session (issue #20).

The rule is programs.generator.readiness (pure, with its sources). Here: rows in, rule,
rows out. A session the athlete has started or finished logging is never rewritten, and
every adjustment keeps the values it replaced so the coach can undo it exactly.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programs import generator
from programs.models import (
    Exercise,
    Prescription,
    PrescriptionLog,
    ReadinessCheckIn,
    Session,
    SessionAdjustment,
    SessionLog,
)
from programs.selectors.athlete import athlete_session_on

# Lighter work a sprint or plyometric may become on a very low day.
REPLACEMENT_CATEGORIES = ("drill", "mobility")


def _baseline(athlete, day: dt.date) -> tuple[generator.CheckIn, ...]:
    start = day - dt.timedelta(days=generator.BASELINE_DAYS)
    rows = ReadinessCheckIn.objects.filter(athlete=athlete, date__gte=start, date__lt=day)
    return tuple(row.to_value() for row in rows)


def _session_started(session: Session) -> bool:
    """Anything logged: a finished session, or a set, hold or load of one of its items."""
    return (
        SessionLog.objects.filter(session=session).exists()
        or PrescriptionLog.objects.filter(prescription__session=session).exists()
    )


def _replacements(athlete) -> tuple[generator.Replacement, ...]:
    exercises = (
        Exercise.objects.filter(active=True, category__in=REPLACEMENT_CATEGORIES, intensity="low")
        .exclude(code__in=athlete.excluded_exercises or [])
        .order_by("category", "code")
    )
    owned = set(athlete.equipment or [])
    return tuple(
        generator.Replacement(e.code, e.name, e.category, e.intensity)
        for e in exercises
        if set(e.equipment or []) <= owned
    )


def _restore(adjustment: SessionAdjustment) -> None:
    by_id = {p.pk: p for p in Prescription.objects.filter(session_id=adjustment.session_id)}
    for change in adjustment.changes:
        prescription = by_id.get(change["prescription"])
        if prescription is None:
            continue
        before = change["before"]
        prescription.sets = before["sets"]
        prescription.exercise_id = before["exercise"]
        prescription.note = before["note"]
        prescription.save(update_fields=["sets", "exercise", "note"])


def _apply(session: Session, checkin: ReadinessCheckIn, readiness, athlete):
    prescriptions = list(session.prescriptions.select_related("exercise").order_by("order"))
    items = tuple(
        generator.SessionItem(
            key=p.pk,
            name=p.exercise.name,
            category=p.exercise.category,
            intensity=p.exercise.intensity,
            section=p.section,
            sets=p.sets,
        )
        for p in prescriptions
    )
    result = generator.readiness_adjust(readiness, items, replacements=_replacements(athlete))
    if not result.changes:
        return None
    by_id = {p.pk: p for p in prescriptions}
    codes = {c.replacement for c in result.changes if c.replacement}
    exercise_ids = dict(Exercise.objects.filter(code__in=codes).values_list("code", "id"))
    changes = []
    for change in result.changes:
        prescription = by_id[change.key]
        before = {
            "sets": prescription.sets,
            "exercise": prescription.exercise_id,
            "note": prescription.note,
        }
        prescription.sets = change.sets_after
        if change.replacement:
            prescription.exercise_id = exercise_ids[change.replacement]
        prescription.note = change.reason
        prescription.save(update_fields=["sets", "exercise", "note"])
        changes.append(
            {
                "prescription": prescription.pk,
                "action": change.action,
                "reason": change.reason,
                "before": before,
                "after": {"sets": prescription.sets, "exercise": prescription.exercise_id},
            }
        )
    return SessionAdjustment.objects.create(
        session=session,
        checkin=checkin,
        status=readiness.status,
        z=readiness.z,
        summary=list(result.summary),
        changes=changes,
    )


def readiness_record(
    *,
    athlete,
    date: dt.date,
    sleep: int,
    fatigue: int,
    soreness: int,
    stress: int,
    mood: int,
    keep_session: bool = False,
) -> tuple[ReadinessCheckIn, generator.Readiness, SessionAdjustment | None]:
    """Save the day's check-in (a repeat replaces it) and apply the rule to the day's
    session. Returns the row, the rule's verdict and the live adjustment, if any.

    keep_session: save the check-in but leave the session as it is, like one already
    logged (a check-in from the phone's queue whose session was done as the phone showed
    it, or whose day has closed: services.offline)."""
    values = {"sleep": sleep, "fatigue": fatigue, "soreness": soreness}
    values |= {"stress": stress, "mood": mood}
    try:
        today_value = generator.CheckIn(**values)
    except ValueError as exc:
        raise ValidationError(f"Rate each item from 1 to 5 ({exc}).") from None
    with transaction.atomic():
        checkin, _ = ReadinessCheckIn.objects.update_or_create(
            athlete=athlete, date=date, defaults=values
        )
        readiness = generator.readiness_assess(today_value, _baseline(athlete, date))
        adjustment = None
        session = athlete_session_on(athlete, date)
        if session is not None and not session.is_rest:
            session = Session.objects.select_for_update().get(pk=session.pk)
            if not keep_session and not _session_started(session):
                # A corrected check-in replaces the earlier adjustment.
                for old in SessionAdjustment.objects.filter(session=session, undone_at=None):
                    _restore(old)
                    old.undone_at = timezone.now()
                    old.save(update_fields=["undone_at"])
                adjustment = _apply(session, checkin, readiness, athlete)
            else:
                adjustment = SessionAdjustment.objects.filter(
                    session=session, undone_at=None
                ).first()
    return checkin, readiness, adjustment


def session_adjustment_undo(*, adjustment: SessionAdjustment, user) -> SessionAdjustment:
    """The coach puts the planned session back. Refused once the athlete logged any of it."""
    with transaction.atomic():
        adjustment = SessionAdjustment.objects.select_for_update().get(pk=adjustment.pk)
        if adjustment.undone_at is not None:
            return adjustment  # a repeated undo changes nothing
        if _session_started(adjustment.session):
            raise ValidationError(
                "The athlete has started logging this session: it is kept as logged."
            )
        _restore(adjustment)
        adjustment.undone_at = timezone.now()
        adjustment.undone_by = user
        adjustment.save(update_fields=["undone_at", "undone_by"])
    return adjustment
