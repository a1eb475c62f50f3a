"""Benchmark: production-like (DEBUG off, persistent connections, DB sessions) over plain
HTTP on localhost. The fixed secret key is for the benchmark database only."""

import os

# As in production (docker-compose.yml): rendered fragments cached in Redis, shared by the
# gunicorn workers.
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/2")

from config.settings.base import *  # noqa: F403
from config.settings.base import database_from_env, env

DEBUG = False
ROOT_URLCONF = "config.urls_bench"  # adds /bench/floor/
SECRET_KEY = "bench-only-secret-key-never-use-in-production-0123456789abcdef"
DATABASES = {
    "default": database_from_env(
        "postgres://localhost:5432/speedchain_bench", conn_max_age=env.int("CONN_MAX_AGE", 60)
    ),
}
# "testserver": the in-process client that counts queries per page.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
# Static files from the app folders, as in tests: no collectstatic step before a run.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = False  # the pages only read; nothing is queued
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "WARNING")},
}
