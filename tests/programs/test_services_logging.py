import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programs.models import PrescriptionLog, SessionLog
from programs.services.logs import (
    prescription_log_set,
    prescription_log_undo_set,
    session_log_finish,
)
from tests.factories import AthleteUserFactory
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def athlete():
    return AthleteUserFactory()


@pytest.fixture
def version(athlete):
    return ProgramVersionFactory(program=ProgramFactory(athlete=athlete))


def _rx(version, day, **kwargs):
    session = SessionFactory(version=version, date=day)
    return PrescriptionFactory(session=session, **kwargs)


def test_sets_done_is_an_absolute_count_so_retries_do_not_double(athlete, version, today):
    rx = _rx(version, today)
    prescription_log_set(athlete=athlete, prescription=rx, sets_done=2, today=today)
    prescription_log_set(athlete=athlete, prescription=rx, sets_done=2, today=today)
    assert PrescriptionLog.objects.filter(prescription=rx).count() == 1
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 2
    # Logging a set marks the session started (a log row without completed_at).
    session_log = SessionLog.objects.get(session=rx.session)
    assert session_log.athlete == athlete
    assert session_log.completed_at is None


def test_a_tap_marks_sets_up_to_it_and_never_lowers_the_count(athlete, version, today):
    rx = _rx(version, today)
    prescription_log_set(athlete=athlete, prescription=rx, sets_done=3, today=today)
    # A tap on set 1 (or a stale page posting a lower count) keeps the logged sets.
    log = prescription_log_set(athlete=athlete, prescription=rx, sets_done=1, today=today)
    assert log.sets_done == 3
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 3


def test_undo_lowers_by_one_and_a_retried_undo_lowers_no_further(athlete, version, today):
    rx = _rx(version, today)
    prescription_log_set(athlete=athlete, prescription=rx, sets_done=3, today=today)
    for _ in range(2):  # a double tap or a retried request sends the same undo twice
        log = prescription_log_undo_set(
            athlete=athlete, prescription=rx, from_count=3, today=today
        )
    assert log.sets_done == 2
    assert rx.log.sets_done == 2
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 2
    prescription_log_undo_set(athlete=athlete, prescription=rx, from_count=2, today=today)
    prescription_log_undo_set(athlete=athlete, prescription=rx, from_count=1, today=today)
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 0


def test_undo_of_a_count_no_longer_logged_changes_nothing(athlete, version, today):
    rx = _rx(version, today)
    prescription_log_set(athlete=athlete, prescription=rx, sets_done=3, today=today)
    prescription_log_undo_set(athlete=athlete, prescription=rx, from_count=2, today=today)
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 3


@pytest.mark.parametrize("from_count", [0, 4, -1, "x", None])
def test_undo_refuses_a_count_outside_the_plan(athlete, version, today, from_count):
    rx = _rx(version, today)  # 3 sets planned
    with pytest.raises(ValidationError) as exc:
        prescription_log_undo_set(
            athlete=athlete, prescription=rx, from_count=from_count, today=today
        )
    assert "from_count" in exc.value.message_dict
    assert not PrescriptionLog.objects.exists()


def test_undo_on_a_closed_session_is_refused(athlete, version, today):
    rx = _rx(version, today - dt.timedelta(days=1))
    PrescriptionLog.objects.create(prescription=rx, sets_done=2)
    with pytest.raises(ValidationError, match="read-only"):
        prescription_log_undo_set(athlete=athlete, prescription=rx, from_count=2, today=today)
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 2


def test_hold_and_load_update_without_touching_sets(athlete, version, today):
    rx = _rx(version, today)
    prescription_log_set(athlete=athlete, prescription=rx, sets_done=2, today=today)
    log = prescription_log_set(
        athlete=athlete, prescription=rx, hold_seconds=30, load_kg=Decimal("42.5"), today=today
    )
    log.refresh_from_db()
    assert (log.sets_done, log.hold_seconds, log.load_kg) == (2, 30, Decimal("42.5"))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sets_done": 4}, "sets_done"),  # planned 3
        ({"sets_done": -1}, "sets_done"),
        ({"hold_seconds": 901}, "hold_seconds"),
        ({"hold_seconds": -1}, "hold_seconds"),
        ({"load_kg": Decimal("500.1")}, "load_kg"),
        ({"load_kg": -1}, "load_kg"),
        ({"load_kg": "heavy"}, "load_kg"),
    ],
)
def test_out_of_range_values_are_refused_and_nothing_is_saved(
    athlete, version, today, kwargs, field
):
    rx = _rx(version, today, sets=3)
    with pytest.raises(ValidationError) as excinfo:
        prescription_log_set(athlete=athlete, prescription=rx, today=today, **kwargs)
    assert field in excinfo.value.message_dict
    assert not PrescriptionLog.objects.exists()
    assert not SessionLog.objects.exists()


def test_bounds_are_inclusive(athlete, version, today):
    rx = _rx(version, today, sets=3)
    log = prescription_log_set(
        athlete=athlete, prescription=rx, sets_done=3, hold_seconds=900, load_kg=500, today=today
    )
    assert (log.sets_done, log.hold_seconds, log.load_kg) == (3, 900, Decimal("500.0"))


def test_without_planned_sets_up_to_twenty(athlete, version, today):
    rx = _rx(version, today, sets=None)
    assert (
        prescription_log_set(athlete=athlete, prescription=rx, sets_done=20, today=today).sets_done
        == 20
    )
    with pytest.raises(ValidationError):
        prescription_log_set(athlete=athlete, prescription=rx, sets_done=21, today=today)


def test_finish_twice_updates_one_log_and_keeps_completed_at(athlete, version, today):
    session = SessionFactory(version=version, date=today)
    first = session_log_finish(athlete=athlete, session=session, rpe=7, notes="ok", today=today)
    completed_at = first.completed_at
    assert completed_at is not None
    second = session_log_finish(
        athlete=athlete, session=session, rpe=8, notes="  harder  ", today=today
    )
    assert SessionLog.objects.count() == 1
    second.refresh_from_db()
    assert (second.rpe, second.notes, second.completed_at) == (8, "harder", completed_at)


@pytest.mark.parametrize("rpe", [0, 11, "x", None])
def test_finish_refuses_bad_rpe(athlete, version, today, rpe):
    session = SessionFactory(version=version, date=today)
    with pytest.raises(ValidationError) as excinfo:
        session_log_finish(athlete=athlete, session=session, rpe=rpe, notes="", today=today)
    assert "rpe" in excinfo.value.message_dict
    assert not SessionLog.objects.exists()


def test_finish_refuses_a_very_long_note(athlete, version, today):
    session = SessionFactory(version=version, date=today)
    with pytest.raises(ValidationError):
        session_log_finish(athlete=athlete, session=session, rpe=5, notes="x" * 2001, today=today)
    assert not SessionLog.objects.exists()


def test_past_session_is_read_only(athlete, version, today):
    rx = _rx(version, today - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="read-only"):
        prescription_log_set(athlete=athlete, prescription=rx, sets_done=1, today=today)
    with pytest.raises(ValidationError, match="read-only"):
        session_log_finish(athlete=athlete, session=rx.session, rpe=5, notes="", today=today)
    assert not PrescriptionLog.objects.exists()
    assert not SessionLog.objects.exists()


def test_late_logging_allowed_for_past_sessions(athlete, version, today):
    athlete.allow_late_logging = True
    athlete.save()
    rx = _rx(version, today - dt.timedelta(days=3))
    prescription_log_set(athlete=athlete, prescription=rx, sets_done=1, today=today)
    session_log_finish(athlete=athlete, session=rx.session, rpe=4, notes="late", today=today)
    assert PrescriptionLog.objects.get().sets_done == 1
    assert SessionLog.objects.get().rpe == 4


def test_future_session_cannot_be_logged_even_with_late_logging(athlete, version, today):
    athlete.allow_late_logging = True
    athlete.save()
    rx = _rx(version, today + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="on its day"):
        prescription_log_set(athlete=athlete, prescription=rx, sets_done=1, today=today)
    with pytest.raises(ValidationError, match="on its day"):
        session_log_finish(athlete=athlete, session=rx.session, rpe=5, notes="", today=today)
    assert not SessionLog.objects.exists()


def test_rest_day_cannot_be_logged(athlete, version, today):
    session = SessionFactory(version=version, date=today, kind="rest", title="Rest")
    with pytest.raises(ValidationError, match="Rest days"):
        session_log_finish(athlete=athlete, session=session, rpe=2, notes="", today=today)
    assert not SessionLog.objects.exists()


def test_another_athletes_session_is_refused(version, today):
    stranger = AthleteUserFactory()
    rx = _rx(version, today)
    with pytest.raises(ValidationError, match="not part of your program"):
        prescription_log_set(athlete=stranger, prescription=rx, sets_done=1, today=today)
    assert not PrescriptionLog.objects.exists()


def test_proposed_version_cannot_be_logged(athlete, version, today):
    proposed = ProgramVersionFactory(program=version.program, status="proposed")
    rx = _rx(proposed, today)
    with pytest.raises(ValidationError):
        prescription_log_set(athlete=athlete, prescription=rx, sets_done=1, today=today)
    assert not PrescriptionLog.objects.exists()
