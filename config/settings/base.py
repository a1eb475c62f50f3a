"""Settings shared by every environment. Everything configurable comes from the environment."""

from pathlib import Path

from django.utils.csp import CSP

from config.env import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env.str("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env.bool("DEBUG", False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "import_export",
    # Only for its templates and static files: the API docs page serves Swagger UI locally.
    "ninja",
    "athletes",
    "assessments",
    "programs",
    "seeding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last: it needs the authenticated request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

# Only our own files run or style a page: no inline <script>, on* handlers or style=
# attributes anywhere (htmx's own indicator <style> is off in base.html; the rules are in
# app.css). A template that needs one fails the browser tests' violation check.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# psycopg's own default: prepare a statement on its 5th run on a connection.
PREPARE_THRESHOLD = 5


def database_from_env(default_url: str | None, *, conn_max_age: int) -> dict:
    """DATABASE_URL (or `default_url`; None makes it required) as Django's settings."""
    if default_url is None:
        database = env.dj_db_url("DATABASE_URL")
    else:
        database = env.dj_db_url("DATABASE_URL", default_url)
    database["CONN_MAX_AGE"] = conn_max_age
    # A kept connection that PostgreSQL dropped (restart, failover, pg_terminate_backend)
    # is replaced at the start of the next request instead of failing it.
    database["CONN_HEALTH_CHECKS"] = conn_max_age > 0
    if database["ENGINE"] == "django.db.backends.postgresql" and env.bool(
        "DB_SERVER_SIDE_BINDING", True
    ):
        # Server-side binding plus a prepare threshold let psycopg prepare the statements
        # a connection runs again and again (from the 5th run), so PostgreSQL skips
        # planning them: planning was most of the pages' small queries (docs/performance.md).
        # Django sets prepare_threshold to None (never prepare) unless OPTIONS names it.
        # Turn both off behind a pooler in transaction mode, which cannot keep them.
        options = database.setdefault("OPTIONS", {})
        options["server_side_binding"] = True
        options["prepare_threshold"] = PREPARE_THRESHOLD
    return database


DATABASES = {
    "default": database_from_env(
        "postgres://localhost:5432/speedchain", conn_max_age=env.int("CONN_MAX_AGE", 60)
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "athletes.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Athletes log in once on their own phone: sessions last 60 days.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", 60 * 24 * 3600)

# Login throttling (django-axes): lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", 0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The login form posts the email as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "athletes.auth.axes_username"

LANGUAGE_CODE = "en"
TIME_ZONE = env.str("TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Names the service worker's caches; unset, a hash of the files it keeps (docs/offline.md).
OFFLINE_RELEASE = env.str("SPEEDCHAIN_RELEASE", "")
STATIC_ROOT = env.path("STATIC_ROOT", BASE_DIR / "staticfiles")  # collectstatic writes here
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MAILERS = {
    "default": {
        "BACKEND": env.str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    },
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Speedchain <noreply@speedchain.local>")

# Rendered fragments (config/cache.py). CACHE_URL=redis://... shares them between workers;
# without it each process keeps its own in memory.
CACHE_URL = env.str("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            # A slow or unreachable Redis must not hold a page up: fail fast, render uncached.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", 2000)},
        }
    }

# Celery: JSON only, late acks so a killed worker's job is redelivered, hard time limits.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", env.str("REDIS_URL", "redis://127.0.0.1:6379/0"))
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One job reserved at a time. 4 drained short jobs ~25 % faster in the benchmark, but with
# more than one reserved, Celery's cancel of a running job on a lost broker connection
# (issue #14, tests/programs/test_pipeline_faults.py) did not happen: kept at 1.
CELERY_WORKER_PREFETCH_MULTIPLIER = env.int("CELERY_WORKER_PREFETCH_MULTIPLIER", 1)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", 120)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", 90)
CELERY_TASK_IGNORE_RESULT = True
# Celery's Django fixup closes the database connection before and after every job unless
# this is set (then every 2 × N jobs): a new PostgreSQL connection per job, and no job
# ever ran a prepared statement. Jobs instead keep it as requests do, up to CONN_MAX_AGE
# and with its health checks (config/celery_app.py closes old connections around each).
CELERY_DB_REUSE_MAX = 1000
# Redis redelivers an unacked job after this long; longer than any job may run.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", 300),
    # kombu 5.7 looks for overdue unacked jobs every 10 s but, by default, scans only on
    # every 10th look (~100 s); scan on each, so a dead worker's job comes back within
    # visibility_timeout + 10 s. One small ZRANGE per worker every 10 s.
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# On a broker connection loss, terminate running late-ack jobs instead of acking them later
# on the dead connection's channel: that ack rebuilds the closed channel's Redis pool from
# a transport whose client is None and kills the worker with "Unrecoverable error:
# AttributeError('NoneType' object has no attribute 'hostname')" (issue #14; upstream
# celery/kombu#582). The job stays unacked and comes back: jobs are idempotent and the
# sweeper re-queues the "running" row.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Worker liveness (programs/worker_heartbeat.py): the consumer's event loop ticks, a thread
# writes a WorkerHeartbeat row every WORKER_HEARTBEAT_EVERY_S while it does; a heartbeat
# older than WORKER_STALE_AFTER_S counts as a dead or stuck worker; a worker whose loop has
# not ticked for WORKER_EXIT_AFTER_S exits so the supervisor restarts it.
WORKER_HEARTBEAT_EVERY_S = env.float("WORKER_HEARTBEAT_EVERY_S", 15.0)
WORKER_STALE_AFTER_S = env.float("WORKER_STALE_AFTER_S", 90.0)
WORKER_EXIT_AFTER_S = env.float("WORKER_EXIT_AFTER_S", 300.0)
# Queueing a job from a request gives up after this long (no retries): the pending row is
# the durable record, and a hung broker must not hold the page.
REGENERATION_PUBLISH_TIMEOUT_S = env.float("REGENERATION_PUBLISH_TIMEOUT_S", 1.0)
# A regeneration still pending after this many seconds is re-queued by the sweeper.
# Requests per minute per API key (a fixed window in the cache).
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", 120)

REGENERATION_SWEEP_AFTER_S = env.int("REGENERATION_SWEEP_AFTER_S", 120)
# The sweeper stops retrying a failed regeneration after this many attempts.
REGENERATION_MAX_ATTEMPTS = env.int("REGENERATION_MAX_ATTEMPTS", 10)
CELERY_BEAT_SCHEDULE = {
    "sweep-pending-regenerations": {
        "task": "programs.tasks.regeneration_sweep",
        "schedule": env.float("REGENERATION_SWEEP_EVERY_S", 60.0),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
}
