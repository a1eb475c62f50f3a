"""Caching of rendered page fragments.

Fragments are keyed on a fingerprint of the rows they show (see
programs.selectors.program.sessions_fingerprint), so nothing is ever invalidated by hand: a
change to any row makes a new key and the old entry expires on its own.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.middleware.csrf import get_token
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Long enough to serve a day of repeat visits; short enough that entries of a previous
# release (a changed template) do not linger for long.
FRAGMENT_TTL_S = 6 * 60 * 60


class ResilientRedisCache(RedisCache):
    """A Redis cache whose outages are misses, not errors: pages still render, uncached,
    while Redis is down. Saved data never depends on the cache."""

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            logger.warning("cache get failed, rendering uncached: %s", exc)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            logger.warning("cache set failed: %s", exc)


def fragment_key(request, *parts) -> str | None:
    """A cache key for a fragment holding forms, or None (render uncached) when a part is None.

    The fragment's CSRF tokens are valid only with this browser's CSRF secret, so a hash of
    that secret is part of the key: a new login (a new secret) never gets stale tokens.
    """
    if any(part is None for part in parts):
        return None
    get_token(request)  # makes sure the secret exists (and the cookie is set)
    secret = request.META.get("CSRF_COOKIE", "")
    csrf = hashlib.sha256(secret.encode()).hexdigest()[:16]
    return ":".join([*map(str, parts), csrf])


def content_key(values) -> str:
    """A cache key made of the values a fragment prints: their repr, hashed.

    For fragments built from plain display values (strings, numbers, dataclasses of them):
    the same values give the same key and any change gives a new one, so the cached HTML
    can never disagree with the data, with nothing to invalidate.
    """
    return hashlib.md5(repr(values).encode(), usedforsecurity=False).hexdigest()
