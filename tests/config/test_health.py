import pytest
from django.urls import reverse

from config.celery_app import app as celery_app


@pytest.mark.django_db
def test_health_is_ok_with_database_and_broker(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_health_is_unhealthy_when_the_broker_is_unreachable(client, monkeypatch):
    # Nothing listens on this port: the broker check must fail, not hang.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:6390/0")
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error")
