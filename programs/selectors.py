"""Program reads. Callers scope the athlete first (athletes.selectors); these take it.

Logged sessions: when a version replaces another, past, logged and coach-edited sessions
are copied into it and their logs moved to the copies (services_generate), so the active
version alone tells an athlete's plan. A log written on a session of a version that was
superseded in the same instant stays on the old session; the selectors below therefore let
a logged session for a date win over the active version's session for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from statistics import fmean

from django.db.models import Max, Prefetch, QuerySet

from programs.models import (
    Prescription,
    Program,
    ProgramVersion,
    Session,
    SessionLog,
)


def program_for_athlete(athlete) -> Program | None:
    return Program.objects.filter(athlete=athlete).select_related("athlete").first()


def version_list(program: Program) -> QuerySet[ProgramVersion]:
    return program.versions.select_related("assessment", "created_by").order_by("-number")


def active_version(program: Program) -> ProgramVersion | None:
    return program.versions.filter(status=ProgramVersion.Status.ACTIVE).first()


def proposed_version(program: Program) -> ProgramVersion | None:
    return program.versions.filter(status=ProgramVersion.Status.PROPOSED).first()


def _sessions_with_detail() -> QuerySet[Session]:
    prescriptions = Prescription.objects.select_related("exercise", "log").order_by("order")
    return Session.objects.select_related("log").prefetch_related(
        Prefetch("prescriptions", queryset=prescriptions)
    )


def version_sessions(version: ProgramVersion) -> QuerySet[Session]:
    """The version's sessions by date, with prescriptions, exercises and logs."""
    return _sessions_with_detail().filter(version=version).order_by("date")


def _logged_sessions(athlete, start: dt.date, end: dt.date) -> QuerySet[Session]:
    return _sessions_with_detail().filter(
        log__athlete=athlete, date__gte=start, date__lte=end, version__program__athlete=athlete
    )


def sessions_for_athlete_between(athlete, start: dt.date, end: dt.date) -> list[Session]:
    """One session per date from start to end (inclusive): a logged one wins, otherwise
    the active version's."""
    by_date = {
        s.date: s
        for s in _sessions_with_detail().filter(
            version__program__athlete=athlete,
            version__status=ProgramVersion.Status.ACTIVE,
            date__gte=start,
            date__lte=end,
        )
    }
    for session in _logged_sessions(athlete, start, end).order_by("log__updated_at"):
        by_date[session.date] = session
    return [by_date[d] for d in sorted(by_date)]


def session_for_athlete_on(athlete, day: dt.date) -> Session | None:
    sessions = sessions_for_athlete_between(athlete, day, day)
    return sessions[0] if sessions else None


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
    """Compliance per athlete in three queries, whatever the number of athletes.

    share_7 / share_28: share of the active version's training sessions (not rest days)
    dated in the last 7 / 28 days before today that have a completed log (None when none
    were planned); mean_rpe over those 28 days' completed logs; last_logged: the date of
    the newest completed session.
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
        .values_list("version__program__athlete_id", "date")
    ):
        planned[athlete_id].add(day)
    done: dict[int, set[dt.date]] = defaultdict(set)
    rpes: dict[int, list[int]] = defaultdict(list)
    for athlete_id, day, rpe in SessionLog.objects.filter(
        athlete_id__in=ids,
        completed_at__isnull=False,
        session__date__gte=start_28,
        session__date__lt=today,
    ).values_list("athlete_id", "session__date", "rpe"):
        done[athlete_id].add(day)
        if rpe is not None:
            rpes[athlete_id].append(rpe)
    last = dict(
        SessionLog.objects.filter(athlete_id__in=ids, completed_at__isnull=False)
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
