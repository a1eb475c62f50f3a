"""The demo's morning (issue #20): something in every section of the coach's "Today".

Called by seeding.demo.demo_seed. It goes through the real readiness
service; the few facts no service writes (a failed job, minutes on old logs) are set on
the rows directly.
"""

from __future__ import annotations

import datetime as dt

from athletes.models import Athlete
from programs.models import Program, ReadinessCheckIn, SessionLog
from programs.services.readiness import readiness_record

# Ordinary mornings vary (totals 21, 18, 23, 19): the baseline's SD is about 2 points.
USUAL = ({"sleep": 4, "fatigue": 4, "soreness": 4, "stress": 4, "mood": 5},)
USUAL += ({"sleep": 3, "fatigue": 4, "soreness": 3, "stress": 4, "mood": 4},)
USUAL += ({"sleep": 5, "fatigue": 5, "soreness": 4, "stress": 4, "mood": 5},)
USUAL += ({"sleep": 4, "fatigue": 3, "soreness": 4, "stress": 4, "mood": 4},)
# Today's bad mornings, each its own: Maya slept badly (12/25, very low); Tom is sore
# after a match (16/25, low).
BAD_MORNINGS = {
    "Maya": {"sleep": 2, "fatigue": 2, "soreness": 2, "stress": 3, "mood": 3},
    "Tom": {"sleep": 4, "fatigue": 3, "soreness": 1, "stress": 4, "mood": 4},
}
# Who checks in every morning (the baseline); the first two report a bad one today.
LOW_TODAY = ("Maya", "Tom", "Sara", "Aisha")
RISING_RPE = "Sara"  # harder sessions this week than the three before
FAILED = "Aisha"
# Maya's training days, counted from the day the demo is seeded: five days a week fill
# with strength, sprint, intervals, agility and hills (the long run, the only session
# without hard work to lighten, is dropped first), and every available day holds one. So
# today is always a hard day, and her bad morning always lightens it, whatever the weekday.
MORNING_WEEK = (0, 1, 2, 4, 5)


def morning_weekdays(today: dt.date) -> list[int]:
    """The available weekdays (0 = Monday) of the athlete whose session the demo lightens."""
    return sorted((today.weekday() + offset) % 7 for offset in MORNING_WEEK)


def demo_morning_seed(*, organization, today: dt.date) -> None:
    athletes = {a.first_name: a for a in Athlete.objects.filter(organization=organization)}
    for index, log in enumerate(
        SessionLog.objects.filter(athlete__organization=organization)
        .select_related("session")
        .order_by("id")
    ):
        log.duration_min = 40 + (index % 4) * 10  # minutes: the session load chart
        this_week = log.session.date >= today - dt.timedelta(days=7)
        if log.athlete_id == athletes[RISING_RPE].pk and this_week:
            log.rpe = 9
        log.save(update_fields=["duration_min", "rpe"])
    for name in LOW_TODAY:
        athlete = athletes[name]
        for n in range(1, 15):  # two weeks of ordinary mornings: the baseline
            ReadinessCheckIn.objects.get_or_create(
                athlete=athlete, date=today - dt.timedelta(days=n), defaults=USUAL[n % len(USUAL)]
            )
    # Two bad mornings: Maya's session is lightened (her week starts today), Tom's too
    # when today is one of his hard days.
    for name, ratings in BAD_MORNINGS.items():
        readiness_record(athlete=athletes[name], date=today, **ratings)
    Program.objects.filter(athlete=athletes[FAILED]).update(
        regen_status=Program.Regeneration.FAILED,
        regen_attempts=3,
        regen_error="Demo: the worker lost its database connection three times in a row.",
    )
