"""The regeneration job's reads and status writes, as SQL written once.

Every job runs the same handful of statements. Built by the ORM, each cost several times
its own database time in query compilation: the latest assessment's `EXISTS … OR NOT
EXISTS` took ~4 ms of Python for a 0.9 ms query on the benchmark machine, and compiling
was about a third of a job (docs/performance.md, "The job, third pass"). Here each is
plain SQL that PostgreSQL and SQLite both run, turned into model instances by `raw()`
(no compilation, the fields' own converters). `tests/programs/test_generate_read.py`
checks each against the ORM query it replaces, on both databases.
"""

from __future__ import annotations

import datetime as dt
from statistics import fmean

from django.db import connection

from assessments.models import Assessment, TestProtocol, TestResult
from athletes.models import Athlete
from programs.models import Program, ProgramVersion, Session, SessionLog

Regen = Program.Regeneration
Status = ProgramVersion.Status

_PROGRAM = Program._meta.db_table
_VERSION = ProgramVersion._meta.db_table
_ASSESSMENT = Assessment._meta.db_table
_RESULT = TestResult._meta.db_table
_PROTOCOL = TestProtocol._meta.db_table
_ATHLETE = Athlete._meta.db_table
_SESSION = Session._meta.db_table
_SESSION_LOG = SessionLog._meta.db_table

# The newest version's number comes with the program (the next version is top + 1).
_PROGRAM_SQL = (
    f"SELECT p.*, (SELECT MAX(v.number) FROM {_VERSION} v WHERE v.program_id = p.id) AS top"
    f" FROM {_PROGRAM} p WHERE p.{{column}} = %s"
)
_PROGRAM_BY_ATHLETE = _PROGRAM_SQL.format(column="athlete_id")
_PROGRAM_BY_ID = _PROGRAM_SQL.format(column="id")

# A day of sprints and jumps alone must not plan a block: its profile holds only results
# carried from earlier tests. An assessment without result rows keeps its own profile (as
# factories build them).
_LATEST_ASSESSMENT = (
    f"SELECT a.* FROM {_ASSESSMENT} a WHERE a.athlete_id = %s AND a.balance_level IS NOT NULL"
    f" AND (EXISTS (SELECT 1 FROM {_RESULT} r JOIN {_PROTOCOL} t ON t.id = r.protocol_id"
    f" WHERE r.assessment_id = a.id AND t.kind = %s)"
    f" OR NOT EXISTS (SELECT 1 FROM {_RESULT} r WHERE r.assessment_id = a.id))"
    " ORDER BY a.date DESC, a.id DESC LIMIT 1"
)

_CURRENT_VERSIONS = (
    f"SELECT * FROM {_VERSION} WHERE program_id = %s AND status IN (%s, %s) ORDER BY number DESC"
)

_CLAIM = (
    f"UPDATE {_PROGRAM} SET regen_status = %s, regen_started_at = %s,"
    " regen_attempts = regen_attempts + 1 WHERE athlete_id = %s AND regen_status IN (%s, %s, %s)"
)

# A request marked while the job ran has set the row back to pending: it stays so.
_DONE = (
    f"UPDATE {_PROGRAM} SET regen_status = %s, regen_finished_at = %s, regen_error = '',"
    " regen_attempts = 0 WHERE id = %s AND regen_status = %s"
)

# Adherence over the 28 days before today, as `adherence_for_athletes` counts it (the rule's
# home, in programs.selectors.program): the active version's training days (rest days are
# not planned) and the athlete's completed logs of those days, whatever version they were
# logged on; one row per planned day ("p") and per completed log ("d", with its RPE).
_ADHERENCE = (
    f"SELECT 'p', s.date, NULL FROM {_SESSION} s JOIN {_VERSION} v ON v.id = s.version_id"
    f" JOIN {_PROGRAM} p ON p.id = v.program_id WHERE p.athlete_id = %s AND v.status = %s"
    " AND s.date >= %s AND s.date < %s AND s.kind <> %s"
    f" UNION ALL SELECT 'd', s.date, l.rpe FROM {_SESSION_LOG} l"
    f" JOIN {_SESSION} s ON s.id = l.session_id WHERE l.athlete_id = %s"
    " AND l.completed_at IS NOT NULL AND s.date >= %s AND s.date < %s"
)

_ATHLETE_BY_ID = f"SELECT * FROM {_ATHLETE} WHERE id = %s"
_PROTOCOLS = f"SELECT code, name, sem_pct, noise_abs FROM {_PROTOCOL} WHERE code IN ({{marks}})"
_PENDING = f"SELECT 1 FROM {_PROGRAM} WHERE athlete_id = %s AND regen_status = %s"


def protocol_rows(codes) -> list[tuple[str, str, float | None, float | None]]:
    """(code, name, sem_pct, noise_abs) of the protocols with these codes."""
    codes = sorted(codes)
    if not codes:
        return []
    marks = ", ".join(["%s"] * len(codes))
    with connection.cursor() as cursor:
        cursor.execute(_PROTOCOLS.format(marks=marks), codes)
        return cursor.fetchall()


def _first(raw_query):
    return next(iter(raw_query), None)


def job_program(*, athlete_id: int) -> Program | None:
    """The athlete's program with `top`, its newest version number (None without one),
    and its athlete."""
    program = _first(Program.objects.raw(_PROGRAM_BY_ATHLETE, [athlete_id]))
    if program is not None:
        program.athlete = Athlete.objects.raw(_ATHLETE_BY_ID, [athlete_id])[0]
    return program


def program_reread(*, program: Program) -> Program:
    """The program's row again, with `top` (under the athlete's lock, before writing)."""
    return Program.objects.raw(_PROGRAM_BY_ID, [program.pk])[0]


def latest_assessment(athlete) -> Assessment | None:
    """The latest assessment with strength results of its own (or with no result rows)."""
    return _first(
        Assessment.objects.raw(_LATEST_ASSESSMENT, [athlete.pk, TestProtocol.Kind.STRENGTH])
    )


def current_versions(program: Program) -> list[ProgramVersion]:
    """The program's active and proposed versions, newest first."""
    return list(
        ProgramVersion.objects.raw(_CURRENT_VERSIONS, [program.pk, Status.ACTIVE, Status.PROPOSED])
    )


def adherence_28(*, athlete_id: int, today: dt.date) -> tuple[float | None, float | None]:
    """(share_28, mean_rpe) of `adherence_for_athletes` for one athlete, in one statement:
    the share of the last 28 days' planned training days with a completed log (None when
    none were planned) and the mean RPE of those days' logs."""
    start = connection.ops.adapt_datefield_value(today - dt.timedelta(days=28))
    end = connection.ops.adapt_datefield_value(today)
    planned, done, rpes = set(), set(), []
    with connection.cursor() as cursor:
        cursor.execute(
            _ADHERENCE,
            [athlete_id, Status.ACTIVE, start, end, "rest", athlete_id, start, end],
        )
        # Dates stay as the driver gives them (SQLite: text): they are only compared.
        for mark, day, rpe in cursor.fetchall():
            if mark == "p":
                planned.add(day)
            else:
                done.add(day)
                if rpe is not None:
                    rpes.append(rpe)
    share = len(planned & done) / len(planned) if planned else None
    return share, round(fmean(rpes), 1) if rpes else None


def _when(moment: dt.datetime):
    return connection.ops.adapt_datetimefield_value(moment)


def program_claim(*, athlete_id: int, now: dt.datetime) -> bool:
    """Mark the athlete's request running: pending, failed, or running with its worker dead
    (the caller holds the athlete's lock, so no live worker runs it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _CLAIM,
            [Regen.RUNNING, _when(now), athlete_id, Regen.PENDING, Regen.FAILED, Regen.RUNNING],
        )
        return cursor.rowcount > 0


def program_done(*, program_id: int, now: dt.datetime) -> None:
    """The request is done: idle, unless another was marked meanwhile."""
    with connection.cursor() as cursor:
        cursor.execute(_DONE, [Regen.IDLE, _when(now), program_id, Regen.RUNNING])


def regeneration_pending(*, athlete_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(_PENDING, [athlete_id, Regen.PENDING])
        return cursor.fetchone() is not None
