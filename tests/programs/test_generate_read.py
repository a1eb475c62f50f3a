"""The job's hand-written reads and status writes (programs.services.generate_read) give
what the ORM queries they replaced give, on PostgreSQL and SQLite alike: the ORM forms
below are the specification."""

import datetime as dt

import pytest
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from assessments.models import Assessment, TestProtocol, TestResult
from assessments.services_library import protocol_library_load
from programs.models import Program, ProgramVersion
from programs.selectors.program import adherence_for_athletes
from programs.services import generate_read as read
from tests.assessments.factories import FULL_RESULTS, record
from tests.factories import AthleteFactory
from tests.programs.factories import ProgramFactory, ProgramVersionFactory, SessionFactory
from tests.programs.test_selectors import ADHERENCE_CASES, log
from tests.programs.test_selectors import TODAY as ADHERENCE_TODAY

pytestmark = pytest.mark.django_db

OUTCOMES = [("sprint_20m", "B", 3.12), ("cmj_height", "B", 41.5)]
Regen = Program.Regeneration


def orm_latest_assessment(athlete):
    results = TestResult.objects.filter(assessment=OuterRef("pk"))
    strength = results.filter(protocol__kind=TestProtocol.Kind.STRENGTH)
    return (
        Assessment.objects.filter(athlete=athlete, balance_level__isnull=False)
        .filter(Exists(strength) | ~Exists(results))
        .order_by("-date", "-id")
        .first()
    )


@pytest.fixture
def protocols():
    protocol_library_load()


def test_latest_assessment_skips_a_day_of_outcomes_alone(protocols):
    athlete = AthleteFactory()
    strength = record(athlete, date=dt.date(2026, 1, 5))
    record(athlete, date=dt.date(2026, 1, 6), results=OUTCOMES)
    assert read.latest_assessment(athlete) == strength == orm_latest_assessment(athlete)


@pytest.mark.parametrize(
    "days",
    [
        [],  # never tested
        ["strength"],
        ["strength", "outcomes"],
        ["outcomes"],  # outcomes alone: no assessment plans a block
        ["strength", "strength"],  # same date: the later id wins
        ["strength", "bare", "outcomes"],  # no result rows: keeps its profile
    ],
)
def test_latest_assessment_agrees_with_the_orm(protocols, days):
    athlete, other = AthleteFactory(), AthleteFactory()
    record(other, date=dt.date(2026, 3, 1))  # another athlete's newer test never counts
    for n, day in enumerate(days):
        date = dt.date(2026, 1, 5) + dt.timedelta(days=7 * n if day != "strength" else 0)
        if day == "bare":
            assessment = record(athlete, date=date)
            assessment.results.all().delete()
        else:
            record(athlete, date=date, results=OUTCOMES if day == "outcomes" else FULL_RESULTS)
    expected = orm_latest_assessment(athlete)
    got = read.latest_assessment(athlete)
    assert got == expected
    assert (got is None) == (days in ([], ["outcomes"]))
    if got is not None:  # the whole row, JSON fields decoded
        assert got.profile == expected.profile
        assert got.date == expected.date


def test_job_program_carries_its_newest_version_number_and_athlete():
    program = ProgramFactory()
    assert read.job_program(athlete_id=program.athlete_id).top is None
    for number, status in ((1, "superseded"), (2, "active"), (3, "rejected")):
        ProgramVersionFactory(program=program, number=number, status=status)
    ProgramVersionFactory(number=9)  # another program's
    got = read.job_program(athlete_id=program.athlete_id)
    expected = Program.objects.annotate(top=Max("versions__number")).get(pk=program.pk)
    assert (got.pk, got.top, got.athlete) == (program.pk, expected.top, program.athlete)
    assert (got.weeks, got.locked, got.session_budget_min) == (
        expected.weeks,
        expected.locked,
        expected.session_budget_min,
    )
    assert read.program_reread(program=got).top == 3
    assert read.job_program(athlete_id=AthleteFactory().pk) is None


def test_current_versions_are_the_active_and_proposed_newest_first():
    program = ProgramFactory()
    statuses = ["superseded", "active", "rejected", "proposed", "superseded"]
    for number, status in enumerate(statuses, start=1):
        ProgramVersionFactory(program=program, number=number, status=status)
    ProgramVersionFactory(status="active")  # another program's
    got = read.current_versions(program)
    expected = list(program.versions.filter(status__in=["active", "proposed"]))
    assert [v.pk for v in got] == [v.pk for v in expected]
    assert [v.number for v in got] == [4, 2]
    assert got[0].generator_input == expected[0].generator_input  # JSON decoded


@pytest.mark.parametrize(
    ("status", "claimed"),
    [
        (Regen.PENDING, True),
        (Regen.FAILED, True),
        (Regen.RUNNING, True),  # its worker died (the caller holds the lock)
        (Regen.IDLE, False),
    ],
)
def test_claim_marks_a_request_running_and_counts_the_attempt(status, claimed):
    program = ProgramFactory(regen_status=status, regen_attempts=1)
    now = timezone.now()
    assert read.program_claim(athlete_id=program.athlete_id, now=now) is claimed
    program.refresh_from_db()
    if claimed:
        assert (program.regen_status, program.regen_attempts) == (Regen.RUNNING, 2)
        assert program.regen_started_at == now
    else:
        assert (program.regen_status, program.regen_attempts) == (Regen.IDLE, 1)


def test_claim_leaves_other_athletes_alone():
    mine, other = ProgramFactory(regen_status=Regen.IDLE), ProgramFactory(regen_status="pending")
    assert read.program_claim(athlete_id=mine.athlete_id, now=timezone.now()) is False
    other.refresh_from_db()
    assert other.regen_status == Regen.PENDING


def test_done_sets_idle_but_keeps_a_request_marked_meanwhile():
    running = ProgramFactory(regen_status=Regen.RUNNING, regen_attempts=2, regen_error="x")
    marked = ProgramFactory(regen_status=Regen.PENDING, regen_attempts=2)
    now = timezone.now()
    for program in (running, marked):
        read.program_done(program_id=program.pk, now=now)
        program.refresh_from_db()
    assert (running.regen_status, running.regen_attempts, running.regen_error) == ("idle", 0, "")
    assert running.regen_finished_at == now
    assert (marked.regen_status, marked.regen_attempts) == (Regen.PENDING, 2)


def test_pending_is_read_per_athlete():
    pending, idle = ProgramFactory(regen_status=Regen.PENDING), ProgramFactory()
    assert read.regeneration_pending(athlete_id=pending.athlete_id) is True
    assert read.regeneration_pending(athlete_id=idle.athlete_id) is False
    assert read.regeneration_pending(athlete_id=AthleteFactory().pk) is False


def test_versions_read_are_model_instances():
    version = ProgramVersionFactory()
    (got,) = read.current_versions(version.program)
    assert isinstance(got, ProgramVersion)
    assert got.program_id == version.program_id


def test_protocol_rows_are_the_named_protocols_names_and_noise(protocols):
    codes = {"hip_flexion_hhd", "sprint_20m", "no_such_code"}
    expected = TestProtocol.objects.filter(code__in=codes).values_list(
        "code", "name", "sem_pct", "noise_abs"
    )
    got = read.protocol_rows(codes)
    assert sorted(got) == sorted(expected)
    assert len(got) == 2
    assert read.protocol_rows(set()) == []


@pytest.mark.parametrize("scenario", ADHERENCE_CASES, ids=lambda s: s.__name__.strip("_"))
def test_adherence_28_agrees_with_the_selector(scenario, django_assert_num_queries):
    # The selector (programs.selectors.program) is the rule; the job's one statement must
    # give its 28-day share and mean RPE for every case of its table.
    athletes = list(scenario())
    stats = adherence_for_athletes([a.id for a in athletes], ADHERENCE_TODAY)
    for athlete in athletes:
        with django_assert_num_queries(1):
            got = read.adherence_28(athlete_id=athlete.id, today=ADHERENCE_TODAY)
        assert got == (stats[athlete.id]["share_28"], stats[athlete.id]["mean_rpe"])


def test_adherence_28_counts_the_window_and_this_athlete_only():
    version = ProgramVersionFactory(status="active")
    athlete = version.program.athlete
    days = [ADHERENCE_TODAY - dt.timedelta(days=n) for n in (29, 28, 5, 0)]
    sessions = [SessionFactory(version=version, date=day) for day in days]
    other = ProgramVersionFactory(status="active")  # another athlete's logs never count
    log(SessionFactory(version=other, date=days[2]), rpe=2)
    # 29 days ago and today lie outside the window; 28 days ago and 5 days ago inside.
    for session, rpe in zip(sessions, (9, 6, None, 1), strict=True):
        log(session, rpe=rpe)
    assert read.adherence_28(athlete_id=athlete.id, today=ADHERENCE_TODAY) == (1.0, 6)
    assert read.adherence_28(athlete_id=AthleteFactory().id, today=ADHERENCE_TODAY) == (
        None,
        None,
    )
