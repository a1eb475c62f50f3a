"""Onboarding in the admin: staff create an organization and its coach, who can then log in."""

import pytest
from django.urls import reverse

from athletes.models import Membership, Organization, User
from tests.factories import AthleteFactory, CoachFactory, UserFactory, make_personas

pytestmark = pytest.mark.django_db
PASSWORD = "a-first-password-0f-enough-length"


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_staff_onboard_a_club_whose_coach_then_logs_in(staff_client, client):
    for name in ("admin:athletes_user_add", "admin:athletes_organization_add"):
        assert staff_client.get(reverse(name)).status_code == 200
    response = staff_client.post(
        reverse("admin:athletes_user_add"),
        {
            "email": " Head.Coach@Club.Example ",
            "full_name": "Ada Head",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    coach = User.objects.get(email="head.coach@club.example")  # stored lower-case
    assert coach.check_password(PASSWORD)
    assert not coach.is_staff

    response = staff_client.post(
        reverse("admin:athletes_organization_add"),
        {
            "name": "Eastside Harriers",
            "slug": "eastside-harriers",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": coach.pk,
            "memberships-0-role": Membership.Role.HEAD_COACH,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    club = Organization.objects.get(slug="eastside-harriers")
    assert club.memberships.get().user == coach
    # The coach's account page lists the organizations they coach.
    page = staff_client.get(reverse("admin:athletes_user_change", args=[coach.pk]))
    assert "Eastside Harriers" in page.content.decode()

    staff_client.logout()
    login = client.post(
        reverse("login"), {"username": "HEAD.COACH@club.example", "password": PASSWORD}
    )
    assert login.status_code == 302
    roster = client.get(reverse("athletes:roster"))
    assert roster.status_code == 200
    assert "No athletes yet" in roster.content.decode()


def test_an_email_is_taken_whatever_its_case(staff_client):
    UserFactory(email="coach@club.example")
    response = staff_client.post(
        reverse("admin:athletes_user_add"),
        {"email": "COACH@club.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "A user with this email already exists." in response.content.decode()
    assert User.objects.filter(email__iexact="coach@club.example").count() == 1


def test_the_organization_list_counts_in_one_query(staff_client, django_assert_max_num_queries):
    for _ in range(3):
        personas = make_personas()
        CoachFactory(organization=personas.organization)
        AthleteFactory(organization=personas.organization, archived_at="2026-01-01T00:00Z")
    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("admin:athletes_organization_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    # Two coaches, and the two active athletes (the archived one is not counted).
    assert html.count('<td class="field-coach_count">2</td>') == 3
    assert html.count('<td class="field-athlete_count">2</td>') == 3


@pytest.mark.parametrize("persona", ["coach", "athlete"])
def test_coaches_and_athletes_stay_out_of_the_admin(client, persona):
    personas = make_personas()
    user = personas.coach if persona == "coach" else personas.athlete.user
    client.force_login(user)
    for name in ("admin:athletes_user_changelist", "admin:athletes_organization_changelist"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
