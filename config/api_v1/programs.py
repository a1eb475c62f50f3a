"""The athlete's current program with its sessions for a date range, the completion logs
(for export), and the regeneration status."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError

from athletes.selectors_api import athlete_get_for_organization
from config.api_v1.schemas import (
    MAX_ID,
    Day,
    Id,
    LogPage,
    ProgramOut,
    RegenerationOut,
)
from config.api_v1.shapes import READ_ERRORS
from programs.selectors.api import session_logs_for_athlete
from programs.selectors.athlete import sessions_for_athlete_between
from programs.selectors.program import (
    active_version,
    program_for_athlete,
    proposed_version,
)

router = Router(tags=["programs"])

MAX_RANGE_DAYS = 366


def _log_of(obj):
    try:
        return obj.log
    except ObjectDoesNotExist:  # no log yet
        return None


def _prescription_out(p) -> dict:
    log = _log_of(p)
    return {
        "order": p.order,
        "section": p.section,
        "exercise": p.exercise.code,
        "exercise_name": p.exercise.name,
        "sets": p.sets,
        "reps": p.reps,
        "seconds": p.seconds,
        "distance_m": p.distance_m,
        "rest_s": p.rest_s,
        "side": p.side,
        "note": p.note,
        "sets_done": log.sets_done if log else None,
        "hold_seconds": log.hold_seconds if log else None,
        "load_kg": float(log.load_kg) if log and log.load_kg is not None else None,
    }


def _session_out(session) -> dict:
    log = _log_of(session)
    return {
        "id": session.id,
        "date": session.date,
        "week": session.week,
        "kind": session.kind,
        "title": session.title,
        "intensity": session.intensity,
        "completed_at": log.completed_at if log else None,
        "rpe": log.rpe if log else None,
        "log_notes": log.notes if log else "",
        "prescriptions": [_prescription_out(p) for p in session.prescriptions.all()],
    }


@router.get("/athletes/{athlete_id}/program", response={200: ProgramOut, **READ_ERRORS})
def program_get(
    request, athlete_id: Id, start: Query[Day | None] = None, end: Query[Day | None] = None
):
    """The active version and one session per day from `start` to `end` (default: today
    and the 27 days after; at most 366 days)."""
    athlete = athlete_get_for_organization(request.auth.organization, athlete_id=athlete_id)
    start = start or timezone.localdate()
    end = end or start + dt.timedelta(days=27)
    if end < start or (end - start).days >= MAX_RANGE_DAYS:
        raise HttpError(400, f"end must be on or after start, at most {MAX_RANGE_DAYS} days on.")
    program = program_for_athlete(athlete)
    version = active_version(program) if program else None
    sessions = sessions_for_athlete_between(athlete, start, end) if version else []
    return {
        "athlete_id": athlete.id,
        "version": version.number if version else None,
        "status": version.status if version else None,
        "start_date": version.start_date if version else None,
        "locked": program.locked if program else False,
        "regeneration": program.regen_status if program else "none",
        "sessions": [_session_out(s) for s in sessions],
    }


@router.get("/athletes/{athlete_id}/logs", response={200: LogPage, **READ_ERRORS})
def log_list(
    request,
    athlete_id: Id,
    since: Query[Day | None] = None,
    until: Query[Day | None] = None,
    limit: int = Query(100, ge=1, le=200),
    offset: int = Query(0, ge=0, le=MAX_ID),
):
    """Completion logs by session date, oldest first (for export to other systems)."""
    athlete = athlete_get_for_organization(request.auth.organization, athlete_id=athlete_id)
    logs = session_logs_for_athlete(athlete, since=since, until=until)
    items = []
    for log in logs[offset : offset + limit]:
        session = log.session
        items.append(
            {
                "session_id": session.id,
                "date": session.date,
                "title": session.title,
                "kind": session.kind,
                "completed_at": log.completed_at,
                "rpe": log.rpe,
                "notes": log.notes,
                "updated_at": log.updated_at,
                "prescriptions": [_prescription_out(p) for p in session.prescriptions.all()],
            }
        )
    return {"count": logs.count(), "limit": limit, "offset": offset, "items": items}


@router.get(
    "/athletes/{athlete_id}/program/regeneration", response={200: RegenerationOut, **READ_ERRORS}
)
def regeneration_get(request, athlete_id: Id):
    """Whether new results are still being turned into a program: idle, pending, running,
    failed, or none (no program yet)."""
    athlete = athlete_get_for_organization(request.auth.organization, athlete_id=athlete_id)
    program = program_for_athlete(athlete)
    if program is None:
        return {
            "athlete_id": athlete.id,
            "status": "none",
            "requested_at": None,
            "started_at": None,
            "finished_at": None,
            "attempts": 0,
            "error": "",
            "active_version": None,
            "proposed_version": None,
        }
    active, proposed = active_version(program), proposed_version(program)
    return {
        "athlete_id": athlete.id,
        "status": program.regen_status,
        "requested_at": program.regen_requested_at,
        "started_at": program.regen_started_at,
        "finished_at": program.regen_finished_at,
        "attempts": program.regen_attempts,
        "error": program.regen_error,
        "active_version": active.number if active else None,
        "proposed_version": proposed.number if proposed else None,
    }
