"""Session load per week for one athlete: session RPE (CR-10) × minutes, in arbitrary
units (Foster 2001, JSCR 15:109). Trends only: the acute:chronic ratio is contested
(Lolli 2019, BJSM 53:921; Impellizzeri 2020, doi:10.1007/s40279-020-01378-6), so it is
neither shown nor used to adjust anything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from programs.models import SessionLog

LOAD_WEEKS = 8


@dataclass(frozen=True)
class WeekLoad:
    start: dt.date  # Monday
    load: int  # arbitrary units
    sessions: int  # completed sessions with RPE and minutes
    unmeasured: int  # completed sessions missing RPE or minutes


def weekly_session_load(athlete, today: dt.date, *, weeks: int = LOAD_WEEKS) -> list[WeekLoad]:
    """The last `weeks` weeks (Monday to Sunday, this week last), in one query."""
    this_monday = today - dt.timedelta(days=today.weekday())
    first = this_monday - dt.timedelta(weeks=weeks - 1)
    totals = {first + dt.timedelta(weeks=i): [0, 0, 0] for i in range(weeks)}
    for day, rpe, minutes in SessionLog.objects.filter(
        athlete=athlete,
        completed_at__isnull=False,
        session__date__gte=first,
        session__date__lte=today,
    ).values_list("session__date", "rpe", "duration_min"):
        week = totals[day - dt.timedelta(days=day.weekday())]
        if rpe and minutes:
            week[0] += rpe * minutes
            week[1] += 1
        else:
            week[2] += 1
    return [WeekLoad(start, *values) for start, values in totals.items()]
