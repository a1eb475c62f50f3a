"""Invitations never take over an account: every case with two organizations.

The rule (athletes.services_invitations): a link creates an account only for an email that
has none; an existing account is linked only after its owner logs in with its own password;
no password is ever changed.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from athletes.models import Athlete, User
from athletes.services_invitations import (
    ACCOUNT_EXISTS_MESSAGE,
    invitation_accept,
    invitation_accept_as_user,
    invitation_create,
)
from tests.factories import PASSWORD, AthleteFactory, UserFactory

pytestmark = pytest.mark.django_db
CHOSEN = "sprint-faster-2025"


def _invite(coach, organization, email):
    athlete = AthleteFactory(organization=organization, email=email)
    _, raw = invitation_create(athlete=athlete, created_by=coach)
    return athlete, raw, reverse("athletes:invite_accept", args=[raw])


def _assert_untouched(user):
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not user.check_password(CHOSEN)


def _existing_accounts(personas):
    """Accounts a coach of p.organization must not be able to take: (name, user)."""
    staff_made = UserFactory(email="new.coach@club.example")  # no role yet
    return [
        ("coach elsewhere", personas.other_coach),
        ("other club's athlete", personas.outside_athlete.user),
        ("account staff created", staff_made),
    ]


def test_service_refuses_to_set_a_password_on_any_existing_account(personas):
    for name, user in _existing_accounts(personas):
        athlete, raw, _ = _invite(personas.coach, personas.organization, user.email.upper())
        with pytest.raises(ValidationError) as excinfo:
            invitation_accept(raw_token=raw, password=CHOSEN)
        assert excinfo.value.messages == [ACCOUNT_EXISTS_MESSAGE], name
        _assert_untouched(user)
        athlete.refresh_from_db()
        assert athlete.user is None, name


def test_service_refuses_to_reset_an_own_athletes_password(personas):
    _, raw = invitation_create(athlete=personas.athlete, created_by=personas.coach)
    with pytest.raises(ValidationError, match="already has a Speedchain account"):
        invitation_accept(raw_token=raw, password=CHOSEN)
    _assert_untouched(personas.athlete.user)


def test_service_refuses_a_typed_email_that_has_an_account(personas):
    athlete = AthleteFactory(organization=personas.organization, email="")
    _, raw = invitation_create(athlete=athlete, created_by=personas.coach)
    with pytest.raises(ValidationError, match="already has a Speedchain account"):
        invitation_accept(raw_token=raw, password=CHOSEN, email=personas.other_coach.email)
    _assert_untouched(personas.other_coach)
    athlete.refresh_from_db()
    assert (athlete.user, athlete.email) == (None, "")


def test_accept_as_user_refuses_a_different_account(personas):
    athlete, raw, _ = _invite(personas.coach, personas.organization, personas.other_coach.email)
    for user in (personas.coach, personas.outside_athlete.user):
        with pytest.raises(ValidationError, match="Log out to accept"):
            invitation_accept_as_user(raw_token=raw, user=user)
    # A fresh email is its owner's to claim, not whoever is logged in.
    fresh, fresh_raw, _ = _invite(personas.coach, personas.organization, "fresh@example.com")
    with pytest.raises(ValidationError, match="Log out to accept"):
        invitation_accept_as_user(raw_token=fresh_raw, user=personas.coach)
    # Someone else's invitation to an athlete who already has a login.
    _, own_raw = invitation_create(athlete=personas.athlete, created_by=personas.coach)
    with pytest.raises(ValidationError, match="Log out to accept"):
        invitation_accept_as_user(raw_token=own_raw, user=personas.other_athlete.user)
    for a in (athlete, fresh, personas.athlete):
        a.refresh_from_db()
    assert (athlete.user, fresh.user, personas.athlete.user_id) == (
        None,
        None,
        personas.athlete.user_id,
    )


# --- the accept page -------------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 1, 2])
def test_page_asks_an_existing_account_for_its_own_password(client, personas, index):
    name, user = _existing_accounts(personas)[index]
    athlete, _, url = _invite(personas.coach, personas.organization, user.email)
    page = client.get(url).content.decode()
    assert "already has a Speedchain account" in page
    assert 'name="password1"' not in page
    # The inviting coach (holding the link) does not know the password: nothing happens.
    response = client.post(url, {"password": CHOSEN})
    assert "not the password of this account" in response.content.decode(), name
    assert "_auth_user_id" not in client.session
    _assert_untouched(user)
    athlete.refresh_from_db()
    assert athlete.user is None
    # The owner does: the athlete is linked, the password stays.
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("programs:today")
    athlete.refresh_from_db()
    assert athlete.user == user
    assert int(client.session["_auth_user_id"]) == user.pk
    _assert_untouched(user)


def test_own_athletes_login_cannot_be_reset_through_the_page(client, personas):
    _, raw = invitation_create(athlete=personas.athlete, created_by=personas.coach)
    url = reverse("athletes:invite_accept", args=[raw])
    client.post(url, {"password1": CHOSEN, "password2": CHOSEN})
    client.post(url, {"password": CHOSEN})
    _assert_untouched(personas.athlete.user)
    assert "_auth_user_id" not in client.session


def test_coach_elsewhere_becomes_an_athlete_here_and_stays_a_coach_there(client, personas):
    """One user, coach of one organization and athlete of another; neither leaks."""
    athlete, _, url = _invite(personas.coach, personas.organization, personas.other_coach.email)
    client.force_login(personas.other_coach)
    page = client.get(url).content.decode()
    assert f"Accept as {personas.other_coach.email}" in page
    assert client.post(url).url == reverse("programs:today")
    athlete.refresh_from_db()
    assert athlete.user == personas.other_coach
    _assert_untouched(personas.other_coach)
    assert client.get(reverse("programs:today")).status_code == 200
    # As a coach they still see only their own organization's athletes.
    assert client.get(reverse("athletes:detail", args=[personas.athlete.pk])).status_code == 404
    assert (
        client.get(reverse("athletes:detail", args=[personas.outside_athlete.pk])).status_code
        == 200
    )
    # And the inviting coach gained nothing over the other organization.
    client.force_login(personas.coach)
    assert (
        client.get(reverse("athletes:detail", args=[personas.outside_athlete.pk])).status_code
        == 404
    )


def test_logged_in_different_user_cannot_accept(client, personas):
    athlete, _, url = _invite(personas.coach, personas.organization, "runner@example.com")
    client.force_login(personas.coach)
    page = client.get(url).content.decode()
    assert "Log out to accept it" in page
    assert "Accept as" not in page
    response = client.post(url)
    assert response.status_code == 200
    assert "Log out to accept it" in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.user is None
    assert not User.objects.filter(email="runner@example.com").exists()


def test_logged_in_user_accepts_a_link_without_an_email_as_themselves(client, personas):
    athlete = AthleteFactory(organization=personas.organization, email="")
    _, raw = invitation_create(athlete=athlete, created_by=personas.coach)
    client.force_login(personas.other_coach)
    client.post(reverse("athletes:invite_accept", args=[raw]))
    athlete.refresh_from_db()
    assert (athlete.user, athlete.email) == (personas.other_coach, personas.other_coach.email)


def test_squatted_email_goes_back_to_its_owner(client, personas):
    """A coach creates another club's athlete's email first and accepts the link himself.

    The real owner is not locked out: the reset mail proves the address (which ends the
    squatter's sessions), and accepting their own club's link moves the login there.
    """
    real = AthleteFactory(organization=personas.other_organization, email="maya@example.com")
    _, real_raw = invitation_create(athlete=real, created_by=personas.other_coach)
    squatted, squat_raw, _ = _invite(personas.coach, personas.organization, "maya@example.com")
    account = invitation_accept(raw_token=squat_raw, password=CHOSEN)
    real_url = reverse("athletes:invite_accept", args=[real_raw])
    # The squatter cannot use the real club's link: it asks for the account's password,
    # and knowing it only moves the login away from the squatter's own fake athlete.
    assert "already has a Speedchain account" in client.get(real_url).content.decode()
    # The owner resets the password by mail (Django's reset view calls set_password).
    account.set_password("owners-own-pass-2025")
    account.save()
    response = client.post(real_url, {"password": "owners-own-pass-2025"})
    assert response.status_code == 302
    real.refresh_from_db()
    squatted.refresh_from_db()
    assert (real.user, squatted.user) == (account, None)
    page = client.get(reverse("programs:today"))
    assert page.status_code == 200
    assert page.context["athlete"] == real


def test_moving_shows_where_the_login_comes_from(client, personas):
    athlete, _, url = _invite(
        personas.other_coach, personas.other_organization, personas.athlete.email
    )
    client.force_login(personas.athlete.user)
    page = client.get(url).content.decode()
    assert f"You are now an athlete of {personas.organization.name}" in page
    client.post(url)
    assert Athlete.objects.get(user=personas.athlete.user) == athlete
