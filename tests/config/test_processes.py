"""The production processes start against the local PostgreSQL and Redis: gunicorn under the
production settings answers the health endpoint, and a real Celery worker answers a ping."""

import http.client
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from config.celery_app import app as celery_app
from tests.worker import (
    TEST_BROKER_URL,
    celery_app_broker,
    database_url,
    running_worker,
    wait_for,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(port: int, path: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    except (ConnectionError, OSError):
        return None, None
    finally:
        conn.close()


def test_gunicorn_and_a_celery_worker_start_and_answer(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "smoke-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": database_url(),
        "REDIS_URL": TEST_BROKER_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp_path / "staticfiles"),
    }
    gunicorn = subprocess.Popen(
        [
            ROOT / ".venv/bin/gunicorn",
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        status, body = wait_for(
            lambda: (r := get_json(port, "/health/"))[0] and r, timeout=30, what="gunicorn"
        )
        # Before collectstatic no page can render: the health check says why.
        assert status == 503
        assert body["checks"]["static"].startswith("error: no staticfiles manifest")
        subprocess.run(
            [ROOT / ".venv/bin/python", "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        status, body = get_json(port, "/health/")
        assert status == 200
        assert body == {
            "status": "ok",
            "checks": {"database": "ok", "broker": "ok", "static": "ok"},
        }
        with running_worker() as worker, celery_app_broker(TEST_BROKER_URL):
            replies = wait_for(lambda: celery_app.control.ping(timeout=1), timeout=20)
            assert any("pong" in str(reply) for reply in replies), worker.log()[-2000:]
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
