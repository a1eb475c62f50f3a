"""Writing a version's sessions and prescriptions: the plan's rows and the kept history.

A regeneration writes ~28 sessions and ~230 prescriptions. On PostgreSQL they go in with
COPY into ids reserved from the sequence (three statements, values as plain tuples);
`bulk_create` built a model instance per row and prepared each of its 14 values one at a
time, which was the largest cost of a job. SQLite (the quick start) keeps `bulk_create`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from operator import attrgetter

from django.db import connection
from django.db.models import Exists, Model, OuterRef, Q
from django.utils import timezone

from config.copy import copy_rows
from programs import generator
from programs.models import (
    Exercise,
    Prescription,
    PrescriptionLog,
    Program,
    ProgramVersion,
    Session,
    SessionLog,
)

logger = logging.getLogger(__name__)
Status = ProgramVersion.Status

# Fields a planned session / item and a stored Session / Prescription share by name.
_SESSION_FIELDS = ("date", "week", "kind", "purpose", "intensity")
_ITEM_FIELDS = ("order", "section", "sets", "reps", "seconds", "distance_m", "rest_s", "side")


# ------------------------------------------------------------------------- row inserts
def rows_insert(
    model: type[Model], names: Sequence[str], rows: list[tuple], *, returning_ids: bool
) -> list[int]:
    """Insert rows given as tuples of the fields `names` (attnames; every other column
    takes its field default); with returning_ids, return their new ids in order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objects = model.objects.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows]
        )
        return [o.pk for o in objects]
    meta = model._meta
    others = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in names]
    rest = tuple(f.get_default() for f in others)
    columns = [meta.get_field(name).column for name in names] + [f.column for f in others]
    ids = []
    if returning_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        columns.insert(0, meta.pk.column)
        copy_rows(model, columns, ((i, *row, *rest) for i, row in zip(ids, rows, strict=True)))
    else:
        copy_rows(model, columns, (row + rest for row in rows))
    return ids


# ---------------------------------------------------------------------------- history
def frozen_sessions(version: ProgramVersion, today: dt.date) -> list[Session]:
    """Sessions that a new version must keep unchanged: past, logged or coach-edited."""
    # EXISTS, not a join with DISTINCT: the join let the planner read every prescription
    # of the table when its estimates were off (13 ms instead of 0.1 ms).
    edited = Prescription.objects.filter(session=OuterRef("pk"), coach_edited=True)
    return list(
        version.sessions.filter(
            Q(date__lt=today) | Q(log__isnull=False) | ~Q(coach_note="") | Exists(edited)
        )
        .select_related("log")
        .order_by("date")
    )


_COPIED_SESSION = ("version_id", "title", "coach_note", *_SESSION_FIELDS)
_COPIED_ITEM = ("session_id", "exercise_id", "muscle_length", "emphasis", "note", "coach_edited")
_session_values = attrgetter(*_SESSION_FIELDS)
_item_values = attrgetter(*_ITEM_FIELDS)


def copy_sessions(sessions: list[Session], version: ProgramVersion, *, move_logs: bool) -> None:
    """Copy sessions and their prescriptions into `version`; with move_logs, point their
    logs at the copies (two updates)."""
    copy_ids = rows_insert(
        Session,
        _COPIED_SESSION,
        [(version.pk, s.title, s.coach_note, *_session_values(s)) for s in sessions],
        returning_ids=True,
    )
    copies = {s.pk: copy_id for s, copy_id in zip(sessions, copy_ids, strict=True)}
    # Their prescriptions as the rows to copy (no instances), with their logs' ids.
    items = Prescription.objects.filter(session__in=list(copies)).order_by("session_id", "order")
    rows, log_ids = [], []
    for session_id, *values, log_id in items.values_list(
        "session_id", *_COPIED_ITEM[1:], *_ITEM_FIELDS, "log__id"
    ):
        rows.append((copies[session_id], *values))
        log_ids.append(log_id)
    prescription_ids = rows_insert(
        Prescription, (*_COPIED_ITEM, *_ITEM_FIELDS), rows, returning_ids=move_logs
    )
    if not move_logs:
        return
    session_logs = []
    for session, copy_id in zip(sessions, copy_ids, strict=True):
        log = getattr(session, "log", None)  # the missing-row error is an AttributeError
        if log is not None:
            log.session_id = copy_id
            session_logs.append(log)
    prescription_logs = [
        PrescriptionLog(pk=log_id, prescription_id=copy_id)
        for log_id, copy_id in zip(log_ids, prescription_ids, strict=True)
        if log_id is not None
    ]
    SessionLog.objects.bulk_update(session_logs, ["session"])
    PrescriptionLog.objects.bulk_update(prescription_logs, ["prescription"])


# ------------------------------------------------------------------------------ the plan
def plan_write(
    version: ProgramVersion,
    plan: generator.ProgramPlan,
    *,
    skip_dates: set[dt.date],
    exercise_ids: dict[str, int],
) -> None:
    """The plan's sessions and prescriptions, but for the dates in skip_dates (kept from
    the old version). The ids come from the catalogue the plan was built from."""
    planned = [s for s in plan.sessions if s.date not in skip_dates]
    codes = {item.exercise_code for s in planned for item in s.items}
    exercises = exercise_ids
    if missing := codes - exercises.keys():  # not in the catalogue: never, unless edited
        found = Exercise.objects.filter(code__in=missing).values_list("code", "pk")
        exercises = {**exercises, **dict(found)}
    session_ids = rows_insert(
        Session,
        ("version_id", "title", *_SESSION_FIELDS),
        [(version.pk, s.title[:150], *_session_values(s)) for s in planned],
        returning_ids=True,
    )
    rows = []
    for planned_session, session_id in zip(planned, session_ids, strict=True):
        for item in planned_session.items:
            exercise_id = exercises.get(item.exercise_code)
            if exercise_id is None:
                logger.warning(
                    "Skipped unknown exercise %r on %s (version %s)",
                    item.exercise_code,
                    planned_session.date,
                    version.pk,
                )
                continue
            own = (session_id, exercise_id, item.muscle_length or "", item.emphasis or "")
            rows.append((*own, item.note, *_item_values(item)))
    rows_insert(Prescription, (*_COPIED_ITEM[:5], *_ITEM_FIELDS), rows, returning_ids=False)


def supersede_active(program: Program, *, keep: ProgramVersion | None = None) -> None:
    now = timezone.now()
    program.versions.filter(status=Status.ACTIVE).exclude(pk=getattr(keep, "pk", None)).update(
        status=Status.SUPERSEDED, decided_at=now
    )
