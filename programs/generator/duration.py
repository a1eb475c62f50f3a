"""How long a session takes: an estimate from its items (work, rest, both sides of a
unilateral item, changeovers). The numbers are product assumptions, not published figures:
they are meant to be simple and a little generous, so a session that fits the budget on
paper fits it on the track."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from programs.generator.values import ExerciseSpec, PlanItem

REP_S = 3  # one repetition at a controlled tempo
RUN_SPEED_M_S = 5.0  # distance work: sprints, drills and runs over a set distance
WORK_DEFAULT_S = 20  # a set with no time, reps or distance (cone slalom, ladder)
REST_DEFAULT_S = 60  # between sets when the item names no rest
SIDE_SWITCH_S = 10  # from one side to the other within a set
CHANGEOVER_S = 30  # setting up the next exercise
RETEST_GROUP_S = 150  # one group's tests: a few trials per side


def work_seconds(item: PlanItem) -> int:
    """One set's work on one side."""
    if item.seconds:
        return item.seconds
    if item.reps:
        return item.reps * REP_S
    if item.distance_m:
        return math.ceil(item.distance_m / RUN_SPEED_M_S)
    return WORK_DEFAULT_S


def item_seconds(item: PlanItem, unilateral: bool) -> int:
    """Sets x (each side's work + switching sides) + rest between sets + the changeover.
    A unilateral exercise prescribed for both sides ("B") is done once per side."""
    if item.section == "retest":
        return RETEST_GROUP_S
    sets = item.sets or 1
    sides = 2 if unilateral and item.side == "B" else 1
    per_set = sides * work_seconds(item) + (sides - 1) * SIDE_SWITCH_S
    rest = item.rest_s if item.rest_s is not None else REST_DEFAULT_S
    return sets * per_set + (sets - 1) * rest + CHANGEOVER_S


def session_seconds(items: Iterable[PlanItem], by_code: Mapping[str, ExerciseSpec]) -> int:
    """The session's estimate in seconds (unknown exercises count as two-sided)."""
    return sum(
        item_seconds(i, (spec := by_code.get(i.exercise_code)) is not None and spec.unilateral)
        for i in items
    )


def session_minutes(items: Iterable[PlanItem], by_code: Mapping[str, ExerciseSpec]) -> int:
    """The estimate rounded up to whole minutes, as pages show it."""
    return math.ceil(session_seconds(items, by_code) / 60)
