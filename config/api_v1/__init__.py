"""The token API, version 1: typed django-ninja routers assembled here, served under
/api/v1/ with its OpenAPI schema at /api/v1/openapi.json and docs at /api/v1/docs.

Errors are always JSON {"detail", "errors": {field: [messages]}}: 400 for bad input, 401
without a live key, 403 for a read-only key on a write, 404 for anything outside the
key's organization, 422 for an idempotency key reused with another body, 429 past the
rate limit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from config.api_v1 import assessments, athletes, programs
from config.api_v1.auth import ApiKeyAuth, RateLimited

api = NinjaAPI(
    title="Speedchain API",
    version="1",
    urls_namespace="api_v1",
    description=(
        "Devices and other systems read athletes, post test results and read back the "
        "profile and the regenerated program. Authenticate with an organization's API "
        "key: `Authorization: Bearer <key>`."
    ),
    auth=ApiKeyAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


def _field(loc) -> str:
    # ("body", "payload", "results", 0, "value") -> "results.0.value"
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "header")]
    return ".".join(parts) or "__all__"


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(error.get("loc", ())), []).append(str(error.get("msg", "")))
    return _error(request, 400, "The request is not valid.", errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _error(request, 401, "Send a live API key: Authorization: Bearer <key>.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(RateLimited)
def _rate_limited(request, exc: RateLimited):
    response = _error(request, 429, exc.message)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, exc.message)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, "Forbidden.")


api.add_router("/", athletes.router)
api.add_router("/", assessments.router)
api.add_router("/", programs.router)
