"""Untested profiles, determinism, levels and input validation (plan.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

import pytest

from assessments.balance import GROUPS
from programs.generator import (
    LEVELS,
    generate,
)
from tests.engines.generator.factories import (
    LONG,
    make_input,
    make_profile,
    session,
    sets_by_group,
    windows,
)


# ---------------------------------------------------------- rule 8: untested / determinism
def test_untested_profile_gives_balanced_general_plan():
    profile = make_profile(dict.fromkeys(GROUPS))
    assert profile.weakest_link is None
    plan = generate(make_input(profile))
    totals = sets_by_group(windows(plan)[0])
    assert len(set(totals.values())) == 1
    assert totals["core"] > 0
    assert "balanced general plan" in plan.rationale[0]
    assert "Book a strength assessment" in plan.rationale[0]
    retest = next(s for s in plan.sessions if s.kind == "retest")
    assert [i.emphasis for i in retest.items if i.section == "retest"] == list(GROUPS)
    assert retest.purpose.startswith("First assessment")


def test_partially_tested_profile_retests_tested_groups_and_names_the_rest():
    profile = make_profile({"hip_flexors": 70.0, "glutes": 80.0})
    plan = generate(make_input(profile))
    retest = next(s for s in plan.sessions if s.kind == "retest")
    assert [i.emphasis for i in retest.items if i.section == "retest"] == ["hip_flexors", "glutes"]
    assert any(
        r.startswith("Not tested yet: hamstrings, quadriceps, calves, core.")
        for r in plan.rationale
    )


def test_same_input_gives_equal_plan():
    a = make_input(profile=make_profile(asym={"calves": ("act", 18.0, "R")}, swing_push=0.8))
    b = make_input(profile=make_profile(asym={"calves": ("act", 18.0, "R")}, swing_push=0.8))
    assert generate(a) == generate(b)


@pytest.mark.parametrize(
    ("sessions_kind", "key"),
    [
        ("strength", "barbell_back_squat"),
        ("sprint", "sprint_60m"),
        ("intervals", "intervals_30_60"),
    ],
)
def test_level_scales_volume(sessions_kind, key):
    def total(level):
        s = session(generate(make_input(level=level, session_budget_min=LONG)), sessions_kind)
        return sum(i.sets or 0 for i in s.items if i.section != "warmup"), next(
            i.sets for i in s.items if i.exercise_code == key
        )

    novice, intermediate, advanced = (total(level) for level in LEVELS)
    assert novice[0] < intermediate[0] < advanced[0]
    assert novice[1] < advanced[1]


def test_invalid_input_is_rejected():
    with pytest.raises(ValueError, match="level"):
        generate(make_input(level="elite"))
    with pytest.raises(ValueError, match="event_focus"):
        generate(make_input(event_focus="throws"))
    with pytest.raises(ValueError, match="block_week"):
        generate(make_input(block_week=5, block_length=4))
    with pytest.raises(ValueError, match="block_length"):
        generate(make_input(block_length=1, block_week=1))
    with pytest.raises(ValueError, match="available_weekdays"):
        generate(make_input(available_weekdays=(7,)))
