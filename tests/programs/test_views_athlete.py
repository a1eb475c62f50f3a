import datetime as dt
import os
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from programs.models import PrescriptionLog, SessionLog
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
    week_of_sessions,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def version(personas):
    return ProgramVersionFactory(program=ProgramFactory(athlete=personas.athlete))


@pytest.fixture
def session(version, today):
    session = SessionFactory(
        version=version, date=today, title="Hip flexor day", purpose="Raise the weak link."
    )
    PrescriptionFactory(
        session=session,
        order=1,
        section="warmup",
        exercise=ExerciseFactory(name="High knees", category="drill", contraction="mixed"),
        sets=2,
        seconds=20,
        reps=None,
        note="",
    )
    PrescriptionFactory(
        session=session,
        order=2,
        side="L",
        muscle_length="short",
        exercise=ExerciseFactory(name="Band knee drive hold", video_url="https://example.com/v"),
        note="Targets your weakest link: left hip flexors, 62 % of reference",
    )
    PrescriptionFactory(
        session=session,
        order=3,
        section="main",
        exercise=ExerciseFactory(name="Back squat", category="strength", contraction="mixed"),
        sets=4,
        reps=5,
        seconds=None,
    )
    return session


@pytest.fixture
def client_of(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def rx_of(session, order):
    return session.prescriptions.get(order=order)


# --- today -----------------------------------------------------------------------------


def test_today_shows_the_session_with_doses_and_why(client_of, personas, session):
    response = client_of(personas.athlete.user).get(reverse("programs:today"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Hip flexor day",
        "Raise the weak link.",
        "Warm-up",
        "High knees",
        "Band knee drive hold",
        "3 × 25 s",
        "rest 60 s",
        "Left side",
        "short muscle length",
        "Targets your weakest link: left hip flexors, 62 % of reference",
        "Drive the knee up fast and hold.",
        'href="https://example.com/v"',
        "4 × 5",
        "Finish the session",
    ]:
        assert text in html, text
    # Warm-up before the targeted work; hold input for holds, load input for strength.
    assert html.index("High knees") < html.index("Band knee drive hold")
    assert f'name="hold_seconds" id="hold-{rx_of(session, 2).pk}"' in html
    assert f'id="hold-{rx_of(session, 1).pk}"' not in html  # a timed drill is not a hold
    assert f'name="load_kg" id="load-{rx_of(session, 3).pk}"' in html
    assert f'id="load-{rx_of(session, 2).pk}"' not in html
    assert "data-hold-timer" in html
    assert "hold-timer.js" in html


def test_today_query_count_is_flat(client_of, personas, session, django_assert_max_num_queries):
    for order in range(4, 14):
        PrescriptionFactory(session=session, order=order)
    c = client_of(personas.athlete.user)
    with django_assert_max_num_queries(10):
        response = c.get(reverse("programs:today"))
    assert response.content.decode().count('class="card rx') == 13


def test_rest_day_shows_the_next_session(client_of, personas, version, today):
    sessions = week_of_sessions(version, today - dt.timedelta(days=1))  # today is a rest day
    response = client_of(personas.athlete.user).get(reverse("programs:today"))
    html = response.content.decode()
    assert "Rest day" in html
    assert reverse("programs:session", args=[sessions[2].pk]) in html
    assert "Finish the session" not in html


def test_no_program_says_what_happens_next(client_of, personas):
    html = client_of(personas.athlete.user).get(reverse("programs:today")).content.decode()
    assert (
        "Your coach will test you; your program appears here after your first assessment" in html
    )


def test_proposed_versions_do_not_show(client_of, personas, today):
    proposed = ProgramVersionFactory(
        program=ProgramFactory(athlete=personas.athlete), status="proposed"
    )
    SessionFactory(version=proposed, date=today, title="Secret proposal")
    html = client_of(personas.athlete.user).get(reverse("programs:today")).content.decode()
    assert "Secret proposal" not in html
    assert "Your coach will test you" in html


def test_no_session_today_but_a_program(client_of, personas, version, today):
    SessionFactory(version=version, date=today + dt.timedelta(days=3), title="Later")
    html = client_of(personas.athlete.user).get(reverse("programs:today")).content.decode()
    assert "No session today" in html
    assert "Later" in html


# --- logging sets ----------------------------------------------------------------------


def test_log_set_plain_post_redirects_back_to_today(client_of, personas, session):
    rx = rx_of(session, 2)
    response = client_of(personas.athlete.user).post(
        reverse("programs:log_set", args=[rx.pk]), {"sets_done": 2}
    )
    assert response.status_code == 302
    assert response.url == reverse("programs:today") + f"#rx-{rx.pk}"
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 2


def test_log_set_htmx_returns_the_card_and_is_idempotent(client_of, personas, session):
    rx = rx_of(session, 2)
    c = client_of(personas.athlete.user)
    url = reverse("programs:log_set", args=[rx.pk])
    for _ in range(2):
        response = c.post(url, {"sets_done": 2}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith("<article")
    assert f'id="rx-{rx.pk}"' in html
    assert "2 of 3 sets done" in html
    assert "Saved" in html
    assert "<html" not in html
    # Each set button posts its own number; the undo control names the count it undoes.
    for n in (1, 2, 3):
        assert f'name="sets_done" value="{n}"' in html
    assert 'name="from_count" value="2"' in html
    assert "Undo last set" in html
    assert PrescriptionLog.objects.filter(prescription=rx).count() == 1
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 2


def test_tapping_a_done_set_keeps_every_logged_set(client_of, personas, session):
    rx = rx_of(session, 2)
    c = client_of(personas.athlete.user)
    url = reverse("programs:log_set", args=[rx.pk])
    c.post(url, {"sets_done": 3}, **HTMX)
    response = c.post(url, {"sets_done": 1}, **HTMX)
    assert "3 of 3 sets done" in response.content.decode()
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 3


def test_no_undo_control_before_a_set_is_logged(client_of, personas, session):
    html = client_of(personas.athlete.user).get(reverse("programs:today")).content.decode()
    assert "Undo last set" not in html
    assert reverse("programs:undo_set", args=[rx_of(session, 2).pk]) not in html


def test_undo_last_set_htmx_lowers_by_one_even_when_sent_twice(client_of, personas, session):
    rx = rx_of(session, 2)
    c = client_of(personas.athlete.user)
    c.post(reverse("programs:log_set", args=[rx.pk]), {"sets_done": 3}, **HTMX)
    url = reverse("programs:undo_set", args=[rx.pk])
    for _ in range(2):
        response = c.post(url, {"from_count": 3}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith("<article")
    assert "2 of 3 sets done" in html
    assert 'name="from_count" value="2"' in html
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 2


def test_undo_last_set_plain_post_redirects_back(client_of, personas, session):
    rx = rx_of(session, 2)
    c = client_of(personas.athlete.user)
    c.post(reverse("programs:log_set", args=[rx.pk]), {"sets_done": 1})
    response = c.post(reverse("programs:undo_set", args=[rx.pk]), {"from_count": 1})
    assert response.status_code == 302
    assert response.url == reverse("programs:today") + f"#rx-{rx.pk}"
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 0
    html = c.get(reverse("programs:today")).content.decode()
    assert "Undo last set" not in html


@pytest.mark.parametrize(
    "data", [{}, {"from_count": "0"}, {"from_count": "4"}, {"from_count": "x"}]
)
def test_undo_bad_input_htmx_422_and_nothing_changes(client_of, personas, session, data):
    rx = rx_of(session, 2)
    PrescriptionLog.objects.create(prescription=rx, sets_done=1)
    response = client_of(personas.athlete.user).post(
        reverse("programs:undo_set", args=[rx.pk]), data, **HTMX
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 1


def test_hold_and_load_post_to_the_same_endpoint(client_of, personas, session):
    c = client_of(personas.athlete.user)
    hold, squat = rx_of(session, 2), rx_of(session, 3)
    c.post(reverse("programs:log_set", args=[hold.pk]), {"hold_seconds": "24"}, **HTMX)
    response = c.post(reverse("programs:log_set", args=[squat.pk]), {"load_kg": "62.5"}, **HTMX)
    assert "62.5 kg" in response.content.decode()
    assert PrescriptionLog.objects.get(prescription=hold).hold_seconds == 24
    assert str(PrescriptionLog.objects.get(prescription=squat).load_kg) == "62.5"


@pytest.mark.parametrize(
    "data",
    [{"sets_done": 9}, {"hold_seconds": 1000}, {"load_kg": "abc"}, {}, {"sets_done": "-1"}],
)
def test_log_set_bad_input_htmx_422_with_message(client_of, personas, session, data):
    rx = rx_of(session, 2)
    response = client_of(personas.athlete.user).post(
        reverse("programs:log_set", args=[rx.pk]), data, **HTMX
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert not PrescriptionLog.objects.exists()


def test_log_set_bad_input_plain_rerenders_the_page(client_of, personas, session):
    rx = rx_of(session, 2)
    response = client_of(personas.athlete.user).post(
        reverse("programs:log_set", args=[rx.pk]), {"sets_done": 9}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sets done must be between 0 and 3." in html
    assert "Hip flexor day" in html
    assert not PrescriptionLog.objects.exists()


def test_past_session_is_read_only_in_views(client_of, personas, version, today):
    past = SessionFactory(version=version, date=today - dt.timedelta(days=1))
    rx = PrescriptionFactory(session=past)
    c = client_of(personas.athlete.user)
    page = c.get(reverse("programs:session", args=[past.pk])).content.decode()
    assert "read-only" in page
    assert reverse("programs:log_set", args=[rx.pk]) not in page
    assert reverse("programs:finish", args=[past.pk]) not in page
    response = c.post(reverse("programs:log_set", args=[rx.pk]), {"sets_done": 1}, **HTMX)
    assert response.status_code == 422
    assert "read-only" in response.content.decode()
    response = c.post(reverse("programs:finish", args=[past.pk]), {"rpe": 5})
    assert response.status_code == 200
    assert "read-only" in response.content.decode()
    assert not PrescriptionLog.objects.exists()
    assert not SessionLog.objects.exists()


def test_late_logging_lets_the_session_page_log(client_of, personas, version, today):
    personas.athlete.allow_late_logging = True
    personas.athlete.save()
    past = SessionFactory(version=version, date=today - dt.timedelta(days=2))
    rx = PrescriptionFactory(session=past)
    c = client_of(personas.athlete.user)
    page = c.get(reverse("programs:session", args=[past.pk])).content.decode()
    assert reverse("programs:log_set", args=[rx.pk]) in page
    response = c.post(reverse("programs:log_set", args=[rx.pk]), {"sets_done": 1})
    assert response.url == reverse("programs:session", args=[past.pk]) + f"#rx-{rx.pk}"
    response = c.post(reverse("programs:finish", args=[past.pk]), {"rpe": 6, "notes": "late"})
    assert response.url == reverse("programs:session", args=[past.pk]) + "#finish"
    assert SessionLog.objects.get(session=past).rpe == 6


def test_future_session_page_is_read_only(client_of, personas, version, today):
    future = SessionFactory(version=version, date=today + dt.timedelta(days=2), title="Soon")
    rx = PrescriptionFactory(session=future)
    c = client_of(personas.athlete.user)
    page = c.get(reverse("programs:session", args=[future.pk])).content.decode()
    assert "Soon" in page
    assert "You can log this session on its day." in page
    response = c.post(reverse("programs:log_set", args=[rx.pk]), {"sets_done": 1}, **HTMX)
    assert response.status_code == 422
    assert not PrescriptionLog.objects.exists()


# --- finishing -------------------------------------------------------------------------


def test_finish_plain_then_again_updates_one_log(client_of, personas, session):
    c = client_of(personas.athlete.user)
    url = reverse("programs:finish", args=[session.pk])
    response = c.post(url, {"rpe": "7", "notes": "Felt strong"})
    assert response.status_code == 302
    assert response.url == reverse("programs:today") + "#finish"
    completed_at = SessionLog.objects.get().completed_at
    c.post(url, {"rpe": "8", "notes": "Actually hard"})
    log = SessionLog.objects.get()
    assert (log.rpe, log.notes, log.completed_at) == (8, "Actually hard", completed_at)
    page = c.get(reverse("programs:today")).content.decode()
    assert "RPE 8" in page
    assert "Actually hard" in page
    # The form comes back filled in, so an update starts from what was logged.
    assert re.search(r'<input[^>]*value="8"[^>]*checked', page)
    assert "Actually hard</textarea>" in page


def test_finish_htmx_returns_the_finish_card(client_of, personas, session):
    response = client_of(personas.athlete.user).post(
        reverse("programs:finish", args=[session.pk]), {"rpe": "5", "notes": "ok"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section class="card" id="finish"')
    assert "Saved." in html
    assert "RPE 5" in html


@pytest.mark.parametrize(
    "data", [{"rpe": "11"}, {"rpe": "0"}, {}, {"rpe": "5", "notes": "x" * 2001}]
)
def test_finish_bad_input(client_of, personas, session, data):
    c = client_of(personas.athlete.user)
    url = reverse("programs:finish", args=[session.pk])
    response = c.post(url, data, **HTMX)
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    response = c.post(url, data)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not SessionLog.objects.exists()


def test_rest_day_cannot_be_finished(client_of, personas, version, today):
    rest = SessionFactory(version=version, date=today, kind="rest", title="Rest")
    response = client_of(personas.athlete.user).post(
        reverse("programs:finish", args=[rest.pk]), {"rpe": 3}, **HTMX
    )
    assert response.status_code == 422
    assert not SessionLog.objects.exists()


# --- week and history ------------------------------------------------------------------


def test_week_lists_seven_days_with_done_state(client_of, personas, version, today):
    sessions = week_of_sessions(version, today)
    SessionLog.objects.create(
        session=sessions[0], athlete=personas.athlete, rpe=5, completed_at=timezone.now()
    )
    response = client_of(personas.athlete.user).get(reverse("programs:week"))
    html = response.content.decode()
    assert html.count('class="card day') == 7
    assert "Done" in html
    assert "Moderate intensity".lower() in html
    assert reverse("programs:session", args=[sessions[2].pk]) in html


def test_history_lists_logged_sessions_newest_first_with_trend(
    client_of, personas, version, today, django_assert_max_num_queries
):
    start = today - dt.timedelta(days=6)
    sessions = week_of_sessions(version, start)
    first = sessions[0]
    for rx in first.prescriptions.all():
        PrescriptionLog.objects.create(prescription=rx, sets_done=2)
    SessionLog.objects.create(
        session=first, athlete=personas.athlete, rpe=9, notes="Brutal", completed_at=timezone.now()
    )
    Assessment.objects.create(
        athlete=personas.athlete, date=start, body_mass_kg=70, balance_level=62.0
    )
    Assessment.objects.create(
        athlete=personas.athlete, date=today, body_mass_kg=70, balance_level=71.0
    )
    c = client_of(personas.athlete.user)
    with django_assert_max_num_queries(8):
        html = c.get(reverse("programs:history")).content.decode()
    assert "Sets: 4 of 7" in html
    assert "RPE 9" in html
    assert "Brutal" in html
    assert html.index(sessions[-1].date.strftime("%-d %B %Y")) < html.index("Brutal")
    assert "<polyline" in html
    assert "From 62" in html
    assert "to 71" in html


def test_history_is_paged_and_htmx_gets_the_list(client_of, personas, version, today):
    for i in range(25):
        SessionFactory(version=version, date=today - dt.timedelta(days=i), title=f"S{i}")
    c = client_of(personas.athlete.user)
    html = c.get(reverse("programs:history")).content.decode()
    assert "Page 1 of 2" in html
    assert ">S0<" in html
    assert ">S24<" not in html
    response = c.get(reverse("programs:history") + "?page=2", **HTMX)
    fragment = response.content.decode()
    assert fragment.strip().startswith('<section id="history-list"')
    assert ">S24<" in fragment
    assert "<html" not in fragment


def test_history_shows_todays_session_as_today(client_of, personas, version, today):
    SessionFactory(version=version, date=today, title="Speed today")
    SessionFactory(version=version, date=today - dt.timedelta(days=2), title="Missed one")
    html = client_of(personas.athlete.user).get(reverse("programs:history")).content.decode()
    cards = html.split('<article class="card">')[1:]
    assert "Today · " in cards[0]
    assert f'href="{reverse("programs:today")}">Speed today<' in cards[0]
    assert "Not logged yet." in cards[0]
    assert "Today · " not in cards[1]
    assert "Not logged." in cards[1]


# --- access ----------------------------------------------------------------------------


def athlete_urls(session):
    rx = session.prescriptions.first()
    get_urls = [
        reverse("programs:today"),
        reverse("programs:week"),
        reverse("programs:history"),
        reverse("programs:session", args=[session.pk]),
    ]
    post_urls = [
        (reverse("programs:log_set", args=[rx.pk]), {"sets_done": 1}),
        (reverse("programs:undo_set", args=[rx.pk]), {"from_count": 1}),
        (reverse("programs:finish", args=[session.pk]), {"rpe": 5, "notes": "x"}),
    ]
    return get_urls, post_urls


def test_anonymous_is_sent_to_login(client, session):
    get_urls, post_urls = athlete_urls(session)
    for url in get_urls + [u for u, _ in post_urls]:
        response = client.get(url) if url in get_urls else client.post(url, {"sets_done": 1})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert not PrescriptionLog.objects.exists()
    assert not SessionLog.objects.exists()


@pytest.mark.parametrize("who", ["coach", "other_coach"])
def test_coaches_get_404_on_athlete_pages(client_of, personas, session, who):
    c = client_of(getattr(personas, who))
    get_urls, post_urls = athlete_urls(session)
    for url in get_urls:
        assert c.get(url).status_code == 404, url
    for url, data in post_urls:
        assert c.post(url, data).status_code == 404, url
        assert c.post(url, data, **HTMX).status_code == 404, url
    assert not PrescriptionLog.objects.exists()
    assert not SessionLog.objects.exists()


def test_another_athlete_cannot_see_or_log_my_session(client_of, personas, session):
    ProgramVersionFactory(program=ProgramFactory(athlete=personas.other_athlete))
    c = client_of(personas.other_athlete.user)
    _, post_urls = athlete_urls(session)
    assert c.get(reverse("programs:session", args=[session.pk])).status_code == 404
    for url, data in post_urls:
        assert c.post(url, data).status_code == 404
    # Their own today page does not show my session.
    assert "Hip flexor day" not in c.get(reverse("programs:today")).content.decode()
    assert not PrescriptionLog.objects.exists()
    assert not SessionLog.objects.exists()


def test_log_endpoints_refuse_get(client_of, personas, session):
    c = client_of(personas.athlete.user)
    _, post_urls = athlete_urls(session)
    for url, _ in post_urls:
        assert c.get(url).status_code == 405


# --- weight ----------------------------------------------------------------------------


def test_today_page_with_css_and_js_is_well_under_100_kb(client_of, personas, session):
    html = client_of(personas.athlete.user).get(reverse("programs:today")).content
    assets = [
        "css/app.css",
        "css/phone.css",
        "django_htmx/htmx-2.min.js",
        "js/hold-timer.js",
        "js/offline.js",
    ]
    sizes = {name: os.path.getsize(finders.find(name)) for name in assets}
    total = len(html) + sum(sizes.values())
    assert total < 90_000, (total, sizes)
    for name in assets:
        assert name in html.decode() or name.startswith("django_htmx"), name


@pytest.mark.parametrize("taps", [1, 2])
def test_logging_a_set_takes_at_most_eight_queries(
    client_of, personas, session, taps, django_assert_max_num_queries
):
    """The athlete's most frequent request (issue #21): first tap and a later one."""
    rx = rx_of(session, 3)
    c = client_of(personas.athlete.user)
    url = reverse("programs:log_set", args=[rx.pk])
    for sets_done in range(1, taps):
        c.post(url, {"sets_done": sets_done}, **HTMX)
    with django_assert_max_num_queries(8):
        response = c.post(url, {"sets_done": taps}, **HTMX)
    assert response.status_code == 200
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == taps
