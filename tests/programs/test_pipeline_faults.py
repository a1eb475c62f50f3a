"""The pipeline under broker faults, each on a redis-server of the test's own (ports
6391-6399) that the test freezes (SIGSTOP), thaws or kills."""

import time

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from programs import services
from programs.models import Program, ProgramVersion
from programs.services_library import exercise_library_load
from programs.worker_heartbeat import worker_health_get
from tests.factories import AthleteFactory
from tests.worker import (
    celery_app_broker,
    dedicated_redis,
    make_assessment,
    running_worker,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def athlete():
    exercise_library_load()
    return AthleteFactory()


def status_of(athlete) -> str:
    return Program.objects.get(athlete=athlete).regen_status


def test_a_save_against_a_frozen_broker_returns_within_two_seconds(athlete):
    with dedicated_redis(6391) as redis_server, celery_app_broker(redis_server.url):
        redis_server.freeze()
        started = time.monotonic()
        with transaction.atomic():
            make_assessment(athlete)
            services.program_mark_pending(athlete=athlete)
        elapsed = time.monotonic() - started
    assert elapsed < 2, f"the save took {elapsed:.1f} s"
    assert status_of(athlete) == "pending"  # the sweeper's to re-queue


def test_a_worker_survives_the_broker_dropping_while_it_holds_a_job(athlete):
    """Hang the broker, save, resume, let the worker take the job, kill the broker while
    the job runs: the worker must stay up and take the next job once the broker is back."""
    make_assessment(athlete)
    with dedicated_redis(6392) as redis_server, celery_app_broker(redis_server.url):
        slow = {"SPEEDCHAIN_TEST_JOB_DELAY_S": "2"}
        with running_worker(broker_url=redis_server.url, extra_env=slow) as worker:
            redis_server.freeze()
            services.program_mark_pending(athlete=athlete)  # gives up: the broker hangs
            redis_server.thaw()
            services.program_mark_pending(athlete=athlete)
            wait_for(lambda: status_of(athlete) == "running", what="the job to start")
            redis_server.stop()  # the job is unacknowledged
            wait_for(lambda: status_of(athlete) == "idle", what="the job to finish")
            time.sleep(3)  # its late ack meets the dropped connection
            assert worker.process.poll() is None, worker.log()[-3000:]
            assert "Unrecoverable error" not in worker.log()
            redis_server.start()
            make_assessment(athlete, weakest="calves")
            services.program_mark_pending(athlete=athlete)
            wait_for(
                lambda: ProgramVersion.objects.filter(program__athlete=athlete).count() == 2,
                timeout=30,
                what="the next job after the broker came back",
            )


# Small liveness settings for the workers below (and for this process's checks).
QUICK_HEARTBEAT = {"WORKER_HEARTBEAT_EVERY_S": "0.5", "WORKER_STALE_AFTER_S": "3"}


def worker_health(worker_name: str):
    return worker_health_get(hostname=worker_name)


def test_a_running_worker_is_ok_and_a_killed_one_is_stale_within_seconds(settings):
    settings.WORKER_STALE_AFTER_S = 3
    with running_worker(extra_env=QUICK_HEARTBEAT) as worker:
        wait_for(lambda: worker_health(worker.name).ok, timeout=10, what="a first heartbeat")
        call_command("worker_check", hostname=worker.name)
        worker.kill()
        killed_at = time.monotonic()
        wait_for(
            lambda: not worker_health(worker.name).ok, timeout=10, what="the heartbeat to age"
        )
        stale_after = time.monotonic() - killed_at
    assert stale_after < 5, f"stale only after {stale_after:.1f} s"
    with pytest.raises(CommandError, match="stale"):
        call_command("worker_check", hostname=worker.name)
