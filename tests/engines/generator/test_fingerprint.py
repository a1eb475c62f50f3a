"""The plan input as JSON and its fingerprint (fingerprint.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from types import MappingProxyType

import pytest

from programs.generator import (
    Adherence,
    catalogue_fingerprint,
    catalogue_from_list,
    catalogue_to_list,
    generate,
    input_fingerprint,
    plan_input_from_dict,
    plan_input_to_dict,
    stored_input_fingerprint,
)
from tests.engines.generator.factories import (
    ALL_DAYS,
    SCORES,
    make_input,
    make_profile,
)


# --------------------------------------------------------------- export and fingerprint
def test_plan_input_to_dict_is_json_safe():
    pi = make_input()
    pi = replace(pi, profile=replace(pi.profile, groups=MappingProxyType(dict(pi.profile.groups))))
    data = plan_input_to_dict(pi)
    assert data["start"] == "2025-01-06"
    assert data["athlete"]["available_weekdays"] == list(ALL_DAYS)
    assert data["profile"]["groups"]["hip_flexors"]["score"] == 62.0
    assert json.loads(json.dumps(data)) == data


def test_fingerprint_is_stable_and_sensitive():
    base = make_input()
    fp = input_fingerprint(base)
    assert len(fp) == 64
    assert fp == input_fingerprint(make_input())
    changed = [
        replace(base, start=base.start + timedelta(days=1)),
        replace(base, weeks=5),
        replace(base, athlete=replace(base.athlete, level="novice")),
        replace(base, athlete=replace(base.athlete, excluded_exercises=("plank",))),
        replace(base, profile=make_profile({**SCORES, "core": 100.5})),
        replace(base, adherence=Adherence(completed_share=0.5)),
        replace(base, catalogue=base.catalogue[:-1]),
    ]
    fps = {input_fingerprint(c) for c in changed}
    assert fp not in fps
    assert len(fps) == len(changed)


# ------------------------------------------------------- the stored input names its catalogue
def test_stored_input_names_the_catalogue_by_its_fingerprint():
    pi = make_input()
    data = plan_input_to_dict(pi)
    assert data["catalogue"] == catalogue_fingerprint(pi.catalogue)
    assert len(json.dumps(data)) < 10_000  # kilobytes, not the ~70 kB catalogue
    assert input_fingerprint(pi) == stored_input_fingerprint(json.loads(json.dumps(data)))


def test_plan_input_from_dict_round_trips_through_json():
    pi = make_input()
    data = json.loads(json.dumps(plan_input_to_dict(pi)))
    catalogue = catalogue_from_list(json.loads(json.dumps(catalogue_to_list(pi.catalogue))))
    rebuilt = plan_input_from_dict(data, catalogue)
    assert rebuilt == pi
    assert generate(rebuilt) == generate(pi)


def test_plan_input_from_dict_refuses_another_catalogue():
    pi = make_input()
    data = plan_input_to_dict(pi)
    with pytest.raises(ValueError, match="not the one"):
        plan_input_from_dict(data, pi.catalogue[:-1])
