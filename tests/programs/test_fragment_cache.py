"""The athlete's session body is served from the cache until anything it shows changes.

Pages are rendered twice through the real views and the real (in-memory) cache: the second
render must come from the cache (fewer queries), and every kind of write must show at once.
The fingerprint reads PostgreSQL's `xmin`, the id of the transaction that wrote each row, so
these tests commit like real requests do (transaction=True) instead of running inside one.
"""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from programs.models import Exercise, Prescription, PrescriptionLog, Session, SessionLog
from programs.selectors import athlete as sel
from programs.selectors.program import sessions_fingerprint
from tests.factories import make_personas
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def session(personas):
    version = ProgramVersionFactory(
        program=ProgramFactory(athlete=personas.athlete), status="active"
    )
    session = SessionFactory(version=version, date=timezone.localdate(), title="Speed day")
    PrescriptionFactory(
        session=session, order=1, sets=3, exercise=ExerciseFactory(name="Band knee drive hold")
    )
    return session


def _today(client) -> str:
    return client.get(reverse("programs:today")).content.decode()


def _fingerprint(session) -> str:
    return sessions_fingerprint(Session.objects.filter(pk=session.pk))


# The fragment cache keys on a PostgreSQL fingerprint; SQLite renders uncached.
@pytest.mark.postgres_only
def test_second_view_comes_from_the_cache(athlete_client, session, django_assert_num_queries):
    first = _today(athlete_client)
    # A hit skips the prescriptions, exercises and logs: session, user, athlete, the day's
    # session with its fingerprint and whether a check-in adjusted it, and the readiness
    # card's read of today's check-in (programs/readiness_display.py), outside the cache.
    with django_assert_num_queries(5):
        second = _today(athlete_client)

    # The readiness form is rendered on every view, each with a freshly masked CSRF token.
    def body(page: str) -> str:
        main = page[page.index("<main") : page.index("</main>")]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)

    assert body(second) == body(first)
    assert "Band knee drive hold" in body(second)


def test_a_logged_set_shows_at_once(athlete_client, session):
    assert "0 of 3 sets done" in _today(athlete_client)
    rx = session.prescriptions.get()
    athlete_client.post(reverse("programs:log_set", args=[rx.pk]), {"sets_done": 2})
    assert "2 of 3 sets done" in _today(athlete_client)


def test_a_coach_edit_and_an_exercise_edit_show_at_once(athlete_client, session):
    _today(athlete_client)
    Session.objects.filter(pk=session.pk).update(coach_note="Stay tall.")
    assert "Stay tall." in _today(athlete_client)
    Exercise.objects.filter(name="Band knee drive hold").update(cues="Knee above hip.")
    assert "Knee above hip." in _today(athlete_client)
    Prescription.objects.filter(session=session).update(sets=5)
    assert "0 of 5 sets done" in _today(athlete_client)


# The fragment cache keys on a PostgreSQL fingerprint; SQLite renders uncached.
@pytest.mark.postgres_only
def test_fingerprint_changes_with_every_row_it_covers(session, personas):
    seen = {_fingerprint(session)}
    rx = session.prescriptions.get()
    SessionLog.objects.create(session=session, athlete=personas.athlete)
    seen.add(_fingerprint(session))
    log = PrescriptionLog.objects.create(prescription=rx, sets_done=1)
    seen.add(_fingerprint(session))
    log.sets_done = 2
    log.save()
    seen.add(_fingerprint(session))
    before_add = _fingerprint(session)
    PrescriptionFactory(session=session, order=2)
    seen.add(_fingerprint(session))
    assert len(seen) == 5
    # Back to the same rows, back to the same value: the key is stable between requests.
    Prescription.objects.filter(session=session, order=2).delete()
    assert _fingerprint(session) == before_add


def test_annotated_and_standalone_fingerprints_agree(session, personas):
    found = sel.athlete_session_on(personas.athlete, session.date)
    assert found.fingerprint == _fingerprint(session)


def test_a_new_csrf_secret_gets_a_fresh_body_with_valid_tokens(client, personas, session):
    client.force_login(personas.athlete.user)
    _today(client)
    client.logout()
    client.force_login(personas.athlete.user)  # login rotates the CSRF secret
    strict = client.__class__(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    html = _today(strict)
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    rx = session.prescriptions.get()
    response = strict.post(
        reverse("programs:log_set", args=[rx.pk]),
        {"sets_done": 1, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 1


def test_other_athletes_never_share_a_cached_body(client, personas, session):
    other = make_personas()
    other_version = ProgramVersionFactory(
        program=ProgramFactory(athlete=other.athlete), status="active"
    )
    SessionFactory(version=other_version, date=session.date, title="Other athlete day")
    client.force_login(personas.athlete.user)
    assert "Speed day" in _today(client)
    client.force_login(other.athlete.user)
    html = _today(client)
    assert "Other athlete day" in html
    assert "Speed day" not in html
