"""The rationale sentences (rationale.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

from dataclasses import replace

from programs.generator import (
    generate,
)
from tests.engines.generator.factories import (
    make_input,
    make_profile,
    session,
)


# ---------------------------------------------------------------------- rule 7: rationale
def test_rationale_and_notes_cite_the_numbers():
    profile = make_profile(asym={"hamstrings": ("act", 14.0, "L")}, swing_push=0.82)
    profile = replace(profile, potential=81.0)
    plan = generate(make_input(profile))
    r = plan.rationale
    assert r[0] == (
        "Hip flexors are the weakest link at 62 % of reference "
        "(balance level 62 %, potential 81 %)."
    )
    assert (
        "Glutes are the second weakest at 70 % of reference: moderate emphasis at two "
        "muscle lengths." in r
    )
    assert "Left hamstrings 14.0 % below right: extra set on the left." in r
    assert any(s.startswith("Swing:push ratio 0.82 is below 0.9") for s in r)
    holds = [i for i in session(plan, "strength").items if i.emphasis == "hip_flexors"]
    assert {i.note for i in holds} == {
        "Targets your weakest link: hip flexors, 62 % of reference."
    }
    for s in plan.sessions:
        for i in s.items:
            if i.emphasis is not None:
                assert i.note, i
