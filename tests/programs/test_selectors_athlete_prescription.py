"""athlete_prescription_get, compiled once per process, gives what the ORM query it
replaced gives (kept below as the specification), on PostgreSQL and SQLite alike."""

from decimal import Decimal

import pytest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from programs.models import (
    Prescription,
    PrescriptionLog,
    SessionLog,
)
from programs.selectors import athlete as sel
from tests.factories import AthleteUserFactory
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def orm_prescription_get(athlete, prescription_id: int) -> Prescription:
    return get_object_or_404(
        Prescription.objects.filter(
            session__in=sel.session_list_for_athlete(athlete).values("pk")
        ).select_related("exercise", "log", "session__version__program", "session__log"),
        pk=prescription_id,
    )


def values(instance) -> list:
    return [
        getattr(instance, f.attname)
        for f in type(instance)._meta.concrete_fields
        if f.attname in instance.__dict__  # loaded, not deferred
    ]


@pytest.fixture
def athlete():
    return AthleteUserFactory()


@pytest.fixture
def program(athlete):
    return ProgramFactory(athlete=athlete)


def rx_on(version, day, **kwargs):
    return PrescriptionFactory(session=SessionFactory(version=version, date=day), **kwargs)


def assert_same(athlete, rx_id):
    got, expected = (
        sel.athlete_prescription_get(athlete, rx_id),
        orm_prescription_get(athlete, rx_id),
    )
    assert values(got) == values(expected)
    assert values(got.session) == values(expected.session)
    assert values(got.exercise) == values(expected.exercise)
    assert values(got.session.version.program) == values(expected.session.version.program)
    assert got.session.version.status == expected.session.version.status
    assert got.session.version.start_date == expected.session.version.start_date
    return got


def test_the_athletes_own_prescription_with_everything_the_card_needs(
    athlete, program, django_assert_num_queries
):
    today = timezone.localdate()
    version = ProgramVersionFactory(program=program, status="active")
    rx = rx_on(version, today, sets=4, seconds=30)
    got = assert_same(athlete, rx.pk)
    with django_assert_num_queries(0):  # all of it came in the one query
        assert got.session.version.program.athlete_id == athlete.pk
        assert got.exercise.name
        with pytest.raises(PrescriptionLog.DoesNotExist):
            got.log  # noqa: B018
        with pytest.raises(SessionLog.DoesNotExist):
            got.session.log  # noqa: B018


def test_its_logs_come_with_it(athlete, program, django_assert_num_queries):
    today = timezone.localdate()
    rx = rx_on(ProgramVersionFactory(program=program, status="active"), today)
    session_log = SessionLog.objects.create(session=rx.session, athlete=athlete, rpe=7)
    rx_log = PrescriptionLog.objects.create(
        prescription=rx, sets_done=2, hold_seconds=25, load_kg=Decimal("12.5")
    )
    got = assert_same(athlete, rx.pk)
    with django_assert_num_queries(0):
        assert values(got.log) == values(rx_log)
        assert got.log.load_kg == Decimal("12.5")  # converted as the ORM converts
        assert values(got.session.log) == values(session_log)
        assert got.log.prescription is got
        assert got.session.log.session is got.session


def test_the_version_json_is_left_in_the_database(athlete, program, django_assert_num_queries):
    rx = rx_on(ProgramVersionFactory(program=program), timezone.localdate())
    got = sel.athlete_prescription_get(athlete, rx.pk)
    assert "generator_input" not in got.session.version.__dict__
    with django_assert_num_queries(1):  # deferred: read only if asked for
        assert got.session.version.generator_input == rx.session.version.generator_input


@pytest.mark.parametrize(
    ("case", "visible"),
    [
        ("active", True),
        ("proposed", False),
        ("rejected", False),
        ("superseded", False),
        ("superseded, logged by them", True),
        ("active, but an older session of that day was logged", False),
        ("another athlete's", False),
    ],
)
def test_only_the_sessions_the_athlete_sees(athlete, program, case, visible):
    today = timezone.localdate()
    status = case.split(",")[0].split(" ")[0]
    if case == "another athlete's":
        rx = rx_on(ProgramVersionFactory(status="active"), today)
    elif case.startswith("active, but"):
        old = ProgramVersionFactory(program=program, status="superseded", number=1)
        logged = SessionFactory(version=old, date=today)
        SessionLog.objects.create(session=logged, athlete=athlete)
        rx = rx_on(ProgramVersionFactory(program=program, status="active", number=2), today)
    else:
        rx = rx_on(ProgramVersionFactory(program=program, status=status), today)
        if "logged" in case:
            SessionLog.objects.create(session=rx.session, athlete=athlete)
    if visible:
        assert assert_same(athlete, rx.pk).pk == rx.pk
    else:
        with pytest.raises(Http404):
            orm_prescription_get(athlete, rx.pk)
        with pytest.raises(Http404):
            sel.athlete_prescription_get(athlete, rx.pk)


def test_an_unknown_id_is_404(athlete, program):
    with pytest.raises(Http404):
        sel.athlete_prescription_get(athlete, 10**9)
