"""The plan input as JSON and its fingerprint (fingerprint.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from types import MappingProxyType

from programs.generator import (
    Adherence,
    input_fingerprint,
    plan_input_to_dict,
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
