"""programs.rules.session_shown: which of one date's sessions an athlete sees, and that
every selector that answers it (the SQL list, the day, the range, the next session) agrees."""

import datetime as dt

import pytest
from django.utils import timezone

from programs.models import SessionLog
from programs.rules import session_edit_error, session_log_error
from programs.selectors import athlete as sel
from tests.factories import AthleteFactory
from tests.programs.factories import ProgramFactory, ProgramVersionFactory, SessionFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 10)

# One date's sessions, each (its version's status, who logged it), and the index of the
# one the athlete sees (None: nothing shows that day).
CASES = [
    pytest.param([("active", None)], 0, id="the active version's"),
    pytest.param([("active", None), ("superseded", "me")], 1, id="a logged old one wins"),
    pytest.param([("active", "me"), ("superseded", None)], 0, id="logged in the active one"),
    pytest.param([("active", None), ("proposed", "me")], 0, id="never a proposal, logged"),
    pytest.param([("active", None), ("rejected", "me")], 0, id="never a rejected one"),
    pytest.param([("superseded", None)], None, id="an old unlogged one never"),
    pytest.param([("active", None), ("superseded", "other")], 0, id="another's log never"),
    pytest.param([("proposed", None)], None, id="a proposal alone never"),
    pytest.param([], None, id="no session"),
]


def _build(candidates):
    athlete = AthleteFactory()
    program = ProgramFactory(athlete=athlete)
    sessions = []
    for number, (status, logged_by) in enumerate(candidates, start=1):
        version = ProgramVersionFactory(program=program, number=number, status=status)
        session = SessionFactory(version=version, date=DAY)
        if logged_by:
            who = athlete if logged_by == "me" else AthleteFactory()
            SessionLog.objects.create(session=session, athlete=who, rpe=6)
        sessions.append(session)
    return athlete, sessions


@pytest.mark.parametrize(("candidates", "shown"), CASES)
def test_every_selector_shows_the_same_session(candidates, shown):
    athlete, sessions = _build(candidates)
    expected = sessions[shown] if shown is not None else None
    assert sel.athlete_session_on(athlete, DAY) == expected
    listed = list(sel.session_list_for_athlete(athlete).filter(date=DAY))
    assert listed == ([expected] if expected else [])
    assert sel.sessions_for_athlete_between(athlete, DAY, DAY) == ([expected] if expected else [])
    assert sel.athlete_next_session(athlete, DAY - dt.timedelta(days=1)) == expected
    week = dict(sel.athlete_week(athlete, DAY, days=1))
    assert week[DAY] == expected


def test_of_two_logged_sessions_the_newest_log_wins():
    athlete, (_, older, newer) = _build(
        [("active", None), ("superseded", "me"), ("superseded", "me")]
    )
    SessionLog.objects.filter(session=older).update(updated_at=timezone.now())
    SessionLog.objects.filter(session=newer).update(
        updated_at=timezone.now() + dt.timedelta(minutes=1)
    )
    assert sel.athlete_session_on(athlete, DAY) == newer
    assert sel.sessions_for_athlete_between(athlete, DAY, DAY) == [newer]


def test_next_session_skips_rest_days_of_the_rule():
    athlete, _ = _build([("active", None)])
    program = athlete.program
    active = program.versions.get(status="active")
    SessionFactory(version=active, date=DAY + dt.timedelta(days=1), kind="rest")
    training = SessionFactory(version=active, date=DAY + dt.timedelta(days=2))
    assert sel.athlete_next_session(athlete, DAY) == training


def test_edit_and_log_rules_state_their_reason():
    session = SessionFactory(date=DAY)
    athlete = session.version.program.athlete
    assert session_edit_error(session, today=DAY, logged=False) is None
    assert "logged" in session_edit_error(session, today=DAY, logged=True)
    assert "Past" in session_edit_error(session, today=DAY + dt.timedelta(days=1), logged=False)
    assert session_log_error(athlete, session, today=DAY) is None
    assert "on its day" in session_log_error(athlete, session, today=DAY - dt.timedelta(days=1))
