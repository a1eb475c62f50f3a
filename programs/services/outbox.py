"""The regeneration outbox: the need to regenerate is a row state, the job a hint.

`program_mark_pending` runs inside the caller's transaction (assessment recording, CSV
import), so the pending state commits together with the results; the job is queued on
commit, once per athlete per transaction. A lost job is re-queued by the sweeper.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from programs.models import Program

logger = logging.getLogger(__name__)

# Namespace of the per-athlete advisory lock (pg_advisory_lock(namespace, athlete_id)).
LOCK_NAMESPACE = 71_001
# The job programs.tasks registers under this name.
REGENERATE_TASK = "programs.tasks.regenerate_program"


def program_get_or_create(*, athlete) -> Program:
    program, _ = Program.objects.get_or_create(athlete=athlete)
    return program


@functools.cache
def _publisher_pool(broker_url: str, timeout_s: float):
    """Broker connections for queueing from a request: one try with short socket timeouts.
    The defaults (5 s reads, three retries) held a save 5-26 s against a hung broker."""
    from config.celery_app import app

    quick = {"socket_timeout": timeout_s, "socket_connect_timeout": timeout_s}
    return app.connection_for_write(broker_url, transport_options=quick).Pool(limit=8)


def _enqueue_regeneration(athlete_id: int) -> None:
    """Queue the job, giving up after REGENERATION_PUBLISH_TIMEOUT_S. A broker outage is
    logged, never raised: the row stays pending and the sweeper re-queues it."""
    from config.celery_app import app

    signature = app.signature(REGENERATE_TASK, args=(athlete_id,))
    if app.conf.task_always_eager:
        # The quick start (`python3 dev.py run`) has no broker: the job runs here and now.
        try:
            signature.apply_async()
        except Exception:
            logger.exception("Regeneration for athlete %s failed in-process", athlete_id)
        return
    pool = _publisher_pool(app.conf.broker_write_url, settings.REGENERATION_PUBLISH_TIMEOUT_S)
    try:
        with pool.acquire(block=True, timeout=settings.REGENERATION_PUBLISH_TIMEOUT_S) as conn:
            # Connect with one attempt too: kombu otherwise retries with 2 s sleeps.
            conn.ensure_connection(max_retries=0)
            # By name, not by import: tasks.py imports the services, never the reverse. The
            # registered task (ProgramsConfig.ready imports it) keeps its options and eager mode.
            signature.apply_async(connection=conn, retry=False)
    except Exception:
        logger.exception("Could not queue regeneration for athlete %s; left pending", athlete_id)


def _queued_in_this_transaction(athlete_id: int) -> bool:
    # Django drops the callbacks of rolled-back savepoints from run_on_commit, so looking
    # there stays right when part of the transaction is rolled back.
    conn = transaction.get_connection()
    return any(
        getattr(func, "func", None) is _enqueue_regeneration and func.args == (athlete_id,)
        for _sids, func, _robust in conn.run_on_commit
    )


def program_enqueue_on_commit(*, athlete_id: int) -> None:
    """Queue the regeneration job when the current transaction commits, once per athlete."""
    conn = transaction.get_connection()
    if conn.in_atomic_block and _queued_in_this_transaction(athlete_id):
        return
    transaction.on_commit(functools.partial(_enqueue_regeneration, athlete_id))


def _pending_values() -> dict:
    # Attempts are kept: a request does not reset the failure count the sweeper caps.
    return {
        "regen_status": Program.Regeneration.PENDING,
        "regen_requested_at": timezone.now(),
        "regen_error": "",
    }


def program_mark_pending(*, athlete) -> Program:
    """Record, in the caller's transaction, that the athlete's program needs regenerating,
    and queue the job on commit. Several calls in one transaction queue one job."""
    with transaction.atomic():
        program = program_get_or_create(athlete=athlete)
        values = _pending_values()
        Program.objects.filter(pk=program.pk).update(**values)
        for name, value in values.items():
            setattr(program, name, value)
        program_enqueue_on_commit(athlete_id=athlete.id)
    return program


def program_mark_pending_bulk(*, athlete_ids: Iterable[int]) -> int:
    """program_mark_pending for many athletes (a CSV import) in three queries, however
    many: programs created where missing, one UPDATE, one job per athlete on commit.
    Returns the number of athletes marked."""
    ids = sorted(set(athlete_ids))
    if not ids:
        return 0
    with transaction.atomic():
        Program.objects.bulk_create(
            [Program(athlete_id=athlete_id) for athlete_id in ids], ignore_conflicts=True
        )
        Program.objects.filter(athlete_id__in=ids).update(**_pending_values())
        for athlete_id in ids:
            program_enqueue_on_commit(athlete_id=athlete_id)
    return len(ids)


def program_request_regeneration(*, athlete, user) -> Program:
    """The coach's "regenerate now". The job records the trigger as manual when no newer
    assessment than the last version's exists."""
    logger.info("Regeneration requested for athlete %s by user %s", athlete.pk, user.pk)
    return program_mark_pending(athlete=athlete)


# ------------------------------------------------------------------------ per-athlete lock
def _postgres() -> bool:
    return connection.vendor == "postgresql"


def lock_athlete_xact(athlete_id: int) -> None:
    """Wait for the athlete's advisory lock until the end of the current transaction.

    Coach writes to versions take it so they never interleave with a running job. An
    advisory lock (not a row lock on Program) keeps program_mark_pending from waiting on
    a running job. SQLite (quick start) runs jobs in-process and needs no lock.
    """
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, athlete_id])


def try_lock_athlete(athlete_id: int) -> bool:
    """Take the athlete's session-level advisory lock without waiting. Released by
    unlock_athlete, or by Postgres when a killed worker's connection drops."""
    if not _postgres():
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, athlete_id])
        return bool(cursor.fetchone()[0])


def unlock_athlete(athlete_id: int) -> None:
    if not _postgres():
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, athlete_id])
    except Exception:
        # A broken connection: the server released the lock with it.
        logger.warning("Could not release the lock of athlete %s", athlete_id, exc_info=True)
