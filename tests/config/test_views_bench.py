import pytest
from django.urls import NoReverseMatch, reverse

from tests.factories import make_personas

pytestmark = [pytest.mark.django_db, pytest.mark.urls("config.urls_bench")]
URL = "/bench/floor/"


def test_url_name():
    assert reverse("bench_floor") == URL


@pytest.mark.urls("config.urls")
def test_not_routed_outside_the_benchmark(client):
    personas = make_personas()
    client.force_login(personas.coach)
    assert client.get(URL).status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_coach_gets_email_and_role_in_three_queries(client, django_assert_max_num_queries):
    personas = make_personas()
    client.force_login(personas.coach)
    # Session, user, and the one query of the view: nothing else.
    with django_assert_max_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == f"{personas.coach.email} coach\n"


def test_athlete_is_not_a_coach(client):
    personas = make_personas()
    client.force_login(personas.athlete.user)
    response = client.get(URL)
    assert response.content.decode() == f"{personas.athlete.user.email} user\n"


def test_bench_settings_are_production_like(monkeypatch):
    import importlib

    monkeypatch.setenv("DATABASE_URL", "postgres://localhost:5432/speedchain_bench")
    bench = importlib.import_module("config.settings.bench")
    assert bench.DEBUG is False
    assert bench.SECURE_SSL_REDIRECT is False
    assert bench.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert "127.0.0.1" in bench.ALLOWED_HOSTS
    assert bench.ROOT_URLCONF == "config.urls_bench"
