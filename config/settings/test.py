"""Tests: real PostgreSQL and Redis on localhost (environment variables override)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import database_from_env, env

SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"
# New connections per request or job in tests; the pipeline benchmark's workers keep theirs
# (TEST_CONN_MAX_AGE=60) as production's do (CONN_MAX_AGE, 60 s).
DATABASES = {
    "default": database_from_env(
        "postgres://localhost:5432/speedchain", conn_max_age=env.int("TEST_CONN_MAX_AGE", 0)
    )
}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", env.str("REDIS_URL", "redis://127.0.0.1:6379/15"))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Served from the app folders by whitenoise; no collectstatic outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
