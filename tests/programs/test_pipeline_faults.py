"""The pipeline under broker faults, each on a redis-server of the test's own (ports
6391-6399) that the test freezes (SIGSTOP), thaws or kills."""

import time

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from programs import services
from programs.models import Program, ProgramVersion
from programs.services.library import exercise_library_load
from programs.tasks import regeneration_sweep
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
    with dedicated_redis() as redis_server, celery_app_broker(redis_server.url):
        redis_server.freeze()
        started = time.monotonic()
        with transaction.atomic():
            make_assessment(athlete)
            services.program_mark_pending(athlete=athlete)
        elapsed = time.monotonic() - started
    assert elapsed < 2, f"the save took {elapsed:.1f} s"
    assert status_of(athlete) == "pending"  # the sweeper's to re-queue


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


def test_issue_14_sequence_cancels_the_held_job_and_the_worker_recovers(athlete, settings):
    """Hang the broker, save, resume, let the sweeper hand out the job, stop the broker
    while the job runs. The job is terminated, not acked late on the dead connection
    (which killed the worker with AttributeError: 'NoneType' ... 'hostname'); while the
    broker is away the worker reports stale; once it is back the worker takes jobs again."""
    settings.WORKER_STALE_AFTER_S = 3
    settings.REGENERATION_SWEEP_AFTER_S = 0
    make_assessment(athlete)
    with dedicated_redis() as redis_server, celery_app_broker(redis_server.url):
        env = {**QUICK_HEARTBEAT, "SPEEDCHAIN_TEST_JOB_DELAY_S": "3"}
        with running_worker(broker_url=redis_server.url, extra_env=env) as worker:
            wait_for(lambda: worker_health(worker.name).ok, timeout=10, what="a heartbeat")
            redis_server.freeze()
            services.program_mark_pending(athlete=athlete)  # gives up: the broker hangs
            redis_server.thaw()
            assert regeneration_sweep() == 1  # the sweeper hands the job out
            wait_for(lambda: status_of(athlete) == "running", what="the job to start")
            redis_server.stop()  # the job is unacknowledged
            wait_for(lambda: "Terminating it instead" in worker.log(), what="the cancel")
            wait_for(
                lambda: not worker_health(worker.name).ok,
                timeout=10,
                what="the heartbeat to go stale while the consumer reconnects",
            )
            time.sleep(3)  # past the cancelled job's would-be end
            assert worker.process.poll() is None, worker.log()[-3000:]
            assert ProgramVersion.objects.filter(program__athlete=athlete).count() == 0
            redis_server.start()
            wait_for(
                lambda: worker_health(worker.name).ok, timeout=30, what="the reconnected loop"
            )
            # The cancelled job left the row "running" and its lock free; the next request
            # (or the sweeper, once the row is older than the task time limit) claims it.
            services.program_mark_pending(athlete=athlete)
            wait_for(
                lambda: ProgramVersion.objects.filter(program__athlete=athlete).count() == 1,
                timeout=30,
                what="the job after the broker came back",
            )
            assert "Unrecoverable error" not in worker.log()


def test_a_worker_whose_consumer_loop_stays_silent_exits_for_the_supervisor():
    """The loop does not run while the consumer cannot reach the broker: after
    WORKER_EXIT_AFTER_S the worker exits (code 3) and compose's restart policy restarts it."""
    with dedicated_redis() as redis_server:
        env = {**QUICK_HEARTBEAT, "WORKER_EXIT_AFTER_S": "2"}
        with running_worker(broker_url=redis_server.url, extra_env=env) as worker:
            redis_server.stop()
            started = time.monotonic()
            code = worker.process.wait(timeout=20)
            took = time.monotonic() - started
    assert code == 3, worker.log()[-3000:]
    assert "exiting so the supervisor restarts the worker" in worker.log()
    assert took < 10
