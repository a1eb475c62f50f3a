"""Tests for the pure strength-balance engine (assessments.balance).

Expected numbers are computed by hand in the comments; references and noise figures are
those of protocols.toml (from docs/references.md).
"""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.balance import (
    GROUPS,
    SEXES,
    BalanceProfile,
    Result,
    assess,
    load_protocols,
    normalize,
    profile_from_dict,
    profile_to_dict,
    standard_protocols,
    validate_protocol,
)

P = standard_protocols()


def run(*results, mass=70.0, sex="M", **kwargs) -> BalanceProfile:
    return assess([Result(*r) for r in results], body_mass_kg=mass, sex=sex, protocols=P, **kwargs)


def both(code, left, right=None):
    """A sided protocol's results on both sides (right defaults to left)."""
    return [(code, "L", left), (code, "R", left if right is None else right)]


def pct_of(profile, code, side):
    (score,) = [
        p
        for g in profile.groups.values()
        for p in g.protocols
        if (p.protocol_code, p.side) == (code, side)
    ]
    return score


def flag_codes(profile):
    return [f.code for f in profile.flags]


# --- the protocol library ------------------------------------------------------------


def test_library_has_exactly_the_reference_codes():
    outcomes = {code for code, spec in P.items() if spec.is_outcome}
    assert outcomes == {
        *("sprint_10m", "sprint_20m", "sprint_30m"),
        *("sprint_10m_hand", "sprint_20m_hand", "sprint_30m_hand"),
        *("flying_20m", "flying_30m", "cmj_height"),
    }
    assert all(P[c].group == "" for c in outcomes)
    assert all(P[c].lower_is_better == (P[c].unit == "s") for c in outcomes)
    assert set(P) - outcomes == {
        "hip_flexion_hhd",
        "hip_extension_hhd",
        "nordic_nordbord",
        "knee_flexion_iso",
        "single_leg_hamstring_bridge",
        "knee_extension_iso",
        "soleus_iso",
        "single_leg_heel_raise",
        "prone_plank",
        "side_bridge",
    }


@pytest.mark.parametrize(
    ("code", "group", "unit", "sided", "norm", "male", "female"),
    [
        ("hip_flexion_hhd", "hip_flexors", "N", True, "per_kg", 5.7, 5.7),
        ("hip_extension_hhd", "glutes", "N", True, "per_kg", 5.7, 5.7),  # placeholder
        ("nordic_nordbord", "hamstrings", "N", True, "per_kg", 4.2, 4.2),
        ("knee_flexion_iso", "hamstrings", "Nm", True, "per_kg", 1.38, 1.38),
        ("single_leg_hamstring_bridge", "hamstrings", "reps", True, "abs", 25, 25),
        ("knee_extension_iso", "quadriceps", "Nm", True, "per_kg", 3.19, 2.41),
        ("soleus_iso", "calves", "N", True, "x_bw", 2.0, 2.0),
        ("single_leg_heel_raise", "calves", "reps", True, "abs", 24, 21),
        ("prone_plank", "core", "s", False, "abs", 124, 83),
        ("side_bridge", "core", "s", True, "abs", 104, 104),
    ],
)
def test_library_references(code, group, unit, sided, norm, male, female):
    spec = P[code]
    assert (spec.group, spec.unit, spec.sided, spec.norm) == (group, unit, sided, norm)
    assert (spec.reference_male, spec.reference_female) == (male, female)
    assert spec.source
    assert spec.instructions
    assert spec.provisional is (code == "hip_extension_hhd")


@pytest.mark.parametrize(
    ("code", "sem_pct", "noise_abs"),
    [
        ("hip_flexion_hhd", 5.0, None),  # variation < 5 %
        ("hip_extension_hhd", 8.0, None),  # variation < 8 %
        ("nordic_nordbord", 9.0, None),  # bilateral SEM 6-9 %
        ("soleus_iso", 12.5, None),  # SEM 9-12.5 %
        ("single_leg_heel_raise", None, 6.0),  # limits of agreement +/- 6 reps
        ("knee_flexion_iso", 5.0, None),  # no published figure: 5 %
        ("single_leg_hamstring_bridge", 5.0, None),
        ("knee_extension_iso", 5.0, None),
        ("prone_plank", 5.0, None),
        ("side_bridge", 5.0, None),
    ],
)
def test_library_noise(code, sem_pct, noise_abs):
    assert (P[code].sem_pct, P[code].noise_abs) == (sem_pct, noise_abs)


@pytest.mark.parametrize("code", list(P))
def test_reference_for_a_70kg_athlete_lies_in_the_plausible_range(code):
    spec = P[code]
    raw = {"per_kg": 70, "x_bw": 70 * 9.81, "abs": 1}[spec.norm]
    for reference in (spec.reference_male, spec.reference_female):
        if reference is None:  # an outcome without a published norm
            assert spec.is_outcome
            continue
        assert spec.plausible_min < reference * raw < spec.plausible_max


def test_standard_protocols_is_cached_and_cannot_be_altered():
    first = standard_protocols()
    first.pop("prone_plank")
    assert "prone_plank" in standard_protocols()
    assert standard_protocols()["nordic_nordbord"] is first["nordic_nordbord"]


def _toml(table: dict) -> str:
    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        return json.dumps(v)  # JSON strings and numbers are valid TOML

    return "[custom]\n" + "".join(f"{k} = {value(v)}\n" for k, v in table.items())


GOOD_TABLE = {
    k: v
    for k, v in dataclasses.asdict(P["hip_flexion_hhd"]).items()
    if k != "code" and v is not None
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"group": "biceps"}, "group 'biceps' is not one of"),
        ({"norm": "per_lb"}, "norm 'per_lb' is not one of"),
        ({"plausible_min": 500.0, "plausible_max": 500.0}, "plausible_min .* must be below"),
        ({"reference_male": 0.0}, "reference_male must be a positive number"),
        ({"reference_female": -1.0}, "reference_female must be a positive number"),
        ({"sem_pct": 0.0}, "sem_pct must be a positive number"),
        ({"sided": "yes"}, "sided must be true or false"),
        ({"reference_male": "high"}, "reference_male must be a number"),
        ({"colour": "red"}, r"unknown keys \['colour'\]"),
        ({"source": None}, r"missing keys \['source'\]"),
    ],
)
def test_load_protocols_rejects_bad_tables(tmp_path, change, message):
    table = {k: v for k, v in {**GOOD_TABLE, **change}.items() if v is not None}
    path = tmp_path / "protocols.toml"
    path.write_text(_toml(table), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_protocols(path)


def test_load_protocols_accepts_a_good_table(tmp_path):
    path = tmp_path / "protocols.toml"
    path.write_text(_toml(GOOD_TABLE), encoding="utf-8")
    assert load_protocols(path) == {
        "custom": dataclasses.replace(P["hip_flexion_hhd"], code="custom")
    }


def test_assess_validates_the_specs_it_uses():
    bad = dataclasses.replace(P["prone_plank"], reference_male=0.0)
    with pytest.raises(ValueError, match="reference_male must be a positive number"):
        assess(
            [Result("prone_plank", "B", 60)],
            body_mass_kg=70,
            sex="M",
            protocols={"prone_plank": bad},
        )
    with pytest.raises(ValueError, match="group"):
        validate_protocol(dataclasses.replace(bad, reference_male=1.0, group="neck"))


# --- normalization and references ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "value", "mass", "expected"),
    [
        ("hip_flexion_hhd", 399, 70, 5.7),  # per_kg: 399 / 70 = 5.7 N/kg
        ("knee_extension_iso", 223.3, 70, 3.19),  # per_kg: 223.3 / 70 = 3.19 Nm/kg
        ("soleus_iso", 1373.4, 70, 2.0),  # x_bw: 1373.4 / (70 * 9.81 = 686.7) = 2.0
        ("single_leg_heel_raise", 24, 70, 24),  # abs
        ("prone_plank", 95.5, 55, 95.5),  # abs: mass plays no part
    ],
)
def test_normalize(code, value, mass, expected):
    assert normalize(P[code], value, mass) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("code", "side", "value", "mass", "sex", "normalized", "pct"),
    [
        ("hip_flexion_hhd", "L", 399, 70, "M", 5.7, 100.0),  # 5.7 / 5.7
        ("hip_flexion_hhd", "L", 399, 70, "F", 5.7, 100.0),  # one reference for both
        ("nordic_nordbord", "R", 336, 80, "M", 4.2, 100.0),  # 336 / 80 = 4.2 N/kg
        ("knee_flexion_iso", "L", 96.6, 70, "M", 1.38, 100.0),  # 96.6 / 70 = 1.38
        ("knee_extension_iso", "L", 223.3, 70, "M", 3.19, 100.0),
        ("knee_extension_iso", "L", 144.6, 60, "F", 2.41, 100.0),  # women 2.41 Nm/kg
        ("knee_extension_iso", "L", 144.6, 60, "M", 2.41, 75.5),  # 2.41 / 3.19 = 0.7555
        ("soleus_iso", "L", 1373.4, 70, "M", 2.0, 100.0),
        ("soleus_iso", "L", 1500, 75, "F", 2.039, 101.9),  # 1500 / 735.75 = 2.0387
        ("single_leg_heel_raise", "L", 24, 70, "M", 24, 100.0),  # men 24
        ("single_leg_heel_raise", "L", 21, 70, "F", 21, 100.0),  # women 21
        ("single_leg_heel_raise", "L", 24, 70, "F", 24, 114.3),  # 24 / 21 = 1.1429
        ("prone_plank", "B", 124, 70, "M", 124, 100.0),  # men 124 s
        ("prone_plank", "B", 124, 60, "F", 124, 149.4),  # 124 / 83 = 1.4940
        ("single_leg_hamstring_bridge", "R", 20, 70, "F", 20, 80.0),  # 20 / 25
        ("side_bridge", "L", 52, 70, "M", 52, 50.0),  # 52 / 104
    ],
)
def test_protocol_scores(code, side, value, mass, sex, normalized, pct):
    score = pct_of(run((code, side, value), mass=mass, sex=sex), code, side)
    assert score.value == value
    assert score.normalized == pytest.approx(normalized, abs=1e-3)
    assert score.pct == pct
    assert score.reference_source == "norm"


# --- groups ---------------------------------------------------------------------------


def test_untested_groups_are_none():
    profile = run(*both("hip_flexion_hhd", 399))  # 100 % both sides
    assert profile.groups["hip_flexors"].score == 100.0
    assert list(profile.groups) == list(GROUPS)
    for group in GROUPS[1:]:
        gs = profile.groups[group]
        assert not gs.tested
        assert (gs.score, gs.left, gs.right, gs.asymmetry_pct) == (None, None, None, None)
        assert (gs.asymmetry_flag, gs.weaker_side, gs.protocols) == ("none", None, ())
    assert (profile.balance_level, profile.potential) == (100.0, 100.0)
    assert (profile.weakest_link, profile.second_weakest) == ("hip_flexors", None)
    assert (profile.swing_push_ratio, profile.hq_ratio) == (None, None)


def test_nothing_tested():
    profile = run()
    assert not any(g.tested for g in profile.groups.values())
    assert (profile.balance_level, profile.potential, profile.weakest_link) == (None, None, None)
    assert (profile.second_weakest, profile.flags, profile.changes) == (None, (), ())


def test_unsided_protocol_counts_on_both_sides():
    # plank 62 s = 50 % on both sides; side bridge L 104 s = 100 %, R 52 s = 50 %
    # left = (50 + 100) / 2 = 75; right = (50 + 50) / 2 = 50; score = weaker side = 50
    core = run(("prone_plank", "B", 62), *both("side_bridge", 104, 52)).groups["core"]
    assert (core.left, core.right, core.score) == (75.0, 50.0, 50.0)
    # asymmetry from the side bridge only: (104 - 52) / 104 = 50 %, beyond 5 % of 104 s
    assert (core.asymmetry_pct, core.weaker_side, core.asymmetry_flag) == (50.0, "R", "act")


def test_unsided_protocol_alone_has_no_asymmetry():
    core = run(("prone_plank", "B", 62)).groups["core"]
    assert (core.left, core.right, core.score) == (50.0, 50.0, 50.0)
    assert (core.asymmetry_pct, core.weaker_side, core.asymmetry_flag) == (None, None, "none")


def test_group_side_score_is_the_mean_of_its_protocols():
    # nordic L 280 / 70 = 4.0 N/kg / 4.2 = 95.24 %; knee flexion L 60 / 70 / 1.38 = 62.11 %
    # left = (95.24 + 62.11) / 2 = 78.67; right: nordic 345/70/4.2 = 117.35, 80/70/1.38 = 82.82
    ham = run(*both("nordic_nordbord", 280, 345), *both("knee_flexion_iso", 60, 80))
    gs = ham.groups["hamstrings"]
    assert (gs.left, gs.right, gs.score) == (78.7, 100.1, 78.7)


@pytest.mark.parametrize(
    ("code", "left", "right", "asym", "flag", "weaker"),
    [
        # 65 / 345 = 18.84 %; 65 N > 9 % of 345 = 31.05 N
        ("nordic_nordbord", 280, 345, 18.8, "act", "L"),
        ("nordic_nordbord", 345, 280, 18.8, "act", "R"),
        # 40 / 340 = 11.76 %; 40 N > 30.6 N
        ("nordic_nordbord", 300, 340, 11.8, "watch", "L"),
        ("nordic_nordbord", 270, 300, 10.0, "watch", "L"),  # exactly 10 %: watch
        ("nordic_nordbord", 255, 300, 15.0, "act", "L"),  # exactly 15 %: act
        ("nordic_nordbord", 310, 340, 8.8, "none", "L"),  # 30 / 340 = 8.82 %
        ("nordic_nordbord", 340, 340, 0.0, "none", None),
        # 120 / 1120 = 10.7 %, but 120 N <= 12.5 % of 1120 = 140 N: inside noise
        ("soleus_iso", 1000, 1120, 10.7, "none", "L"),
        # 200 / 1200 = 16.7 %; 200 N > 150 N
        ("soleus_iso", 1000, 1200, 16.7, "act", "L"),
        # 3 / 10 = 30 %, but 3 reps is inside +/- 6 reps
        ("single_leg_heel_raise", 7, 10, 30.0, "none", "L"),
        ("single_leg_heel_raise", 14, 20, 30.0, "none", "L"),  # 6 reps: not beyond 6
        ("single_leg_heel_raise", 20, 13, 35.0, "act", "R"),  # 7 reps > 6
        ("single_leg_heel_raise", 0, 0, 0.0, "none", None),
        ("side_bridge", 90, 100, 10.0, "watch", "L"),  # 10 s > 5 % of 100 s
    ],
)
def test_asymmetry(code, left, right, asym, flag, weaker):
    profile = run(*both(code, left, right))
    gs = profile.groups[P[code].group]
    assert (gs.asymmetry_pct, gs.asymmetry_flag, gs.weaker_side) == (asym, flag, weaker)
    flags = [f for f in profile.flags if f.code.startswith("asymmetry_")]
    if flag == "none":
        assert flags == []
    else:
        assert [(f.code, f.severity, f.group) for f in flags] == [
            (f"asymmetry_{flag}", flag, gs.group)
        ]


def test_asymmetry_message():
    profile = run(*both("nordic_nordbord", 280, 345))
    (flag,) = [f for f in profile.flags if f.code == "asymmetry_act"]
    assert flag.message.startswith("Left hamstrings 18.8 % weaker than right (280 vs 345 N).")
    assert "2.4 times" in flag.message


def test_group_asymmetry_points_at_the_worst_test():
    # nordic 300 vs 340: 11.8 % (watch, L); bridge L 25 vs R 20 reps: 5 / 25 = 20 % (act, R)
    profile = run(*both("nordic_nordbord", 300, 340), *both("single_leg_hamstring_bridge", 25, 20))
    gs = profile.groups["hamstrings"]
    assert (gs.asymmetry_pct, gs.weaker_side, gs.asymmetry_flag) == (20.0, "R", "act")
    (flag,) = [f for f in profile.flags if f.code.startswith("asymmetry")]
    assert flag.message.startswith("Right hamstrings 20 % weaker than left (20 vs 25 reps).")


def test_group_flag_ignores_a_larger_asymmetry_inside_noise():
    # heel raise 7 vs 10 = 30 % but inside +/- 6 reps; soleus 1000 vs 1200 = 16.7 %: act
    profile = run(*both("single_leg_heel_raise", 7, 10), *both("soleus_iso", 1000, 1200))
    gs = profile.groups["calves"]
    assert (gs.asymmetry_pct, gs.weaker_side, gs.asymmetry_flag) == (30.0, "L", "act")
    (flag,) = [f for f in profile.flags if f.code.startswith("asymmetry")]
    assert flag.message.startswith("Left calves 16.7 % weaker than right (1000 vs 1200 N).")


# --- squad medians ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "medians", "reference", "source", "pct"),
    [
        # hip extension 420 N / 70 kg = 6.0 N/kg; placeholder 5.7: 105.3 %
        ("hip_extension_hhd", None, 5.7, "norm", 105.3),
        ("hip_extension_hhd", {"hip_extension_hhd": 7.5}, 7.5, "squad_median", 80.0),  # 6 / 7.5
        ("hip_extension_hhd", {"hip_extension_hhd": 0.0}, 5.7, "norm", 105.3),  # ignored
        ("hip_extension_hhd", {"hip_flexion_hhd": 7.5}, 5.7, "norm", 105.3),  # other code
        # hip flexion 420 / 70 = 6.0 N/kg against its norm 5.7, whatever the median
        ("hip_flexion_hhd", {"hip_flexion_hhd": 7.5}, 5.7, "norm", 105.3),
    ],
)
def test_squad_median_replaces_only_a_provisional_reference(code, medians, reference, source, pct):
    profile = run((code, "L", 420), squad_medians=medians)
    score = pct_of(profile, code, "L")
    assert (score.reference, score.reference_source, score.pct) == (reference, source, pct)
    provisional = [f for f in profile.flags if f.code == "provisional_reference"]
    expect_flag = code == "hip_extension_hhd" and source == "norm"
    assert len(provisional) == (1 if expect_flag else 0)
    if expect_flag:
        assert provisional[0].severity == "info"
        assert "5.7 N/kg" in provisional[0].message


# --- weakest link, swing:push, H:Q ---------------------------------------------------


def test_weakest_link():
    # hip flexion 247.38 / 70 = 3.534 N/kg / 5.7 = 62 %; quads 223.3 Nm = 100 %
    # heel raise 18 / 24 = 75 %
    profile = run(
        *both("hip_flexion_hhd", 247.38),
        *both("knee_extension_iso", 223.3),
        *both("single_leg_heel_raise", 18),
    )
    assert (profile.weakest_link, profile.second_weakest) == ("hip_flexors", "calves")
    assert profile.balance_level == 62.0
    assert profile.potential == 79.0  # (62 + 100 + 75) / 3
    assert profile.flags[0].code == "weakest_link"
    assert profile.flags[0].message == "Hip flexors are the weakest link at 62 % of reference."


def test_weakest_link_ties_follow_group_order():
    # 100 % each; quadriceps comes before calves in GROUPS
    profile = run(*both("single_leg_heel_raise", 24), *both("knee_extension_iso", 223.3))
    assert (profile.weakest_link, profile.second_weakest) == ("quadriceps", "calves")


def test_weakest_link_message_for_core():
    profile = run(("prone_plank", "B", 62))
    assert profile.flags[0].message == "Core is the weakest link at 50 % of reference."


@pytest.mark.parametrize(
    ("hip", "quads", "heel", "ratio", "flagged"),
    [
        # 285 / 70 / 5.7 = 71.43 %; push (100 + 100) / 2 = 100: 0.71
        (285, 223.3, 24, 0.71, True),
        # 359.1 / 70 = 5.13 N/kg = 90 %: 0.90 is not below 0.9
        (359.1, 223.3, 24, 0.90, False),
        # 100 % against push (100 + 50) / 2 = 75: 1.33
        (399, 223.3, 12, 1.33, False),
        # only the calves on the push side: 100 / 50 = 2.0
        (399, None, 12, 2.0, False),
        (None, 223.3, 24, None, False),  # hip flexors untested
        (399, None, None, None, False),  # push side untested
    ],
)
def test_swing_push(hip, quads, heel, ratio, flagged):
    results = []
    for code, value in (
        ("hip_flexion_hhd", hip),
        ("knee_extension_iso", quads),
        ("single_leg_heel_raise", heel),
    ):
        if value is not None:
            results += both(code, value)
    profile = run(*results)
    assert profile.swing_push_ratio == ratio
    flags = [f for f in profile.flags if f.code == "swing_push_low"]
    assert len(flags) == (1 if flagged else 0)
    if flagged:
        assert (flags[0].severity, flags[0].group) == ("act", "hip_flexors")
        assert "0.71" in flags[0].message
        assert "71.4 %" in flags[0].message


@pytest.mark.parametrize(
    ("flex", "ext", "ratio", "flagged"),
    [
        ((80, 60), (200, 200), 0.30, True),  # L 0.40, R 0.30: the lower side
        ((70, 90), (200, 200), 0.35, True),  # 0.35 < 0.44 * 0.8 = 0.352
        ((90, 90), (200, 200), 0.45, False),
        ((80, None), (None, 200), None, False),  # no side with both tests
        ((80, 80), (None, None), None, False),  # knee extension untested
    ],
)
def test_hq_ratio(flex, ext, ratio, flagged):
    results = []
    for code, (left, right) in (("knee_flexion_iso", flex), ("knee_extension_iso", ext)):
        results += [(code, side, v) for side, v in (("L", left), ("R", right)) if v is not None]
    profile = run(*results)
    assert profile.hq_ratio == ratio
    flags = [f for f in profile.flags if f.code == "hq_low"]
    assert len(flags) == (1 if flagged else 0)
    if flagged:
        assert flags[0].severity == "info"  # never "act": a ratio alone predicts no injury


def test_hq_message_mentions_both_group_scores():
    # hamstrings: R 60 / 70 / 1.38 = 62.1 %; quadriceps 200 / 70 / 3.19 = 89.6 %
    profile = run(*both("knee_flexion_iso", 80, 60), *both("knee_extension_iso", 200))
    (flag,) = [f for f in profile.flags if f.code == "hq_low"]
    assert "0.30" in flag.message
    assert "hamstrings 62.1 %" in flag.message
    assert "quadriceps 89.6 %" in flag.message


def test_flag_order():
    profile = run(
        *both("hip_flexion_hhd", 285),  # swing side low
        *both("hip_extension_hhd", 420),  # provisional
        *both("knee_flexion_iso", 80, 60),  # asymmetric, H:Q low
        *both("knee_extension_iso", 200),
        ("prone_plank", "B", 62),  # the weakest
        *both("side_bridge", 104, 52),  # asymmetric
    )
    assert flag_codes(profile) == [
        "weakest_link",
        "asymmetry_act",  # hamstrings (GROUPS order)
        "asymmetry_act",  # core
        "swing_push_low",
        "hq_low",
        "provisional_reference",
    ]
    assert [f.group for f in profile.flags[1:3]] == ["hamstrings", "core"]


# --- changes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "before", "after", "delta", "significant"),
    [
        ("single_leg_heel_raise", 20, 24, 20.0, False),  # 4 reps, not beyond +/- 6
        ("single_leg_heel_raise", 20, 27, 35.0, True),  # 7 reps
        ("single_leg_heel_raise", 0, 5, 100.0, False),  # from zero: +100 %
        # nordic MDC = 2.77 * 9 % * 300 = 74.79 N
        ("nordic_nordbord", 300, 360, 20.0, False),
        ("nordic_nordbord", 300, 380, 26.7, True),  # 80 / 300
        ("nordic_nordbord", 300, 220, -26.7, True),
        # hip flexion MDC = 2.77 * 5 % * 300 = 41.55 N
        ("hip_flexion_hhd", 300, 345, 15.0, True),
        ("hip_flexion_hhd", 300, 340, 13.3, False),
    ],
)
def test_changes(code, before, after, delta, significant):
    previous = run((code, "L", before), ("prone_plank", "B", 60))
    profile = run((code, "L", after), (code, "R", after), previous=previous)
    (change,) = profile.changes  # R and the plank are not in both assessments
    assert (change.protocol_code, change.side, change.group) == (code, "L", P[code].group)
    assert (change.before, change.after) == (before, after)
    assert (change.delta_pct, change.significant) == (delta, significant)


def test_no_previous_no_changes():
    assert run(*both("nordic_nordbord", 300)).changes == ()


# --- invalid input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("results", "kwargs", "message"),
    [
        ([("bench_press", "L", 100)], {}, "unknown protocol code 'bench_press'"),
        ([("nordic_nordbord", "B", 300)], {}, "does not fit a sided protocol"),
        ([("prone_plank", "L", 60)], {}, "does not fit a unsided protocol"),
        ([("nordic_nordbord", "X", 300)], {}, "side 'X'"),
        ([("nordic_nordbord", "L", 300)] * 2, {}, "duplicate result for nordic_nordbord"),
        ([("nordic_nordbord", "L", -1)], {}, "must not be negative"),
        ([("nordic_nordbord", "L", math.nan)], {}, "finite number"),
        ([], {"mass": 0}, "body mass must be a positive"),
        ([], {"mass": -70}, "body mass must be a positive"),
        ([], {"mass": math.nan}, "body mass must be a positive"),
        ([], {"sex": "X"}, "sex must be one of M, F"),
        ([], {"sex": "m"}, "sex must be one of M, F"),
        # a median of 5e-324 N/kg would make the score infinite
        (
            [("hip_extension_hhd", "L", 400)],
            {"squad_medians": {"hip_extension_hhd": 5e-324}},
            "score overflows",
        ),
    ],
)
def test_invalid_input(results, kwargs, message):
    with pytest.raises(ValueError, match=message):
        run(*results, **kwargs)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"schema": 1}, "'groups' must be an object"),
        ({"schema": 2, "groups": {}}, "unsupported snapshot schema 2"),
        ({"groups": {}}, "BalanceProfile lacks 'balance_level'"),
        ([], "expected an object"),
    ],
)
def test_profile_from_dict_rejects_malformed_snapshots(data, message):
    with pytest.raises(ValueError, match=message):
        profile_from_dict(data)


def test_round_trip_of_a_full_profile():
    previous = run(*both("nordic_nordbord", 300), ("prone_plank", "B", 60))
    profile = run(
        *both("nordic_nordbord", 280, 345),
        *both("hip_flexion_hhd", 285),
        ("prone_plank", "B", 70),
        *both("hip_extension_hhd", 420),
        previous=previous,
    )
    assert profile.flags
    assert profile.changes
    data = json.loads(json.dumps(profile_to_dict(profile)))
    assert profile_from_dict(data) == profile


# --- properties --------------------------------------------------------------------------


@st.composite
def result_sets(draw, min_size=0):
    results = []
    codes = draw(st.lists(st.sampled_from(list(P)), unique=True, min_size=min_size))
    for code in codes:
        spec = P[code]
        sides = (
            draw(st.sampled_from([("L", "R"), ("L", "R"), ("L",), ("R",)]))
            if spec.sided
            else ("B",)
        )
        for side in sides:
            value = draw(st.floats(spec.plausible_min, spec.plausible_max))
            results.append(Result(code, side, value))
    return results


masses = st.floats(40, 140)
sexes = st.sampled_from(SEXES)
medians = st.none() | st.fixed_dictionaries(
    {"hip_extension_hhd": st.just(0.0) | st.floats(0.5, 10)}
)


def score_fields(profile):
    values = {("balance_level",): profile.balance_level, ("potential",): profile.potential}
    for group, gs in profile.groups.items():
        values[(group, "score")] = gs.score
        values[(group, "left")] = gs.left
        values[(group, "right")] = gs.right
        for p in gs.protocols:
            values[(p.protocol_code, p.side)] = p.pct
    return values


@settings(deadline=None)
@given(result_sets(min_size=1), masses, sexes, medians, st.data())
def test_a_higher_value_never_lowers_a_score(results, mass, sex, squad, data):
    i = data.draw(st.integers(0, len(results) - 1))
    bump = data.draw(st.floats(0.01, 500))
    higher = list(results)
    higher[i] = dataclasses.replace(results[i], value=results[i].value + bump)
    kwargs = {"body_mass_kg": mass, "sex": sex, "protocols": P, "squad_medians": squad}
    before = score_fields(assess(results, **kwargs))
    after = score_fields(assess(higher, **kwargs))
    assert before.keys() == after.keys()
    for key, old in before.items():
        assert (old is None) == (after[key] is None), key
        if old is not None:
            assert after[key] >= old, key


@settings(deadline=None)
@given(result_sets(), masses, sexes)
def test_swapping_sides_swaps_left_and_right(results, mass, sex):
    swap = {"L": "R", "R": "L", "B": "B"}
    mirrored = [dataclasses.replace(r, side=swap[r.side]) for r in results]
    a = assess(results, body_mass_kg=mass, sex=sex, protocols=P)
    b = assess(mirrored, body_mass_kg=mass, sex=sex, protocols=P)
    for group in GROUPS:
        ga, gb = a.groups[group], b.groups[group]
        assert (ga.left, ga.right) == (gb.right, gb.left)
        assert (ga.score, ga.asymmetry_pct, ga.asymmetry_flag) == (
            gb.score,
            gb.asymmetry_pct,
            gb.asymmetry_flag,
        )
        assert ga.weaker_side == (swap[gb.weaker_side] if gb.weaker_side else None)
    assert (a.balance_level, a.potential, a.weakest_link) == (
        b.balance_level,
        b.potential,
        b.weakest_link,
    )


@settings(deadline=None)
@given(result_sets(), masses, sexes)
def test_weakest_link_is_the_lowest_scoring_group(results, mass, sex):
    profile = assess(results, body_mass_kg=mass, sex=sex, protocols=P)
    scores = {g: gs.score for g, gs in profile.groups.items() if gs.tested}
    if not scores:
        assert profile.weakest_link is None
        assert profile.balance_level is None
        return
    assert profile.groups[profile.weakest_link].score == min(scores.values())
    assert profile.balance_level == min(scores.values())
    rest = {g: s for g, s in scores.items() if g != profile.weakest_link}
    if rest:
        assert profile.groups[profile.second_weakest].score == min(rest.values())
    else:
        assert profile.second_weakest is None


@settings(deadline=None)
@given(result_sets(), masses, sexes, medians, st.randoms(use_true_random=False))
def test_output_is_deterministic(results, mass, sex, squad, rnd):
    kwargs = {"body_mass_kg": mass, "sex": sex, "protocols": P, "squad_medians": squad}
    shuffled = list(results)
    rnd.shuffle(shuffled)
    first = assess(results, **kwargs)
    assert assess(results, **kwargs) == first
    assert assess(shuffled, **kwargs) == first  # input order does not matter


@settings(deadline=None)
@given(result_sets(), result_sets(), masses, sexes, medians)
def test_dict_round_trip(earlier, results, mass, sex, squad):
    kwargs = {"body_mass_kg": mass, "sex": sex, "protocols": P, "squad_medians": squad}
    previous = assess(earlier, **kwargs)
    profile = assess(results, previous=previous, **kwargs)
    assert profile_from_dict(profile_to_dict(profile)) == profile
    data = json.loads(json.dumps(profile_to_dict(profile), allow_nan=False))
    assert profile_from_dict(data) == profile
