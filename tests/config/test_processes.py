"""The production processes start against the local PostgreSQL and Redis: gunicorn under the
production settings answers the health endpoint, and a real Celery worker answers a ping."""

import http.client
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest
from django.db import connection

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


def production_env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "smoke-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": database_url(),
        "REDIS_URL": TEST_BROKER_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp_path / "staticfiles"),
    }


def start_gunicorn(port: int, env: dict[str, str], workers: int = 1) -> subprocess.Popen:
    return subprocess.Popen(
        [
            ROOT / ".venv/bin/gunicorn",
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_gunicorn_and_a_celery_worker_start_and_answer(tmp_path):
    port = free_port()
    env = production_env(tmp_path)
    gunicorn = start_gunicorn(port, env)
    try:
        status, body = wait_for(
            lambda: (r := get_json(port, "/health/"))[0] and r, timeout=30, what="gunicorn"
        )
        # Before collectstatic no page can render: the health check says why.
        assert status == 503
        assert body["checks"]["static"].startswith("error: no staticfiles manifest")
        collectstatic(env)
        status, body = get_json(port, "/health/")
        assert status == 200
        assert body["checks"] == {"database": "ok", "broker": "ok", "static": "ok"}
        assert body["worker"]["status"] == "none"  # reported; the web stays healthy
        assert get_json(port, "/health/worker/")[0] == 503
        quick = {"WORKER_HEARTBEAT_EVERY_S": "0.5"}
        with running_worker(extra_env=quick) as worker, celery_app_broker(TEST_BROKER_URL):
            replies = wait_for(lambda: celery_app.control.ping(timeout=1), timeout=20)
            assert any("pong" in str(reply) for reply in replies), worker.log()[-2000:]
            wait_for(
                lambda: get_json(port, "/health/worker/")[0] == 200,
                timeout=10,
                what="the worker's heartbeat in /health/worker/",
            )
            assert get_json(port, "/health/")[1]["worker"]["status"] == "ok"
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)


def terminate_other_connections() -> int:
    """pg_terminate_backend every other session on the test database, as a PostgreSQL
    restart or failover would. Returns how many were terminated."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run(
        [ROOT / ".venv/bin/python", "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def test_pages_survive_the_database_dropping_kept_connections(tmp_path):
    """Under production settings (CONN_MAX_AGE 60) each gunicorn worker keeps its
    connection; after PostgreSQL terminates them, no request may fail."""
    port = free_port()
    env = {**production_env(tmp_path), "CONN_MAX_AGE": "60"}
    collectstatic(env)  # /health/ is 503 until the static files are collected
    gunicorn = start_gunicorn(port, env, workers=2)
    try:
        wait_for(lambda: get_json(port, "/health/")[0] == 200, timeout=30, what="gunicorn")
        statuses = []
        for _round in range(3):
            statuses += [get_json(port, "/health/")[0] for _ in range(10)]  # both workers
            assert terminate_other_connections() >= 1
            statuses += [get_json(port, "/health/")[0] for _ in range(10)]
        assert statuses == [200] * 60
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
