"""The exercise library: its coverage and parse_catalogue (catalogue.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

import pytest

from assessments.balance import GROUPS
from programs.generator import (
    CATEGORIES,
    CONTRACTIONS,
    EQUIPMENT,
    INTENSITIES,
    MUSCLE_LENGTHS,
    RETEST_CODE,
    ExerciseSpec,
    parse_catalogue,
    standard_catalogue,
)
from tests.engines.generator.factories import (
    BY_CODE,
    CATALOGUE,
)


def test_catalogue_size_and_vocabularies():
    assert len(CATALOGUE) >= 80
    assert len({s.code for s in CATALOGUE}) == len(CATALOGUE)
    for s in CATALOGUE:
        assert s.category in CATEGORIES, s.code
        assert s.contraction in CONTRACTIONS, s.code
        assert s.intensity in INTENSITIES, s.code
        assert s.muscle_length in (None, *MUSCLE_LENGTHS), s.code
        assert set(s.groups) <= set(GROUPS), s.code
        assert set(s.equipment) <= set(EQUIPMENT), s.code
        assert s.name, s.code
        assert s.description, s.code
        assert s.cues, s.code
        assert s.video_url == "", s.code


def test_band_isometrics_cover_every_group_and_length():
    bands = [s for s in CATALOGUE if s.category == "isometric_band"]
    cover = {(s.groups[0], s.muscle_length) for s in bands}
    assert cover == {(g, m) for g in GROUPS for m in MUSCLE_LENGTHS}
    for s in bands:
        assert s.contraction == "isometric"
        assert s.equipment == ("band",)
        assert s.unilateral == (s.groups[0] != "core")
        assert s.sets in (3, 4)
        assert 20 <= s.seconds <= 30


def test_equipment_free_hold_for_every_group_and_length():
    # so a band hold can always be replaced by one at the same length
    free = {
        (s.groups[0], s.muscle_length)
        for s in CATALOGUE
        if not s.equipment and s.contraction == "isometric" and s.muscle_length
    }
    assert free == {(g, m) for g in GROUPS for m in MUSCLE_LENGTHS}


@pytest.mark.parametrize(
    "code",
    [
        "high_knees",
        "butt_kicks",
        "high_knee_march",
        "fast_feet",
        "high_skips",
        "bounding",
        "a_skip",
        "acceleration_sprint_30m",
        "top_speed_sprint_100m",
        "flying_sprint_30m",
        "sprint_60m",
        "sprint_40m",
        "hill_sprint_100m",
        "intervals_30_60",
        "barbell_back_squat",
        "dumbbell_lunge",
        "barbell_deadlift",
        "hip_thrust",
        "step_up",
        "standing_calf_raise",
        "band_leg_curl",
        "nordic_hamstring_curl",
        "single_leg_rdl",
        "standing_long_jump",
        "box_jump",
        "lateral_bound",
        "pogo_jumps",
        "ladder_side_steps",
        "ladder_quick_skips",
        "ladder_double_foot_taps",
        "cone_slalom",
        "reaction_starts",
        "lateral_jumps",
        "plank",
        "russian_twist",
        "leg_raise",
        "side_plank",
        "dead_bug",
        "long_easy_run",
        "steady_run_10min",
        "easy_swim",
        "yoga_flow",
        "static_stretching",
        "foam_rolling",
        "band_hip_flexor_switches",
        "wall_drill_switches",
        "single_leg_glute_bridge",
        "single_leg_calf_raise",
        RETEST_CODE,
    ],
)
def test_reference_exercises_present(code):
    assert code in BY_CODE


def test_standard_catalogue_is_cached():
    assert standard_catalogue() is standard_catalogue()


GOOD = {
    "code": "x_hold",
    "name": "X hold",
    "category": "strength",
    "groups": ["core"],
    "contraction": "isometric",
    "equipment": [],
    "unilateral": False,
    "intensity": "low",
    "muscle_length": "middle",
    "seconds": 20,
    "cues": "c",
    "description": "d",
}


def test_parse_catalogue_accepts_a_good_entry():
    (spec,) = parse_catalogue([GOOD])
    assert spec == ExerciseSpec(
        code="x_hold",
        name="X hold",
        category="strength",
        groups=("core",),
        contraction="isometric",
        equipment=(),
        unilateral=False,
        muscle_length="middle",
        intensity="low",
        seconds=20,
        cues="c",
        description="d",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"category": "cardio"}, "category 'cardio'"),
        ({"groups": ["biceps"]}, "groups 'biceps'"),
        ({"equipment": ["kettlebell"]}, "equipment 'kettlebell'"),
        ({"contraction": "plyo"}, "contraction"),
        ({"muscle_length": "very_long"}, "muscle_length"),
        ({"intensity": "max"}, "intensity"),
        ({"code": "Bad Code"}, "snake_case"),
        ({"sets": 0}, "sets must be a positive integer"),
        ({"unilateral": "yes"}, "unilateral"),
        ({"colour": "red"}, "unknown field colour"),
    ],
)
def test_parse_catalogue_rejects_bad_values(change, message):
    with pytest.raises(ValueError, match=message):
        parse_catalogue([{**GOOD, **change}])


def test_parse_catalogue_rejects_duplicates_and_missing_fields():
    with pytest.raises(ValueError, match="duplicate"):
        parse_catalogue([GOOD, GOOD])
    with pytest.raises(ValueError, match="missing category"):
        parse_catalogue([{k: v for k, v in GOOD.items() if k != "category"}])
