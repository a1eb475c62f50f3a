"""A session a morning check-in made lighter is marked on the athlete's session page and
week page (issue #20), and the mark goes with the coach's undo."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from programs.models import ReadinessCheckIn, SessionAdjustment
from programs.services.readiness import readiness_record, session_adjustment_undo
from tests.factories import make_personas
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
BAD = {"sleep": 1, "fatigue": 2, "soreness": 2, "stress": 3, "mood": 3}  # 11/25
BADGE = '<span class="badge watch">'


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def p():
    return make_personas()


def _strength_day(version, day):
    session = SessionFactory(version=version, date=day, title=f"Strength {day:%a}")
    PrescriptionFactory(
        session=session,
        section="main",
        sets=4,
        reps=5,
        seconds=None,
        exercise=ExerciseFactory(name="Back squat", category="strength", intensity="high"),
    )
    return session


@pytest.fixture
def week(p, today):
    version = ProgramVersionFactory(program=ProgramFactory(athlete=p.athlete))
    return [_strength_day(version, today + dt.timedelta(days=n)) for n in range(7)]


@pytest.fixture
def adjusted(p, today, week):
    for n in range(1, 11):  # ten ordinary mornings around 20/25
        ReadinessCheckIn.objects.create(
            athlete=p.athlete,
            date=today - dt.timedelta(days=n),
            sleep=4,
            fatigue=4,
            soreness=4,
            stress=4,
            mood=4 + n % 2,
        )
    _, _, adjustment = readiness_record(athlete=p.athlete, date=today, **BAD)
    assert adjustment is not None
    return adjustment


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_week_marks_the_lighter_day_only(client, p, week, adjusted):
    html = _get(client, p.athlete.user, reverse("programs:week"))
    assert html.count(BADGE) == 1
    today_card = html[html.index("Today · ") :].split("</li>")[0]
    assert "Lighter today" in today_card


def test_the_week_reads_the_marks_in_its_one_query(
    client, p, today, week, adjusted, django_assert_max_num_queries
):
    # Every day lightened (as if checked in each morning): the page's queries stay the same.
    for session in week[1:]:
        SessionAdjustment.objects.create(
            session=session, checkin=adjusted.checkin, status="low", z=-1.2
        )
    client.force_login(p.athlete.user)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("programs:week")).content.decode()
    assert html.count("Made lighter") == 6
    assert html.count("Lighter today") == 1


def test_the_session_page_says_why_it_is_lighter_and_what_changed(client, p, week, adjusted):
    html = _get(client, p.athlete.user, reverse("programs:session", args=[week[0].pk]))
    assert 'id="adjusted"' in html
    assert "Lighter session today" in html
    assert "Readiness 11/25 is" in html
    assert "below your 28-day baseline" in html
    assert "Back squat: 4 → 2 sets" in html
    # Another day's page has no mark.
    other = _get(client, p.athlete.user, reverse("programs:session", args=[week[1].pk]))
    assert 'id="adjusted"' not in other


def test_a_past_lighter_session_names_the_day_of_its_check_in(client, p, week, adjusted, today):
    with_day = today.strftime("%A %-d %B")
    # Seen later (from history): the heading names the day rather than "today".
    tomorrow = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9)))
    with time_machine.travel(tomorrow):
        html = _get(client, p.athlete.user, reverse("programs:session", args=[week[0].pk]))
    assert f"Made lighter by the check-in of {with_day}" in html
    assert "Lighter session today" not in html


def test_an_undone_adjustment_shows_no_mark(client, p, week, adjusted):
    session_adjustment_undo(adjustment=adjusted, user=p.coach)
    assert BADGE not in _get(client, p.athlete.user, reverse("programs:week"))
    page = _get(client, p.athlete.user, reverse("programs:session", args=[week[0].pk]))
    assert 'id="adjusted"' not in page
    assert 'id="adjusted"' not in _get(client, p.athlete.user, reverse("programs:today"))


def test_history_marks_the_lighter_session(client, p, week, adjusted):
    html = _get(client, p.athlete.user, reverse("programs:history"))
    assert html.count(BADGE) == 1
    assert "Lighter today" in html
    later = timezone.make_aware(dt.datetime.combine(week[1].date, dt.time(9)))
    with time_machine.travel(later):
        assert "Made lighter" in _get(client, p.athlete.user, reverse("programs:history"))
    session_adjustment_undo(adjustment=adjusted, user=p.coach)
    assert BADGE not in _get(client, p.athlete.user, reverse("programs:history"))
