"""The warm-up worked out once in the planning context (context.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

import pytest

from programs.generator import (
    WARMUP_DRILLS,
    generate,
    warmup_seconds,
)
from tests.engines.generator.factories import (
    BY_CODE,
    make_input,
    session,
)


# --------------------------------------------------------------------- rule 2: warm-up
def test_every_training_session_starts_with_the_warmup_drills():
    plan = generate(make_input())
    for s in plan.sessions:
        if s.kind == "rest":
            continue
        head = s.items[: len(WARMUP_DRILLS)]
        assert tuple(i.exercise_code for i in head) == WARMUP_DRILLS
        assert all(i.section == "warmup" and i.emphasis is None for i in head)
        assert all(BY_CODE[i.exercise_code].category == "drill" for i in head)
        assert [i.order for i in s.items] == list(range(1, len(s.items) + 1))
        # 4 drills x 2 sets x (30 s + 30 s back) = 8 min
        assert warmup_seconds(s) == 480
        assert sum(i.sets * (i.seconds + i.rest_s) for i in head) == 480


@pytest.mark.parametrize(
    ("exclusions", "categories"),
    [
        (("high_knees", "butt_kicks"), ()),
        (("high_knees", "butt_kicks", "high_knee_march", "fast_feet", "a_skip", "b_skip"), ()),
        ((), ("drill",)),
        ((), ("drill", "mobility")),
    ],
)
def test_warmup_stays_5_to_10_minutes_when_drills_are_excluded(exclusions, categories):
    plan = generate(make_input(excluded_exercises=exclusions, excluded_categories=categories))
    s = session(plan, "sprint")
    warm = [i for i in s.items if i.section == "warmup"]
    assert warm
    assert s.items[: len(warm)] == tuple(warm)
    assert 300 <= warmup_seconds(s) <= 600
    for i in warm:
        spec = BY_CODE[i.exercise_code]
        assert i.exercise_code not in exclusions
        assert spec.category not in categories
        assert spec.category == ("drill" if "drill" not in categories else spec.category)
