"""The athlete's completion logs: sets ticked off, hold times, loads, RPE and notes.

Writes are upserts of absolute values (sets_done=N, never "+1"), so a double tap or a
retried request leaves the same row. A tap marks the sets up to N and never lowers the
count (a tap on a done set, or a stale page, cannot wipe logged sets); lowering is the
deliberate "Undo last set", which names the count it undoes, so a retried undo removes
one set, not two. The session's log row is locked first, so concurrent writes to one
session queue up instead of racing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programs.models import Prescription, PrescriptionLog, ProgramVersion, Session, SessionLog
from programs.rules import session_log_error

MAX_SETS_WITHOUT_PLAN = 20
MAX_HOLD_SECONDS = 900
MAX_LOAD_KG = Decimal("500")
MAX_NOTES = 2000
MAX_DURATION_MIN = 600


def _check_loggable(*, athlete, session: Session, today: dt.date) -> None:
    if session.version.program.athlete_id != athlete.pk or session.version.status in (
        ProgramVersion.Status.PROPOSED,
        ProgramVersion.Status.REJECTED,
    ):
        raise ValidationError("This session is not part of your program.")
    if message := session_log_error(athlete, session, today=today):
        raise ValidationError(message)


def _lock_session_log(*, athlete, session: Session) -> None:
    """Create the session's log row if needed and lock it for the rest of the transaction,
    in one statement (INSERT ... ON CONFLICT DO UPDATE locks the row it meets)."""
    SessionLog.objects.bulk_create(
        [SessionLog(session=session, athlete=athlete)],
        update_conflicts=True,
        unique_fields=["session"],
        update_fields=["athlete"],  # the same athlete: a no-op update that takes the lock
    )


def _prescription_log(prescription: Prescription) -> PrescriptionLog:
    """The current log (read under the session lock), or a new unsaved one."""
    log = PrescriptionLog.objects.filter(prescription=prescription).first()
    return log or PrescriptionLog(prescription=prescription)


def _save(log: PrescriptionLog) -> None:
    # Field checks only: the ranges are checked above, and the database enforces the
    # constraints and the prescription's key (validating them here costs a query each).
    log.full_clean(exclude=["prescription"], validate_unique=False, validate_constraints=False)
    log.save()


def _locked_session_log(*, athlete, session: Session) -> SessionLog:
    """The session's log row, created if needed and locked for the rest of the transaction."""
    SessionLog.objects.get_or_create(session=session, defaults={"athlete": athlete})
    return SessionLog.objects.select_for_update().get(session=session)


def _int_in_range(value, *, name: str, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise ValidationError({name: message}) from None
    if not low <= value <= high:
        raise ValidationError({name: message})
    return value


def _sets_high(prescription: Prescription) -> int:
    return prescription.sets or MAX_SETS_WITHOUT_PLAN


def prescription_log_set(
    *,
    athlete,
    prescription: Prescription,
    sets_done: int | None = None,
    hold_seconds: int | None = None,
    load_kg: Decimal | float | int | None = None,
    today: dt.date,
) -> PrescriptionLog:
    """Record what was done of one prescription. None leaves a value unchanged; sets_done
    marks the sets up to it as done and never lowers the count (see
    prescription_log_undo_set)."""
    session = prescription.session
    _check_loggable(athlete=athlete, session=session, today=today)
    errors = {}
    try:
        if sets_done is not None:
            high = _sets_high(prescription)
            sets_done = _int_in_range(
                sets_done,
                name="sets_done",
                low=0,
                high=high,
                message=f"Sets done must be between 0 and {high}.",
            )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        if hold_seconds is not None:
            hold_seconds = _int_in_range(
                hold_seconds,
                name="hold_seconds",
                low=0,
                high=MAX_HOLD_SECONDS,
                message=f"Hold time must be between 0 and {MAX_HOLD_SECONDS} seconds.",
            )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if load_kg is not None:
        try:
            load_kg = Decimal(str(load_kg)).quantize(Decimal("0.1"))
        except InvalidOperation:
            load_kg = None
            errors["load_kg"] = [f"Load must be between 0 and {MAX_LOAD_KG} kg."]
        else:
            if not Decimal(0) <= load_kg <= MAX_LOAD_KG:
                errors["load_kg"] = [f"Load must be between 0 and {MAX_LOAD_KG} kg."]
    if errors:
        raise ValidationError(errors)

    # No savepoint: inside a caller's transaction an error ends that one anyway.
    with transaction.atomic(savepoint=False):
        _lock_session_log(athlete=athlete, session=session)
        log = _prescription_log(prescription)
        if sets_done is not None:
            log.sets_done = max(log.sets_done, sets_done)
        if hold_seconds is not None:
            log.hold_seconds = hold_seconds
        if load_kg is not None:
            log.load_kg = load_kg
        _save(log)
    # Keep the caller's object in step, so a re-rendered card shows the new values.
    prescription.log = log
    return log


def prescription_log_undo_set(
    *, athlete, prescription: Prescription, from_count: int, today: dt.date
) -> PrescriptionLog:
    """Un-mark the last done set: from_count (the count the athlete saw) becomes one less.

    When the count is no longer from_count (a retried undo, or another device changed it),
    nothing changes: an undo never removes more than the one set the athlete saw.
    """
    session = prescription.session
    _check_loggable(athlete=athlete, session=session, today=today)
    high = _sets_high(prescription)
    from_count = _int_in_range(
        from_count,
        name="from_count",
        low=1,
        high=high,
        message=f"Nothing to undo: the set count must be between 1 and {high}.",
    )
    # No savepoint: inside a caller's transaction an error ends that one anyway.
    with transaction.atomic(savepoint=False):
        _lock_session_log(athlete=athlete, session=session)
        log = _prescription_log(prescription)
        if log.sets_done == from_count:
            log.sets_done = from_count - 1
            _save(log)
    prescription.log = log
    return log


def session_log_finish(
    *,
    athlete,
    session: Session,
    rpe: int,
    notes: str,
    today: dt.date,
    duration_min: int | None = None,
    completed_at: dt.datetime | None = None,
) -> SessionLog:
    """Finish a session with RPE, its minutes (optional) and a note. completed_at is set
    once (now, or when the phone says it was done offline); re-posting updates."""
    _check_loggable(athlete=athlete, session=session, today=today)
    rpe = _int_in_range(
        rpe, name="rpe", low=1, high=10, message="Choose an effort (RPE) from 1 to 10."
    )
    if duration_min is not None:
        duration_min = _int_in_range(
            duration_min,
            name="duration_min",
            low=1,
            high=MAX_DURATION_MIN,
            message=f"Minutes: from 1 to {MAX_DURATION_MIN}.",
        )
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ValidationError({"notes": f"Keep the note under {MAX_NOTES} characters."})
    with transaction.atomic():
        log = _locked_session_log(athlete=athlete, session=session)
        log.rpe = rpe
        log.duration_min = duration_min
        log.notes = notes
        if log.completed_at is None:
            log.completed_at = completed_at or timezone.now()
        log.full_clean()
        log.save()
    session.log = log
    return log
