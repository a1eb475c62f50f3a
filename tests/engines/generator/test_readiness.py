"""The readiness rule (readiness.py), table-driven. Runs without Django."""

from __future__ import annotations

import pytest

from programs.generator import (
    CheckIn,
    Replacement,
    SessionItem,
    readiness_adjust,
    readiness_assess,
)


def days(*totals: int) -> tuple[CheckIn, ...]:
    """Check-ins with these totals (spread over the items, 1-5 each)."""
    out = []
    for total in totals:
        values = [1] * 5
        rest = total - 5
        for i in range(5):
            add = min(4, rest)
            values[i] += add
            rest -= add
        out.append(CheckIn(*values))
    return tuple(out)


STEADY = days(20, 21, 19, 20, 20, 21, 19, 20, 20, 20)  # mean 20, SD 0.67 -> floor 1.0
VARIED = days(16, 24, 18, 22, 20, 16, 24, 18, 22, 20)  # mean 20, SD 2.98


@pytest.mark.parametrize(
    ("today", "baseline", "status", "z"),
    [
        # Too few check-ins: no judgement, whatever today's score.
        (5, (), "no_baseline", None),
        (5, days(20, 20, 20, 20, 20, 20), "no_baseline", None),
        # Own baseline, not a population cut-off: 19 is normal for a steady athlete...
        (19, STEADY, "low", -1.0),
        (20, STEADY, "normal", 0.0),
        (25, STEADY, "normal", 5.0),
        (18, STEADY, "very_low", -2.0),
        # ... the same 18 is normal for an athlete whose ratings vary a lot.
        (18, VARIED, "normal", -0.67),
        (17, VARIED, "low", -1.01),
        (14, VARIED, "very_low", -2.01),
        # Exactly seven check-ins is enough.
        (15, days(20, 20, 20, 20, 20, 20, 20), "very_low", -5.0),
    ],
)
def test_status_from_own_baseline(today, baseline, status, z):
    readiness = readiness_assess(days(today)[0], baseline)
    assert readiness.status == status
    assert readiness.z == z
    assert readiness.total == today
    assert f"{today}/25" in readiness.reason


def test_reason_names_baseline_and_lowest_item():
    today = CheckIn(sleep=2, fatigue=3, soreness=4, stress=4, mood=4)
    readiness = readiness_assess(today, STEADY)
    assert readiness.reason == (
        "Readiness 17/25 is 3.0 SD below your 28-day baseline of 20.0 (10 check-ins); "
        "lowest: sleep quality 2/5."
    )
    # The coach's page speaks about the athlete, not to them.
    assert readiness.coach_reason == (
        "Readiness 17/25 is 3.0 SD below their 28-day baseline of 20.0 (10 check-ins); "
        "lowest: sleep quality 2/5."
    )


def test_no_baseline_says_how_many_are_missing():
    readiness = readiness_assess(days(12)[0], days(20, 20, 20))
    assert "needs 7 check-ins in 28 days; you have 3" in readiness.reason
    assert "3 of the 7 check-ins in 28 days their own baseline needs" in readiness.coach_reason


@pytest.mark.parametrize(
    "values",
    [(0, 3, 3, 3, 3), (6, 3, 3, 3, 3), (3, 3, 3, 3, 2.5), (True, 3, 3, 3, 3), ("3", 3, 3, 3, 3)],
)
def test_out_of_range_items_are_refused(values):
    with pytest.raises(ValueError, match="must be"):
        CheckIn(*values)


SESSION = (
    SessionItem(1, "Skips", "drill", "low", "warmup", 2),
    SessionItem(2, "Flying 20 m", "sprint", "high", "main", 6),
    SessionItem(3, "Bounds", "plyometric", "moderate", "main", 3),
    SessionItem(4, "Back squat", "strength", "high", "main", 4),
    SessionItem(5, "Hip flexor hold (long)", "isometric_band", "low", "targeted", 3),
    SessionItem(6, "Tempo run", "intervals", "moderate", "main", 4),
    SessionItem(7, "Single jump", "plyometric", "high", "main", 1),
)
EASY = (Replacement("a_skip", "A-skip", "drill", "low"),)


@pytest.mark.parametrize(
    ("today", "replacements", "expected"),
    [
        # Normal day: nothing changes.
        (20, EASY, []),
        # Low: high-intensity main work keeps two thirds (floor), a single set stays.
        (
            19,
            EASY,
            [(2, "reduce", 6, 4, None), (3, "reduce", 3, 2, None), (4, "reduce", 4, 2, None)],
        ),
        # Very low: sprints and plyometrics swapped, the rest halved.
        (
            17,
            EASY,
            [
                (2, "swap", 6, 6, "a_skip"),
                (3, "swap", 3, 3, "a_skip"),
                (4, "reduce", 4, 2, None),
                (7, "swap", 1, 1, "a_skip"),
            ],
        ),
        # Very low without a lighter replacement: halved instead.
        (
            17,
            (),
            [(2, "reduce", 6, 3, None), (3, "reduce", 3, 1, None), (4, "reduce", 4, 2, None)],
        ),
    ],
)
def test_adjustment_table(today, replacements, expected):
    readiness = readiness_assess(days(today)[0], STEADY)
    adjustment = readiness_adjust(readiness, SESSION, replacements=replacements)
    got = [
        (c.key, c.action, c.sets_before, c.sets_after, c.replacement) for c in adjustment.changes
    ]
    assert got == expected


def test_targeted_holds_warmup_and_moderate_work_are_kept():
    readiness = readiness_assess(days(15)[0], STEADY)
    adjustment = readiness_adjust(readiness, SESSION, replacements=EASY)
    changed = {c.key for c in adjustment.changes}
    assert changed.isdisjoint({1, 5, 6})
    assert adjustment.kept == ("Hip flexor hold (long)",)
    assert adjustment.summary[-1] == "Your targeted hold stays as planned: Hip flexor hold (long)."


def test_changes_say_why_with_numbers():
    readiness = readiness_assess(days(19)[0], STEADY)
    adjustment = readiness_adjust(readiness, SESSION)
    assert adjustment.changes[0].reason == "Flying 20 m: 6 → 4 sets (readiness z -1.0)."
    assert adjustment.summary[0].startswith("Readiness 19/25 is 1.0 SD below")
    assert adjustment.summary[1] == "Lighter today: 3 high-intensity items changed."


def test_no_baseline_changes_nothing():
    readiness = readiness_assess(days(5)[0], ())
    assert readiness_adjust(readiness, SESSION, replacements=EASY).changes == ()


def test_many_holds_are_counted_and_named_briefly():
    holds = tuple(
        SessionItem(10 + i, name, "isometric_band", "low", "targeted", 3)
        for i, name in enumerate(["A hold", "B hold", "A hold", "C hold", "D hold", "E hold"])
    )
    readiness = readiness_assess(days(15)[0], STEADY)
    adjustment = readiness_adjust(readiness, SESSION[:2] + holds)
    assert adjustment.summary[-1] == (
        "Your 6 targeted holds stay as planned: A hold, B hold, C hold and 2 more."
    )


def test_one_set_left_is_singular():
    readiness = readiness_assess(days(17)[0], STEADY)
    item = SessionItem(1, "Deadlift", "strength", "high", "main", 3)
    assert readiness_adjust(readiness, (item,)).changes[0].reason == (
        "Deadlift: 3 → 1 set (readiness z -3.0)."
    )
