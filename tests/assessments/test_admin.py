"""Protocol and assessment admin: staff only, engine validation on save."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from assessments.models import Assessment, TestProtocol
from assessments.services_library import protocol_library_load
from tests.assessments.factories import record
from tests.factories import UserFactory, make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


@pytest.fixture
def staff():
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="assessments"))
    return user


def _change_data(protocol: TestProtocol, **overrides) -> dict:
    data = {
        name: getattr(protocol, name)
        for name in (
            "code",
            "kind",
            "group",
            "name",
            "unit",
            "norm",
            "reference_male",
            "reference_female",
            "plausible_min",
            "plausible_max",
            "instructions",
            "source",
            "sort_order",
        )
    }
    data.update({"sem_pct": protocol.sem_pct or "", "noise_abs": protocol.noise_abs or ""})
    data["swc_abs"] = protocol.swc_abs or ""
    for flag in ("sided", "provisional", "active", "lower_is_better"):
        if getattr(protocol, flag):
            data[flag] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_staff_can_list_filter_and_search_protocols(client, staff):
    client.force_login(staff)
    url = reverse("admin:assessments_testprotocol_changelist")
    response = client.get(url)
    assert response.status_code == 200
    assert "hip_flexion_hhd" in response.content.decode()
    filtered = client.get(url, {"provisional__exact": "1"}).content.decode()
    assert "hip_extension_hhd" in filtered
    assert "nordic_nordbord" not in filtered
    assert "prone_plank" in client.get(url, {"q": "plank"}).content.decode()


def test_staff_can_edit_a_protocol(client, staff):
    protocol = TestProtocol.objects.get(code="prone_plank")
    client.force_login(staff)
    url = reverse("admin:assessments_testprotocol_change", args=[protocol.pk])
    response = client.post(url, _change_data(protocol, plausible_max=1200))
    assert response.status_code == 302, response.context["adminform"].form.errors
    protocol.refresh_from_db()
    assert protocol.plausible_max == 1200


def test_invalid_protocol_shows_the_engine_message_and_saves_nothing(client, staff):
    protocol = TestProtocol.objects.get(code="prone_plank")
    client.force_login(staff)
    url = reverse("admin:assessments_testprotocol_change", args=[protocol.pk])
    response = client.post(url, _change_data(protocol, plausible_min=900, plausible_max=10))
    assert response.status_code == 200
    assert "plausible_min (900.0) must be below plausible_max (10.0)" in (
        response.content.decode()
    )
    protocol.refresh_from_db()
    assert (protocol.plausible_min, protocol.plausible_max) == (0.0, 900.0)


def test_coach_is_sent_to_the_admin_login(client):
    p = make_personas()
    client.force_login(p.coach)
    protocol = TestProtocol.objects.get(code="prone_plank")
    response = client.get(reverse("admin:assessments_testprotocol_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    url = reverse("admin:assessments_testprotocol_change", args=[protocol.pk])
    client.post(url, _change_data(protocol, plausible_max=1200))
    protocol.refresh_from_db()
    assert protocol.plausible_max == 900


def test_assessment_admin_is_read_mostly(client, staff):
    p = make_personas()
    assessment = record(p.athlete)
    client.force_login(staff)
    assert client.get(reverse("admin:assessments_assessment_changelist")).status_code == 200
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Isometric hip flexion" in response.content.decode()  # the results inline
    assert client.get(reverse("admin:assessments_assessment_add")).status_code == 403
    assert Assessment.objects.count() == 1


def test_staff_cannot_give_an_outcome_a_muscle_group(client, staff):
    protocol = TestProtocol.objects.get(code="sprint_20m")
    client.force_login(staff)
    url = reverse("admin:assessments_testprotocol_change", args=[protocol.pk])
    response = client.post(url, _change_data(protocol, group="calves"))
    assert response.status_code == 200
    assert "an outcome has no muscle group" in response.content.decode()
    protocol.refresh_from_db()
    assert protocol.group == ""
