"""Idempotent writes: the first answer under a client's key is stored and replayed.

The record is inserted in the same transaction as the write, so a retry that arrives
while the first request is still running waits on the unique index and then replays the
stored answer; a failed write (4xx) rolls the record back, so the client may fix the body
and retry under the same key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from ninja.errors import HttpError

from athletes.models import ApiIdempotencyRecord, Organization

MAX_KEY_LENGTH = 255


class _Rollback(Exception):
    def __init__(self, status: int, body):
        self.status, self.body = status, body


def request_hash(method: str, path: str, payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def idempotency_key_from(request, fallback: str | None = None) -> str | None:
    """The Idempotency-Key header, else the device's own result id."""
    key = request.headers.get("Idempotency-Key")
    if key is None and fallback:
        key = f"device:{fallback}"
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH or "\x00" in key:
        raise HttpError(400, f"Idempotency-Key must be 1–{MAX_KEY_LENGTH} characters.")
    return key


def _replay(record: ApiIdempotencyRecord, digest: str) -> tuple[int, dict]:
    if record.request_hash != digest:
        raise HttpError(422, "This Idempotency-Key was used with a different request body.")
    return record.status_code, record.response


def idempotent(
    *, organization: Organization, key: str | None, digest: str, write: Callable
) -> tuple[int, dict]:
    """Run `write()` -> (status, body) once per key; replay the stored answer after."""
    if key is None:
        return write()
    existing = ApiIdempotencyRecord.objects.filter(organization=organization, key=key).first()
    if existing is not None:
        return _replay(existing, digest)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = ApiIdempotencyRecord.objects.create(
                        organization=organization,
                        key=key,
                        request_hash=digest,
                        status_code=0,
                        response={},
                    )
            except IntegrityError:
                # A concurrent request with this key committed first: replay its answer.
                return _replay(
                    ApiIdempotencyRecord.objects.get(organization=organization, key=key), digest
                )
            status, body = write()
            if status >= 400:
                raise _Rollback(status, body)
            record.status_code, record.response = status, body
            record.save(update_fields=["status_code", "response"])
        return status, body
    except _Rollback as rollback:
        return rollback.status, rollback.body
