"""The week: the reference week fitted to the available days (schedule.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from programs.generator import (
    generate,
)
from tests.engines.generator.factories import (
    kinds_by_weekday,
    make_input,
    windows,
)


# ------------------------------------------------------------------------ rule 1: the week
def test_full_week_follows_reference_without_back_to_back_hard_days():
    # Reference Mon sprint, Tue strength, Wed hills, Thu rest, Fri intervals, Sat agility,
    # Sun long run has three hard days in a row; the cheapest fix runs hills at moderate
    # intensity on Tuesday and strength on Wednesday.
    plan = generate(make_input())
    assert kinds_by_weekday(plan) == {
        0: ("sprint", "high"),
        1: ("hills", "moderate"),
        2: ("strength", "high"),
        3: ("rest", "low"),
        4: ("intervals", "high"),
        5: ("agility", "moderate"),
        6: ("long_run", "low"),
    }
    assert any("Hills run at moderate intensity" in r for r in plan.rationale)


@pytest.mark.parametrize(
    ("days", "focus", "expected"),
    [
        ((0, 1), "sprint", {0: ("sprint", "high"), 1: ("strength", "moderate")}),
        ((5, 6), "sprint", {5: ("strength", "moderate"), 6: ("sprint", "high")}),
        ((3,), "sprint", {3: ("strength", "high")}),
        (
            (0, 2, 4, 6),
            "sprint",
            {0: ("sprint", "high"), 2: ("strength", "high"), 4: ("intervals", "high")}
            | {6: ("agility", "moderate")},
        ),
        (
            (0, 2, 4, 6),
            "distance",
            {0: ("sprint", "high"), 2: ("strength", "high"), 4: ("hills", "high")}
            | {6: ("long_run", "low")},
        ),
        (
            (0, 1, 2),
            "distance",
            {0: ("sprint", "high"), 1: ("long_run", "low"), 2: ("strength", "high")},
        ),
    ],
)
def test_schedule_fits_available_days(days, focus, expected):
    plan = generate(make_input(available_weekdays=days, event_focus=focus))
    got = kinds_by_weekday(plan)
    assert {d: v for d, v in got.items() if v[0] != "rest"} == expected
    for d, (kind, intensity) in got.items():
        if d not in days:
            assert (kind, intensity) == ("rest", "low")


@pytest.mark.parametrize("days", [(0, 1), (2, 5), (4, 6), (0, 6)])
def test_two_days_keep_strength_and_sprint(days):
    plan = generate(make_input(available_weekdays=days))
    assert {k for k, _ in kinds_by_weekday(plan).values()} == {"strength", "sprint", "rest"}


def test_distance_focus_prefers_long_run_and_hills_over_agility():
    days = (0, 2, 4, 6)
    sprint = {
        k for k, _ in kinds_by_weekday(generate(make_input(available_weekdays=days))).values()
    }
    distance = {
        k
        for k, _ in kinds_by_weekday(
            generate(make_input(available_weekdays=days, event_focus="distance"))
        ).values()
    }
    assert "agility" in sprint
    assert "long_run" not in sprint
    assert {"long_run", "hills"} <= distance
    assert "agility" not in distance


def test_rest_sessions_are_empty_and_low():
    plan = generate(make_input(available_weekdays=(0, 2)))
    rests = [s for s in plan.sessions if s.kind == "rest"]
    assert len(rests) == 4 * 5
    assert all(s.intensity == "low" and s.items == () and s.title == "Rest" for s in rests)


def test_dates_cover_every_day_and_week_numbers_wrap():
    start = date(2025, 3, 5)  # a Wednesday
    plan = generate(make_input(start=start, weeks=5, block_week=3, block_length=4))
    assert [s.date for s in plan.sessions] == [start + timedelta(days=n) for n in range(35)]
    assert [w[0].week for w in windows(plan)] == [3, 4, 1, 2, 3]
    assert all(len({s.week for s in w}) == 1 for w in windows(plan))
