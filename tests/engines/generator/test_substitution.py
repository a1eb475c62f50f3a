"""Unavailable exercises and their substitutes (substitution.py, choice.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

from programs.generator import (
    EQUIPMENT,
    WARMUP_DRILLS,
    generate,
)
from tests.engines.generator.factories import (
    BY_CODE,
    CATALOGUE,
    NO_BAND,
    make_input,
    session,
)


# ---------------------------------------------------------------- rule 6: availability
def test_no_band_uses_band_free_holds_and_says_so():
    plan = generate(make_input(equipment=NO_BAND))
    used = {i.exercise_code for s in plan.sessions for i in s.items}
    assert not any("band" in BY_CODE[c].equipment for c in used)
    holds = [
        i.exercise_code for i in session(plan, "strength").items if i.emphasis == "hip_flexors"
    ]
    assert holds == ["standing_knee_hold", "wall_hip_flexor_hold", "kneeling_hip_flexor_pull"]
    sentence = (
        "Band hip-flexor hold (long) unavailable: no band; using kneeling hip-flexor pull (long)."
    )
    assert sentence in plan.substitutions
    assert sentence in plan.rationale


def test_excluded_exercise_and_category_are_replaced():
    plan = generate(
        make_input(excluded_exercises=("barbell_back_squat",), excluded_categories=("plyometric",))
    )
    used = [BY_CODE[i.exercise_code] for s in plan.sessions for i in s.items]
    assert "barbell_back_squat" not in {s.code for s in used}
    assert "plyometric" not in {s.category for s in used}
    assert any(
        s.startswith("Barbell back squat unavailable: excluded for this athlete; using ")
        for s in plan.substitutions
    )
    assert any(
        s.startswith("Box jump unavailable: plyometric work excluded") for s in plan.substitutions
    )


def test_no_hill_keeps_the_hill_session_running():
    plan = generate(make_input(equipment=tuple(e for e in EQUIPMENT if e != "hill")))
    hills = session(plan, "hills")
    main = [BY_CODE[i.exercise_code] for i in hills.items if i.section == "main"]
    assert main
    assert all("hill" not in s.equipment for s in main)
    assert main[0].category in ("sprint", "intervals")
    assert any(
        s.startswith("Uphill sprint 100 m unavailable: no hill; using ")
        for s in plan.substitutions
    )


def test_substitute_for_a_targeted_slot_stays_on_the_group():
    plan = generate(make_input(equipment=NO_BAND, excluded_categories=("strength",)))
    strength = session(plan, "strength")
    for item in strength.items:
        if item.emphasis is not None:
            assert item.emphasis in BY_CODE[item.exercise_code].groups


def test_no_substitute_is_reported():
    tiny = tuple(s for s in CATALOGUE if s.category == "isometric_band" or s.code in WARMUP_DRILLS)
    plan = generate(make_input(catalogue=tiny, equipment=()))
    assert (
        "Band hip-flexor hold (short) unavailable: no band; no substitute available, left out."
        in plan.substitutions
    )
    assert not [i for s in plan.sessions for i in s.items if i.emphasis is not None]
    assert (
        "Sprint 60 m (max effort) unavailable: not in the exercise library; no substitute "
        "available, left out." in plan.substitutions
    )
