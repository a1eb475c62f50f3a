"""The demo's morning shows a lighter session whatever weekday the demo is first seeded on
(`python3 dev.py run` seeds it with the day it starts)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments.services_library import protocol_library_load
from athletes.models import Athlete, User
from config.celery_app import app as celery_app
from programs.home import home_for_coach
from programs.models import SessionAdjustment
from programs.selectors.athlete import athlete_session_on
from programs.services.library import exercise_library_load
from seeding.demo import demo_seed
from seeding.demo_morning import morning_weekdays

MONDAY = dt.date(2026, 3, 2)


def test_the_lightened_athlete_trains_on_the_day_the_demo_starts():
    for offset in range(7):
        today = MONDAY + dt.timedelta(days=offset)
        days = morning_weekdays(today)
        assert today.weekday() in days
        assert len(days) == 5  # no long run: every training day has hard work


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("offset", range(7), ids=lambda n: f"{MONDAY + dt.timedelta(days=n):%a}")
def test_every_start_day_has_a_lighter_session_on_the_coachs_today(client, settings, offset):
    today = MONDAY + dt.timedelta(days=offset)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # jobs in-process, as the quick start runs them
    settings.DEBUG = True
    morning = timezone.make_aware(dt.datetime.combine(today, dt.time(7, 30)))
    try:
        with time_machine.travel(morning, tick=True):
            protocol_library_load()
            exercise_library_load()
            demo_seed(today=today)
            maya = Athlete.objects.get(first_name="Maya", user__isnull=False)
            session = athlete_session_on(maya, today)
            assert session is not None
            assert not session.is_rest
            adjustment = SessionAdjustment.objects.get(session=session, undone_at=None)
            assert adjustment.changes

            coach = User.objects.get(email="coach@northside.demo")
            low = home_for_coach(coach, today=today).watch["Low readiness today"]
            line = next(line for line in low if line.athlete_id == maya.pk)
            assert "Today's session was made lighter." in line.why
            assert line.undo_url

            client.force_login(maya.user)
            page = client.get(reverse("programs:today")).content.decode()
            assert "Lighter session today" in page
    finally:
        celery_app.conf.task_always_eager = eager
