"""How long a session takes: an estimate from its items (work, rest, both sides of a
unilateral item, changeovers). Pages show it ("≈ 52 min") from the stored prescriptions,
through `session_minutes` with `PlanItem`s built from them, so the budget and the pages
share this one rule.

Sources (docs/generator.md "Where the numbers come from"): only the budget's default is
published (most strength sessions S&C coaches run last 46-60 min, Weldon 2022, Biol Sport
39:715, in speed-and-readiness.md). The warm-up's 5-10 min and the sprints' 2-3 min rest
are the reference week's (strength-tests.md) and reach the estimate through the items'
own doses. Every constant below is our convention: simple and a little generous, so a
session that fits the budget on paper fits it on the track.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from programs.generator.values import ExerciseSpec, PlanItem

REP_S = 3  # convention: one repetition at a controlled tempo
RUN_SPEED_M_S = 5.0  # convention: sprints, drills and runs over a set distance (18 km/h)
WORK_DEFAULT_S = 20  # convention: a set with no time, reps or distance (cone slalom)
REST_DEFAULT_S = 60  # convention: between sets when the item names no rest
SIDE_SWITCH_S = 10  # convention: from one side to the other within a set
CHANGEOVER_S = 30  # convention: setting up the next exercise
RETEST_GROUP_S = 150  # convention: one group's tests, a few trials per side


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


def sided_seconds(items: Iterable[tuple[PlanItem, bool]]) -> int:
    """The estimate in seconds of (item, unilateral) pairs."""
    return sum(item_seconds(item, unilateral) for item, unilateral in items)


def session_seconds(items: Iterable[PlanItem], by_code: Mapping[str, ExerciseSpec]) -> int:
    """The session's estimate in seconds (unknown exercises count as two-sided)."""
    return sided_seconds(
        (i, (spec := by_code.get(i.exercise_code)) is not None and spec.unilateral) for i in items
    )


def session_minutes(items: Iterable[PlanItem], by_code: Mapping[str, ExerciseSpec]) -> int:
    """The estimate rounded up to whole minutes, as pages show it."""
    return math.ceil(session_seconds(items, by_code) / 60)


def estimate_minutes(items: Iterable[tuple[PlanItem, bool]]) -> int:
    """session_minutes of (item, unilateral) pairs: for callers that hold each exercise's
    unilateral flag rather than the catalogue (pages built from stored prescriptions)."""
    return math.ceil(sided_seconds(items) / 60)
