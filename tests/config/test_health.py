import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from programs.models import Program, WorkerHeartbeat
from tests.factories import AthleteFactory
from tests.worker import DEAD_BROKER_URL, celery_app_broker


@pytest.mark.django_db
def test_health_is_ok_with_database_and_broker(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "broker": "ok", "static": "from-app-folders"}


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


MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.mark.django_db
def test_health_reports_static_files_not_collected(client, settings, tmp_path):
    """Production (manifest storage) serves no page before collectstatic: /health/ says so."""
    from django.core.management import call_command

    settings.STORAGES = MANIFEST_STORAGES
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.WHITENOISE_USE_FINDERS = False
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["static"] == (
        "error: no staticfiles manifest; run manage.py collectstatic"
    )
    call_command("collectstatic", interactive=False, verbosity=0)
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["checks"]["static"] == "ok"


def beat(age_s: float, hostname: str = "celery@a") -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname,
        defaults={"pid": 1, "started_at": now, "seen_at": now - dt.timedelta(seconds=age_s)},
    )


@pytest.mark.django_db
def test_a_dead_worker_is_reported_but_keeps_the_web_healthy(client, settings):
    settings.WORKER_STALE_AFTER_S = 90
    beat(300)
    Program.objects.create(
        athlete=AthleteFactory(),
        regen_status=Program.Regeneration.PENDING,
        regen_requested_at=timezone.now() - dt.timedelta(seconds=200),
    )
    response = client.get(reverse("health"))
    assert response.status_code == 200  # the web container must not be restarted for it
    worker = response.json()["worker"]
    assert worker["status"] == "stale"
    assert 299 <= worker["heartbeat_age_s"] <= 310
    assert 199 <= worker["oldest_pending_s"] <= 210
    response = client.get(reverse("health_worker"))
    assert response.status_code == 503
    assert response.json()["status"] == "stale"
    with pytest.raises(CommandError, match="stale"):
        call_command("worker_check")


@pytest.mark.django_db
def test_a_fresh_heartbeat_is_ok_and_no_heartbeat_at_all_is_not(client, settings):
    settings.WORKER_STALE_AFTER_S = 90
    response = client.get(reverse("health_worker"))
    assert response.status_code == 503
    assert response.json() == {"status": "none", "heartbeat_age_s": None, "oldest_pending_s": None}
    beat(300, "celery@old")
    beat(5, "celery@new")
    response = client.get(reverse("health_worker"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert client.get(reverse("health")).json()["worker"]["status"] == "ok"
    call_command("worker_check")  # any worker: the fresh one
    call_command("worker_check", hostname="celery@new")
    with pytest.raises(CommandError, match="stale"):
        call_command("worker_check", hostname="celery@old")
    with pytest.raises(CommandError, match="none"):
        call_command("worker_check", hostname="celery@never")
