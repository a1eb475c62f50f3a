import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from assessments.models import Assessment
from programs import cards
from programs.models import PrescriptionLog, SessionLog
from programs.selectors import athlete as sel
from tests.factories import AthleteUserFactory
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
    week_of_sessions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def athlete():
    return AthleteUserFactory()


@pytest.fixture
def program(athlete):
    return ProgramFactory(athlete=athlete)


def test_session_on_uses_the_active_version(athlete, program, today):
    ProgramVersionFactory(program=program, status="superseded", number=1)
    active = ProgramVersionFactory(program=program, status="active", number=2)
    old = SessionFactory(version=program.versions.get(number=1), date=today, title="Old")
    new = SessionFactory(version=active, date=today, title="New")
    assert sel.athlete_session_on(athlete, today) == new
    assert old != new


def test_a_logged_session_for_the_day_wins(athlete, program, today):
    old_version = ProgramVersionFactory(program=program, status="superseded", number=1)
    active = ProgramVersionFactory(program=program, status="active", number=2)
    logged = SessionFactory(version=old_version, date=today, title="Logged")
    SessionFactory(version=active, date=today, title="Replanned")
    SessionLog.objects.create(session=logged, athlete=athlete, rpe=6)
    assert sel.athlete_session_on(athlete, today) == logged
    # One per date everywhere: week and history agree.
    assert [s for _, s in sel.athlete_week(athlete, today, days=1)] == [logged]
    assert list(sel.athlete_history(athlete, today)) == [logged]


def test_proposed_versions_never_show(athlete, program, today):
    proposed = ProgramVersionFactory(program=program, status="proposed")
    session = SessionFactory(version=proposed, date=today)
    assert sel.athlete_session_on(athlete, today) is None
    assert not sel.athlete_has_program(athlete)
    with pytest.raises(Http404):
        sel.athlete_session_get(athlete, session.pk)


def test_other_athletes_sessions_are_404(athlete, program, today):
    other = ProgramVersionFactory()  # another athlete's program
    session = SessionFactory(version=other, date=today)
    rx = PrescriptionFactory(session=session)
    assert sel.athlete_session_on(athlete, today) is None
    with pytest.raises(Http404):
        sel.athlete_session_get(athlete, session.pk)
    with pytest.raises(Http404):
        sel.athlete_prescription_get(athlete, rx.pk)


def test_session_on_prefetches_everything_the_page_needs(
    athlete, program, today, django_assert_max_num_queries
):
    version = ProgramVersionFactory(program=program)
    week_of_sessions(version, today)
    with django_assert_max_num_queries(3):
        session = sel.athlete_session_on(athlete, today)
        sections = cards.session_sections(session, editable=True)
        names = [c.prescription.exercise.name for _, cards in sections for c in cards]
        assert len(names) == 2
        assert [c.sets_done for _, cards in sections for c in cards] == [0, 0]


def test_next_session_skips_rest_days(athlete, program, today):
    version = ProgramVersionFactory(program=program)
    sessions = week_of_sessions(version, today)  # today training, tomorrow rest, ...
    assert sel.athlete_next_session(athlete, today) == sessions[2]


@pytest.mark.parametrize("planned", [1, 5])
def test_week_has_seven_days_and_their_estimates_in_two_queries(
    athlete, program, today, planned, django_assert_max_num_queries
):
    version = ProgramVersionFactory(program=program)
    week_of_sessions(version, today, days=planned)
    with django_assert_max_num_queries(2):  # the sessions, their prescriptions: any days
        days = sel.athlete_week(athlete, today)
        kinds = [s.kind if s else None for _, s in days]
        estimates = [cards.session_estimate(s.prescriptions.all()) if s else None for _, s in days]
    assert [d for d, _ in days] == [today + dt.timedelta(days=i) for i in range(7)]
    expected = ["strength", "rest", "strength", "rest", "strength", None, None]
    assert kinds == expected[:planned] + [None] * (7 - planned)
    # 3 x 25 s + 2 x 60 s rest + 30 s, then 4 x 25 s + 3 x 60 s + 30 s: 535 s, 9 min
    assert estimates[0] == 9
    assert estimates[1] is None  # a rest day has no prescriptions


def test_history_sums_logged_sets(athlete, program, today):
    version = ProgramVersionFactory(program=program, start_date=today - dt.timedelta(days=4))
    sessions = week_of_sessions(version, today - dt.timedelta(days=4), days=5)
    logged = sessions[0]
    first, second = logged.prescriptions.all()
    PrescriptionLog.objects.create(prescription=first, sets_done=3)
    PrescriptionLog.objects.create(prescription=second, sets_done=1)
    SessionLog.objects.create(session=logged, athlete=athlete, rpe=7)
    history = list(sel.athlete_history(athlete, today))
    assert [s.date for s in history] == [today, today - dt.timedelta(days=2), logged.date]
    assert (history[-1].sets_done, history[-1].sets_total) == (4, 7)
    assert history[0].sets_done is None


def test_loggable_rules(athlete, program, today):
    version = ProgramVersionFactory(program=program)
    past = SessionFactory(version=version, date=today - dt.timedelta(days=1))
    now = SessionFactory(version=version, date=today)
    future = SessionFactory(version=version, date=today + dt.timedelta(days=1))
    rest = SessionFactory(version=version, date=today + dt.timedelta(days=2), kind="rest")
    assert [sel.session_is_loggable(athlete, s, today) for s in (past, now, future, rest)] == [
        False,
        True,
        False,
        False,
    ]
    athlete.allow_late_logging = True
    assert sel.session_is_loggable(athlete, past, today)


def test_balance_trend_is_the_athletes_own_in_date_order(athlete):
    other = AthleteUserFactory(organization=athlete.organization)
    for who, day, level in [
        (athlete, dt.date(2025, 3, 1), 71.0),
        (athlete, dt.date(2025, 1, 1), 62.0),
        (athlete, dt.date(2025, 2, 1), None),
        (other, dt.date(2025, 1, 5), 90.0),
    ]:
        Assessment.objects.create(athlete=who, date=day, body_mass_kg=70, balance_level=level)
    assert sel.athlete_balance_trend(athlete) == [
        (dt.date(2025, 1, 1), 62.0),
        (dt.date(2025, 3, 1), 71.0),
    ]
