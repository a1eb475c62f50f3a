"""The guarantees of DESIGN.md §5 against a real Redis broker and real `celery worker`
processes pointed at the test database."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from programs import services
from programs.models import Program, ProgramVersion
from programs.services.library import exercise_library_load
from programs.tasks import regenerate_program, regeneration_sweep
from tests.factories import AthleteFactory
from tests.worker import (
    DEAD_BROKER_URL,
    TEST_BROKER_URL,
    celery_app_broker,
    make_assessment,
    purge_broker,
    queue_length,
    results_with_weakest,
    running_worker,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(settings):
    purge_broker()
    settings.CELERY_BROKER_URL = TEST_BROKER_URL
    with celery_app_broker(TEST_BROKER_URL):
        yield TEST_BROKER_URL
    purge_broker()


@pytest.fixture
def athlete():
    exercise_library_load()
    return AthleteFactory()


def program_of(athlete) -> Program:
    return Program.objects.get(athlete=athlete)


def idle_with_versions(athlete, count: int):
    def check():
        program = Program.objects.filter(athlete=athlete).first()
        versions = ProgramVersion.objects.filter(program__athlete=athlete).count()
        return program and program.regen_status == "idle" and versions == count

    return check


def test_recorded_assessment_is_regenerated_by_the_worker(broker, athlete):
    from assessments.services import assessment_record
    from assessments.services_library import protocol_library_load

    protocol_library_load()
    with running_worker():
        assessment = assessment_record(
            athlete=athlete,
            date=timezone.localdate(),
            body_mass_kg="75.0",
            results=results_with_weakest("hip_flexors"),
        )
        wait_for(idle_with_versions(athlete, 1), what="a new version")
    version = ProgramVersion.objects.get(program__athlete=athlete)
    assert (version.status, version.trigger, version.assessment) == (
        "active",
        "assessment",
        assessment,
    )
    assert version.sessions.count() == 28


def test_ten_results_in_one_transaction_give_one_job_and_one_version(broker, athlete):
    with transaction.atomic():
        for day in range(10):
            make_assessment(athlete, date=timezone.localdate() - dt.timedelta(days=day))
            services.program_mark_pending(athlete=athlete)
        assert queue_length() == 0  # nothing before commit
    assert queue_length() == 1
    with running_worker() as worker:
        wait_for(idle_with_versions(athlete, 1), what="one version")
        wait_for(lambda: queue_length() == 0, what="an empty queue")
    assert worker.log().count("Task programs.tasks.regenerate_program") == 2  # received, done
    assert ProgramVersion.objects.filter(program__athlete=athlete).count() == 1


def test_broker_outage_at_save_then_the_sweeper_regenerates(broker, athlete, settings):
    with celery_app_broker(DEAD_BROKER_URL), transaction.atomic():
        make_assessment(athlete)
        services.program_mark_pending(athlete=athlete)  # the enqueue fails on commit
    assert program_of(athlete).regen_status == "pending"
    assert queue_length() == 0
    # Not overdue yet: the sweeper leaves it alone.
    assert regeneration_sweep() == 0
    Program.objects.filter(athlete=athlete).update(
        regen_requested_at=timezone.now()
        - dt.timedelta(seconds=settings.REGENERATION_SWEEP_AFTER_S + 5)
    )
    with running_worker():
        assert regeneration_sweep() == 1
        wait_for(idle_with_versions(athlete, 1), what="the swept job")
        assert regeneration_sweep() == 0
    assert ProgramVersion.objects.filter(program__athlete=athlete).count() == 1


def test_worker_killed_mid_job_is_redelivered_to_another_worker(broker, athlete):
    make_assessment(athlete)
    slow = {"SPEEDCHAIN_TEST_JOB_DELAY_S": "60", "CELERY_VISIBILITY_TIMEOUT": "2"}
    with running_worker(extra_env=slow) as first:
        services.program_mark_pending(athlete=athlete)
        wait_for(lambda: program_of(athlete).regen_status == "running", what="the job to start")
        first.kill()
    assert program_of(athlete).regen_status == "running"
    assert not ProgramVersion.objects.exists()
    with running_worker(extra_env={"CELERY_VISIBILITY_TIMEOUT": "2"}):
        # Redis restores the unacked job after the visibility timeout (checked every 10 s).
        wait_for(idle_with_versions(athlete, 1), timeout=30, what="the redelivered job")
    program = program_of(athlete)
    assert program.regen_attempts == 0
    assert ProgramVersion.objects.filter(program__athlete=athlete).count() == 1


def test_two_workers_racing_build_one_version_per_input(broker, athlete):
    make_assessment(athlete, weakest="hip_flexors", date=timezone.localdate() - dt.timedelta(1))
    env = {"SPEEDCHAIN_TEST_JOB_DELAY_S": "0.5"}  # long enough for the jobs to overlap
    with running_worker(extra_env=env), running_worker(extra_env=env):
        services.program_mark_pending(athlete=athlete)
        for _ in range(5):
            regenerate_program.delay(athlete.id)
        wait_for(idle_with_versions(athlete, 1), what="the first version")
        wait_for(lambda: queue_length() == 0, what="an empty queue")

        make_assessment(athlete, weakest="calves")
        services.program_mark_pending(athlete=athlete)
        for _ in range(5):
            regenerate_program.delay(athlete.id)
        wait_for(idle_with_versions(athlete, 2), what="the second version")
        wait_for(lambda: queue_length() == 0, what="an empty queue")
    versions = ProgramVersion.objects.filter(program__athlete=athlete)
    assert sorted(versions.values_list("number", "status")) == [(1, "superseded"), (2, "active")]
    assert len(set(versions.values_list("input_fingerprint", flat=True))) == 2


def test_failing_job_is_retried_then_failed_and_the_sweeper_retries_it(broker, athlete):
    make_assessment(athlete)
    with running_worker(extra_env={"SPEEDCHAIN_TEST_JOB_FAIL": "operational"}):
        services.program_mark_pending(athlete=athlete)
        program = wait_for(
            lambda: (p := program_of(athlete)).regen_status == "failed" and p,
            timeout=30,
            what="the job to fail after its retries",
        )
    assert program.regen_attempts == 4  # the first run and three retries
    assert program.regen_error == "OperationalError: injected transient failure (test)"
    assert not ProgramVersion.objects.exists()
    with running_worker():
        assert regeneration_sweep() == 1
        wait_for(idle_with_versions(athlete, 1), what="the swept retry")
    assert program_of(athlete).regen_error == ""


def test_non_transient_error_fails_without_retry(broker, athlete):
    athlete.level = "bogus"
    athlete.save()
    with running_worker():
        services.program_mark_pending(athlete=athlete)
        program = wait_for(
            lambda: (p := program_of(athlete)).regen_status == "failed" and p, what="failure"
        )
    assert program.regen_attempts == 1
    assert program.regen_error.startswith("ValueError: level 'bogus'")


def test_a_request_arriving_while_a_job_holds_the_lock_is_regenerated_without_the_sweeper(
    broker, athlete
):
    """Issue #14 §6. A request marked while a job holds the athlete's lock (here: between
    the job's commit and the release, held 3 s by a test hook) has its own job turned away
    by the lock. The job holding it must queue the request again once the lock is free,
    or the request waits for the sweeper, which does not run in this test."""
    make_assessment(athlete, weakest="hip_flexors", date=timezone.localdate() - dt.timedelta(1))
    with running_worker(concurrency=2, extra_env={"SPEEDCHAIN_TEST_LOCK_HOLD_S": "3"}) as worker:
        services.program_mark_pending(athlete=athlete)
        wait_for(lambda: "Built Program" in worker.log(), what="the first version")
        make_assessment(athlete, weakest="calves")
        services.program_mark_pending(athlete=athlete)
        wait_for(
            lambda: "being regenerated by another worker" in worker.log(),
            what="the request's own job to meet the lock",
        )
        assert program_of(athlete).regen_status == "pending"
        wait_for(idle_with_versions(athlete, 2), timeout=20, what="the requested version")
    newest = ProgramVersion.objects.filter(program__athlete=athlete).order_by("number").last()
    assert newest.status == "active"
    assert newest.assessment.weakest_link == "calves"
