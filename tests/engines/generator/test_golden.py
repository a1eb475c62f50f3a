"""Golden plans: the generator's whole output for a table of fixed, varied inputs.

The golden file was written by the generator before it was rewritten as plain functions;
any change in a plan shows up here as a diff. After a deliberate change of behaviour,
regenerate it with `SPEEDCHAIN_GOLDEN_UPDATE=1 pytest -p no:django tests/engines` and
review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import date
from pathlib import Path

import pytest

from assessments.balance import Result, assess, standard_protocols
from programs.generator import (
    EQUIPMENT,
    EVENT_FOCUSES,
    LEVELS,
    Adherence,
    ProgramPlan,
    generate,
)
from tests.engines.generator.factories import CATALOGUE, NO_BAND, SCORES, make_input, make_profile

GOLDEN = Path(__file__).parents[1] / "golden"  # one <case>.json per case


def _assessed(*results: tuple[str, str, float], mass: float = 70.0, sex: str = "M"):
    return assess(
        [Result(*r) for r in results], body_mass_kg=mass, sex=sex, protocols=standard_protocols()
    )


CASES = {
    "default": {},
    "novice": {"level": "novice"},
    "advanced": {"level": "advanced"},
    "field_focus": {"event_focus": "field"},
    "distance_focus": {"event_focus": "distance"},
    "three_days": {"available_weekdays": (0, 2, 4)},
    "two_days": {"available_weekdays": (1, 3)},
    "one_day": {"available_weekdays": (2,)},
    "no_days": {"available_weekdays": ()},
    "five_weekdays": {"available_weekdays": (0, 1, 2, 3, 4)},
    "weekend": {"available_weekdays": (5, 6)},
    "six_days_field": {"available_weekdays": (0, 1, 2, 4, 5, 6), "event_focus": "field"},
    "no_equipment": {"equipment": ()},
    "no_band": {"equipment": NO_BAND},
    "band_and_mat": {"equipment": ("band", "mat")},
    "excluded_categories": {"excluded_categories": ("sprint", "plyometric", "drill")},
    "excluded_exercises": {
        "excluded_exercises": ("high_knees", "butt_kicks", "barbell_back_squat", "plank")
    },
    "block_week_2": {"block_week": 2},
    "block_week_4": {"block_week": 4},
    "six_weeks_block_3": {"weeks": 6, "block_length": 3},
    "one_week": {"weeks": 1},
    "calves_weakest": {
        "profile": make_profile({**SCORES, "calves": 55.0}),
        "event_focus": "distance",
    },
    "close_scores_sprint": {
        "profile": make_profile({**SCORES, "quadriceps": 60.0, "hamstrings": 63.0}),
    },
    "asymmetry_act_left": {
        "profile": make_profile(asym={"hamstrings": ("act", 18.2, "L")}),
    },
    "asymmetry_act_right_and_watch": {
        "profile": make_profile(
            asym={"hip_flexors": ("act", 21.0, "R"), "calves": ("watch", 11.0, "L")}
        ),
    },
    "asymmetry_unknown_side": {
        "profile": make_profile(asym={"glutes": ("watch", 12.0, None)}),
    },
    "swing_push_low": {"profile": make_profile(swing_push=0.8)},
    "swing_push_fine": {"profile": make_profile(swing_push=1.05)},
    "partial_profile": {
        "profile": make_profile({"quadriceps": 75.0, "core": 90.0}),
        "level": "novice",
    },
    "untested_profile": {"profile": make_profile({})},
    "untested_no_band": {"profile": make_profile({}), "equipment": NO_BAND},
    "low_adherence": {"adherence": Adherence(completed_share=0.4), "block_week": 3},
    "high_rpe": {"adherence": Adherence(completed_share=0.9, mean_rpe=9.4), "block_week": 2},
    "wednesday_start": {"start": date(2025, 1, 8), "available_weekdays": (0, 2, 3, 5)},
    "assessed_profile": {
        "profile": _assessed(
            ("hip_flexion_hhd", "L", 300.0),
            ("hip_flexion_hhd", "R", 380.0),
            ("nordic_nordbord", "L", 260.0),
            ("nordic_nordbord", "R", 330.0),
            ("knee_extension_iso", "L", 200.0),
            ("knee_extension_iso", "R", 205.0),
            ("soleus_iso", "L", 1100.0),
            ("soleus_iso", "R", 1150.0),
            ("prone_plank", "B", 120.0),
        ),
        "level": "advanced",
    },
    "assessed_female_field": {
        "profile": _assessed(
            ("hip_extension_hhd", "L", 250.0),
            ("hip_extension_hhd", "R", 260.0),
            ("single_leg_heel_raise", "L", 20.0),
            ("single_leg_heel_raise", "R", 28.0),
            ("side_bridge", "L", 60.0),
            ("side_bridge", "R", 62.0),
            mass=60.0,
            sex="F",
        ),
        "event_focus": "field",
        "available_weekdays": (0, 1, 3, 5),
    },
    "catalogue_without_retest_and_long_run": {
        "catalogue": tuple(
            s for s in CATALOGUE if s.code not in ("retest_battery", "long_easy_run")
        ),
    },
    "novice_field_no_band_four_days": {
        "level": "novice",
        "event_focus": "field",
        "equipment": tuple(e for e in EQUIPMENT if e not in ("band", "barbell")),
        "available_weekdays": (1, 2, 4, 6),
        "block_week": 3,
        "weeks": 5,
    },
}


def _plain(value: object) -> object:
    """Nested dicts and lists; None and empty fields left out to keep the files short."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        return {name: _plain(v) for name, v in fields if v not in (None, "", ())}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dump(plan: ProgramPlan) -> object:
    return _plain(plan)


def test_the_cases_are_varied():
    inputs = [make_input(**kw) for kw in CASES.values()]
    assert len(CASES) >= 30
    assert {i.athlete.level for i in inputs} == set(LEVELS)
    assert {i.athlete.event_focus for i in inputs} == set(EVENT_FOCUSES)
    assert {len(i.athlete.available_weekdays) for i in inputs} == set(range(8))
    assert {i.block_week for i in inputs} == {1, 2, 3, 4}
    dumps = {json.dumps(_dump(generate(i)), sort_keys=True) for i in inputs}
    assert len(dumps) == len(CASES)  # every case gives a plan of its own


def test_every_golden_file_has_a_case():
    assert {p.stem for p in GOLDEN.glob("*.json")} == set(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_plan_matches_the_golden_file(name):
    path = GOLDEN / f"{name}.json"
    plan = _dump(generate(make_input(**CASES[name])))
    if os.environ.get("SPEEDCHAIN_GOLDEN_UPDATE"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(plan, indent=1, sort_keys=True) + "\n")
    assert plan == json.loads(path.read_text())
