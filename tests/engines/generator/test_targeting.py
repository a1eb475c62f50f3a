"""The event focus deciding between close scores (targeting.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

import pytest

from programs.generator import (
    generate,
    near_tie,
    target_order,
)
from tests.engines.generator.factories import (
    LONG,
    SCORES,
    make_input,
    make_profile,
    session,
    sets_by_group,
    windows,
)

# -------------------------------------------------------------------- rule 4: event focus
CLOSE = {**SCORES, "hip_flexors": 95.0, "glutes": 90.0, "hamstrings": 64.0, "calves": 62.0}


@pytest.mark.parametrize(
    ("focus", "primary"), [("sprint", "hamstrings"), ("distance", "calves"), ("field", "calves")]
)
def test_focus_decides_between_close_scores(focus, primary):
    profile = make_profile(CLOSE)
    assert profile.weakest_link == "calves"
    assert target_order(profile, focus)[0] == primary
    plan = generate(make_input(profile, event_focus=focus))
    holds = [i.muscle_length for i in session(plan, "strength").items if i.emphasis == primary]
    assert holds[:3] == ["short", "middle", "long"]
    totals = sets_by_group(windows(plan)[0])
    assert totals[primary] == max(totals.values())
    assert sum(v == totals[primary] for v in totals.values()) == 1
    reordered = any("targeted first" in r for r in plan.rationale)
    assert reordered == (primary != "calves")


def test_focus_does_not_override_a_clear_gap():
    # the default noise is the MDC of a 5 % SEM: 2.77 x 5 % of 73 = 10.1 points < 11
    profile = make_profile({**CLOSE, "hamstrings": 73.0})
    assert not near_tie(profile, "calves", "hamstrings", {})
    assert target_order(profile, "sprint")[0] == "calves"


def test_distance_focus_adds_an_extra_calf_item():
    sprint = session(
        generate(make_input(event_focus="sprint", session_budget_min=LONG)), "strength"
    )
    distance = session(
        generate(make_input(event_focus="distance", session_budget_min=LONG)), "strength"
    )
    calves_sprint = [i.exercise_code for i in sprint.items if i.emphasis == "calves"]
    calves_distance = [i.exercise_code for i in distance.items if i.emphasis == "calves"]
    assert calves_sprint == ["band_calf_hold_middle"]
    # the extra work sits with the other targeted work, before the maintenance hold
    assert calves_distance == ["single_leg_calf_raise", "band_calf_hold_middle"]
    assert "Dorn 2012" in next(
        i.note for i in distance.items if i.exercise_code == "single_leg_calf_raise"
    )
