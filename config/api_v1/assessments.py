"""Assessments: create one (with all its results), batch-create many (the CSV import's
rules, all or nothing), list an athlete's, get one. Writes go through the same services
as the form and the CSV import, so programs regenerate on commit as they do there."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError

from assessments.csv_import import FILE_LINE, csv_import_commit, csv_import_preview
from assessments.models import Assessment
from assessments.selectors_api import (
    assessment_get_for_organization,
    assessment_list_for_athlete,
    assessments_by_ids,
)
from assessments.services import assessment_record
from athletes.selectors_api import athlete_get_for_organization
from config.api_v1.auth import require_write
from config.api_v1.idempotency import idempotency_key_from, idempotent, request_hash
from config.api_v1.schemas import (
    MAX_ID,
    AssessmentIn,
    AssessmentOut,
    AssessmentPage,
    BatchErrorOut,
    BatchIn,
    BatchItemIn,
    BatchOut,
    Id,
)
from config.api_v1.shapes import READ_ERRORS, WRITE_ERRORS, assessment_out

router = Router(tags=["assessments"])


def _athlete_for(organization, item: AssessmentIn | BatchItemIn):
    if (item.athlete_id is None) == (item.external_id is None):
        raise HttpError(400, "Name the athlete by athlete_id or by external_id (one of them).")
    return athlete_get_for_organization(
        organization, athlete_id=item.athlete_id, external_id=item.external_id
    )


def _error(detail: str, errors: dict) -> dict:
    return {"detail": detail, "errors": {k: [str(m) for m in v] for k, v in errors.items()}}


def _validation_errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"__all__": exc.messages}


@router.post("/assessments", response={201: AssessmentOut, 200: AssessmentOut, **WRITE_ERRORS})
def assessment_create(request, payload: AssessmentIn):
    """Record one athlete's results of one day and get the computed profile back. Send an
    `Idempotency-Key` header (or `device_result_id`) so a retry creates nothing new."""
    api_key = require_write(request)
    athlete = _athlete_for(api_key.organization, payload)
    key = idempotency_key_from(request, payload.device_result_id)
    body = payload.model_dump(mode="json")

    def write():
        try:
            assessment = assessment_record(
                athlete=athlete,
                date=payload.date,
                body_mass_kg=Decimal(repr(payload.body_mass_kg)),
                results=[(r.protocol, r.side.upper(), r.value) for r in payload.results],
                source=Assessment.Source.API,
                notes=payload.notes,
            )
        except ValidationError as exc:
            return 400, _error("The assessment is not valid.", _validation_errors(exc))
        return 201, assessment_out(assessments_by_ids([assessment.id])[0])

    return Status(
        *idempotent(
            organization=api_key.organization,
            key=key,
            digest=request_hash("POST", "/assessments", body),
            write=write,
        )
    )


@router.get("/athletes/{athlete_id}/assessments", response={200: AssessmentPage, **READ_ERRORS})
def assessment_list(
    request,
    athlete_id: Id,
    limit: int = Query(20, ge=1, le=200),
    offset: int = Query(0, ge=0, le=MAX_ID),
):
    athlete = athlete_get_for_organization(request.auth.organization, athlete_id=athlete_id)
    assessments = assessment_list_for_athlete(athlete)
    return {
        "count": assessments.count(),
        "limit": limit,
        "offset": offset,
        "items": [assessment_out(a) for a in assessments[offset : offset + limit]],
    }


# --- batch: the CSV import, fed from JSON ----------------------------------------------


def _plain(number: float) -> str:
    """A number as the CSV import reads it: no exponent."""
    return format(Decimal(repr(number)), "f")


def _batch_csv(organization, items: list[BatchItemIn]) -> tuple[bytes, dict[int, int], dict]:
    """(the CSV file, its line -> item index, errors of items whose athlete is unknown)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["athlete_email", "external_id", "date", "body_mass_kg", "protocol", "side", "value"]
    )
    owners: list[int] = []
    item_errors: dict[str, list[str]] = {}
    for index, item in enumerate(items):
        try:
            athlete = _athlete_for(organization, item)
        except Http404:
            item_errors[str(index)] = ["Unknown athlete in your organization."]
            continue
        except HttpError as exc:
            item_errors[str(index)] = [exc.message]
            continue
        if not athlete.external_id and not athlete.email:
            item_errors[str(index)] = ["The athlete needs an external id or an email for a batch."]
            continue
        for result in item.results:
            writer.writerow(
                [
                    "" if athlete.external_id else athlete.email,
                    athlete.external_id,
                    item.date.isoformat(),
                    _plain(item.body_mass_kg),
                    result.protocol,
                    result.side.upper(),
                    _plain(result.value),
                ]
            )
            owners.append(index)
    text = out.getvalue()
    # Read it back to learn each row's line number (robust to quoted newlines).
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    line_to_item = {}
    for owner, _row in zip(owners, reader, strict=True):
        line_to_item[reader.line_num] = owner
    return text.encode(), line_to_item, item_errors


@router.post(
    "/assessments/batch",
    response={
        201: BatchOut,
        200: BatchOut,
        400: BatchErrorOut,
        **{k: v for k, v in WRITE_ERRORS.items() if k != 400},
    },
)
def assessment_batch(request, payload: BatchIn):
    """Many athletes' results in one request, with the CSV import's rules: all or nothing,
    errors per item (by index). A resent item of the same athlete and date updates the
    assessment the batch created instead of adding another."""
    api_key = require_write(request)
    organization = api_key.organization
    key = idempotency_key_from(request)
    today = timezone.localdate()

    def write():
        file_bytes, line_to_item, item_errors = _batch_csv(organization, payload.items)
        if not item_errors:
            preview = csv_import_preview(
                organization=organization, file_bytes=file_bytes, today=today
            )
            for line, message in preview.errors:
                where = "__all__" if line == FILE_LINE else str(line_to_item.get(line, "__all__"))
                item_errors.setdefault(where, []).append(message)
        if item_errors:
            return 400, {"detail": "Nothing was saved.", "errors": {}, "item_errors": item_errors}
        try:
            with transaction.atomic():
                result = csv_import_commit(
                    organization=organization,
                    file_bytes=file_bytes,
                    user=None,
                    today=today,
                    source=Assessment.Source.API,
                )
        except ValidationError as exc:
            return 400, {
                "detail": "Nothing was saved.",
                "errors": {},
                "item_errors": {"__all__": exc.messages},
            }
        return 201, {
            "assessments_created": result.assessments_created,
            "assessments_updated": result.assessments_updated,
            "results_created": result.results_created,
            "results_updated": result.results_updated,
            "athletes_marked_pending": result.athletes_marked_pending,
            "assessment_ids": result.assessment_ids,
        }

    return Status(
        *idempotent(
            organization=organization,
            key=key,
            digest=request_hash("POST", "/assessments/batch", payload.model_dump(mode="json")),
            write=write,
        )
    )


# After /assessments/batch: Django tries the patterns in order.
@router.get("/assessments/{assessment_id}", response={200: AssessmentOut, **READ_ERRORS})
def assessment_get(request, assessment_id: Id):
    return assessment_out(
        assessment_get_for_organization(request.auth.organization, assessment_id)
    )
