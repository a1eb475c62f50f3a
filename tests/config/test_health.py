import pytest
from django.urls import reverse

from config.celery_app import app as celery_app


@pytest.mark.django_db
def test_health_is_ok_with_database_and_broker(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "static": "from-app-folders"},
    }


@pytest.mark.django_db
def test_health_is_unhealthy_when_the_broker_is_unreachable(client, monkeypatch):
    # Nothing listens on this port: the broker check must fail, not hang.
    # Celery reads CELERY_BROKER_URL from the environment before its own conf.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6390/0")
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:6390/0")
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
