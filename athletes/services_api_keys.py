"""API keys: a coach creates one for a device or system, sees the secret once, revokes it.

The raw key exists only in the creation response; the database keeps its SHA-256 (a key
is random and long, so a fast hash is enough, unlike a password).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone

from athletes.models import ApiKey, Organization, User

KEY_PREFIX = "sc_"
# last_used_at is written at most this often per key: not one UPDATE per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def api_key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8", "surrogatepass")).hexdigest()


def api_key_create(
    *, organization: Organization, name: str, scope: str, created_by: User | None
) -> tuple[ApiKey, str]:
    """A new key for the organization. Returns the row and the raw key (shown once)."""
    raw_key = KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey(
        organization=organization,
        name=(name or "").strip(),
        scope=scope,
        prefix=raw_key[:10],
        key_hash=api_key_hash(raw_key),
        created_by=created_by,
    )
    api_key.full_clean()
    api_key.save()
    return api_key, raw_key


def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    """Revoke at once; revoking twice keeps the first time."""
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
            revoked_at=api_key.revoked_at
        )
    return api_key


def api_key_authenticate(raw_key: str) -> ApiKey | None:
    """The live key behind a raw key, or None (unknown or revoked); records its use."""
    if not raw_key or len(raw_key) > 200:
        return None
    api_key = (
        ApiKey.objects.select_related("organization")
        .filter(key_hash=api_key_hash(raw_key), revoked_at__isnull=True)
        .first()
    )
    if api_key is None:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
