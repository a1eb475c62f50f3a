"""The coach's readiness-and-load card on the athlete page (programs.views_athlete_load)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import SessionLog
from programs.selectors.load import weekly_session_load
from programs.services.readiness import readiness_record
from tests.factories import make_personas
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)
from tests.programs.test_readiness import BAD, baseline

pytestmark = pytest.mark.django_db


def url(athlete):
    return reverse("programs:athlete_load", args=[athlete.pk])


def _log(version, athlete, day, rpe, minutes):
    session = SessionFactory(version=version, date=day)
    SessionLog.objects.create(
        session=session,
        athlete=athlete,
        rpe=rpe,
        duration_min=minutes,
        completed_at=timezone.now(),
    )


def test_weekly_load_is_rpe_times_minutes():
    personas = make_personas()
    today = dt.date(2026, 11, 18)  # a Wednesday
    version = ProgramVersionFactory(program=ProgramFactory(athlete=personas.athlete))
    _log(version, personas.athlete, dt.date(2026, 11, 16), 6, 60)  # this week: 360
    _log(version, personas.athlete, dt.date(2026, 11, 17), 8, 45)  # this week: 360
    _log(version, personas.athlete, dt.date(2026, 11, 10), 5, 50)  # last week: 250
    _log(version, personas.athlete, dt.date(2026, 11, 11), 7, None)  # no minutes: not counted
    weeks = weekly_session_load(personas.athlete, today)
    assert len(weeks) == 8
    assert weeks[-1].start == dt.date(2026, 11, 16)
    assert (weeks[-1].load, weeks[-1].sessions) == (720, 2)
    assert (weeks[-2].load, weeks[-2].sessions, weeks[-2].unmeasured) == (250, 1, 1)
    assert all(w.load == 0 for w in weeks[:-2])


def test_coach_sees_chart_and_the_acwr_caveat(client, personas):
    version = ProgramVersionFactory(program=ProgramFactory(athlete=personas.athlete))
    _log(version, personas.athlete, timezone.localdate(), 7, 50)
    client.force_login(personas.coach)
    page = client.get(url(personas.athlete)).content.decode()
    assert "Weekly session load" in page
    assert ">350</text>" in page
    assert "acute:chronic workload ratio is a contested measure" in page
    fragment = client.get(url(personas.athlete), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section class="card" id="load"')
    detail = client.get(reverse("athletes:detail", args=[personas.athlete.pk])).content.decode()
    assert f'hx-get="{url(personas.athlete)}"' in detail
    assert f'<a href="{url(personas.athlete)}">' in detail


def test_coach_can_undo_from_the_athlete_page(client, personas):
    today = timezone.localdate()
    version = ProgramVersionFactory(program=ProgramFactory(athlete=personas.athlete))
    session = SessionFactory(version=version, date=today)
    PrescriptionFactory(
        session=session,
        section="main",
        sets=4,
        exercise=ExerciseFactory(code="sq", name="Squat", category="strength", intensity="high"),
    )
    baseline(personas.athlete, today)
    _, _, adjustment = readiness_record(athlete=personas.athlete, date=today, **BAD)
    client.force_login(personas.coach)
    page = client.get(url(personas.athlete)).content.decode()
    assert "Readiness 11/25 is" in page
    assert "Squat: 4 → 2 sets" in page
    assert reverse("programs:adjustment_undo", args=[personas.athlete.pk, adjustment.pk]) in page


@pytest.mark.parametrize("who", ["other_coach", "athlete"])
def test_outside_scope_is_404(client, personas, who):
    client.force_login(personas.other_coach if who == "other_coach" else personas.athlete.user)
    assert client.get(url(personas.athlete)).status_code == 404
