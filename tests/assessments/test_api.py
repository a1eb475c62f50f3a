"""The JSON endpoint: session-authenticated coach with CSRF, 201 or 400 with field errors."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from assessments.services_library import protocol_library_load
from programs.models import Program
from tests.factories import days_ago, make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


def _url(athlete):
    return reverse("assessments:api_record", kwargs={"athlete_id": athlete.id})


def _payload(**overrides):
    payload = {
        "date": days_ago(1).isoformat(),
        "body_mass_kg": 75,
        "results": [
            {"protocol": "hip_flexion_hhd", "side": "L", "value": 400},
            {"protocol": "hip_flexion_hhd", "side": "r", "value": 380.5},
        ],
    }
    payload.update(overrides)
    return payload


def _post(client, athlete, payload, **extra):
    return client.post(
        _url(athlete), json.dumps(payload), content_type="application/json", **extra
    )


def test_coach_records_and_gets_the_profile(client, personas):
    client.force_login(personas.coach)
    response = _post(client, personas.athlete, _payload())
    assert response.status_code == 201
    body = response.json()
    assert body["weakest_link"] == "hip_flexors"
    assert body["profile"]["weakest_link"] == "hip_flexors"
    assessment = Assessment.objects.get(pk=body["id"])
    assert assessment.source == "api"
    assert Program.objects.get(athlete=personas.athlete).regen_status == "pending"


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        (_payload(body_mass_kg=10), "body_mass_kg"),
        (_payload(date="yesterday"), "date"),
        (
            _payload(results=[{"protocol": "hip_flexion_hhd", "side": "L", "value": 9999}]),
            "hip_flexion_hhd_L",
        ),
        (
            _payload(results=[{"protocol": "hip_flexion_hhd", "side": "L", "value": "x"}]),
            "results",
        ),
        (_payload(results=[]), "results"),
        ([1, 2], "__all__"),
    ],
)
def test_bad_payload_gets_400_with_field_errors(client, personas, payload, key):
    client.force_login(personas.coach)
    response = _post(client, personas.athlete, payload)
    assert response.status_code == 400
    assert key in response.json()["errors"]
    assert Assessment.objects.count() == 0


def test_csrf_is_enforced():
    personas = make_personas()
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.coach)
    assert _post(client, personas.athlete, _payload()).status_code == 403
    client.get(reverse("assessments:record", kwargs={"athlete_id": personas.athlete.id}))
    token = client.cookies["csrftoken"].value
    response = _post(client, personas.athlete, _payload(), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_access(client, personas):
    assert _post(client, personas.athlete, _payload()).status_code == 401
    client.force_login(personas.other_coach)
    assert _post(client, personas.athlete, _payload()).status_code == 404
    client.force_login(personas.athlete.user)
    assert _post(client, personas.athlete, _payload()).status_code == 404
    assert Assessment.objects.count() == 0
