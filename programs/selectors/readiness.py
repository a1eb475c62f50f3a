"""Reads of check-ins and adjustments, scoped to one athlete (the athlete's pages) or to
a list of athlete ids the caller already scoped (the coach's home page)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404

from programs import generator
from programs.models import ReadinessCheckIn, Session, SessionAdjustment


def checkin_on(athlete, day: dt.date) -> ReadinessCheckIn | None:
    return ReadinessCheckIn.objects.filter(athlete=athlete, date=day).first()


def live_adjustment_for(session: Session | None) -> SessionAdjustment | None:
    # A session read with `adjusted` annotated (selectors.athlete) needs no query on the
    # usual day without one.
    if session is None or getattr(session, "adjusted", None) is False:
        return None
    return SessionAdjustment.objects.filter(session=session, undone_at=None).first()


def adjustment_get_for_athlete(athlete, adjustment_id: int) -> SessionAdjustment:
    """One of this athlete's adjustments; 404 for anything else."""
    return get_object_or_404(
        SessionAdjustment.objects.select_related("session"),
        pk=adjustment_id,
        session__version__program__athlete=athlete,
    )


def adjustments_on(athlete_ids, day: dt.date) -> dict[int, dict]:
    """{athlete id: live adjustment of their session on `day`}, in one query."""
    adjustments: dict[int, dict] = {}
    rows = SessionAdjustment.objects.filter(
        session__version__program__athlete_id__in=athlete_ids, session__date=day, undone_at=None
    ).values_list("session__version__program__athlete_id", "id", "status", "z", "summary")
    for athlete_id, pk, status, z, summary in rows:
        adjustments[athlete_id] = {"id": pk, "status": status, "z": z, "summary": summary}
    return adjustments


def readiness_on(athlete_ids, day: dt.date) -> dict[int, generator.Readiness]:
    """{athlete id: the rule's verdict on `day`'s check-in} for those who checked in, from
    one query over the baseline window."""
    start = day - dt.timedelta(days=generator.BASELINE_DAYS)
    by_athlete: dict[int, dict[dt.date, generator.CheckIn]] = {}
    for row in ReadinessCheckIn.objects.filter(
        athlete_id__in=athlete_ids, date__gte=start, date__lte=day
    ):
        by_athlete.setdefault(row.athlete_id, {})[row.date] = row.to_value()
    out = {}
    for athlete_id, days in by_athlete.items():
        if day in days:
            earlier = tuple(v for d, v in sorted(days.items()) if d < day)
            out[athlete_id] = generator.readiness_assess(days[day], earlier)
    return out
