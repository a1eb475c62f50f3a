"""The kept history's hand-written statements (programs.services.generate_write) do what
the ORM forms below did, on PostgreSQL and SQLite alike: the ORM forms are the
specification."""

import datetime as dt

import pytest
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from programs.models import Prescription, PrescriptionLog, Session, SessionLog
from programs.services import generate_write as write
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramVersionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Every field of a prescription but its id and session: a copy has them all.
ITEM_FIELDS = [
    f.attname for f in Prescription._meta.concrete_fields if f.name not in ("id", "session")
]


def orm_frozen_sessions(version, today):
    edited = Prescription.objects.filter(session=OuterRef("pk"), coach_edited=True)
    return list(
        version.sessions.filter(
            Q(date__lt=today) | Q(log__isnull=False) | ~Q(coach_note="") | Exists(edited)
        ).order_by("date")
    )


def _day(offset):
    return TODAY + dt.timedelta(days=offset)


def _version_with_history():
    """A version with one session of each kind a new version must keep or may replace,
    and another version's sessions on the same dates."""
    version = ProgramVersionFactory()
    athlete = version.program.athlete
    past = SessionFactory(version=version, date=_day(-3))
    PrescriptionFactory(session=past, order=1)
    logged = SessionFactory(version=version, date=_day(2))
    first = PrescriptionFactory(session=logged, order=1)
    PrescriptionFactory(session=logged, order=2, side="L", sets=4)
    SessionLog.objects.create(session=logged, athlete=athlete, rpe=7)
    PrescriptionLog.objects.create(prescription=first, sets_done=2, hold_seconds=20)
    SessionFactory(version=version, date=_day(3), coach_note="Easy, you raced Sunday.")
    edited = SessionFactory(version=version, date=_day(4))
    PrescriptionFactory(session=edited, order=1, coach_edited=True, sets=5, note="Coach")
    plain = SessionFactory(version=version, date=_day(5))  # replaced by the new plan
    PrescriptionFactory(session=plain, order=1)
    SessionFactory(version=version, date=TODAY)  # today, not logged: replaced too
    other = ProgramVersionFactory()
    for offset in (-3, 2, 4):
        SessionFactory(version=other, date=_day(offset), coach_note="other")
    return version


@pytest.mark.parametrize("today_offset", [-10, 0, 3, 10])
def test_frozen_sessions_agree_with_the_orm(today_offset):
    version = _version_with_history()
    today = _day(today_offset)
    expected = orm_frozen_sessions(version, today)
    got = write.frozen_sessions(version, today)
    assert [s.pk for s in got] == [s.pk for s in expected]
    assert [s.date for s in got] == [s.date for s in expected]  # dates, not text (SQLite)
    logs = dict(SessionLog.objects.values_list("session_id", "id"))
    assert [s.log_id for s in got] == [logs.get(s.pk) for s in expected]
    if today_offset == 0:  # the past day, the logged, the noted and the edited one
        assert [s.date for s in got] == [_day(-3), _day(2), _day(3), _day(4)]


def _items(session):
    return [
        tuple(getattr(p, name) for name in ITEM_FIELDS)
        for p in session.prescriptions.order_by("order")
    ]


@pytest.mark.parametrize("move_logs", [True, False])
def test_copy_sessions_copies_rows_and_moves_logs(move_logs, django_assert_max_num_queries):
    old = _version_with_history()
    new = ProgramVersionFactory(program=old.program, number=old.number + 1, status="proposed")
    kept = write.frozen_sessions(old, TODAY)
    before = {s.date: _items(s) for s in kept}
    log_before = PrescriptionLog.objects.values_list("pk", "sets_done", "hold_seconds").get()
    with django_assert_max_num_queries(7):  # 2 COPY + ids, the read, two updates
        write.copy_sessions(kept, new, move_logs=move_logs)
    copies = {s.date: s for s in Session.objects.filter(version=new)}
    assert sorted(copies) == sorted(before)
    for day, items in before.items():
        assert _items(copies[day]) == items
        assert copies[day].coach_note == next(s for s in kept if s.date == day).coach_note
    # The old version's rows are never changed.
    assert {s.date: _items(s) for s in old.sessions.filter(date__in=list(before))} == before
    session_log = SessionLog.objects.get()
    prescription_log = PrescriptionLog.objects.get()
    holder = copies[_day(2)] if move_logs else old.sessions.get(date=_day(2))
    assert session_log.session_id == holder.pk
    assert prescription_log.prescription == holder.prescriptions.get(order=1)
    # The log itself is the same row with the same values.
    logged = (prescription_log.pk, prescription_log.sets_done, prescription_log.hold_seconds)
    assert logged == log_before


def test_copy_sessions_of_nothing_writes_nothing(django_assert_num_queries):
    new = ProgramVersionFactory()
    with django_assert_num_queries(0):
        write.copy_sessions([], new, move_logs=True)


def test_repoint_sets_each_row_in_chunks():
    # More rows than one UPDATE takes: every row gets its own new value.
    version = ProgramVersionFactory()
    athlete = version.program.athlete
    sessions = [SessionFactory(version=version, date=_day(n)) for n in range(450)]
    targets = [SessionFactory(version=version, date=_day(1000 + n)) for n in range(450)]
    logs = SessionLog.objects.bulk_create(
        [SessionLog(session=s, athlete=athlete) for s in sessions]
    )
    pairs = [(log.pk, target.pk) for log, target in zip(logs, targets, strict=True)]
    write._repoint(SessionLog, "session_id", pairs)
    assert dict(SessionLog.objects.values_list("pk", "session_id")) == dict(pairs)
