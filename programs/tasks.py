"""Celery tasks: take ids, call services. The state lives in the Program row."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from programs import services
from programs.services.outbox import REGENERATE_TASK

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    name=REGENERATE_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def regenerate_program(self, athlete_id: int) -> int | None:
    """Regenerate one athlete's program. Database hiccups are retried with backoff; any
    other error, or the last retry, leaves the row "failed" with the error for the
    sweeper and the coach to see."""
    try:
        version = services.program_regenerate(athlete_id=athlete_id)
    except Exception as exc:
        retrying = isinstance(exc, TRANSIENT) and self.request.retries < self.max_retries
        try:
            services.program_regeneration_failed(
                athlete_id=athlete_id, error=exc, final=not retrying
            )
        except Exception:
            logger.exception("Could not record the failure of athlete %s", athlete_id)
        raise
    return version.pk if version else None


@shared_task(name="programs.tasks.regeneration_sweep")
def regeneration_sweep() -> int:
    """Beat task: queue one job per athlete whose regeneration is overdue, failed with
    attempts left, or stuck running after its worker died."""
    athlete_ids = services.programs_to_sweep()
    queued = 0
    for athlete_id in athlete_ids:
        try:
            regenerate_program.delay(athlete_id)
            queued += 1
        except Exception:
            logger.exception("Sweeper could not queue athlete %s", athlete_id)
    if athlete_ids:
        logger.info("Sweeper queued %s of %s regenerations", queued, len(athlete_ids))
    return queued
