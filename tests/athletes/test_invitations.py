import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from athletes.models import Invitation, User
from athletes.services_invitations import (
    INVALID_MESSAGE,
    invitation_accept,
    invitation_create,
)
from tests.factories import AthleteFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
GOOD_PASSWORD = "sprint-faster-2025"


@pytest.fixture
def new_athlete(personas):
    """An athlete of the coach's organization without a login yet."""
    return AthleteFactory(organization=personas.organization, email="Runner@Example.com")


# --- services --------------------------------------------------------------------------


def test_create_stores_only_the_hash_and_expires_in_seven_days(personas, new_athlete):
    invitation, raw = invitation_create(athlete=new_athlete, created_by=personas.coach)
    assert len(raw) >= 43
    assert invitation.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    expected = timezone.now() + dt.timedelta(days=7)
    assert abs((invitation.expires_at - expected).total_seconds()) < 5
    assert invitation.created_by == personas.coach


def test_a_new_invite_voids_older_open_ones(personas, new_athlete):
    _, old = invitation_create(athlete=new_athlete, created_by=personas.coach)
    _, new = invitation_create(athlete=new_athlete, created_by=personas.coach)
    with pytest.raises(ValidationError, match="no longer valid"):
        invitation_accept(raw_token=old, password=GOOD_PASSWORD)
    user = invitation_accept(raw_token=new, password=GOOD_PASSWORD)
    assert user.email == "runner@example.com"


def test_accept_creates_the_user_links_the_athlete_and_is_one_use(personas, new_athlete):
    invitation, raw = invitation_create(athlete=new_athlete, created_by=personas.coach)
    user = invitation_accept(raw_token=raw, password=GOOD_PASSWORD)
    new_athlete.refresh_from_db()
    invitation.refresh_from_db()
    assert new_athlete.user == user
    assert user.check_password(GOOD_PASSWORD)
    assert invitation.accepted_at is not None
    with pytest.raises(ValidationError) as excinfo:
        invitation_accept(raw_token=raw, password="another-pass-2025")
    assert excinfo.value.messages == [INVALID_MESSAGE]
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)


@pytest.mark.parametrize("token", ["", "nonsense", "x" * 43])
def test_unknown_tokens_are_invalid(token):
    with pytest.raises(ValidationError, match="Ask your coach for a new one"):
        invitation_accept(raw_token=token, password=GOOD_PASSWORD)


def test_expired_invite_is_invalid(personas, new_athlete):
    invitation, raw = invitation_create(athlete=new_athlete, created_by=personas.coach)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    with pytest.raises(ValidationError, match="no longer valid"):
        invitation_accept(raw_token=raw, password=GOOD_PASSWORD)
    assert not User.objects.filter(email="runner@example.com").exists()


@pytest.mark.parametrize("password", ["short", "12345678901", "password123"])
def test_weak_passwords_are_refused_and_nothing_changes(personas, new_athlete, password):
    invitation, raw = invitation_create(athlete=new_athlete, created_by=personas.coach)
    with pytest.raises(ValidationError) as excinfo:
        invitation_accept(raw_token=raw, password=password)
    assert "password" in excinfo.value.message_dict
    invitation.refresh_from_db()
    new_athlete.refresh_from_db()
    assert invitation.accepted_at is None
    assert new_athlete.user is None
    assert not User.objects.filter(email="runner@example.com").exists()


def test_athlete_without_email_gives_one_on_accept(personas):
    athlete = AthleteFactory(organization=personas.organization, email="")
    _, raw = invitation_create(athlete=athlete, created_by=personas.coach)
    with pytest.raises(ValidationError) as excinfo:
        invitation_accept(raw_token=raw, password=GOOD_PASSWORD)
    assert "email" in excinfo.value.message_dict
    user = invitation_accept(raw_token=raw, password=GOOD_PASSWORD, email="Me@Example.com")
    athlete.refresh_from_db()
    assert (user.email, athlete.email, athlete.user) == ("me@example.com", "me@example.com", user)


def test_archived_athlete_cannot_be_invited(personas, new_athlete):
    new_athlete.archived_at = timezone.now()
    new_athlete.save()
    with pytest.raises(ValidationError, match="archived"):
        invitation_create(athlete=new_athlete, created_by=personas.coach)
    assert not Invitation.objects.exists()


# --- views -----------------------------------------------------------------------------


def test_coach_creates_a_link_page(client, personas, new_athlete):
    client.force_login(personas.coach)
    response = client.post(reverse("athletes:invite_create", args=[new_athlete.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    invitation = Invitation.objects.get(athlete=new_athlete)
    raw = response.context["link"].rstrip("/").rsplit("/", 1)[-1]
    assert hashlib.sha256(raw.encode()).hexdigest() == invitation.token_hash
    assert response.context["link"].startswith("http://testserver/invite/")
    assert response.context["link"] in html
    assert ">Copy</button>" in html
    assert response["Cache-Control"] == "no-store"


def test_coach_htmx_gets_the_link_fragment(client, personas, new_athlete):
    client.force_login(personas.coach)
    response = client.post(reverse("athletes:invite_create", args=[new_athlete.pk]), **HTMX)
    html = response.content.decode()
    assert html.strip().startswith('<div class="card" id="invite-link"')
    assert "<html" not in html
    assert "http://testserver/invite/" in html


def test_invite_create_refused_for_others(client, personas, new_athlete):
    url = reverse("athletes:invite_create", args=[new_athlete.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    for user in (personas.other_coach, personas.athlete.user):
        client.force_login(user)
        assert client.post(url).status_code == 404
    client.force_login(personas.coach)
    assert client.get(url).status_code == 405
    assert not Invitation.objects.exists()


def test_invite_create_archived_athlete_shows_the_error(client, personas, new_athlete):
    new_athlete.archived_at = timezone.now()
    new_athlete.save()
    client.force_login(personas.coach)
    url = reverse("athletes:invite_create", args=[new_athlete.pk])
    assert "archived" in client.post(url).content.decode()
    assert client.post(url, **HTMX).status_code == 422
    assert not Invitation.objects.exists()


def test_accept_page_sets_password_logs_in_and_goes_to_today(client, personas, new_athlete):
    _, raw = invitation_create(athlete=new_athlete, created_by=personas.coach)
    url = reverse("athletes:invite_accept", args=[raw])
    page = client.get(url)
    assert page.status_code == 200
    assert "runner@example.com" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("programs:today")
    new_athlete.refresh_from_db()
    assert int(client.session["_auth_user_id"]) == new_athlete.user.pk
    assert client.get(reverse("programs:today")).status_code == 200
    # The link is spent.
    again = client.get(url)
    assert again.status_code == 410
    assert INVALID_MESSAGE in again.content.decode()


def test_accept_form_errors(client, personas, new_athlete):
    invitation, raw = invitation_create(athlete=new_athlete, created_by=personas.coach)
    url = reverse("athletes:invite_accept", args=[raw])
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": "different-2025"})
    assert "The two passwords differ" in response.content.decode()
    response = client.post(url, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert "_auth_user_id" not in client.session


def test_accept_asks_for_email_when_the_athlete_has_none(client, personas):
    athlete = AthleteFactory(organization=personas.organization, email="")
    _, raw = invitation_create(athlete=athlete, created_by=personas.coach)
    url = reverse("athletes:invite_accept", args=[raw])
    assert 'name="email"' in client.get(url).content.decode()
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 200
    assert "required" in response.content.decode()
    response = client.post(
        url, {"email": "new@example.com", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.user.email == "new@example.com"


def test_unknown_link_page(client):
    response = client.get(reverse("athletes:invite_accept", args=["nope"]))
    assert response.status_code == 410
    assert INVALID_MESSAGE in response.content.decode()
    response = client.post(
        reverse("athletes:invite_accept", args=["nope"]),
        {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    assert response.status_code == 410
    assert not User.objects.filter(athlete__isnull=False, email="runner@example.com").exists()
