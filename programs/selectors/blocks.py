"""A block's data for its review, read in bulk: the same few queries for one athlete's
block and for a squad of them (the squad view pins the count).

A block is a program version built from a start assessment (`version.assessment`) and
closed by its retest (`version.end_assessment`). Its window runs from the version's start
date to the retest's date (while open: to its last planned session). Logs move to newer
versions' copies of a session, so what was done is read by athlete and date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean

from django.db.models import Max

from assessments import balance
from assessments.models import TestResult
from assessments.selectors import protocol_specs
from programs.models import Prescription, PrescriptionLog, ProgramVersion, Session, SessionLog


@dataclass(frozen=True)
class BlockActivity:
    sessions_planned: int
    sessions_done: int
    targeted_sets_planned: int
    targeted_sets_done: int
    mean_rpe: float | None


@dataclass(frozen=True)
class BlockData:
    version: ProgramVersion
    start_date: dt.date
    end_date: dt.date | None
    review: balance.BlockReview
    activity: BlockActivity


def _results(assessment_ids: set[int]) -> dict[int, list[balance.Result]]:
    by_assessment: dict[int, list[balance.Result]] = defaultdict(list)
    rows = TestResult.objects.filter(assessment_id__in=assessment_ids).values_list(
        "assessment_id", "protocol__code", "side", "value"
    )
    for assessment_id, code, side, value in rows:
        by_assessment[assessment_id].append(balance.Result(code, side, value))
    return by_assessment


def squad_swcs(organization) -> dict[str, float]:
    """Per outcome protocol, 0.2 x the between-athlete SD of each athlete's first result
    (their baseline; Hopkins 2004). One query."""
    first: dict[tuple[str, int], float] = {}
    rows = (
        TestResult.objects.filter(
            protocol__kind="outcome", assessment__athlete__organization=organization
        )
        .order_by("assessment__date", "assessment_id")
        .values_list("protocol__code", "assessment__athlete_id", "value")
    )
    for code, athlete_id, value in rows:
        first.setdefault((code, athlete_id), value)
    per_code: dict[str, list[float]] = defaultdict(list)
    for (code, _), value in first.items():
        per_code[code].append(value)
    swcs = {code: balance.squad_swc(values) for code, values in per_code.items()}
    return {code: swc for code, swc in swcs.items() if swc is not None}


def blocks_data(versions: Sequence[ProgramVersion], *, organization) -> list[BlockData]:
    """Reviews and activity of blocks (versions with select_related assessment,
    end_assessment and program): six queries whatever their number."""
    versions = [v for v in versions if v.assessment_id is not None]
    if not versions:
        return []
    ids = {v.assessment_id for v in versions} | {
        v.end_assessment_id for v in versions if v.end_assessment_id
    }
    results = _results(ids)
    specs = protocol_specs()
    swcs = squad_swcs(organization)
    last_session = dict(
        Session.objects.filter(version__in=versions)
        .values("version_id")
        .annotate(last=Max("date"))
        .values_list("version_id", "last")
    )
    windows = {}
    for v in versions:
        end = v.end_assessment.date if v.end_assessment_id else last_session.get(v.pk)
        windows[v.pk] = (v.start_date, end or v.start_date)
    activity = _activity(versions, windows)
    data = []
    for v in versions:
        start, end = v.assessment, v.end_assessment
        end_profile = (
            end.balance_profile if end is not None and end.balance_level is not None else None
        )
        review = balance.block_review(
            start_results=results.get(start.pk, []),
            end_results=results.get(end.pk, []) if end is not None else None,
            start_profile=start.balance_profile,
            end_profile=end_profile,
            protocols=specs,
            squad_swcs=swcs,
        )
        data.append(
            BlockData(v, windows[v.pk][0], end.date if end else None, review, activity[v.pk])
        )
    return data


def _activity(
    versions: Iterable[ProgramVersion], windows: dict[int, tuple[dt.date, dt.date]]
) -> dict[int, BlockActivity]:
    versions = list(versions)
    athlete_of = {v.pk: v.program.athlete_id for v in versions}
    low = min(w[0] for w in windows.values())
    high = max(w[1] for w in windows.values())

    def inside(version_id: int, day: dt.date) -> bool:
        start, end = windows[version_id]
        return start <= day <= end

    planned_days: dict[int, set[dt.date]] = defaultdict(set)
    for version_id, day in (
        Session.objects.filter(version__in=versions)
        .exclude(kind__in=["rest", "retest"])
        .values_list("version_id", "date")
    ):
        if inside(version_id, day):
            planned_days[version_id].add(day)
    planned_sets: dict[int, int] = defaultdict(int)
    for version_id, day, sets in (
        Prescription.objects.filter(session__version__in=versions)
        .exclude(emphasis="")
        .values_list("session__version_id", "session__date", "sets")
    ):
        if inside(version_id, day):
            planned_sets[version_id] += sets or 0
    athletes = set(athlete_of.values())
    logs: dict[int, list[tuple[dt.date, int | None]]] = defaultdict(list)
    for athlete_id, day, rpe in SessionLog.objects.filter(
        athlete_id__in=athletes, completed_at__isnull=False, session__date__range=(low, high)
    ).values_list("athlete_id", "session__date", "rpe"):
        logs[athlete_id].append((day, rpe))
    sets_done: dict[int, list[tuple[dt.date, int, int]]] = defaultdict(list)
    for athlete_id, day, done, planned in (
        PrescriptionLog.objects.filter(
            prescription__session__version__program__athlete_id__in=athletes,
            prescription__session__date__range=(low, high),
        )
        .exclude(prescription__emphasis="")
        .values_list(
            "prescription__session__version__program__athlete_id",
            "prescription__session__date",
            "sets_done",
            "prescription__sets",
        )
    ):
        sets_done[athlete_id].append((day, done, planned or done))

    out = {}
    for v in versions:
        athlete_id = athlete_of[v.pk]
        days = planned_days[v.pk]
        done_days = {d: rpe for d, rpe in logs[athlete_id] if inside(v.pk, d)}
        rpes = [rpe for rpe in done_days.values() if rpe is not None]
        # Sets beyond those prescribed do not count twice.
        done = sum(min(d, p) for day, d, p in sets_done[athlete_id] if inside(v.pk, day))
        out[v.pk] = BlockActivity(
            sessions_planned=len(days),
            sessions_done=len(set(done_days) & days),
            targeted_sets_planned=planned_sets[v.pk],
            targeted_sets_done=min(done, planned_sets[v.pk]),
            mean_rpe=round(fmean(rpes), 1) if rpes else None,
        )
    return out
