"""The morning check-in (athlete), the adjustment it makes and the coach's undo."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programs.models import Prescription, PrescriptionLog, ReadinessCheckIn, SessionAdjustment
from programs.services.readiness import readiness_record, session_adjustment_undo
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
GOOD = {"sleep": 4, "fatigue": 4, "soreness": 4, "stress": 4, "mood": 4}  # 20/25
BAD = {"sleep": 1, "fatigue": 2, "soreness": 2, "stress": 3, "mood": 3}  # 11/25


@pytest.fixture
def today():
    return timezone.localdate()


def baseline(athlete, today, n=10):
    """n earlier check-ins around 20/25 (SD about 0.5, floored to 1)."""
    for i in range(1, n + 1):
        values = dict(GOOD, mood=4 + (i % 2))
        ReadinessCheckIn.objects.create(
            athlete=athlete, date=today - dt.timedelta(days=i), **values
        )


@pytest.fixture
def session(personas, today):
    version = ProgramVersionFactory(program=ProgramFactory(athlete=personas.athlete))
    session = SessionFactory(version=version, date=today, kind="sprint", intensity="high")
    PrescriptionFactory(
        session=session,
        order=1,
        section="main",
        exercise=ExerciseFactory(
            code="flying_20", name="Flying 20 m", category="sprint", intensity="high"
        ),
        sets=6,
        seconds=None,
        distance_m=20,
        muscle_length="",
        emphasis="",
    )
    PrescriptionFactory(
        session=session,
        order=2,
        section="main",
        exercise=ExerciseFactory(
            code="squat", name="Back squat", category="strength", intensity="high"
        ),
        sets=4,
        reps=5,
        seconds=None,
    )
    PrescriptionFactory(
        session=session,
        order=3,
        exercise=ExerciseFactory(code="hf_hold", name="Hip flexor hold", intensity="low"),
    )
    ExerciseFactory(code="a_skip", name="A-skip", category="drill", intensity="low", equipment=[])
    return session


def rx(session, order) -> Prescription:
    return Prescription.objects.select_related("exercise").get(session=session, order=order)


# ------------------------------------------------------------------ the check-in (athlete)
def test_athlete_bad_day_lightens_session_and_page_says_why(client, personas, session, today):
    baseline(personas.athlete, today)
    client.force_login(personas.athlete.user)
    response = client.post(reverse("programs:readiness_checkin"), BAD)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:today") + "#readiness"
    checkin = ReadinessCheckIn.objects.get(athlete=personas.athlete, date=today)
    assert checkin.total == 11
    adjustment = SessionAdjustment.objects.get(session=session, undone_at=None)
    assert adjustment.status == "very_low"
    # Very low: the sprint swapped for lighter work, the squat halved, the hold kept.
    assert rx(session, 1).exercise.code == "a_skip"
    assert rx(session, 2).sets == 2
    assert rx(session, 3).sets == 3
    page = client.get(reverse("programs:today")).content.decode()
    assert "Lighter session today" in page
    assert "Readiness 11/25 is" in page
    assert "below your 28-day baseline" in page
    assert "Back squat: 4 → 2 sets" in page
    assert "Your targeted hold stays as planned: Hip flexor hold." in page
    assert "Checked in: 11/25" in page


def test_good_day_changes_nothing(client, personas, session, today):
    baseline(personas.athlete, today)
    client.force_login(personas.athlete.user)
    client.post(reverse("programs:readiness_checkin"), GOOD)
    assert not SessionAdjustment.objects.exists()
    assert rx(session, 2).sets == 4
    assert "Lighter session today" not in client.get(reverse("programs:today")).content.decode()


def test_without_a_baseline_nothing_changes(client, personas, session, today):
    client.force_login(personas.athlete.user)
    client.post(reverse("programs:readiness_checkin"), BAD)
    assert ReadinessCheckIn.objects.filter(athlete=personas.athlete).count() == 1
    assert not SessionAdjustment.objects.exists()


def test_htmx_checkin_refreshes_the_page(client, personas, session, today):
    client.force_login(personas.athlete.user)
    response = client.post(reverse("programs:readiness_checkin"), GOOD, **HTMX)
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"


@pytest.mark.parametrize(
    "data",
    [
        {**GOOD, "sleep": 6},
        {**GOOD, "mood": 0},
        {**GOOD, "stress": "x"},
        {k: v for k, v in GOOD.items() if k != "fatigue"},
    ],
)
def test_bad_input_is_refused_and_saves_nothing(client, personas, session, data):
    client.force_login(personas.athlete.user)
    response = client.post(reverse("programs:readiness_checkin"), data, **HTMX)
    assert response.status_code == 422
    assert "tap 1 to 5" in response.content.decode()
    assert 'id="readiness"' in response.content.decode()
    plain = client.post(reverse("programs:readiness_checkin"), data)
    assert plain.status_code == 422
    assert "tap 1 to 5" in plain.content.decode()
    assert not ReadinessCheckIn.objects.exists()


def test_repeat_checkin_replaces_the_day_and_its_adjustment(personas, session, today):
    baseline(personas.athlete, today)
    readiness_record(athlete=personas.athlete, date=today, **BAD)
    assert rx(session, 1).exercise.code == "a_skip"
    readiness_record(athlete=personas.athlete, date=today, **GOOD)
    assert ReadinessCheckIn.objects.filter(athlete=personas.athlete, date=today).count() == 1
    assert not SessionAdjustment.objects.filter(undone_at=None).exists()
    assert rx(session, 1).exercise.code == "flying_20"
    assert rx(session, 2).sets == 4


def test_logged_session_is_never_rewritten(personas, session, today):
    baseline(personas.athlete, today)
    PrescriptionLog.objects.create(prescription=rx(session, 3), sets_done=1)
    _, readiness, adjustment = readiness_record(athlete=personas.athlete, date=today, **BAD)
    assert readiness.status == "very_low"
    assert adjustment is None
    assert rx(session, 2).sets == 4


def test_coach_cannot_check_in(client, personas, session):
    client.force_login(personas.coach)
    assert client.post(reverse("programs:readiness_checkin"), GOOD).status_code == 404


def test_checkin_form_is_a_plain_post_form_on_today(client, personas, session):
    client.force_login(personas.athlete.user)
    page = client.get(reverse("programs:today")).content.decode()
    assert f'action="{reverse("programs:readiness_checkin")}"' in page
    assert page.count('type="radio" name="sleep"') == 5
    assert "How are you this morning?" in page


# ------------------------------------------------------------------ the undo (coach)
def _undo_url(athlete, adjustment):
    return reverse("programs:adjustment_undo", args=[athlete.pk, adjustment.pk])


def test_coach_undoes_adjustment(client, personas, session, today):
    baseline(personas.athlete, today)
    _, _, adjustment = readiness_record(athlete=personas.athlete, date=today, **BAD)
    client.force_login(personas.coach)
    response = client.post(_undo_url(personas.athlete, adjustment), {"next": "/coach/today/"})
    assert response.status_code == 302
    assert response["Location"] == "/coach/today/"
    adjustment.refresh_from_db()
    assert adjustment.undone_at is not None
    assert adjustment.undone_by == personas.coach
    assert rx(session, 1).exercise.code == "flying_20"
    assert rx(session, 1).sets == 6
    assert rx(session, 2).sets == 4


def test_undo_refuses_foreign_next_url(client, personas, session, today):
    baseline(personas.athlete, today)
    _, _, adjustment = readiness_record(athlete=personas.athlete, date=today, **BAD)
    client.force_login(personas.coach)
    response = client.post(
        _undo_url(personas.athlete, adjustment), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("athletes:detail", args=[personas.athlete.pk])


@pytest.mark.parametrize("who", ["other_coach", "athlete"])
def test_undo_is_404_outside_scope(client, personas, session, today, who):
    baseline(personas.athlete, today)
    _, _, adjustment = readiness_record(athlete=personas.athlete, date=today, **BAD)
    user = personas.other_coach if who == "other_coach" else personas.athlete.user
    client.force_login(user)
    assert client.post(_undo_url(personas.athlete, adjustment)).status_code == 404
    adjustment.refresh_from_db()
    assert adjustment.undone_at is None


def test_undo_after_logging_is_refused(personas, session, today):
    baseline(personas.athlete, today)
    _, _, adjustment = readiness_record(athlete=personas.athlete, date=today, **BAD)
    PrescriptionLog.objects.create(prescription=rx(session, 2), sets_done=1)
    with pytest.raises(ValidationError, match="started logging"):
        session_adjustment_undo(adjustment=adjustment, user=personas.coach)
    assert rx(session, 2).sets == 2
