"""Issue 16 §2-§4: the weakest link first (the focus breaks near-ties only), sessions within
the budget, notes that agree with the profile. Tables, then properties over generated inputs.

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings

from assessments.balance import GROUPS
from programs.generator import Adherence, generate, near_tie, session_seconds, target_order
from tests.engines.generator.factories import (
    BY_CODE,
    SCORES,
    make_input,
    make_profile,
    session,
    sets_by_group,
    volume,
    windows,
)
from tests.engines.generator.test_properties import plan_inputs

# The case: calves (unfavoured) weakest, two favoured sprint groups within noise.
TWO_CLOSE = {**SCORES, "calves": 60.0, "hip_flexors": 62.0, "glutes": 63.0, "core": 101.0}


def test_two_favoured_near_ties_never_push_the_weakest_link_past_second():
    profile = make_profile({**TWO_CLOSE, "hamstrings": 80.0, "quadriceps": 88.0})
    assert profile.weakest_link == "calves"
    order = target_order(profile, "sprint")
    assert order[:3] == ("hip_flexors", "calves", "glutes")
    plan = generate(make_input(profile))
    totals = sets_by_group(windows(plan)[0])
    rest = max(totals[g] for g in GROUPS if g not in ("hip_flexors", "calves"))
    assert totals["hip_flexors"] > totals["calves"] > rest
    for s in plan.sessions:
        for i in s.items:
            if "your weakest link:" in i.note:
                assert i.emphasis == "calves", i.note
            if i.section == "targeted":
                assert i.emphasis == "calves"


def test_a_weakest_link_beyond_noise_is_always_first():
    profile = make_profile({**TWO_CLOSE, "calves": 40.0})
    assert not near_tie(profile, "calves", "hip_flexors", {})
    assert target_order(profile, "sprint")[0] == "calves"
    strength = session(generate(make_input(profile)), "strength")
    assert any(
        i.emphasis == "calves" and i.note.startswith("Targets your weakest link")
        for i in strength.items
    )


def test_the_stronger_side_cites_its_number():
    profile = make_profile(asym={"hamstrings": ("act", 18.0, "L")})
    plan = generate(make_input(profile, session_budget_min=150))
    strong = next(i for s in plan.sessions for i in s.items if i.side == "R")
    assert "80 % of reference" in strong.note
    assert "18.0 %" in strong.note


def test_a_tight_budget_cuts_maintenance_first_and_says_so():
    plan = generate(make_input(session_budget_min=45))
    for s in plan.sessions:
        if s.kind != "long_run":
            assert session_seconds(s.items, BY_CODE) <= 45 * 60, s.kind
    assert any(r.startswith("Cut to fit") for r in plan.rationale)
    assert any("45 min" in r and "Weldon 2022" in r for r in plan.rationale)


UNTESTED = make_profile(dict.fromkeys(GROUPS))
# Three days, no kit, 30 min: the build week must shorten its holds to one set, while the
# lighter deload (fewer main sets, one day a retest) had room to keep two or move holds to
# the sprint day, so it outgrew the build week (hypothesis found ([270, 288], 1)).
THREE_DAYS_NO_KIT = {
    "level": "advanced",
    "available_weekdays": (0, 2, 4),
    "equipment": (),
    "session_budget_min": 30,
}


@pytest.mark.parametrize(
    ("profile", "kw", "volumes"),
    [
        (UNTESTED, {"block_length": 2, "adherence": Adherence(0.0, None)}, [270, 192]),
        (UNTESTED, {"block_length": 2}, [270, 192]),
        (UNTESTED, {"block_length": 4}, [270, 297, 324, 192]),
        (None, {"block_length": 4, "session_budget_min": 30}, [295, 330, 354, 168]),
    ],
)
def test_every_week_keeps_the_heaviest_weeks_cuts(profile, kw, volumes):
    values = THREE_DAYS_NO_KIT if profile is UNTESTED else {}
    pi = make_input(profile, **{**values, "weeks": kw["block_length"], **kw})
    got = [volume(w) for w in windows(generate(pi))]
    assert got == volumes
    assert all(a < b for a, b in pairwise(got[:-1])), got  # builds rise
    assert got[-1] < got[-2], got  # the deload stays lighter


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(plan_inputs())
def test_property_budget_hierarchy_and_notes(pi):
    plan = generate(pi)
    prof = pi.profile
    budget = pi.session_budget_min * 60
    for s in plan.sessions:
        if s.kind not in ("long_run", "retest"):
            assert session_seconds(s.items, BY_CODE) <= budget, (s.kind, s.date)
        for i in s.items:
            if "your weakest link:" in i.note or i.note.startswith("Targets your weakest link"):
                assert i.emphasis == prof.weakest_link, i.note
            if i.note.startswith("Second-weakest link"):
                assert i.emphasis == prof.second_weakest, i.note
            if i.section == "targeted":
                assert i.emphasis == prof.weakest_link
    order = target_order(prof, pi.athlete.event_focus, pi.test_noise)
    if order:
        w = prof.weakest_link
        assert w in order[:2]
        if order[0] != w:
            assert near_tie(prof, order[0], w, pi.test_noise)
        for week in windows(plan):
            totals = sets_by_group(week)
            if totals[order[0]] > 0:
                assert all(totals[order[0]] > totals[g] for g in GROUPS if g != order[0])
    cut = any(r.startswith("Cut to fit") for r in plan.rationale)
    shortened = any(r.startswith("Targeted work for") for r in plan.rationale)
    if shortened:  # targeted work shortened only once no maintenance hold was left to cut
        assert cut or not any(i.section == "maintenance" for s in plan.sessions for i in s.items)
    weakest_text = f"{prof.weakest_link}".replace("_", " ")
    if prof.weakest_link:
        assert any("the weakest link" in r and weakest_text in r.lower() for r in plan.rationale)
