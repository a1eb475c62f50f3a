"""Speed and jump outcomes are recorded like strength tests (service, form, CSV) and never
change the weakest link."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.csv_import import csv_import_commit
from assessments.models import Assessment, TestResult
from assessments.services_library import protocol_library_load
from tests.assessments.factories import FULL_RESULTS, record
from tests.factories import AthleteFactory, make_personas

pytestmark = pytest.mark.django_db

OUTCOMES = [("sprint_20m", "B", 3.12), ("flying_30m", "B", 8.9), ("cmj_height", "B", 41.5)]


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


def test_outcomes_are_saved_and_leave_the_profile_alone():
    athlete = AthleteFactory()
    strength = record(athlete, date=dt.date(2026, 1, 5))
    both = record(AthleteFactory(), date=dt.date(2026, 1, 5), results=FULL_RESULTS + OUTCOMES)
    assert both.results.filter(protocol__kind="outcome").count() == 3
    assert both.weakest_link == strength.weakest_link
    assert both.balance_level == strength.balance_level
    assert both.profile["groups"] == strength.profile["groups"]


def test_outcome_values_are_checked_like_any_result():
    athlete = AthleteFactory()
    with pytest.raises(ValidationError) as exc:
        record(athlete, results=[("sprint_20m", "B", 1.0), ("cmj_height", "L", 40)])
    errors = exc.value.message_dict
    assert errors["sprint_20m_B"] == ["Outside the plausible range 2.2–6 s."]
    assert "not tested per side" in errors["cmj_height_L"][0]
    assert Assessment.objects.count() == 0


def test_an_assessment_of_outcomes_only_is_accepted():
    assessment = record(AthleteFactory(), results=OUTCOMES)
    assert assessment.results.count() == 3
    assert assessment.weakest_link == ""
    assert assessment.balance_level is None


def test_the_form_offers_speed_and_jump_and_records_them(client):
    p = make_personas()
    client.force_login(p.coach)
    url = reverse("assessments:record", args=[p.athlete.id])
    page = client.get(url).content.decode()
    assert "Speed and jump" in page
    assert "20 m sprint (standing start, timing gates)" in page
    response = client.post(
        url, {"date": "2026-01-05", "body_mass_kg": "75", "sprint_20m_B": "3.05"}
    )
    assert response.status_code == 302
    (result,) = TestResult.objects.filter(assessment__athlete=p.athlete)
    assert (result.protocol.code, result.side, result.value) == ("sprint_20m", "B", 3.05)


def test_the_csv_import_takes_outcomes():
    athlete = AthleteFactory(email="sam@example.com")
    data = (
        b"athlete_email,date,body_mass_kg,protocol,side,value\n"
        b"sam@example.com,2026-01-05,75,sprint_10m,B,1.82\n"
        b"sam@example.com,2026-01-05,75,hip_flexion_hhd,L,400\n"
    )
    result = csv_import_commit(
        organization=athlete.organization, file_bytes=data, user=None, today=dt.date(2026, 2, 1)
    )
    assert result.results_created == 2
    assessment = Assessment.objects.get(athlete=athlete)
    assert assessment.weakest_link == "hip_flexors"


def test_a_day_of_sprints_alone_does_not_replan_without_strength():
    from programs.services.generate import latest_assessment

    athlete = AthleteFactory()
    strength = record(athlete, date=dt.date(2026, 1, 5))
    record(athlete, date=dt.date(2026, 1, 6), results=OUTCOMES)
    assert latest_assessment(athlete) == strength
