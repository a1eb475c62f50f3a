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
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from assessments import balance
from assessments.models import Assessment
from programs import generator
from programs.models import Program, ProgramVersion
from programs.services.catalogue import (
    CurrentCatalogue,
    catalogue_current_stored,
    generator_catalogue_ensure,
)
from programs.services.generate_read import (
    adherence_28,
    current_versions,
    job_program,
    latest_assessment,
    program_claim,
    program_done,
    program_reread,
    protocol_rows,
    regeneration_pending,
)
from programs.services.generate_write import copy_sessions, frozen_sessions, plan_write
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
    share, mean_rpe = adherence_28(athlete_id=athlete.id, today=today)
    return generator.Adherence(completed_share=share, mean_rpe=mean_rpe)


def _protocols(
    profile: balance.BalanceProfile,
) -> tuple[dict[str, str], dict[str, generator.TestNoise]]:
    """The display names (athletes read names, not codes) and the noise (it decides which
    scores are near-ties) of the profile's protocols, in one query."""
    codes = {p.protocol_code for g in profile.groups.values() for p in g.protocols}
    rows = protocol_rows(codes)
    names, noise = {}, {}
    for code, name, sem, noise_abs in rows:
        names[code] = name
        noise[code] = generator.TestNoise(sem, noise_abs)
    return names, noise


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
    names, noise = _protocols(profile)
    return generator.PlanInput(
        athlete=_athlete_context(athlete),
        profile=profile,
        catalogue=catalogue.specs,
        start=today,
        weeks=program.weeks,
        block_week=_block_week(program, active, today),
        block_length=program.block_length,
        adherence=_adherence(athlete, today),
        protocol_names=names,
        test_noise=noise,
        session_budget_min=program.session_budget_min,
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
    return _version_build(
        athlete=athlete,
        today=today,
        trigger=trigger,
        assessment=assessment,
        user=user,
        program=program,
        current=current_versions(program),
        lock_held=False,
    )


def _seen(program: Program, current: list[ProgramVersion]) -> tuple:
    """What a build depends on besides the athlete's data: compared under the lock."""
    settings_ = (program.locked, program.weeks, program.block_length, program.session_budget_min)
    return settings_ + tuple(sorted((v.pk, v.status) for v in current))


def _version_build(
    *,
    athlete,
    today: dt.date,
    trigger: str,
    assessment: Assessment | None,
    user,
    program: Program,
    current: list[ProgramVersion],
    lock_held: bool,
    done: Callable[[], None] | None = None,
) -> ProgramVersion | None:
    """program_generate_for on the versions `current` just read. lock_held: the caller
    has held the athlete's session lock since reading them, so no other job or coach
    write to versions can have come between (they take the lock); the program's own row
    is still read again under it (locking and settings take no lock). `done` runs in the
    write transaction when a version is written."""
    catalogue, catalogue_stored = catalogue_current_stored()

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
    seen = _seen(program, current)
    plan_input, stored, fingerprint = build(program, current)
    if any(v.input_fingerprint == fingerprint for v in current):
        return None
    plan = generator.generate(plan_input)
    with transaction.atomic():
        if not lock_held:
            lock_athlete_xact(athlete.id)
        program = program_reread(program=program)
        program.athlete = athlete  # the same row: the log line below needs no query for it
        if not lock_held:
            current = current_versions(program)
        if _seen(program, current) != seen:  # a coach's change or another build came first
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
        if not catalogue_stored:
            generator_catalogue_ensure(catalogue=catalogue)
        version = ProgramVersion.objects.create(
            program=program,
            number=(program.top or 0) + 1,
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
        frozen = frozen_sessions(active, today) if active else []
        plan_write(
            version,
            plan,
            skip_dates={s.date for s in frozen},
            exercise_ids=catalogue.exercise_ids,
        )
        if frozen:
            copy_sessions(frozen, version, move_logs=not program.locked)
        if done is not None:
            done()
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
    if regeneration_pending(athlete_id=athlete_id):
        program_enqueue_on_commit(athlete_id=athlete_id)


def _regenerate_holding_lock(athlete_id: int, today: dt.date) -> ProgramVersion | None:
    """Claim the row (pending, failed, or running with its worker dead) and build."""
    if not program_claim(athlete_id=athlete_id, now=timezone.now()):
        return None
    # No transaction around the job: the build writes in a short one of its own. A crash
    # before the status update leaves the row "running": the sweeper re-queues it and the
    # next job finds the version there (same fingerprint).
    program = job_program(athlete_id=athlete_id)
    if program is None:  # deleted since the claim
        raise Program.DoesNotExist(f"No program for athlete {athlete_id}")
    _test_hooks()
    athlete = program.athlete
    assessment = latest_assessment(athlete)
    current = current_versions(program)
    newest = next((v for v in current if v.number == program.top), None)
    if newest is None and program.top is not None:  # the newest was rejected
        newest = program.versions.only("assessment_id", "generator_input").get(number=program.top)
    fresh = assessment is not None and _new_results(newest, assessment)

    def done() -> None:
        program_done(program_id=program.pk, now=timezone.now())

    version = _version_build(
        athlete=athlete,
        today=today,
        trigger=ProgramVersion.Trigger.ASSESSMENT if fresh else ProgramVersion.Trigger.MANUAL,
        assessment=assessment,
        user=None,
        program=program,
        current=current,
        lock_held=connection.vendor == "postgresql",  # SQLite: no locks (in-process jobs)
        done=done,
    )
    if version is None:  # nothing written: the status on its own
        done()
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
