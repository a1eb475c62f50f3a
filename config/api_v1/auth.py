"""Bearer-key authentication, the write scope and the per-key rate limit."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from ninja.errors import HttpError
from ninja.security import HttpBearer

from athletes.models import ApiKey
from athletes.services_api_keys import api_key_authenticate

RATE_WINDOW_S = 60


class RateLimited(HttpError):
    def __init__(self, retry_after: int):
        super().__init__(429, "Too many requests for this key; retry later.")
        self.retry_after = retry_after


def _check_rate(api_key: ApiKey) -> None:
    """A fixed window per key in the Django cache: simple, and shared by all web workers
    when the cache is Redis. A cache outage lets requests through."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    now = int(time.time())
    window = now // RATE_WINDOW_S
    # Keyed on the hash, unique for ever (a reused row id must not inherit a count).
    counter = f"api-rate:{api_key.key_hash[:32]}:{window}"
    cache.add(counter, 0, timeout=RATE_WINDOW_S + 5)
    try:
        count = cache.incr(counter)
    except ValueError:  # evicted between add and incr
        cache.set(counter, 1, timeout=RATE_WINDOW_S + 5)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=RATE_WINDOW_S - now % RATE_WINDOW_S)


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer <key>`: the key's organization is request.auth.organization."""

    openapi_description = "An organization's API key, created on the coach's API keys page."

    def authenticate(self, request, token):
        api_key = api_key_authenticate(token.strip())
        if api_key is not None:
            _check_rate(api_key)
        return api_key


def require_write(request) -> ApiKey:
    api_key: ApiKey = request.auth
    if not api_key.can_write:
        raise HttpError(403, "This key is read-only; writes need a read-and-write key.")
    return api_key
