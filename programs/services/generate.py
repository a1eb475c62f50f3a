"""Building program versions: rows to PlanInput, the plan back to rows, history kept.

History: a new version copies in, unchanged, every session of the active version that is
past, logged, or edited by the coach (a coach note or an edited prescription); generated
sessions fill the other dates. When the new version becomes active, the copied sessions'
logs are moved onto the copies (SessionLog and PrescriptionLog are one-to-one), so the
active version alone is the athlete's plan and its history. Proposals get copies without
the logs; approval carries the then-current sessions over again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q
from django.utils import timezone

from assessments import balance
from assessments.models import Assessment, TestProtocol, TestResult
from programs import generator
from programs.models import (
    Exercise,
    Prescription,
    PrescriptionLog,
    Program,
    ProgramVersion,
    Session,
    SessionLog,
)
from programs.selectors.program import adherence_for_athletes
from programs.services.catalogue import (
    CurrentCatalogue,
    catalogue_current,
    generator_catalogue_ensure,
)
from programs.services.outbox import (
    lock_athlete_xact,
    program_enqueue_on_commit,
    program_get_or_create,
    try_lock_athlete,
    unlock_athlete,
)

logger = logging.getLogger(__name__)
Status = ProgramVersion.Status
Regen = Program.Regeneration


# ------------------------------------------------------------------------------ input
def _athlete_context(athlete) -> generator.AthleteContext:
    weekdays = tuple(sorted(set(athlete.available_weekdays or []))) or tuple(range(7))
    return generator.AthleteContext(
        level=athlete.level,
        sex=athlete.sex,
        available_weekdays=weekdays,
        equipment=tuple(sorted(set(athlete.equipment or []))),
        event_focus=athlete.event_focus,
        excluded_categories=tuple(sorted(set(athlete.excluded_categories or []))),
        excluded_exercises=tuple(sorted(set(athlete.excluded_exercises or []))),
    )


def latest_assessment(athlete) -> Assessment | None:
    """The latest assessment with strength results of its own: a day of sprints and jumps
    alone must not plan a block (its profile holds only results carried from earlier
    tests, so the plan could only change by their dates)."""
    results = TestResult.objects.filter(assessment=OuterRef("pk"))
    strength = results.filter(protocol__kind=TestProtocol.Kind.STRENGTH)
    return (
        Assessment.objects.filter(athlete=athlete, balance_level__isnull=False)
        # An assessment without result rows keeps its profile (as factories build them).
        .filter(Exists(strength) | ~Exists(results))
        .order_by("-date", "-id")
        .first()
    )


def _profile(athlete, assessment: Assessment | None) -> balance.BalanceProfile:
    if assessment is not None and assessment.profile:
        return balance.profile_from_dict(assessment.profile)
    # No test on record: every group untested, and the generator plans a balanced block.
    return balance.assess([], body_mass_kg=70.0, sex=athlete.sex, protocols={})


def _block_week(program: Program, active: ProgramVersion | None, today: dt.date) -> int:
    """Continue the running block: the active version's block week plus the weeks since."""
    if active is None:
        return 1
    started = active.generator_input.get("block_week", 1)
    start = dt.date.fromisoformat(
        active.generator_input.get("start", active.start_date.isoformat())
    )
    elapsed = max((today - start).days, 0) // 7
    return (started - 1 + elapsed) % program.block_length + 1


def _adherence(athlete, today: dt.date) -> generator.Adherence:
    stats = adherence_for_athletes([athlete.id], today)[athlete.id]
    return generator.Adherence(completed_share=stats["share_28"], mean_rpe=stats["mean_rpe"])


def _protocol_names(profile: balance.BalanceProfile) -> dict[str, str]:
    """The display names of the profile's protocols: athletes read names, not codes."""
    codes = {p.protocol_code for g in profile.groups.values() for p in g.protocols}
    if not codes:
        return {}
    return dict(TestProtocol.objects.filter(code__in=codes).values_list("code", "name"))


def _test_noise(profile: balance.BalanceProfile) -> dict[str, generator.TestNoise]:
    """The noise of the profile's protocols: it decides which scores are near-ties."""
    codes = {p.protocol_code for g in profile.groups.values() for p in g.protocols}
    rows = TestProtocol.objects.filter(code__in=codes).values_list("code", "sem_pct", "noise_abs")
    return {code: generator.TestNoise(sem, noise) for code, sem, noise in rows} if codes else {}


def plan_input_for(
    *,
    program: Program,
    athlete,
    today: dt.date,
    assessment: Assessment | None,
    active: ProgramVersion | None,
    catalogue: CurrentCatalogue,
) -> generator.PlanInput:
    profile = _profile(athlete, assessment)
    return generator.PlanInput(
        athlete=_athlete_context(athlete),
        profile=profile,
        catalogue=catalogue.specs,
        start=today,
        weeks=program.weeks,
        block_week=_block_week(program, active, today),
        block_length=program.block_length,
        adherence=_adherence(athlete, today),
        protocol_names=_protocol_names(profile),
        test_noise=_test_noise(profile),
        session_budget_min=program.session_budget_min,
    )


# -------------------------------------------------------------------------- writing rows
def _frozen_sessions(version: ProgramVersion, today: dt.date) -> list[Session]:
    """Sessions that a new version must keep unchanged: past, logged or coach-edited."""
    prescriptions = Prescription.objects.select_related("log").order_by("order")
    return list(
        version.sessions.filter(
            Q(date__lt=today)
            | Q(log__isnull=False)
            | ~Q(coach_note="")
            | Q(prescriptions__coach_edited=True)
        )
        .distinct()
        .select_related("log")
        .prefetch_related(Prefetch("prescriptions", queryset=prescriptions))
        .order_by("date")
    )


# Fields a planned session / item and a stored Session / Prescription share by name.
_SESSION_FIELDS = ("date", "week", "kind", "purpose", "intensity")
_ITEM_FIELDS = ("order", "section", "sets", "reps", "seconds", "distance_m", "rest_s", "side")


def _shared(source, names) -> dict:
    return {name: getattr(source, name) for name in names}


def copy_sessions(sessions: list[Session], version: ProgramVersion, *, move_logs: bool) -> None:
    """Copy sessions and their prescriptions into `version` in two inserts; with
    move_logs, point their logs at the copies (two more updates)."""
    copies = Session.objects.bulk_create(
        [
            Session(
                version=version,
                title=s.title,
                coach_note=s.coach_note,
                **_shared(s, _SESSION_FIELDS),
            )
            for s in sessions
        ]
    )
    originals, new_prescriptions = [], []
    for session, copy in zip(sessions, copies, strict=True):
        for p in session.prescriptions.all():
            originals.append(p)
            new_prescriptions.append(
                Prescription(
                    session=copy,
                    exercise_id=p.exercise_id,
                    muscle_length=p.muscle_length,
                    emphasis=p.emphasis,
                    note=p.note,
                    coach_edited=p.coach_edited,
                    **_shared(p, _ITEM_FIELDS),
                )
            )
    new_prescriptions = Prescription.objects.bulk_create(new_prescriptions)
    if not move_logs:
        return
    session_logs = []
    for session, copy in zip(sessions, copies, strict=True):
        log = getattr(session, "log", None)  # the missing-row error is an AttributeError
        if log is not None:
            log.session = copy
            session_logs.append(log)
    prescription_logs = []
    for original, copy in zip(originals, new_prescriptions, strict=True):
        log = getattr(original, "log", None)
        if log is not None:
            log.prescription = copy
            prescription_logs.append(log)
    SessionLog.objects.bulk_update(session_logs, ["session"])
    PrescriptionLog.objects.bulk_update(prescription_logs, ["prescription"])


def _write_plan(
    version: ProgramVersion,
    plan: generator.ProgramPlan,
    *,
    skip_dates: set[dt.date],
    exercise_ids: dict[str, int],
) -> None:
    planned = [s for s in plan.sessions if s.date not in skip_dates]
    codes = {item.exercise_code for s in planned for item in s.items}
    exercises = dict(exercise_ids)
    if missing := codes - exercises.keys():  # not in the catalogue: never, unless edited
        exercises |= dict(Exercise.objects.filter(code__in=missing).values_list("code", "pk"))
    sessions = Session.objects.bulk_create(
        [
            Session(version=version, title=s.title[:150], **_shared(s, _SESSION_FIELDS))
            for s in planned
        ]
    )
    prescriptions = []
    for planned_session, session in zip(planned, sessions, strict=True):
        for item in planned_session.items:
            exercise_id = exercises.get(item.exercise_code)
            if exercise_id is None:
                logger.warning(
                    "Skipped unknown exercise %r on %s (version %s)",
                    item.exercise_code,
                    planned_session.date,
                    version.pk,
                )
                continue
            prescriptions.append(
                Prescription(
                    session=session,
                    exercise_id=exercise_id,
                    muscle_length=item.muscle_length or "",
                    emphasis=item.emphasis or "",
                    note=item.note,
                    **_shared(item, _ITEM_FIELDS),
                )
            )
    Prescription.objects.bulk_create(prescriptions)


def supersede_active(program: Program, *, keep: ProgramVersion | None = None) -> None:
    now = timezone.now()
    program.versions.filter(status=Status.ACTIVE).exclude(pk=getattr(keep, "pk", None)).update(
        status=Status.SUPERSEDED, decided_at=now
    )


# ------------------------------------------------------------------------------ services
def program_generate_for(
    *,
    athlete,
    today: dt.date,
    trigger: str,
    assessment: Assessment | None = None,
    user=None,
    program: Program | None = None,
) -> ProgramVersion | None:
    """Build a new version from the athlete's current data, or None when the newest
    active or proposed version already has the same input (idempotent).

    Active when the program is unlocked (the old active is superseded), proposed when it
    is locked (an older proposal is superseded).
    """
    if trigger not in ProgramVersion.Trigger.values:
        raise ValueError(f"Unknown trigger {trigger!r}")
    program = program or program_get_or_create(athlete=athlete)
    if assessment is None:
        assessment = latest_assessment(athlete)
    catalogue = catalogue_current()

    def current_state(program: Program) -> tuple[list[ProgramVersion], tuple]:
        current = list(program.versions.filter(status__in=[Status.ACTIVE, Status.PROPOSED]))
        seen = (program.locked, program.weeks, program.block_length)
        return current, seen + tuple(sorted((v.pk, v.status) for v in current))

    def build(program: Program, current: list[ProgramVersion]):
        active = next((v for v in current if v.status == Status.ACTIVE), None)
        plan_input = plan_input_for(
            program=program,
            athlete=athlete,
            today=today,
            assessment=assessment,
            active=active,
            catalogue=catalogue,
        )
        stored = generator.plan_input_to_dict(plan_input, catalogue=catalogue.fingerprint)
        return plan_input, stored, generator.stored_input_fingerprint(stored)

    # Input and plan are built before the write transaction, which then takes the lock,
    # checks nothing changed meanwhile (or builds again, holding it) and writes.
    current, seen = current_state(program)
    plan_input, stored, fingerprint = build(program, current)
    if any(v.input_fingerprint == fingerprint for v in current):
        return None
    plan = generator.generate(plan_input)
    with transaction.atomic():
        lock_athlete_xact(athlete.id)
        program = Program.objects.get(pk=program.pk)
        current, now_seen = current_state(program)
        if now_seen != seen:  # a coach's change or another build came first
            plan_input, stored, fingerprint = build(program, current)
            if any(v.input_fingerprint == fingerprint for v in current):
                return None
            plan = generator.generate(plan_input)
        elif any(v.input_fingerprint == fingerprint for v in current):
            return None
        active = next((v for v in current if v.status == Status.ACTIVE), None)
        now = timezone.now()
        # A newer plan replaces any waiting proposal; an active one also the old active.
        replaced = [v.pk for v in current if v.status == Status.PROPOSED or not program.locked]
        if replaced:
            ProgramVersion.objects.filter(pk__in=replaced).update(
                status=Status.SUPERSEDED, decided_at=now
            )
        number = (program.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        generator_catalogue_ensure(catalogue=catalogue)
        version = ProgramVersion.objects.create(
            program=program,
            number=number,
            created_by=user,
            trigger=trigger,
            assessment=assessment,
            status=Status.PROPOSED if program.locked else Status.ACTIVE,
            rationale=list(plan.rationale),
            substitutions=list(plan.substitutions),
            generator_input=stored,
            catalogue_id=catalogue.fingerprint,
            input_fingerprint=fingerprint,
            start_date=today,
            decided_at=None if program.locked else now,
        )
        frozen = _frozen_sessions(active, today) if active else []
        _write_plan(
            version,
            plan,
            skip_dates={s.date for s in frozen},
            exercise_ids=catalogue.exercise_ids,
        )
        if frozen:
            copy_sessions(frozen, version, move_logs=not program.locked)
    logger.info("Built %s for athlete %s", version, athlete.pk)
    return version


def _test_hooks() -> None:
    # Test-only: slow or failing jobs for the worker integration tests. Read only under
    # the test settings, so production ignores these variables.
    if settings.SETTINGS_MODULE != "config.settings.test":
        return
    delay = float(os.environ.get("SPEEDCHAIN_TEST_JOB_DELAY_S") or 0)
    if delay:
        time.sleep(delay)
    failure = os.environ.get("SPEEDCHAIN_TEST_JOB_FAIL")
    if failure == "operational":
        from django.db import OperationalError

        raise OperationalError("injected transient failure (test)")
    if failure:
        raise RuntimeError("injected failure (test)")


def _test_hold_lock() -> None:
    # Test-only: hold the athlete lock a little after the job's commit, so a job queued
    # before the release would certainly meet the lock (tests/programs/test_tasks.py).
    if settings.SETTINGS_MODULE != "config.settings.test":
        return
    hold = float(os.environ.get("SPEEDCHAIN_TEST_LOCK_HOLD_S") or 0)
    if hold:
        time.sleep(hold)


def program_regenerate(*, athlete_id: int, today: dt.date | None = None) -> ProgramVersion | None:
    """The job body: claim the athlete's pending request, build a version, mark it done.

    Returns None when there is nothing to do: no pending request, or another worker is
    generating for this athlete right now (it re-queues a request that arrives meanwhile).
    A "running" row is claimable once its lock is free: its worker died.
    """
    today = today or timezone.localdate()
    if not try_lock_athlete(athlete_id):
        logger.info("Athlete %s is being regenerated by another worker", athlete_id)
        return None
    try:
        version = _regenerate_holding_lock(athlete_id, today)
    finally:
        _test_hold_lock()
        unlock_athlete(athlete_id)
    _requeue_if_requested(athlete_id)
    return version


def _requeue_if_requested(athlete_id: int) -> None:
    """A request marked while we held the lock (during the job, or between its commit and
    the release) had its own job turned away by the lock: queue it again. Only once the
    lock is free, or the worker taking it at once would be turned away too. A duplicate
    (the request's job came after the release) finds nothing pending and does nothing."""
    if Program.objects.filter(athlete_id=athlete_id, regen_status=Regen.PENDING).exists():
        program_enqueue_on_commit(athlete_id=athlete_id)


def _regenerate_holding_lock(athlete_id: int, today: dt.date) -> ProgramVersion | None:
    """Claim the row (pending, failed, or running with its worker dead) and build."""
    started = timezone.now()
    claimed = Program.objects.filter(
        athlete_id=athlete_id, regen_status__in=[Regen.PENDING, Regen.FAILED, Regen.RUNNING]
    ).update(
        regen_status=Regen.RUNNING,
        regen_started_at=started,
        regen_attempts=F("regen_attempts") + 1,
    )
    if not claimed:
        return None
    # No transaction around the job: program_generate_for writes in a short one of its
    # own. A crash before the status update below leaves the row "running": the sweeper
    # re-queues it and the next job finds the version there (same fingerprint).
    program = Program.objects.select_related("athlete").get(athlete_id=athlete_id)
    _test_hooks()
    athlete = program.athlete
    assessment = latest_assessment(athlete)
    newest = program.versions.only("assessment_id", "generator_input").order_by("-number").first()
    fresh = assessment is not None and _new_results(newest, assessment)
    version = program_generate_for(
        athlete=athlete,
        today=today,
        trigger=ProgramVersion.Trigger.ASSESSMENT if fresh else ProgramVersion.Trigger.MANUAL,
        assessment=assessment,
        program=program,
    )
    # A request marked while we ran has set the row back to pending: it stays so.
    Program.objects.filter(pk=program.pk, regen_status=Regen.RUNNING).update(
        regen_status=Regen.IDLE,
        regen_finished_at=timezone.now(),
        regen_error="",
        regen_attempts=0,
    )
    return version


def _new_results(newest: ProgramVersion | None, assessment: Assessment) -> bool:
    """Whether the latest assessment holds results the newest version was not built from:
    another assessment, or the same one updated since (a CSV re-import)."""
    if newest is None or newest.assessment_id != assessment.pk:
        return True
    built_from = newest.generator_input.get("profile")
    if not built_from or not assessment.profile:
        return bool(assessment.profile)
    try:
        return balance.profile_from_dict(built_from) != balance.profile_from_dict(
            assessment.profile
        )
    except ValueError:  # a snapshot of an older schema: treat as changed
        return True


def program_regeneration_failed(*, athlete_id: int, error: BaseException, final: bool) -> None:
    """Record a failed attempt: "failed" when no retry follows (the sweeper retries it
    later), otherwise back to "pending" for the retry."""
    message = f"{type(error).__name__}: {error}"[:2000]
    Program.objects.filter(athlete_id=athlete_id).exclude(regen_status=Regen.IDLE).update(
        regen_status=Regen.FAILED if final else Regen.PENDING,
        regen_error=message if final else f"Retrying after {message}",
        regen_finished_at=timezone.now(),
    )


def programs_to_sweep(*, now: dt.datetime | None = None) -> list[int]:
    """Athlete ids whose regeneration should be queued again: pending for too long,
    failed with attempts left, or running longer than a job may (a killed worker)."""
    now = now or timezone.now()
    pending_before = now - dt.timedelta(seconds=settings.REGENERATION_SWEEP_AFTER_S)
    running_before = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
    max_attempts = settings.REGENERATION_MAX_ATTEMPTS
    return list(
        Program.objects.filter(
            Q(regen_status=Regen.PENDING)
            & (Q(regen_requested_at__lt=pending_before) | Q(regen_requested_at__isnull=True))
            | Q(regen_status=Regen.FAILED, regen_attempts__lt=max_attempts)
            | Q(regen_status=Regen.RUNNING, regen_started_at__lt=running_before)
        )
        .order_by("athlete_id")
        .values_list("athlete_id", flat=True)
    )
