"""Request and response shapes of the v1 API. The bounds here are what the schema
promises; the business rules (plausible ranges, dates not in the future) stay in the
services, which answer with the same per-field 400."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

MAX_ID = 2**63 - 1


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL: refuse it here, as a 400, not deep in the driver.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def Text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length),
        AfterValidator(_no_nul),
    ]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
ExternalId = Text(64, 1)
Number = Annotated[float, Field(allow_inf_nan=False, ge=0, le=1_000_000)]
BodyMass = Annotated[float, Field(allow_inf_nan=False, ge=0, le=1_000)]
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


# --- athletes -------------------------------------------------------------------------


class TeamOut(Schema):
    id: int
    name: str


class AthleteOut(Schema):
    id: int
    external_id: str
    first_name: str
    last_name: str
    email: str
    sex: str
    birth_date: dt.date | None
    level: str
    event_focus: str
    archived: bool
    teams: list[TeamOut]


class AthletePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AthleteOut]


# --- assessments ----------------------------------------------------------------------


class ResultIn(Schema):
    protocol: Text(60, 1)
    side: Literal["L", "R", "B", "l", "r", "b"]
    value: Number


class AssessmentIn(Schema):
    """One athlete's results of one day. Name the athlete by id or by external id."""

    athlete_id: Id | None = None
    external_id: ExternalId | None = None
    date: Day
    body_mass_kg: BodyMass
    notes: Text(2000) = ""
    results: Annotated[list[ResultIn], Field(min_length=1, max_length=100)]
    # The device's own id of this measurement: a retry with it creates nothing new.
    device_result_id: Text(200, 1) | None = None


class ResultOut(Schema):
    protocol: str
    side: str
    value: float


class AssessmentOut(Schema):
    id: int
    athlete_id: int
    date: dt.date
    body_mass_kg: float
    source: str
    notes: str
    balance_level: float | None
    weakest_link: str
    max_asymmetry_pct: float | None
    asymmetries: list[dict]
    results: list[ResultOut]
    profile: dict


class AssessmentPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AssessmentOut]


class BatchItemIn(Schema):
    athlete_id: Id | None = None
    external_id: ExternalId | None = None
    date: Day
    body_mass_kg: BodyMass
    results: Annotated[list[ResultIn], Field(min_length=1, max_length=100)]


class BatchIn(Schema):
    items: Annotated[list[BatchItemIn], Field(min_length=1, max_length=500)]


class BatchOut(Schema):
    assessments_created: int
    assessments_updated: int
    results_created: int
    results_updated: int
    athletes_marked_pending: int
    assessment_ids: list[int]


class BatchErrorOut(ErrorOut):
    # Per item (by its index in `items`): the messages of the CSV import's rules.
    item_errors: dict[str, list[str]] = {}


# --- programs -------------------------------------------------------------------------


class PrescriptionOut(Schema):
    order: int
    section: str
    exercise: str
    exercise_name: str
    sets: int | None
    reps: int | None
    seconds: int | None
    distance_m: int | None
    rest_s: int | None
    side: str
    note: str
    sets_done: int | None
    hold_seconds: int | None
    load_kg: float | None


class SessionOut(Schema):
    id: int
    date: dt.date
    week: int
    kind: str
    title: str
    intensity: str
    completed_at: dt.datetime | None
    rpe: int | None
    log_notes: str
    prescriptions: list[PrescriptionOut]


class ProgramOut(Schema):
    athlete_id: int
    version: int | None
    status: str | None
    start_date: dt.date | None
    locked: bool
    regeneration: str
    sessions: list[SessionOut]


class RegenerationOut(Schema):
    athlete_id: int
    status: Literal["idle", "pending", "running", "failed", "none"]
    requested_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    attempts: int
    error: str
    active_version: int | None
    proposed_version: int | None


class LogOut(Schema):
    session_id: int
    date: dt.date
    title: str
    kind: str
    completed_at: dt.datetime | None
    rpe: int | None
    notes: str
    updated_at: dt.datetime
    prescriptions: list[PrescriptionOut]


class LogPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[LogOut]
