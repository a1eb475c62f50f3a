"""JSON endpoint for recording an assessment: session-authenticated coaches, with CSRF.

POST /api/athletes/<id>/assessments/
    {"date": "2025-05-01", "body_mass_kg": 75.0, "notes": "",
     "results": [{"protocol": "hip_flexion_hhd", "side": "L", "value": 400}]}
201 with the stored profile, 400 with {"errors": {field: [messages]}}.
"""

import datetime as dt
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_POST

from assessments.models import Assessment
from assessments.services import assessment_record, code_error, notes_error
from athletes.selectors import athlete_get_for_coach
from config.validation import NUMBER_MESSAGE, number_decimal, number_float


def _bad_request(errors: dict) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=400)


class _NotANumber:
    """What json.loads makes of NaN, Infinity and -Infinity: no number, so a field error."""

    def __init__(self, name: str):
        self.name = name


def _loads(body: bytes):
    # Decimals, not floats: a 400-digit integer or 1e400 stays exact for the number rule
    # to refuse, and no int() hits Python's 4,300-digit limit.
    return json.loads(
        body or b"null", parse_float=Decimal, parse_int=Decimal, parse_constant=_NotANumber
    )


def _parse(body: bytes) -> tuple[dict, dict]:
    """(service arguments, errors) from the JSON body."""
    try:
        payload = _loads(body)
    except (UnicodeDecodeError, ValueError):  # JSONDecodeError is a ValueError
        return {}, {"__all__": ["The body must be JSON."]}
    if not isinstance(payload, dict):
        return {}, {"__all__": ["The body must be a JSON object."]}
    errors: dict[str, list[str]] = {}
    raw_date = payload.get("date", "")
    date = None
    if not isinstance(raw_date, str) or code_error(raw_date):
        errors["date"] = ["Enter the date as YYYY-MM-DD."]
    else:
        try:
            date = dt.date.fromisoformat(raw_date)
        except ValueError:
            errors["date"] = ["Enter the date as YYYY-MM-DD."]
    body_mass = payload.get("body_mass_kg")
    if body_mass is not None and number_decimal(body_mass) is None:
        errors["body_mass_kg"] = [NUMBER_MESSAGE]
    results = []
    raw_results = payload.get("results")
    if not isinstance(raw_results, list):
        errors["results"] = ["results must be a list of {protocol, side, value} objects."]
        raw_results = []
    for i, item in enumerate(raw_results):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("protocol"), str)
            or not isinstance(item.get("side"), str)
        ):
            errors.setdefault("results", []).append(
                f"Result {i + 1}: needs a protocol code, a side and a numeric value."
            )
            continue
        value = item.get("value")
        number = None if isinstance(value, str) else number_float(value)
        if number is None:
            errors.setdefault("results", []).append(f"Result {i + 1}: {NUMBER_MESSAGE}")
            continue
        results.append((item["protocol"], item["side"].upper(), number))
    notes = payload.get("notes", "")
    if notes is None:
        notes = ""
    if message := notes_error(notes):
        errors["notes"] = [message]
    args = {"date": date, "body_mass_kg": body_mass, "results": results, "notes": notes}
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
