"""Program reads. Callers scope the athlete first (athletes.selectors); these take it.

Logged sessions: when a version replaces another, past, logged and coach-edited sessions
are copied into it and their logs moved to the copies (services.generate), so the active
version alone tells an athlete's plan. A log written on a session of a version that was
superseded in the same instant stays on the old session; the selectors below therefore let
a logged session for a date win over the active version's session for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from statistics import fmean

from django.db import connection
from django.db.models import CharField, F, Max, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL

from assessments.models import Assessment
from programs.models import (
    Exercise,
    Prescription,
    PrescriptionLog,
    Program,
    ProgramVersion,
    Session,
    SessionLog,
)
from programs.rules import session_edit_error


def program_for_athlete(athlete) -> Program | None:
    return Program.objects.filter(athlete=athlete).select_related("athlete").first()


def program_with_version_numbers(athlete) -> Program | None:
    """The athlete's program annotated for the coach's program status, in one query.

    `proposal_number` / `active_number`: the versions waiting for approval and active (or
    None); `proposal_assessment_date` / `active_assessment_date`: the dates of the
    assessments they were built from; `rejected_number` / `rejected_assessment_date`: the
    newest rejected version; `latest_assessment_date`. `behind` is True when the athlete
    has an assessment newer than the one the active version was built from (the status
    must not say "up to date" then, e.g. after a rejected proposal).
    """

    def version(status, field):
        return (
            ProgramVersion.objects.filter(program=OuterRef("pk"), status=status)
            .order_by("-number")
            .values(field)[:1]
        )

    latest = Assessment.objects.filter(athlete=OuterRef("athlete")).order_by("-date", "-id")
    Status = ProgramVersion.Status
    program = (
        Program.objects.filter(athlete=athlete)
        .annotate(
            proposal_number=version(Status.PROPOSED, "number"),
            proposal_assessment_date=version(Status.PROPOSED, "assessment__date"),
            active_number=version(Status.ACTIVE, "number"),
            active_assessment_id=version(Status.ACTIVE, "assessment_id"),
            active_assessment_date=version(Status.ACTIVE, "assessment__date"),
            rejected_number=version(Status.REJECTED, "number"),
            rejected_assessment_date=version(Status.REJECTED, "assessment__date"),
            latest_assessment_id=Subquery(latest.values("id")[:1]),
            latest_assessment_date=Subquery(latest.values("date")[:1]),
        )
        .first()
    )
    if program is not None:
        program.behind = (
            program.active_number is not None
            and program.latest_assessment_id is not None
            and program.active_assessment_id != program.latest_assessment_id
        )
    return program


# Pages never show what the generator was given (services.generate reads it), and it is
# the largest JSON of a version: leave it in the database when reading for display.
VERSION_INTERNALS = ("generator_input",)


def version_list(program: Program) -> QuerySet[ProgramVersion]:
    """The history table: numbers, status, trigger and dates, no JSON."""
    return program.versions.only(
        "id", "program_id", "number", "status", "trigger", "created_at", "start_date"
    ).order_by("-number")


def active_version(program: Program) -> ProgramVersion | None:
    return (
        program.versions.filter(status=ProgramVersion.Status.ACTIVE)
        .annotate(assessment_date=F("assessment__date"))
        .defer(*VERSION_INTERNALS)
        .first()
    )


def proposed_version(program: Program) -> ProgramVersion | None:
    return (
        program.versions.filter(status=ProgramVersion.Status.PROPOSED)
        .defer(*VERSION_INTERNALS)
        .first()
    )


def _sessions_with_detail() -> QuerySet[Session]:
    prescriptions = Prescription.objects.select_related("exercise", "log").order_by("order")
    return Session.objects.select_related("log").prefetch_related(
        Prefetch("prescriptions", queryset=prescriptions)
    )


def version_sessions(version: ProgramVersion) -> QuerySet[Session]:
    """The version's sessions by date, with prescriptions, exercises and logs."""
    return _sessions_with_detail().filter(version=version).order_by("date")


def _fingerprint_sql(where: str) -> str:
    """md5 over the id and `xmin` of every row the sessions matched by `where` show: the
    sessions, their logs, their prescriptions with logs and exercises.

    `xmin` is PostgreSQL's id of the transaction that wrote a row version: every UPDATE
    gives the row a new one (the same use as Npgsql's "xmin as concurrency token"). Ids
    catch rows added or deleted. Reading these is far cheaper than reading the rows.
    """
    return f"""
        SELECT md5(string_agg(
            concat_ws(':', s.id, s.xmin, sl.id, sl.xmin, p.id, p.xmin, pl.id, pl.xmin,
                      e.id, e.xmin), ','
            ORDER BY s.id, p.id))
        FROM {Session._meta.db_table} s
        LEFT JOIN {SessionLog._meta.db_table} sl ON sl.session_id = s.id
        LEFT JOIN {Prescription._meta.db_table} p ON p.session_id = s.id
        LEFT JOIN {PrescriptionLog._meta.db_table} pl ON pl.prescription_id = p.id
        LEFT JOIN {Exercise._meta.db_table} e ON e.id = p.exercise_id
        WHERE {where}
    """  # table names come from model metadata; values are parameters


def sessions_fingerprint(sessions: QuerySet[Session]) -> str | None:
    """A value that changes whenever anything these sessions' pages show changes.

    Any write to the rows behind them (a logged set, a coach's edit, an exercise's cues
    edited in the admin) gives a new value, so a rendering cached under it cannot go
    stale, and no code has to remember to invalidate it. None outside PostgreSQL (the
    SQLite quick start renders uncached).
    """
    if connection.vendor != "postgresql":
        return None
    ids_sql, params = sessions.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(f"s.id IN ({ids_sql})"), params)
        row = cursor.fetchone()
    return row[0] if row and row[0] else "empty"


def with_fingerprint(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Each session annotated with its own fingerprint (as sessions_fingerprint), in the
    same query."""
    if connection.vendor != "postgresql":
        return sessions.annotate(fingerprint=Value(None, output_field=CharField()))
    outer = f"{Session._meta.db_table}.id"
    return sessions.annotate(
        fingerprint=RawSQL(_fingerprint_sql(f"s.id = {outer}"), [], output_field=CharField())
    )


# What a calendar row shows of an exercise: its name, and whether it is one-sided (the
# session's duration estimate). The text and JSON fields stay in the database; decoding
# them for every row was most of the program page's time.
CALENDAR_EXERCISE_FIELDS = ("exercise__name", "exercise__unilateral")


@dataclass(frozen=True)
class CalendarWeek:
    """Seven days of a version's calendar, from `first` to `last` (its session dates), and
    the (block, block week) pairs they fall in: one, or two when an older version's
    carried-over sessions were aligned on another weekday."""

    first: dt.date
    last: dt.date
    blocks: tuple[tuple[int, int], ...]

    @property
    def key(self) -> str:
        return self.first.isoformat()

    @property
    def dates(self) -> str:
        """'17–23 Nov', or '28 Nov–4 Dec' across a month."""
        if (self.first.year, self.first.month) == (self.last.year, self.last.month):
            return f"{self.first.day}–{self.last.day} {self.last:%b}"
        return f"{self.first.day} {self.first:%b}–{self.last.day} {self.last:%b}"

    @property
    def label(self) -> str:
        return ", ".join(f"Block {block} · week {week}" for block, week in self.blocks)

    def holds(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def calendar_weeks(version: ProgramVersion) -> list[CalendarWeek]:
    """The version's sessions cut into 7-day weeks aligned on its start date (the weekday
    its plan's block weeks begin), each labelled with its block and block week.

    Sessions store only their block week (1 to the block length), so week 1 of every
    block shares a number: the block count rises each time the number drops, in date order.
    """
    rows = version.sessions.order_by("date").values_list("date", "week")
    weeks: dict[int, dict] = {}
    block, previous = 1, None
    for day, week in rows:
        if previous is not None and week < previous:
            block += 1
        previous = week
        index = (day - version.start_date).days // 7
        entry = weeks.setdefault(index, {"first": day, "last": day, "blocks": []})
        entry["last"] = day
        if (block, week) not in entry["blocks"]:
            entry["blocks"].append((block, week))
    return [
        CalendarWeek(first=w["first"], last=w["last"], blocks=tuple(w["blocks"]))
        for _, w in sorted(weeks.items())
    ]


def calendar_week_for(weeks: list[CalendarWeek], requested: str, today: dt.date):
    """The week a calendar shows: the one holding the requested date (`?week=`, any ISO
    date), else the one holding today, else the next to come, else the last. A value that
    is not a date (a typo, '²') is ignored."""
    if not weeks:
        return None
    try:
        day = dt.date.fromisoformat(requested) if requested else None
    except ValueError:
        day = None
    if day is not None:
        for week in weeks:
            if week.holds(day):
                return week
    for week in weeks:
        if today <= week.last:
            return week
    return weeks[-1]


def _week_sessions(version: ProgramVersion, week: CalendarWeek) -> QuerySet[Session]:
    return Session.objects.filter(version=version, date__gte=week.first, date__lte=week.last)


def version_week_sessions(version: ProgramVersion, week: CalendarWeek) -> list[Session]:
    """One calendar week's sessions for the coach's calendar, with prescriptions and
    exercise names (no prescription logs: the calendar shows whether the session was
    logged)."""
    prescriptions = (
        Prescription.objects.select_related("exercise")
        .only(*[f.name for f in Prescription._meta.concrete_fields], *CALENDAR_EXERCISE_FIELDS)
        .order_by("order")
    )
    return list(
        _week_sessions(version, week)
        .select_related("log")
        .prefetch_related(Prefetch("prescriptions", queryset=prescriptions))
        .order_by("date")
    )


def calendar_week_sessions(
    version: ProgramVersion, week: CalendarWeek, today: dt.date
) -> list[Session]:
    """version_week_sessions with `logged` and `editable` set on each session: a coach may
    edit the active version's sessions from today on, until the athlete logs them."""
    sessions = version_week_sessions(version, week)
    for session in sessions:
        session.version = version  # the rule reads its status: no query per session
        session.logged = hasattr(session, "log")  # select_related: no query
        session.editable = not session_edit_error(session, today=today, logged=session.logged)
    return sessions


def version_week_fingerprint(version: ProgramVersion, week: CalendarWeek) -> str | None:
    """sessions_fingerprint of one calendar week: changes with any row its calendar shows."""
    return sessions_fingerprint(_week_sessions(version, week))


# --------------------------------------------------------------------------------- diff
def _prescription_key(p: Prescription) -> tuple:
    return (p.section, p.exercise.code, p.side)


def _prescription_view(p: Prescription) -> dict:
    return {
        "exercise": p.exercise.name,
        "code": p.exercise.code,
        "section": p.section,
        "side": p.side,
        "dose": p.dose,
        "emphasis": p.emphasis,
    }


def version_diff(old: ProgramVersion | None, new: ProgramVersion) -> list[dict]:
    """Per-date changes from old to new, for the coach's proposal view.

    Each entry: {"date", "status": "added"|"removed"|"changed", "old_title", "new_title",
    "added": [...], "removed": [...], "changed": [{"exercise", "old_dose", "new_dose"}]}.
    Dates without a change are left out. Prescriptions match on (section, exercise, side).
    """
    old_sessions = {s.date: s for s in version_sessions(old)} if old else {}
    new_sessions = {s.date: s for s in version_sessions(new)}
    changes = []
    for day in sorted(old_sessions.keys() | new_sessions.keys()):
        before, after = old_sessions.get(day), new_sessions.get(day)
        entry = {
            "date": day,
            "old_title": before.title if before else "",
            "new_title": after.title if after else "",
            "added": [],
            "removed": [],
            "changed": [],
        }
        if before is None:
            entry["status"] = "added"
            entry["added"] = [_prescription_view(p) for p in after.prescriptions.all()]
            changes.append(entry)
            continue
        if after is None:
            entry["status"] = "removed"
            entry["removed"] = [_prescription_view(p) for p in before.prescriptions.all()]
            changes.append(entry)
            continue
        old_p = {_prescription_key(p): p for p in before.prescriptions.all()}
        new_p = {_prescription_key(p): p for p in after.prescriptions.all()}
        entry["added"] = [_prescription_view(new_p[k]) for k in new_p.keys() - old_p.keys()]
        entry["removed"] = [_prescription_view(old_p[k]) for k in old_p.keys() - new_p.keys()]
        for key in old_p.keys() & new_p.keys():
            if old_p[key].dose != new_p[key].dose:
                entry["changed"].append(
                    {
                        "exercise": new_p[key].exercise.name,
                        "old_dose": old_p[key].dose,
                        "new_dose": new_p[key].dose,
                    }
                )
        for side in ("added", "removed"):
            entry[side].sort(key=lambda v: (v["section"], v["code"], v["side"]))
        entry["changed"].sort(key=lambda v: v["exercise"])
        if entry["added"] or entry["removed"] or entry["changed"] or before.kind != after.kind:
            entry["status"] = "changed"
            changes.append(entry)
    return changes


# ---------------------------------------------------------------------------- adherence
def adherence_for_athletes(athlete_ids, today: dt.date) -> dict[int, dict]:
    """Compliance per athlete in two or three queries, whatever the number of athletes.

    share_7 / share_28: share of the active version's training sessions (not rest days)
    dated in the last 7 / 28 days before today that have a completed log (None when none
    were planned); mean_rpe over those 28 days' completed logs; last_logged: the date of
    the newest completed session. The regeneration job reads the first two for one athlete
    in one statement (programs.services.generate_read.adherence_28, tested against this).
    """
    ids = list(athlete_ids)
    start_28 = today - dt.timedelta(days=28)
    start_7 = today - dt.timedelta(days=7)
    planned: dict[int, set[dt.date]] = defaultdict(set)
    for athlete_id, day in (
        Session.objects.filter(
            version__program__athlete_id__in=ids,
            version__status=ProgramVersion.Status.ACTIVE,
            date__gte=start_28,
            date__lt=today,
        )
        .exclude(kind="rest")
        .order_by()
        .values_list("version__program__athlete_id", "date")
    ):
        planned[athlete_id].add(day)
    # The completed logs from start_28 on, today and later included: they give the window's
    # done days and RPEs, and the newest logged date of everyone who logged in the window.
    done: dict[int, set[dt.date]] = defaultdict(set)
    rpes: dict[int, list[int]] = defaultdict(list)
    last: dict[int, dt.date] = {}
    for athlete_id, day, rpe in SessionLog.objects.filter(
        athlete_id__in=ids, completed_at__isnull=False, session__date__gte=start_28
    ).values_list("athlete_id", "session__date", "rpe"):
        if athlete_id not in last or day > last[athlete_id]:
            last[athlete_id] = day
        if day < today:
            done[athlete_id].add(day)
            if rpe is not None:
                rpes[athlete_id].append(rpe)
    # Only athletes without a log in the window need their whole history searched.
    if quiet := [athlete_id for athlete_id in ids if athlete_id not in last]:
        last.update(
            SessionLog.objects.filter(athlete_id__in=quiet, completed_at__isnull=False)
            .values("athlete_id")
            .annotate(last=Max("session__date"))
            .values_list("athlete_id", "last")
        )

    def share(athlete_id: int, since: dt.date) -> float | None:
        days = {d for d in planned[athlete_id] if d >= since}
        if not days:
            return None
        return len(days & done[athlete_id]) / len(days)

    return {
        athlete_id: {
            "share_7": share(athlete_id, start_7),
            "share_28": share(athlete_id, start_28),
            "mean_rpe": round(fmean(rpes[athlete_id]), 1) if rpes[athlete_id] else None,
            "last_logged": last.get(athlete_id),
        }
        for athlete_id in ids
    }
