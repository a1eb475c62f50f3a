"""Settings come from the environment and fail fast on bad or missing values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "DATABASE_URL": "postgres://localhost:5432/speedchain",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "speedchain.example.com",
}


def manage(*args: str, settings: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**keep, "DJANGO_SETTINGS_MODULE": settings, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_check_deploy_is_clean():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        settings="config.settings.production",
        env=GOOD_PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY"),
        ("DATABASE_URL", "DATABASE_URL"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS"),
        ("REDIS_URL", "REDIS_URL"),
    ],
)
def test_production_fails_fast_without_a_required_value(missing, message):
    env = {k: v for k, v in GOOD_PRODUCTION_ENV.items() if k != missing}
    result = manage("check", settings="config.settings.production", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("CONN_MAX_AGE", "forever"),
        ("AXES_FAILURE_LIMIT", "five"),
        ("DATABASE_URL", "not a url"),
    ],
)
def test_bad_values_fail_fast_with_the_variable_name(name, value):
    result = manage("check", settings="config.settings.dev", env={name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Environment variable {name}" in result.stderr


def test_good_values_are_parsed(settings):
    # The running test settings were parsed from the same helpers.
    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.AUTH_USER_MODEL == "athletes.User"
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)",
        settings="config.settings.dev",
        env={"DEBUG": "false", "ALLOWED_HOSTS": "a.example,b.example"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['a.example', 'b.example']"


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_postgresql_connections_prepare_repeated_statements():
    # Django leaves psycopg's prepare_threshold at None (never prepare) unless OPTIONS sets
    # it; the settings must, or server-side binding alone plans every query afresh.
    from django.db import connection

    from config.settings.base import PREPARE_THRESHOLD

    marker = "speedchain_prepare_probe"
    with connection.cursor() as cursor:
        for _ in range(PREPARE_THRESHOLD + 1):
            cursor.execute(f"SELECT %s::text AS {marker}", ["x"])
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{marker}%"],
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.parametrize(("flag", "prepared"), [("true", True), ("false", False)])
def test_db_server_side_binding_switches_prepared_statements(monkeypatch, flag, prepared):
    from config.settings.base import PREPARE_THRESHOLD, database_from_env

    monkeypatch.setenv("DB_SERVER_SIDE_BINDING", flag)
    database = database_from_env("postgres://localhost:5432/x", conn_max_age=0)
    options = database.get("OPTIONS", {})
    assert options.get("server_side_binding", False) is prepared
    assert options.get("prepare_threshold") == (PREPARE_THRESHOLD if prepared else None)


def test_the_run_command_logs_jobs_and_axes_quietly(tmp_path):
    # The demo logins must stay visible: no line per in-process job, no axes banner.
    probe = (
        "from config.celery_app import app\n"
        "def probe(): pass\n"
        "task = app.task(name='speedchain.probe')(probe)\n"
        "task.delay(); task.delay()\n"
        "print('ran')"
    )
    result = manage(
        "shell",
        "-c",
        probe,
        settings="config.settings.dev",
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ran")
    assert "succeeded" not in result.stderr
    assert "AXES" not in result.stderr
