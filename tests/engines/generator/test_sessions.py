"""Session content for the weakest link, asymmetries and the swing side (sessions.py, items.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

from itertools import groupby

import pytest

from assessments.balance import GROUPS
from programs.generator import (
    generate,
    targeted_sets,
)
from tests.engines.generator.factories import (
    LONG,
    SCORES,
    after_warmup,
    make_input,
    make_profile,
    session,
    sets_by_group,
    windows,
)


# ---------------------------------------------------------------- rule 3: weakest link
def test_weakest_link_gets_band_holds_at_three_lengths_and_sprint_activation():
    plan = generate(make_input(session_budget_min=LONG))
    strength = session(plan, "strength")
    holds = [i for i in strength.items if i.emphasis == "hip_flexors"]
    assert [(i.exercise_code, i.muscle_length) for i in holds] == [
        ("band_hip_flexor_hold_short", "short"),
        ("band_hip_flexor_hold_middle", "middle"),
        ("band_hip_flexor_hold_long", "long"),
    ]
    assert all(i.sets == 3 and i.seconds == 25 for i in holds)  # intermediate 3 x 25 s
    sprint = session(plan, "sprint")
    targeted = [i for i in sprint.items if i.emphasis is not None]
    assert [(i.exercise_code, i.emphasis) for i in targeted] == [
        ("band_hip_flexor_switches", "hip_flexors")
    ]
    glutes = [i.muscle_length for i in strength.items if i.emphasis == "glutes"]
    assert glutes == ["middle", "long"]
    for g in ("hamstrings", "quadriceps", "calves", "core"):
        assert [i.muscle_length for i in strength.items if i.emphasis == g] == ["middle"]


def test_targeted_sets_weakest_over_second_over_rest():
    plan = generate(make_input(session_budget_min=LONG))
    week = windows(plan)[0]
    # hand count: 3 lengths x 3 sets + 2 activation sets; 2 lengths x 2 sets; 1 set each
    expected = {
        "hip_flexors": 11,
        "glutes": 4,
        "hamstrings": 1,
        "quadriceps": 1,
        "calves": 1,
        "core": 1,
    }
    assert sets_by_group(week) == expected
    assert {g: targeted_sets(week, g) for g in GROUPS} == expected


def test_asymmetry_act_adds_unilateral_work_with_extra_set_on_weaker_side():
    profile = make_profile(asym={"hamstrings": ("act", 14.0, "L")})
    plan = generate(make_input(profile, session_budget_min=LONG))
    strength = session(plan, "strength")
    sided = [i for i in strength.items if i.side != "B"]
    assert [(i.exercise_code, i.side, i.emphasis) for i in sided] == [
        ("single_leg_rdl", "L", "hamstrings"),
        ("single_leg_rdl", "R", "hamstrings"),
    ]
    left, right = sided
    assert left.sets == right.sets + 1
    assert left.note.startswith("Left hamstrings 14.0 % weaker than right")
    assert "Left hamstrings 14.0 % below right: extra set on the left." in plan.rationale
    # the hierarchy still holds with the extra work
    totals = sets_by_group(windows(plan)[0])
    assert totals["hip_flexors"] > totals["glutes"] > totals["hamstrings"]


@pytest.mark.parametrize("flag", ["none", "watch"])
def test_no_sided_work_without_act_flag(flag):
    profile = make_profile(asym={"hamstrings": (flag, 12.0, "R")})
    plan = generate(make_input(profile))
    assert all(i.side == "B" for s in plan.sessions for i in s.items)


@pytest.mark.parametrize(
    ("ratio", "first"),
    [(0.82, "hip_flexors"), (0.9, "quadriceps"), (1.05, "quadriceps"), (None, "quadriceps")],
)
def test_low_swing_push_puts_hip_flexor_work_first(ratio, first):
    scores = {**SCORES, "quadriceps": 60.0, "hip_flexors": 85.0}
    plan = generate(make_input(make_profile(scores, swing_push=ratio)))
    strength = session(plan, "strength")
    assert after_warmup(strength)[0].emphasis == first
    low = [r for r in plan.rationale if r.startswith("Swing:push ratio 0.82 is below 0.9")]
    assert bool(low) == (ratio == 0.82)


# ------------------------------------------------------- sections: one run each, in order
def runs(s) -> list[str]:
    return [k for k, _ in groupby(i.section for i in s.items)]


def test_a_sprint_day_activates_the_weakest_link_before_technique_and_sprints():
    sprint = session(generate(make_input(session_budget_min=LONG)), "sprint")
    assert runs(sprint) == ["warmup", "targeted", "main"]
    assert [i.exercise_code for i in after_warmup(sprint)] == [
        "band_hip_flexor_switches",
        "high_skips",
        "sprint_60m",
        "bounding",
    ]


def test_holds_moved_to_a_sprint_day_join_its_activation_under_one_heading():
    # Advanced at 60 min: strength-day holds move to the sprint day (budget.fit_week).
    plan = generate(make_input(level="advanced"))
    sprint = session(plan, "sprint")
    assert any(r.startswith("Targeted holds moved to short blocks") for r in plan.rationale)
    assert runs(sprint) == ["warmup", "targeted", "support", "main"]
    targeted = [i for i in sprint.items if i.section == "targeted"]
    assert len(targeted) > 1
    assert targeted[-1].exercise_code == "band_hip_flexor_switches"  # fast work last


@pytest.mark.parametrize(
    "profile",
    [
        make_profile(asym={"hip_flexors": ("act", 21.0, "R")}),  # the weakest link's pair
        make_profile({**SCORES, "calves": 55.0}),  # distance: the extra calf work
    ],
)
def test_a_strength_day_keeps_the_weakest_links_work_in_its_first_block(profile):
    strength = session(generate(make_input(profile, event_focus="distance")), "strength")
    assert runs(strength)[:3] == ["warmup", "targeted", "main"]
    assert len(runs(strength)) == len(set(runs(strength)))
