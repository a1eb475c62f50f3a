"""Rows to response dicts, and the error responses each kind of operation documents."""

from __future__ import annotations

from assessments.models import Assessment
from athletes.models import Athlete
from config.api_v1.schemas import ErrorOut

READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def athlete_out(athlete: Athlete) -> dict:
    return {
        "id": athlete.id,
        "external_id": athlete.external_id,
        "first_name": athlete.first_name,
        "last_name": athlete.last_name,
        "email": athlete.email,
        "sex": athlete.sex,
        "birth_date": athlete.birth_date,
        "level": athlete.level,
        "event_focus": athlete.event_focus,
        "archived": athlete.is_archived,
        "teams": [{"id": t.id, "name": t.name} for t in athlete.teams.all()],
    }


def assessment_out(assessment: Assessment) -> dict:
    """JSON-ready (dates as ISO text): idempotent writes store this as the answer."""
    return {
        "id": assessment.id,
        "athlete_id": assessment.athlete_id,
        "date": assessment.date.isoformat(),
        "body_mass_kg": float(assessment.body_mass_kg),
        "source": assessment.source,
        "notes": assessment.notes,
        "balance_level": assessment.balance_level,
        "weakest_link": assessment.weakest_link,
        "max_asymmetry_pct": assessment.max_asymmetry_pct,
        "asymmetries": assessment.asymmetries,
        "results": [
            {"protocol": r.protocol.code, "side": r.side, "value": r.value}
            for r in assessment.results.all()
        ],
        "profile": assessment.profile,
    }
