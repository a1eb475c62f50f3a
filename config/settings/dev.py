"""Quick start: embedded SQLite under .data/, jobs in-process (no broker needed)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env

DEBUG = env.bool("DEBUG", True)
DATA_DIR = BASE_DIR / ".data"
DATA_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.dj_db_url("DATABASE_URL", f"sqlite:///{DATA_DIR / 'speedchain.sqlite3'}"),
}
# Eager only here, where no broker exists; tests and production use the real worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", True)
# Served from the app folders by whitenoise; no collectstatic outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The run command's console shows the demo logins, then the server's own lines. Jobs run
# in-process here, and their INFO lines (celery's "Task ... succeeded", one per job, and
# each build) and axes' start-up banner would bury the logins.
AXES_VERBOSE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {
        "celery": {"level": "WARNING"},
        "programs": {"level": "WARNING"},
    },
}
