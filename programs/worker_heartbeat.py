"""Worker liveness: a heartbeat row per Celery worker, and the health read of it.

Inside a worker, `HeartbeatStep` (a consumer bootstep, registered in config/celery_app.py)
puts a tick on the consumer's event-loop timer. The loop only runs while the consumer is
connected and taking jobs, so the tick stops when the consumer is dead, stuck or
reconnecting. A daemon thread (`_Monitor`) then:

- writes `WorkerHeartbeat.seen_at` every WORKER_HEARTBEAT_EVERY_S while the tick is fresh
  (the database write stays off the event loop, so a slow database cannot stall it);
- exits the process (`os._exit`) when the tick is older than WORKER_EXIT_AFTER_S, so the
  process supervisor (compose `restart:`) starts a fresh worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from dataclasses import dataclass

from celery import bootsteps

logger = logging.getLogger(__name__)

# Rows of workers gone this long are deleted (container hostnames change on re-creation).
FORGET_AFTER = dt.timedelta(days=7)


# --------------------------------------------------------------------------- write side
def worker_heartbeat_record(*, hostname: str, pid: int, started_at: dt.datetime) -> None:
    from django.utils import timezone

    from programs.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname,
        defaults={"pid": pid, "started_at": started_at, "seen_at": timezone.now()},
    )


def worker_heartbeats_forget_old() -> int:
    from django.utils import timezone

    from programs.models import WorkerHeartbeat

    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - FORGET_AFTER).delete()
    return deleted


class _Monitor:
    """The heartbeat writer and watchdog thread of one worker process."""

    def __init__(self) -> None:
        self.last_tick = time.monotonic()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def tick(self) -> None:
        self.last_tick = time.monotonic()

    def start(self, hostname: str) -> None:
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(
                    target=self._run, args=(hostname,), name="worker-heartbeat", daemon=True
                )
                self.thread.start()

    def _run(self, hostname: str) -> None:
        from django.conf import settings
        from django.db import close_old_connections, connection
        from django.utils import timezone

        every = settings.WORKER_HEARTBEAT_EVERY_S
        exit_after = settings.WORKER_EXIT_AFTER_S
        started_at = timezone.now()
        pid = os.getpid()
        try:
            worker_heartbeats_forget_old()
        except Exception:
            logger.warning("Could not delete old worker heartbeats", exc_info=True)
        while True:
            silent_for = time.monotonic() - self.last_tick
            if silent_for > exit_after:
                logger.critical(
                    "Consumer loop silent for %.0f s (> WORKER_EXIT_AFTER_S): exiting so the "
                    "supervisor restarts the worker",
                    silent_for,
                )
                logging.shutdown()
                os._exit(3)
            # A tick missed by more than a period and a half: the loop is not running.
            if silent_for <= 1.5 * every + 1:
                try:
                    close_old_connections()
                    worker_heartbeat_record(hostname=hostname, pid=pid, started_at=started_at)
                except Exception:
                    logger.warning("Could not write the worker heartbeat", exc_info=True)
                    connection.close()
            time.sleep(every)


_monitor = _Monitor()


class HeartbeatStep(bootsteps.StartStopStep):
    """Consumer bootstep: tick on the event loop's timer while the consumer runs."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, parent, **kwargs) -> None:
        self.timer_entry = None
        super().__init__(parent, **kwargs)

    def start(self, parent) -> None:
        from django.conf import settings

        _monitor.tick()
        self.timer_entry = parent.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_EVERY_S, _monitor.tick
        )
        _monitor.start(parent.hostname)

    def stop(self, parent) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None

    shutdown = stop


# ---------------------------------------------------------------------------- read side
@dataclass(frozen=True)
class WorkerHealth:
    """What /health/ and `manage.py worker_check` report."""

    heartbeat_age_s: float | None  # the newest heartbeat's age; None: no worker ever seen
    stale_after_s: float
    oldest_pending_s: float | None  # the oldest pending regeneration's age; None: none

    @property
    def ok(self) -> bool:
        return self.heartbeat_age_s is not None and self.heartbeat_age_s <= self.stale_after_s

    @property
    def status(self) -> str:
        if self.heartbeat_age_s is None:
            return "none"
        return "ok" if self.ok else "stale"

    def as_dict(self) -> dict:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 1)

        return {
            "status": self.status,
            "heartbeat_age_s": rounded(self.heartbeat_age_s),
            "oldest_pending_s": rounded(self.oldest_pending_s),
        }


def worker_health_get(*, hostname: str | None = None, now: dt.datetime | None = None):
    """The newest heartbeat (of `hostname`, or of any worker) and the oldest pending
    regeneration. Not organization data: only ages, for operators."""
    from django.conf import settings
    from django.db.models import Max, Min
    from django.utils import timezone

    from programs.models import Program, WorkerHeartbeat

    now = now or timezone.now()
    beats = WorkerHeartbeat.objects.all()
    if hostname:
        beats = beats.filter(hostname=hostname)
    newest = beats.aggregate(newest=Max("seen_at"))["newest"]
    oldest = Program.objects.filter(regen_status=Program.Regeneration.PENDING).aggregate(
        oldest=Min("regen_requested_at")
    )["oldest"]
    return WorkerHealth(
        heartbeat_age_s=None if newest is None else max(0.0, (now - newest).total_seconds()),
        stale_after_s=settings.WORKER_STALE_AFTER_S,
        oldest_pending_s=None if oldest is None else max(0.0, (now - oldest).total_seconds()),
    )
