"""The coach's organization settings: the profile window for partial retests."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from athletes.services_settings import organization_settings_update

pytestmark = pytest.mark.django_db

URL = reverse("athletes:settings")


def test_default_window_is_12_weeks_and_the_coach_changes_it(client, personas):
    client.force_login(personas.coach)
    page = client.get(URL)
    assert page.status_code == 200
    assert 'value="12"' in page.content.decode()
    response = client.post(URL, {"profile_window_weeks": "8"})
    assert response.status_code == 302
    personas.organization.refresh_from_db()
    assert personas.organization.profile_window_weeks == 8
    personas.other_organization.refresh_from_db()
    assert personas.other_organization.profile_window_weeks == 12


@pytest.mark.parametrize("value", ["0", "105", "-3", "4.5", "", "twelve"])
def test_out_of_bounds_window_is_refused_and_nothing_saved(client, personas, value):
    client.force_login(personas.coach)
    response = client.post(URL, {"profile_window_weeks": value})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    personas.organization.refresh_from_db()
    assert personas.organization.profile_window_weeks == 12


@pytest.mark.parametrize("weeks", [0, 105, True, 4.0])
def test_the_service_refuses_bad_windows(personas, weeks):
    with pytest.raises(ValidationError) as error:
        organization_settings_update(
            organization=personas.organization, profile_window_weeks=weeks
        )
    assert "profile_window_weeks" in error.value.message_dict


def test_athletes_and_strangers_get_404(client, personas):
    client.force_login(personas.athlete.user)
    assert client.get(URL).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page
