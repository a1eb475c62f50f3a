"""Login, logout, password reset and login throttling (django-axes)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, CoachFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_coach_logs_in_with_email_and_lands_on_home(client):
    coach = CoachFactory()
    response = login(client, coach.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 302  # on to the role's start page


def test_wrong_password_shows_an_error(client):
    coach = CoachFactory()
    response = login(client, coach.email, "wrong")
    assert response.status_code == 200
    assert "correct email" in response.content.decode().lower()


def test_login_is_throttled_after_five_failures(client, settings):
    coach = CoachFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, coach.email, "wrong").status_code == 200
    # The fifth failure locks the account on this address.
    assert login(client, coach.email, "wrong").status_code == 429
    # Even the right password is refused now, with a clear page.
    locked = login(client, coach.email, PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    other = CoachFactory()
    assert login(client, other.email, PASSWORD).status_code == 302


def test_login_ignores_the_case_and_spaces_of_the_email(client):
    coach = CoachFactory()
    response = login(client, f"  {coach.email.upper()} ", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coach.pk)


def test_changing_the_case_does_not_buy_more_attempts(client, settings):
    coach = CoachFactory()
    variants = [coach.email, coach.email.upper(), coach.email.title(), f" {coach.email} "]
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, variants[n % len(variants)], "wrong").status_code == 200
    assert login(client, coach.email.capitalize(), "wrong").status_code == 429
    assert login(client, coach.email, PASSWORD).status_code == 429


def test_logout_needs_post(client):
    coach = CoachFactory()
    client.force_login(coach)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client):
    user = UserFactory(email="ana@example.com")
    response = client.post(reverse("password_reset"), {"email": "ana@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        set_url, {"new_password1": "a-new-long-pass-42", "new_password2": "a-new-long-pass-42"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-pass-42")


def test_htmx_pages_carry_the_csrf_token_on_body(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert re.search(r"<body[^>]*hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'", html)
    assert "/static/django_htmx/htmx-2.min.js" in html
