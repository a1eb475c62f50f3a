"""The session estimate (duration.py): work, rest, both sides, changeovers; and the pages'
form of it (estimate_minutes over (item, unilateral) pairs) agreeing with the budget's.

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from programs.generator import (
    RETEST_CODE,
    PlanItem,
    estimate_minutes,
    generate,
    item_seconds,
    session_minutes,
    session_seconds,
)
from tests.engines.generator.factories import BY_CODE
from tests.engines.generator.test_properties import PROPERTY, plan_inputs


@pytest.mark.parametrize(
    ("item", "unilateral", "seconds"),
    [
        # 3 x 30 s hold, 60 s rest: 90 s work + 2 rests + the changeover
        (PlanItem("x", 1, sets=3, seconds=30, rest_s=60), False, 90 + 120 + 30),
        # both sides of a unilateral hold: twice the work and a side switch a set
        (PlanItem("x", 1, sets=3, seconds=30, rest_s=60), True, 3 * (60 + 10) + 120 + 30),
        # one side only: once
        (PlanItem("x", 1, sets=3, seconds=30, rest_s=60, side="L"), True, 90 + 120 + 30),
        # reps at 3 s each, no rest named: 60 s between sets
        (PlanItem("x", 1, sets=2, reps=10), False, 2 * 30 + 60 + 30),
        # distance at 5 m/s, rounded up
        (PlanItem("x", 1, sets=6, distance_m=60, rest_s=150), False, 6 * 12 + 5 * 150 + 30),
        # no dose at all: one 20 s set
        (PlanItem("x", 1), False, 20 + 30),
        # a retest item: one group's tests
        (PlanItem(RETEST_CODE, 1, section="retest", emphasis="glutes"), False, 150),
    ],
)
def test_item_estimate(item, unilateral, seconds):
    assert item_seconds(item, unilateral) == seconds


def test_estimate_minutes_rounds_up_like_the_budget():
    items = [(PlanItem("x", 1, sets=1, seconds=31), False)]  # 31 + 30 s
    assert estimate_minutes(items) == 2
    assert estimate_minutes([]) == 0


@PROPERTY
@given(plan_inputs())
def test_property_the_pages_estimate_is_the_budgets(pi):
    """What pages show from stored rows (item + the exercise's unilateral flag) is the
    estimate the budget fitted."""
    for s in generate(pi).sessions:
        pairs = [(i, BY_CODE[i.exercise_code].unilateral) for i in s.items]
        assert estimate_minutes(pairs) == session_minutes(s.items, BY_CODE)
        assert estimate_minutes(pairs) * 60 >= session_seconds(s.items, BY_CODE)
