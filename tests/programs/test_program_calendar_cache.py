"""The coach's program calendar is served from the cache until anything it shows changes.

Pages are rendered through the real views and the real (in-memory) cache: a repeat view
must come from the cache without loading the week's prescriptions, and every kind of change
must show at once. The fingerprint reads PostgreSQL's `xmin`, the id of the transaction that
wrote each row, so these tests commit like real requests do (transaction=True).
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.models import Exercise, Session
from programs.selectors import program as selectors
from programs.services.edit import prescription_update, program_version_approve
from programs.services.logs import session_log_finish
from tests.programs.factories import (
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
    week_of_sessions,
)

pytestmark = pytest.mark.django_db(transaction=True)

CALENDAR = '<div class="calendar" id="calendar">'


def _two_weeks(version) -> None:
    """Week 1 from today, week 2 the week after."""
    week_of_sessions(version, timezone.localdate())
    week_two = week_of_sessions(version, timezone.localdate() + dt.timedelta(days=7))
    Session.objects.filter(pk__in=[s.pk for s in week_two]).update(week=2, title="Week two day")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def version(personas):
    active = ProgramVersionFactory(
        program=ProgramFactory(athlete=personas.athlete), status="active", number=1
    )
    _two_weeks(active)
    return active


@pytest.fixture
def todays(version):
    return version.sessions.get(date=timezone.localdate())


def _url(athlete) -> str:
    return reverse("programs:coach_program", args=[athlete.id])


def _week_key(number: int) -> str:
    """The `?week=` of the fixture's week 1, 2, ...: its first day (weeks start today)."""
    return (timezone.localdate() + dt.timedelta(days=7 * (number - 1))).isoformat()


def _page(client, athlete, week=None, htmx=False) -> str:
    url = _url(athlete) + (f"?week={_week_key(week)}" if week else "")
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def _calendar(html: str) -> str:
    """The calendar's HTML, from a whole page or from the htmx fragment."""
    start = html.index(CALENDAR)
    end = html.find('<section class="card" id="versions">', start)
    return html[start : end if end != -1 else len(html)].strip()


def _card(html: str, session) -> str:
    """One session's card in the calendar."""
    calendar = _calendar(html)
    at = calendar.index(f'id="session-{session.pk}"')
    return calendar[calendar.rindex("<article", 0, at) : calendar.index("</article>", at)]


def _edit_url(athlete, prescription) -> str:
    return reverse("programs:prescription_edit", args=[athlete.id, prescription.pk])


def _loads_prescriptions(queries) -> bool:
    """Whether the week's prescription rows were read (the prefetch of the calendar)."""
    return any(q["sql"].startswith('SELECT "programs_prescription".') for q in queries)


def _new_active_version(personas, version) -> None:
    """Version 2 approved: the same weeks (the same tabs) with other sessions."""
    proposal = ProgramVersionFactory(program=version.program, status="proposed", number=2)
    _two_weeks(proposal)
    proposal.sessions.filter(week=1).update(title="Version two day")
    program_version_approve(version=proposal, user=personas.coach)


# The fragment cache keys on a PostgreSQL fingerprint; SQLite renders uncached.
@pytest.mark.postgres_only
def test_second_view_comes_from_the_cache(coach_client, personas, version):
    with CaptureQueriesContext(connection) as miss:
        first = _page(coach_client, personas.athlete)
    with CaptureQueriesContext(connection) as hit:
        second = _page(coach_client, personas.athlete)
    assert _calendar(second) == _calendar(first)
    assert "3 × 25 s" in _calendar(second)
    assert _loads_prescriptions(miss.captured_queries)
    assert not _loads_prescriptions(hit.captured_queries)
    # A hit reads the week tabs and the fingerprint, not the week's sessions and rows.
    assert len(hit) == len(miss) - 2
    assert any("md5(string_agg(" in q["sql"] for q in hit.captured_queries)


# The fragment cache keys on a PostgreSQL fingerprint; SQLite renders uncached.
@pytest.mark.postgres_only
def test_the_htmx_week_tabs_share_the_cache(coach_client, personas, version):
    page = _page(coach_client, personas.athlete)
    with CaptureQueriesContext(connection) as hit:
        fragment = _page(coach_client, personas.athlete, week=1, htmx=True)
    assert "<html" not in fragment
    assert _calendar(fragment) == _calendar(page)
    assert not _loads_prescriptions(hit.captured_queries)
    # The other way round: a tab fetched by htmx fills the cache for the whole page.
    fragment = _page(coach_client, personas.athlete, week=2, htmx=True)
    with CaptureQueriesContext(connection) as hit:
        page = _page(coach_client, personas.athlete, week=2)
    assert "Week two day" in _calendar(page)
    assert _calendar(page) == _calendar(fragment)
    assert not _loads_prescriptions(hit.captured_queries)


def test_an_athlete_logging_a_session_shows_at_once(coach_client, personas, todays):
    edit = _edit_url(personas.athlete, todays.prescriptions.first())
    card = _card(_page(coach_client, personas.athlete), todays)
    assert edit in card
    assert 'badge ok">logged' not in card
    session_log_finish(
        athlete=personas.athlete, session=todays, rpe=7, notes="", today=todays.date
    )
    card = _card(_page(coach_client, personas.athlete), todays)
    assert 'badge ok">logged' in card
    assert edit not in card  # a logged session is closed to edits


def test_a_coach_edit_shows_at_once(coach_client, personas, todays):
    rx = todays.prescriptions.order_by("order").first()
    card = _card(_page(coach_client, personas.athlete), todays)
    assert "3 × 25 s" in card
    assert "Edited by a coach" not in card
    prescription_update(prescription=rx, user=personas.coach, sets=5)
    card = _card(_page(coach_client, personas.athlete), todays)
    assert "5 × 25 s" in card
    assert "Edited by a coach" in card


def test_an_exercise_renamed_shows_at_once(coach_client, personas, todays):
    rx = todays.prescriptions.order_by("order").first()
    assert "Band knee drive hold" not in _calendar(_page(coach_client, personas.athlete))
    Exercise.objects.filter(pk=rx.exercise_id).update(name="Band knee drive hold")
    assert "Band knee drive hold" in _card(_page(coach_client, personas.athlete), todays)


# The fragment cache keys on a PostgreSQL fingerprint; SQLite renders uncached.
@pytest.mark.postgres_only
def test_each_week_has_its_own_calendar(coach_client, personas, version):
    week_one = _calendar(_page(coach_client, personas.athlete))
    assert 'aria-label="Block 1 · week 1"' in week_one
    week_two = _calendar(_page(coach_client, personas.athlete, week=2))
    assert 'aria-label="Block 1 · week 2"' in week_two
    assert "Week two day" in week_two
    # Both are cached now; each is served under its own key.
    assert _calendar(_page(coach_client, personas.athlete, week=1)) == week_one
    assert _calendar(_page(coach_client, personas.athlete, week=2, htmx=True)) == week_two


def test_the_day_changing_closes_yesterdays_session(coach_client, personas, todays, monkeypatch):
    edit = _edit_url(personas.athlete, todays.prescriptions.first())
    card = _card(_page(coach_client, personas.athlete), todays)
    assert 'class="card session today"' in card
    assert edit in card
    tomorrow = todays.date + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    card = _card(_page(coach_client, personas.athlete), todays)
    # Same rows, same week: only the day tells the session is past, unlogged and closed.
    assert 'class="card session today"' not in card
    assert 'badge watch">not logged' in card
    assert edit not in card


def test_a_new_active_version_shows_at_once(coach_client, personas, version):
    assert "Version two day" not in _calendar(_page(coach_client, personas.athlete))
    _new_active_version(personas, version)
    calendar = _calendar(_page(coach_client, personas.athlete))
    assert "Version two day" in calendar
    assert "Weeks of version 2" in calendar


def test_a_week_added_elsewhere_shows_as_a_tab(coach_client, personas, version):
    url = _url(personas.athlete)
    assert f"?week={_week_key(3)}" not in _calendar(_page(coach_client, personas.athlete))
    # A row outside the week shown: not in its fingerprint, only in the tabs of the key.
    SessionFactory(version=version, date=timezone.localdate() + dt.timedelta(days=14), week=3)
    calendar = _calendar(_page(coach_client, personas.athlete))
    assert f'href="{url}?week={_week_key(3)}#calendar"' in calendar
    assert 'aria-label="Block 1 · week 1"' in calendar


def test_the_key_alone_tells_weeks_days_and_versions_apart(
    coach_client, personas, todays, monkeypatch
):
    # The fingerprint differs in each of these cases too (other rows); pinned, it shows
    # that the key's own parts keep them apart.
    monkeypatch.setattr(selectors, "sessions_fingerprint", lambda sessions: "pinned")
    week_one = _calendar(_page(coach_client, personas.athlete))
    assert "Week two day" in _calendar(_page(coach_client, personas.athlete, week=2))
    edit = _edit_url(personas.athlete, todays.prescriptions.first())
    tomorrow = todays.date + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert edit not in _card(_page(coach_client, personas.athlete), todays)
    monkeypatch.undo()
    monkeypatch.setattr(selectors, "sessions_fingerprint", lambda sessions: "pinned")
    assert _calendar(_page(coach_client, personas.athlete)) == week_one
    _new_active_version(personas, todays.version)
    assert "Version two day" in _calendar(_page(coach_client, personas.athlete))


def test_a_new_csrf_secret_gets_a_fresh_calendar_with_valid_tokens(client, personas, todays):
    client.force_login(personas.coach)
    _page(client, personas.athlete)
    client.logout()
    client.force_login(personas.coach)  # login rotates the CSRF secret
    strict = client.__class__(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    calendar = _calendar(_page(strict, personas.athlete))
    token = calendar.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = strict.post(
        reverse("programs:session_note", args=[personas.athlete.id, todays.pk]),
        {"note": "Sleep early tonight", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    todays.refresh_from_db()
    assert todays.coach_note == "Sleep early tonight"
