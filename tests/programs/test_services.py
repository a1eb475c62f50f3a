import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programs import services
from programs.models import (
    Exercise,
    Prescription,
    PrescriptionLog,
    Program,
    ProgramVersion,
    Session,
    SessionLog,
)
from programs.selectors.athlete import athlete_session_on
from programs.selectors.program import adherence_for_athletes, version_sessions
from programs.services import generate as services_generate
from programs.services.library import exercise_library_load
from tests.factories import AthleteFactory, UserFactory
from tests.programs.factories import ProgramFactory
from tests.worker import make_assessment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def library():
    exercise_library_load()


@pytest.fixture
def athlete(library):
    return AthleteFactory()


def generate(athlete, today=TODAY, trigger="assessment"):
    return services.program_generate_for(athlete=athlete, today=today, trigger=trigger)


def snapshot(version):
    """Everything a version says, per date, to compare before and after."""
    return {
        s.date: (
            s.kind,
            s.title,
            s.coach_note,
            [
                (p.exercise.code, p.order, p.section, p.sets, p.reps, p.seconds, p.side, p.note)
                for p in s.prescriptions.all()
            ],
        )
        for s in version_sessions(version)
    }


def log_session(session, athlete, rpe=6):
    log = SessionLog.objects.create(
        session=session, athlete=athlete, rpe=rpe, completed_at=timezone.now()
    )
    first = session.prescriptions.first()
    if first:
        PrescriptionLog.objects.create(prescription=first, sets_done=2, hold_seconds=20)
    return log


# ---------------------------------------------------------------------------- outbox
def test_mark_pending_sets_state_and_queues_once_per_athlete_per_transaction(
    athlete, django_capture_on_commit_callbacks
):
    other = AthleteFactory()
    ProgramFactory(athlete=athlete, regen_attempts=2, regen_error="old")
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        for _ in range(10):
            services.program_mark_pending(athlete=athlete)
        services.program_mark_pending(athlete=other)
    assert len(callbacks) == 2
    program = Program.objects.get(athlete=athlete)
    assert program.regen_status == "pending"
    assert program.regen_requested_at is not None
    assert program.regen_error == ""
    assert program.regen_attempts == 2  # kept


@pytest.mark.parametrize("count", [3, 30])
def test_mark_pending_bulk_in_constant_queries_with_one_job_per_athlete(
    count, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with_program = [AthleteFactory() for _ in range(count)]
    for athlete in with_program:
        ProgramFactory(athlete=athlete, regen_attempts=1, regen_error="old", locked=True)
    without = [AthleteFactory() for _ in range(count)]
    ids = [a.id for a in with_program + without]
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        services.program_mark_pending(athlete=with_program[0])  # already queued: not twice
        with django_assert_num_queries(4):  # savepoint, insert, update, release
            marked = services.program_mark_pending_bulk(athlete_ids=ids + ids[:2])
    assert marked == 2 * count
    assert len(callbacks) == 2 * count
    programs = Program.objects.filter(athlete_id__in=ids)
    assert programs.count() == 2 * count
    assert set(programs.values_list("regen_status", "regen_error")) == {("pending", "")}
    assert all(p.regen_requested_at for p in programs)
    kept = programs.filter(athlete__in=with_program)
    assert set(kept.values_list("regen_attempts", "locked")) == {(1, True)}
    assert services.program_mark_pending_bulk(athlete_ids=[]) == 0


def test_mark_pending_in_rolled_back_savepoint_does_not_swallow_later_request(
    athlete, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                services.program_mark_pending(athlete=athlete)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        services.program_mark_pending(athlete=athlete)
    assert len(callbacks) == 1


def test_rolled_back_request_queues_nothing(athlete, django_capture_on_commit_callbacks):
    def request_then_fail():
        with transaction.atomic():
            services.program_mark_pending(athlete=athlete)
            raise RuntimeError("rolled back")

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError, match="rolled back"),
    ):
        request_then_fail()
    assert callbacks == []
    assert not Program.objects.filter(athlete=athlete).exists()


def test_broker_outage_on_commit_is_logged_not_raised(
    athlete, caplog, django_capture_on_commit_callbacks
):
    from tests.worker import DEAD_BROKER_URL, celery_app_broker

    with (
        celery_app_broker(DEAD_BROKER_URL),
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.program_mark_pending(athlete=athlete)
    assert Program.objects.get(athlete=athlete).regen_status == "pending"
    assert "left pending" in caplog.text


def test_request_regeneration_marks_pending(athlete, django_capture_on_commit_callbacks):
    coach = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        program = services.program_request_regeneration(athlete=athlete, user=coach)
    assert program.regen_status == "pending"
    assert len(callbacks) == 1


# ------------------------------------------------------------------------ generation
def test_versions_are_numbered_and_the_old_active_superseded(athlete):
    make_assessment(athlete, weakest="hip_flexors", date=TODAY - dt.timedelta(days=1))
    first = generate(athlete)
    make_assessment(athlete, weakest="calves")
    second = generate(athlete)
    first.refresh_from_db()
    assert (first.number, first.status) == (1, "superseded")
    assert (second.number, second.status) == (2, "active")
    assert second.input_fingerprint
    assert second.input_fingerprint != first.input_fingerprint
    assert second.generator_input["start"] == TODAY.isoformat()
    assert second.rationale
    assert version_sessions(second).count() == 28


def test_same_input_is_a_no_op(athlete):
    make_assessment(athlete)
    assert generate(athlete) is not None
    assert generate(athlete) is None
    assert ProgramVersion.objects.count() == 1


def test_generation_without_assessment_gives_a_balanced_plan(athlete):
    version = generate(athlete, trigger="manual")
    assert version.status == "active"
    assert version.assessment is None
    assert "No strength test" in version.rationale[0]


def test_generation_query_count_is_bounded(athlete, django_assert_max_num_queries):
    make_assessment(athlete)
    generate(athlete)
    make_assessment(athlete, weakest="calves")
    with django_assert_max_num_queries(30):
        generate(athlete)


def test_unknown_exercise_code_is_skipped_with_a_warning(athlete, caplog, monkeypatch):
    real = services_generate.generator.generate

    def with_unknown(plan_input):
        plan = real(plan_input)
        first = plan.sessions[0]
        unknown = first.items[0].__class__(exercise_code="no_such_thing", order=99)
        sessions = (first.__class__(**{**first.__dict__, "items": (*first.items, unknown)}),)
        return plan.__class__(
            sessions=sessions + plan.sessions[1:],
            rationale=plan.rationale,
            substitutions=plan.substitutions,
        )

    monkeypatch.setattr(services_generate.generator, "generate", with_unknown)
    with caplog.at_level(logging.WARNING):
        version = generate(athlete)
    assert "no_such_thing" in caplog.text
    assert not Prescription.objects.filter(session__version=version, order=99).exists()


def test_locked_program_gets_proposals_and_approve_reject(athlete):
    coach = UserFactory()
    make_assessment(athlete, weakest="hip_flexors", date=TODAY - dt.timedelta(days=2))
    active = generate(athlete)
    program = services.program_set_locked(program=active.program, locked=True)
    make_assessment(athlete, weakest="calves", date=TODAY - dt.timedelta(days=1))
    proposal = generate(athlete)
    assert proposal.status == "proposed"
    active.refresh_from_db()
    assert active.status == "active"

    make_assessment(athlete, weakest="glutes")
    newer = generate(athlete)
    proposal.refresh_from_db()
    assert (proposal.status, newer.status) == ("superseded", "proposed")

    with pytest.raises(ValidationError):
        services.program_version_approve(version=active, user=coach)
    services.program_version_reject(version=newer, user=coach)
    newer.refresh_from_db()
    assert newer.status == "rejected"
    with pytest.raises(ValidationError):
        services.program_version_approve(version=newer, user=coach)

    services.program_set_locked(program=program, locked=False)
    program.refresh_from_db()
    services.program_set_locked(program=program, locked=True)
    make_assessment(athlete, weakest="core")
    last = generate(athlete)
    approved = services.program_version_approve(version=last, user=coach)
    active.refresh_from_db()
    assert (approved.status, active.status) == ("active", "superseded")
    assert approved.decided_at is not None


def test_past_and_logged_sessions_are_never_changed(athlete):
    start = TODAY - dt.timedelta(days=10)
    make_assessment(athlete, weakest="hip_flexors", date=start)
    first = generate(athlete, today=start)
    before = snapshot(first)
    sessions = {s.date: s for s in version_sessions(first)}
    past_trained = next(s for d, s in sorted(sessions.items()) if d < TODAY and s.kind != "rest")
    future_trained = next(
        s for d, s in sorted(sessions.items()) if d > TODAY and s.prescriptions.exists()
    )
    past_log = log_session(past_trained, athlete)
    future_log = log_session(future_trained, athlete, rpe=8)

    make_assessment(athlete, weakest="calves")
    second = generate(athlete)
    after = snapshot(second)
    # History: every past day and the logged future day are the same as before.
    for day, value in before.items():
        if day < TODAY or day == future_trained.date:
            assert after[day] == value, day
    # The old version's rows are untouched.
    assert snapshot(first) == before
    # Logs moved onto the copies in the active version.
    past_log.refresh_from_db()
    future_log.refresh_from_db()
    assert past_log.session.version == second
    assert future_log.session.version == second
    assert future_log.session.date == future_trained.date
    assert PrescriptionLog.objects.filter(prescription__session__version=second).count() == 2
    assert athlete_session_on(athlete, future_trained.date).log == future_log
    # Future days that were not logged were regenerated for the new weakest link.
    future = [d for d in after if d >= TODAY and d != future_trained.date]
    assert any(after[d] != before.get(d) for d in future)


def test_the_new_version_is_built_from_the_athletes_adherence(athlete):
    # The job reads adherence in one statement of its own (generate_read.adherence_28):
    # what it stores must be the selector's figures for the same days.
    start = TODAY - dt.timedelta(days=10)
    make_assessment(athlete, weakest="hip_flexors", date=start)
    first = generate(athlete, today=start)
    trained = [s for s in version_sessions(first) if s.date < TODAY and s.kind != "rest"]
    log_session(trained[0], athlete, rpe=9)
    log_session(trained[1], athlete, rpe=6)
    make_assessment(athlete, weakest="calves")
    second = generate(athlete)
    stats = adherence_for_athletes([athlete.id], TODAY)[athlete.id]
    assert stats["share_28"] == pytest.approx(2 / len(trained))
    assert second.generator_input["adherence"] == {
        "completed_share": stats["share_28"],
        "mean_rpe": 7.5,
    }


def test_coach_edited_sessions_are_kept(athlete):
    coach = UserFactory()
    make_assessment(athlete, weakest="hip_flexors", date=TODAY - dt.timedelta(days=1))
    first = generate(athlete)
    prescription = (
        Prescription.objects.filter(session__version=first, session__date__gt=TODAY)
        .exclude(sets=None)
        .first()
    )
    services.prescription_update(prescription=prescription, user=coach, sets=7, note="Easy")
    noted = Session.objects.filter(version=first, date__gt=TODAY).last()
    services.session_note_set(session=noted, note="Track is closed: use the field.")
    edited_before = snapshot(first)[prescription.session.date]
    noted_before = snapshot(first)[noted.date]

    make_assessment(athlete, weakest="calves")
    second = generate(athlete)
    after = snapshot(second)
    assert after[prescription.session.date] == edited_before
    assert after[noted.date] == noted_before
    copy = Prescription.objects.get(
        session__version=second,
        session__date=prescription.session.date,
        order=prescription.order,
    )
    assert (copy.sets, copy.note, copy.coach_edited) == (7, "Easy", True)


def test_approve_carries_logged_sessions_into_the_proposal(athlete):
    coach = UserFactory()
    start = TODAY - dt.timedelta(days=3)
    make_assessment(athlete, weakest="hip_flexors", date=start)
    active = generate(athlete, today=start)
    services.program_set_locked(program=active.program, locked=True)
    make_assessment(athlete, weakest="calves", date=start)
    proposal = generate(athlete, today=start + dt.timedelta(days=1))
    # Logged after the proposal was built.
    logged = next(
        s for s in version_sessions(active) if s.date < TODAY and s.prescriptions.exists()
    )
    log = log_session(logged, athlete)
    history = snapshot(active)
    services.program_version_approve(version=proposal, user=coach)
    log.refresh_from_db()
    assert log.session.version == proposal
    after = snapshot(proposal)
    for day, value in history.items():
        if day < TODAY:
            assert after[day] == value


def test_different_weakest_links_give_different_programs(library):
    hips, calves = AthleteFactory(), AthleteFactory()
    make_assessment(hips, weakest="hip_flexors")
    make_assessment(calves, weakest="calves")

    def targeted(version):
        return set(
            Prescription.objects.filter(session__version=version, section="targeted").values_list(
                "emphasis", "exercise__code", "muscle_length"
            )
        )

    hips_items, calves_items = targeted(generate(hips)), targeted(generate(calves))
    hip_lengths = {length for group, _code, length in hips_items if group == "hip_flexors"}
    calf_lengths = {length for group, _code, length in calves_items if group == "calves"}
    assert {"short", "middle", "long"} <= hip_lengths
    assert {"short", "middle", "long"} <= calf_lengths
    assert hips_items != calves_items
    assert len({c for g, c, _ in hips_items if g == "calves"}) < len(
        {c for g, c, _ in calves_items if g == "calves"}
    )


def test_block_week_continues_the_running_block(athlete):
    start = TODAY - dt.timedelta(days=15)
    make_assessment(athlete, date=start)
    first = generate(athlete, today=start)
    assert first.generator_input["block_week"] == 1
    make_assessment(athlete, weakest="calves")
    second = generate(athlete)
    assert second.generator_input["block_week"] == 3


# ---------------------------------------------------------------------------- the job
def test_regenerate_claims_builds_and_is_idempotent(athlete, django_capture_on_commit_callbacks):
    make_assessment(athlete)
    services.program_mark_pending(athlete=athlete)
    version = services.program_regenerate(athlete_id=athlete.id)
    program = Program.objects.get(athlete=athlete)
    assert version.trigger == "assessment"
    assert program.regen_status == "idle"
    assert program.regen_finished_at is not None
    assert program.regen_attempts == 0
    assert services.program_regenerate(athlete_id=athlete.id) is None  # not pending
    services.program_request_regeneration(athlete=athlete, user=UserFactory())
    assert services.program_regenerate(athlete_id=athlete.id) is None  # same input
    assert Program.objects.get(athlete=athlete).regen_status == "idle"
    assert ProgramVersion.objects.count() == 1


def test_regenerate_manual_trigger_without_new_assessment(athlete):
    services.program_mark_pending(athlete=athlete)
    version = services.program_regenerate(athlete_id=athlete.id)
    assert version.trigger == "manual"


def test_regenerate_after_an_assessment_is_updated_says_new_results(athlete):
    """A CSV re-import updates the assessment in place: its version is not a coach request."""
    assessment = make_assessment(athlete)
    services.program_mark_pending(athlete=athlete)
    services.program_regenerate(athlete_id=athlete.id)
    other = make_assessment(athlete, weakest="calves", date=assessment.date)
    assessment.profile = other.profile
    assessment.save()
    other.delete()
    services.program_mark_pending(athlete=athlete)
    version = services.program_regenerate(athlete_id=athlete.id)
    assert (version.number, version.trigger, version.assessment) == (2, "assessment", assessment)
    services.program_request_regeneration(athlete=athlete, user=UserFactory())
    ProgramVersion.objects.filter(pk=version.pk).update(input_fingerprint="changed")
    assert services.program_regenerate(athlete_id=athlete.id).trigger == "manual"


@pytest.mark.parametrize("when", ["after the write", "during the build"])
def test_request_arriving_while_running_is_not_lost(
    athlete, monkeypatch, django_capture_on_commit_callbacks, when
):
    make_assessment(athlete)
    # A pending row as committed by an earlier transaction (no callback of ours queued).
    ProgramFactory(athlete=athlete, regen_status="pending", regen_requested_at=timezone.now())

    def request() -> None:
        Program.objects.filter(athlete=athlete).update(
            regen_status="pending", regen_requested_at=timezone.now()
        )

    if when == "after the write":
        real = services_generate._version_build

        def with_new_request(**kwargs):
            version = real(**kwargs)
            request()
            return version

        monkeypatch.setattr(services_generate, "_version_build", with_new_request)
    else:
        generate = services_generate.generator.generate

        def generate_with_request(plan_input):
            request()
            return generate(plan_input)

        monkeypatch.setattr(services_generate.generator, "generate", generate_with_request)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.program_regenerate(athlete_id=athlete.id) is not None
    assert Program.objects.get(athlete=athlete).regen_status == "pending"
    assert len(callbacks) == 1


def test_failed_generation_rolls_back_and_records_the_error(athlete):
    athlete.level = "bogus"
    athlete.save()
    services.program_mark_pending(athlete=athlete)
    with pytest.raises(ValueError, match="level") as excinfo:
        services.program_regenerate(athlete_id=athlete.id)
    services.program_regeneration_failed(athlete_id=athlete.id, error=excinfo.value, final=True)
    program = Program.objects.get(athlete=athlete)
    assert program.regen_status == "failed"
    assert program.regen_error.startswith("ValueError: level 'bogus'")
    assert program.regen_attempts == 1
    assert not ProgramVersion.objects.exists()


def test_sweep_selects_overdue_failed_and_stuck(settings, library):
    settings.REGENERATION_SWEEP_AFTER_S = 120
    settings.CELERY_TASK_TIME_LIMIT = 60
    now = timezone.now()
    old, fresh = now - dt.timedelta(minutes=10), now - dt.timedelta(seconds=5)
    rows = {
        "pending_old": dict(regen_status="pending", regen_requested_at=old),
        "pending_fresh": dict(regen_status="pending", regen_requested_at=fresh),
        "failed": dict(regen_status="failed", regen_attempts=2),
        "failed_out": dict(regen_status="failed", regen_attempts=10),
        "running_stuck": dict(regen_status="running", regen_started_at=old),
        "running_now": dict(regen_status="running", regen_started_at=fresh),
        "idle": dict(regen_status="idle", regen_requested_at=old),
    }
    ids = {name: ProgramFactory(**fields).athlete_id for name, fields in rows.items()}
    swept = set(services.programs_to_sweep(now=now))
    assert swept == {ids["pending_old"], ids["failed"], ids["running_stuck"]}


# ---------------------------------------------------------------------- coach's edits
def test_settings_update_validates_and_requests_regeneration(
    athlete, django_capture_on_commit_callbacks
):
    program = ProgramFactory(athlete=athlete)
    for block_length, weeks in ((1, 4), (9, 4), (4, 0), (4, 9)):
        with pytest.raises(ValidationError):
            services.program_settings_update(
                program=program, block_length=block_length, weeks=weeks
            )
    program.refresh_from_db()
    assert (program.block_length, program.weeks, program.regen_status) == (4, 4, "idle")
    with django_capture_on_commit_callbacks(execute=False):
        services.program_settings_update(program=program, block_length=3, weeks=6)
    program.refresh_from_db()
    assert (program.block_length, program.weeks, program.regen_status) == (3, 6, "pending")


@pytest.fixture
def edit_setup(athlete):
    start = TODAY - dt.timedelta(days=3)
    make_assessment(athlete, weakest="hip_flexors", date=start)
    version = generate(athlete, today=start)
    targeted = Prescription.objects.filter(
        session__version=version, session__date__gt=TODAY, emphasis="hip_flexors"
    ).select_related("exercise")
    return version, targeted.first()


def test_prescription_update_swaps_within_the_group(edit_setup):
    _version, prescription = edit_setup
    other = (
        Exercise.objects.filter(active=True, groups__has_item="hip_flexors")
        .exclude(pk=prescription.exercise_id)
        .first()
    )
    updated = services.prescription_update(
        prescription=prescription, user=UserFactory(), exercise=other, sets=4, seconds=30
    )
    updated.refresh_from_db()
    assert (updated.exercise, updated.sets, updated.seconds) == (other, 4, 30)
    assert updated.coach_edited


def test_prescription_update_clears_numbers_given_as_none_and_keeps_the_rest(edit_setup):
    _version, prescription = edit_setup
    prescription.sets, prescription.reps, prescription.rest_s = 3, 8, 60
    prescription.seconds = None
    prescription.save()
    # A coach turns 3 × 8 reps into 3 × 30 s holds: the reps must go, or the dose still
    # reads as reps (dose_text prefers them).
    updated = services.prescription_update(
        prescription=prescription, user=UserFactory(), reps=None, seconds=30
    )
    updated.refresh_from_db()
    assert (updated.sets, updated.reps, updated.seconds, updated.rest_s) == (3, None, 30, 60)
    assert updated.dose.startswith("3 × 30 s")
    services.prescription_update(prescription=updated, user=UserFactory(), note=None)
    updated.refresh_from_db()
    assert updated.note == ""


def _values(pk):
    row = Prescription.objects.get(pk=pk)
    return {f.attname: getattr(row, f.attname) for f in Prescription._meta.concrete_fields}


def _assert_unchanged(prescription):
    before = _values(prescription.pk)
    return lambda: _values(prescription.pk) == before


def test_prescription_update_rejects_a_swap_to_another_group(edit_setup):
    _version, prescription = edit_setup
    calf_only = Exercise.objects.filter(active=True, groups=["calves"]).first()
    unchanged = _assert_unchanged(prescription)
    with pytest.raises(ValidationError) as excinfo:
        services.prescription_update(
            prescription=prescription, user=UserFactory(), exercise=calf_only, sets=4
        )
    assert "same muscle group" in str(excinfo.value)
    assert unchanged()


@pytest.mark.parametrize(
    "values", [{"sets": 0}, {"sets": 13}, {"reps": 0}, {"rest_s": 901}, {"note": "x" * 2001}]
)
def test_prescription_update_rejects_out_of_range_values(edit_setup, values):
    _version, prescription = edit_setup
    unchanged = _assert_unchanged(prescription)
    with pytest.raises(ValidationError):
        services.prescription_update(prescription=prescription, user=UserFactory(), **values)
    assert unchanged()


def test_prescription_update_refuses_past_logged_and_other_versions(edit_setup, athlete):
    version, prescription = edit_setup
    coach = UserFactory()
    past = Prescription.objects.filter(session__version=version, session__date__lt=TODAY).first()
    unchanged_past = _assert_unchanged(past)
    with pytest.raises(ValidationError, match="Past sessions"):
        services.prescription_update(prescription=past, user=coach, sets=2)
    assert unchanged_past()

    logged = Prescription.objects.filter(
        session__version=version, session__date__gt=TODAY
    ).exclude(session=prescription.session)[0]
    log_session(logged.session, athlete)
    unchanged_logged = _assert_unchanged(logged)
    with pytest.raises(ValidationError, match="logged"):
        services.prescription_update(prescription=logged, user=coach, sets=2)
    assert unchanged_logged()

    make_assessment(athlete, weakest="calves")
    generate(athlete)  # supersedes `version`
    unchanged = _assert_unchanged(prescription)
    with pytest.raises(ValidationError, match="active version"):
        services.prescription_update(prescription=prescription, user=coach, sets=2)
    assert unchanged()


def test_session_note_only_on_the_active_version(edit_setup, athlete):
    _version, prescription = edit_setup
    session = prescription.session
    services.session_note_set(session=session, note="  Bring a band.  ")
    session.refresh_from_db()
    assert session.coach_note == "Bring a band."
    with pytest.raises(ValidationError):
        services.session_note_set(session=session, note="x" * 2001)
    make_assessment(athlete, weakest="calves")
    generate(athlete)
    with pytest.raises(ValidationError):
        services.session_note_set(session=session, note="Too late")
    session.refresh_from_db()
    assert session.coach_note == "Bring a band."
