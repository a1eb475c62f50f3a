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
from django.db.models import Model
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
# Written once, as the job's reads are (generate_read): built by the ORM, these three
# statements cost ~9 ms of Python per kept-history job on the slower machine of
# docs/performance.md ("The job, third pass"). tests/programs/test_generate_write.py keeps
# the ORM forms they replace as the specification and checks both databases.
_SESSION = Session._meta.db_table
_PRESCRIPTION = Prescription._meta.db_table
_SESSION_LOG = SessionLog._meta.db_table
_PRESCRIPTION_LOG = PrescriptionLog._meta.db_table

# Past, logged, coach-noted, or with a coach-edited prescription. EXISTS, not a join with
# DISTINCT: the join let the planner read every prescription of the table when its
# estimates were off (13 ms instead of 0.1 ms).
_FROZEN = (
    f"SELECT s.*, l.id AS log_id FROM {_SESSION} s LEFT JOIN {_SESSION_LOG} l"
    " ON l.session_id = s.id WHERE s.version_id = %s AND (s.date < %s OR l.id IS NOT NULL"
    f" OR s.coach_note <> '' OR EXISTS (SELECT 1 FROM {_PRESCRIPTION} p"
    " WHERE p.session_id = s.id AND p.coach_edited = %s)) ORDER BY s.date"
)

_COPIED_SESSION = ("version_id", "title", "coach_note", *_SESSION_FIELDS)
_COPIED_ITEM = ("session_id", "exercise_id", "muscle_length", "emphasis", "note", "coach_edited")
_session_values = attrgetter(*_SESSION_FIELDS)
_item_values = attrgetter(*_ITEM_FIELDS)

# The kept sessions' prescriptions as the rows to copy, with their logs' ids (the fields'
# names are their columns; "order" is quoted, both databases reserve it).
_KEPT_ITEMS = (
    "SELECT {columns}, l.id FROM {prescription} p LEFT JOIN {log} l ON l.prescription_id = p.id"
    ' WHERE p.session_id IN ({{marks}}) ORDER BY p.session_id, p."order"'
).format(
    columns=", ".join(f'p."{name}"' for name in ("session_id", *_COPIED_ITEM[1:], *_ITEM_FIELDS)),
    prescription=_PRESCRIPTION,
    log=_PRESCRIPTION_LOG,
)


def frozen_sessions(version: ProgramVersion, today: dt.date) -> list[Session]:
    """Sessions that a new version must keep unchanged: past, logged or coach-edited, in
    date order, each with `log_id` (its log's id, or None)."""
    return list(
        Session.objects.raw(
            _FROZEN, [version.pk, connection.ops.adapt_datefield_value(today), True]
        )
    )


def _repoint(model: type[Model], column: str, pairs: list[tuple[int, int]]) -> None:
    """Set `column` to the new value of each (row id, new value) pair: one UPDATE per 400
    rows (bulk_update's CASE, without building it through the ORM)."""
    table, qn = model._meta.db_table, connection.ops.quote_name
    cast = model._meta.get_field(column.removesuffix("_id")).target_field.cast_db_type(connection)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), 400):
            chunk = pairs[start : start + 400]
            whens = " ".join([f"WHEN %s THEN CAST(%s AS {cast})"] * len(chunk))
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET {qn(column)} = CASE {qn('id')} {whens} END"
                f" WHERE {qn('id')} IN ({marks})",
                [value for pair in chunk for value in pair] + [row_id for row_id, _ in chunk],
            )


def copy_sessions(sessions: list[Session], version: ProgramVersion, *, move_logs: bool) -> None:
    """Copy sessions (from frozen_sessions) and their prescriptions into `version`; with
    move_logs, point their logs at the copies (two updates)."""
    if not sessions:
        return
    copy_ids = rows_insert(
        Session,
        _COPIED_SESSION,
        [(version.pk, s.title, s.coach_note, *_session_values(s)) for s in sessions],
        returning_ids=True,
    )
    copies = {s.pk: copy_id for s, copy_id in zip(sessions, copy_ids, strict=True)}
    with connection.cursor() as cursor:
        cursor.execute(_KEPT_ITEMS.format(marks=", ".join(["%s"] * len(copies))), list(copies))
        items = cursor.fetchall()
    rows, log_ids = [], []
    for session_id, *values, log_id in items:
        rows.append((copies[session_id], *values))
        log_ids.append(log_id)
    prescription_ids = rows_insert(
        Prescription, (*_COPIED_ITEM, *_ITEM_FIELDS), rows, returning_ids=move_logs
    )
    if not move_logs:
        return
    _repoint(
        SessionLog,
        "session_id",
        [
            (s.log_id, copy_id)
            for s, copy_id in zip(sessions, copy_ids, strict=True)
            if s.log_id is not None
        ],
    )
    _repoint(
        PrescriptionLog,
        "prescription_id",
        [
            (log_id, copy_id)
            for log_id, copy_id in zip(log_ids, prescription_ids, strict=True)
            if log_id is not None
        ],
    )


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
