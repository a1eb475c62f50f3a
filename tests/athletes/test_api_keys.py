"""The coach's API keys page and the key services: shown once, stored hashed, scoped."""

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from athletes.models import ApiKey
from athletes.services_api_keys import api_key_authenticate, api_key_create, api_key_hash

pytestmark = pytest.mark.django_db


def test_a_coach_creates_a_key_sees_it_once_and_only_its_hash_is_stored(client, personas):
    client.force_login(personas.coach)
    response = client.post(reverse("athletes:api_keys"), {"name": "NordBord", "scope": "write"})
    assert response.status_code == 200
    raw_key = response.context["raw_key"]
    assert raw_key.startswith("sc_")
    assert raw_key in response.content.decode()
    key = ApiKey.objects.get()
    assert (key.organization, key.scope, key.created_by) == (
        personas.organization,
        "write",
        personas.coach,
    )
    assert key.key_hash == api_key_hash(raw_key)
    assert raw_key not in str(ApiKey.objects.values().get())
    again = client.get(reverse("athletes:api_keys")).content.decode()
    assert raw_key not in again
    assert "NordBord" in again
    assert api_key_authenticate(raw_key) == key


def test_a_bad_form_saves_nothing(client, personas):
    client.force_login(personas.coach)
    response = client.post(reverse("athletes:api_keys"), {"name": "", "scope": "admin"})
    assert response.status_code == 400
    assert not ApiKey.objects.exists()


def test_revoking_ends_the_key_and_other_organizations_keys_are_404(client, personas):
    key, raw_key = api_key_create(
        organization=personas.organization, name="Frame", scope="read", created_by=personas.coach
    )
    client.force_login(personas.other_coach)
    assert "Frame" not in client.get(reverse("athletes:api_keys")).content.decode()
    url = reverse("athletes:api_key_revoke", kwargs={"api_key_id": key.id})
    assert client.post(url).status_code == 404
    assert api_key_authenticate(raw_key) == key
    client.force_login(personas.coach)
    assert client.post(url).status_code == 302
    assert api_key_authenticate(raw_key) is None
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_athletes_and_strangers_do_not_get_the_page(client, personas):
    client.force_login(personas.athlete.user)
    assert client.get(reverse("athletes:api_keys")).status_code == 404
    client.logout()
    assert client.get(reverse("athletes:api_keys")).status_code == 302  # to the login


def test_the_coach_navigation_links_the_page(client, personas):
    client.force_login(personas.coach)
    html = client.get(reverse("athletes:roster")).content.decode()
    assert f'href="{reverse("athletes:api_keys")}"' in html


def test_staff_see_keys_in_the_admin_but_add_them_in_the_app(admin_client, personas):
    api_key_create(organization=personas.organization, name="Frame", scope="read", created_by=None)
    assert ApiKey in site._registry
    response = admin_client.get(reverse("admin:athletes_apikey_changelist"))
    assert response.status_code == 200
    assert "Frame" in response.content.decode()
    assert admin_client.get(reverse("admin:athletes_apikey_add")).status_code == 403
