import pytest
from django.urls import reverse

from tests.worker import DEAD_BROKER_URL, celery_app_broker


@pytest.mark.django_db
def test_health_is_ok_with_database_and_broker(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_health_is_unhealthy_when_the_broker_is_unreachable(client):
    # Nothing listens on this port: the broker check must fail, not hang.
    with celery_app_broker(DEAD_BROKER_URL):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error")
