"""JSON endpoint for recording an assessment: session-authenticated coaches, with CSRF.

POST /api/athletes/<id>/assessments/
    {"date": "2025-05-01", "body_mass_kg": 75.0, "notes": "",
     "results": [{"protocol": "hip_flexion_hhd", "side": "L", "value": 400}]}
201 with the stored profile, 400 with {"errors": {field: [messages]}}.
"""

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_POST

from assessments.models import Assessment
from assessments.services import assessment_record
from athletes.selectors import athlete_get_for_coach


def _bad_request(errors: dict) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=400)


def _parse(body: bytes) -> tuple[dict, dict]:
    """(service arguments, errors) from the JSON body."""
    try:
        payload = json.loads(body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}, {"__all__": ["The body must be JSON."]}
    if not isinstance(payload, dict):
        return {}, {"__all__": ["The body must be a JSON object."]}
    errors: dict[str, list[str]] = {}
    try:
        date = dt.date.fromisoformat(str(payload.get("date", "")))
    except ValueError:
        date = None
        errors["date"] = ["Enter the date as YYYY-MM-DD."]
    results = []
    raw_results = payload.get("results")
    if not isinstance(raw_results, list):
        errors["results"] = ["results must be a list of {protocol, side, value} objects."]
        raw_results = []
    for i, item in enumerate(raw_results):
        value = item.get("value") if isinstance(item, dict) else None
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("protocol"), str)
            or not isinstance(item.get("side"), str)
            or isinstance(value, bool)
            or not isinstance(value, int | float)
        ):
            errors.setdefault("results", []).append(
                f"Result {i + 1}: needs a protocol code, a side and a numeric value."
            )
            continue
        results.append((item["protocol"], item["side"].upper(), float(value)))
    notes = payload.get("notes", "")
    args = {
        "date": date,
        "body_mass_kg": payload.get("body_mass_kg"),
        "results": results,
        "notes": notes if isinstance(notes, str) else "",
    }
    return args, errors


@require_POST
def api_record(request, athlete_id: int):
    if not request.user.is_authenticated:
        return JsonResponse({"errors": {"__all__": ["Log in first."]}}, status=401)
    try:
        athlete = athlete_get_for_coach(request.user, athlete_id)
    except Http404:
        return JsonResponse({"errors": {"__all__": ["Not found."]}}, status=404)
    args, errors = _parse(request.body)
    if errors:
        return _bad_request(errors)
    try:
        assessment = assessment_record(
            athlete=athlete, recorded_by=request.user, source=Assessment.Source.API, **args
        )
    except ValidationError as exc:
        return _bad_request(
            exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        )
    return JsonResponse(
        {
            "id": assessment.id,
            "athlete_id": athlete.id,
            "date": assessment.date.isoformat(),
            "balance_level": assessment.balance_level,
            "weakest_link": assessment.weakest_link,
            "max_asymmetry_pct": assessment.max_asymmetry_pct,
            "profile": assessment.profile,
        },
        status=201,
    )
