"""Production: every secret is required; secure cookies and HTTPS."""

from config.settings.base import *  # noqa: F403
from config.settings.base import database_from_env, env

SECRET_KEY = env.str("SECRET_KEY")  # no default: fail fast
DATABASES = {"default": database_from_env(None, conn_max_age=env.int("CONN_MAX_AGE", 60))}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", env.str("REDIS_URL", None))
if not CELERY_BROKER_URL:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set CELERY_BROKER_URL or REDIS_URL.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

MAILERS = {
    "default": {
        "BACKEND": env.str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env.str("EMAIL_HOST", "localhost"),
            "port": env.int("EMAIL_PORT", 587),
            "username": env.str("EMAIL_HOST_USER", ""),
            "password": env.str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env.bool("EMAIL_USE_TLS", True),
        },
    },
}
