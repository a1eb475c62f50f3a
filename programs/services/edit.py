"""The coach's writes on programs: approve or reject proposals, lock, settings, edits.

Each takes the athlete's advisory lock so it never interleaves with a running job.
"""

from __future__ import annotations

import enum
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programs import generator
from programs.models import Exercise, Prescription, Program, ProgramVersion, Session
from programs.rules import session_edit_error
from programs.services.generate_write import copy_sessions, frozen_sessions, supersede_active
from programs.services.outbox import lock_athlete_xact, program_mark_pending

logger = logging.getLogger(__name__)
Status = ProgramVersion.Status

BLOCK_LENGTH_RANGE = (2, 8)
WEEKS_RANGE = (1, 8)
# Accepted ranges of a prescription's numbers (None clears one).
DOSE_RANGES = {
    "sets": (1, 12),
    "reps": (1, 100),
    "seconds": (1, 3600),
    "distance_m": (1, 10_000),
    "rest_s": (0, 900),
}
NOTE_MAX = 2000


class Keep(enum.Enum):
    """The default of an edit's optional fields: leave the stored value as it is (None
    would clear it)."""

    KEEP = "keep"


KEEP = Keep.KEEP


def _locked_version(version: ProgramVersion) -> ProgramVersion:
    lock_athlete_xact(version.program.athlete_id)
    return ProgramVersion.objects.select_related("program").get(pk=version.pk)


def program_version_approve(*, version: ProgramVersion, user) -> ProgramVersion:
    """Make a proposal the active version. Sessions of the old active version that are
    past, logged or coach-edited by now replace the proposal's for those dates."""
    today = timezone.localdate()
    with transaction.atomic():
        version = _locked_version(version)
        if version.status != Status.PROPOSED:
            raise ValidationError("Only a proposed version can be approved.")
        program = version.program
        active = program.versions.filter(status=Status.ACTIVE).first()
        frozen = frozen_sessions(active, today) if active else []
        frozen_dates = {s.date for s in frozen}
        # The proposal's own past days never happened: the athlete followed the active one.
        version.sessions.filter(date__lt=today).delete()
        version.sessions.filter(date__in=frozen_dates).delete()
        supersede_active(program)
        copy_sessions(frozen, version, move_logs=True)
        version.status = Status.ACTIVE
        version.decided_at = timezone.now()
        version.save(update_fields=["status", "decided_at"])
    logger.info("%s approved by user %s", version, user.pk)
    return version


def program_version_reject(*, version: ProgramVersion, user) -> ProgramVersion:
    with transaction.atomic():
        version = _locked_version(version)
        if version.status != Status.PROPOSED:
            raise ValidationError("Only a proposed version can be rejected.")
        version.status = Status.REJECTED
        version.decided_at = timezone.now()
        version.save(update_fields=["status", "decided_at"])
    logger.info("%s rejected by user %s", version, user.pk)
    return version


def program_set_locked(*, program: Program, locked: bool) -> Program:
    """Locked: new results produce a proposal for the coach instead of a new active plan."""
    program.locked = bool(locked)
    program.save(update_fields=["locked"])
    return program


def program_settings_update(
    *, program: Program, block_length: int, weeks: int, session_budget_min: int | None = None
) -> Program:
    """Change the block length, planned weeks and session budget (minutes); the program is
    regenerated with them."""
    if session_budget_min is None:
        session_budget_min = program.session_budget_min
    errors = {}
    for name, value, (low, high) in (
        ("block_length", block_length, BLOCK_LENGTH_RANGE),
        ("weeks", weeks, WEEKS_RANGE),
        ("session_budget_min", session_budget_min, generator.SESSION_BUDGET_RANGE),
    ):
        if type(value) is not int or not low <= value <= high:
            errors[name] = f"Enter a whole number from {low} to {high}."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        program.block_length = block_length
        program.weeks = weeks
        program.session_budget_min = session_budget_min
        program.save(update_fields=["block_length", "weeks", "session_budget_min"])
        program_mark_pending(athlete=program.athlete)
    return program


def _check_editable(session: Session, today) -> None:
    if message := session_edit_error(session, today=today, logged=hasattr(session, "log")):
        raise ValidationError(message)


def _check_swap(old: Exercise, new: Exercise, emphasis: str) -> None:
    if not new.active:
        raise ValidationError({"exercise": f"{new.name} is not in the active library."})
    allowed = set(old.groups) | ({emphasis} if emphasis else set())
    if allowed and not allowed & set(new.groups):
        names = ", ".join(sorted(g.replace("_", " ") for g in allowed))
        raise ValidationError(
            {"exercise": f"{new.name} does not target the same muscle group ({names})."}
        )
    if not allowed and new.category != old.category:
        raise ValidationError(
            {"exercise": f"Swap {old.name} for another {old.get_category_display().lower()}."}
        )


def prescription_update(
    *,
    prescription: Prescription,
    user,
    exercise: Exercise | None = None,
    sets: int | Keep | None = KEEP,
    reps: int | Keep | None = KEEP,
    seconds: int | Keep | None = KEEP,
    distance_m: int | Keep | None = KEEP,
    rest_s: int | Keep | None = KEEP,
    note: str | Keep | None = KEEP,
) -> Prescription:
    """A coach's edit of one prescription of today or later in the active version. The
    edited session is kept as is by later regenerations. A number given as None is
    cleared (a coach turning 8 reps into a 30 s hold clears the reps); fields not given
    keep their value, as does an exercise of None."""
    today = timezone.localdate()
    values = {
        name: value
        for name, value in (
            ("sets", sets),
            ("reps", reps),
            ("seconds", seconds),
            ("distance_m", distance_m),
            ("rest_s", rest_s),
        )
        if value is not KEEP
    }
    errors = {}
    for name, value in values.items():
        low, high = DOSE_RANGES[name]
        if value is not None and (type(value) is not int or not low <= value <= high):
            errors[name] = f"Enter a whole number from {low} to {high}."
    if note is not KEEP and note is not None and len(note) > NOTE_MAX:
        errors["note"] = f"Keep the note under {NOTE_MAX} characters."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_athlete_xact(prescription.session.version.program.athlete_id)
        prescription = Prescription.objects.select_related(
            "exercise", "session__version", "session__log"
        ).get(pk=prescription.pk)
        _check_editable(prescription.session, today)
        if exercise is not None and exercise.pk != prescription.exercise_id:
            _check_swap(prescription.exercise, exercise, prescription.emphasis)
            prescription.exercise = exercise
        for name, value in values.items():
            setattr(prescription, name, value)
        if note is not KEEP:
            prescription.note = (note or "").strip()
        prescription.coach_edited = True
        prescription.full_clean(validate_unique=False)
        prescription.save()
    logger.info("Prescription %s edited by user %s", prescription.pk, user.pk)
    return prescription


def session_note_set(*, session: Session, note: str) -> Session:
    """The coach's note on a session of the active version; it keeps the session as is
    through later regenerations (an empty note releases it)."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"Keep the note under {NOTE_MAX} characters."})
    with transaction.atomic():
        lock_athlete_xact(session.version.program.athlete_id)
        session = Session.objects.select_related("version").get(pk=session.pk)
        if session.version.status != Status.ACTIVE:
            raise ValidationError("Only the active version of a program can be edited.")
        session.coach_note = note
        session.save(update_fields=["coach_note"])
    return session
