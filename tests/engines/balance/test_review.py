"""The block review's arithmetic (assessments.balance.review), from hand-computed cases.

Noise figures are those of protocols.toml (strength-tests.md, speed-and-readiness.md).
"""

from __future__ import annotations

import pytest

from assessments.balance import (
    NOT_RETESTED,
    REAL_DECLINE,
    REAL_GAIN,
    REAL_IMPROVEMENT,
    REAL_LOSS,
    UNCLEAR,
    WITHIN_NOISE,
    Result,
    SquadPoint,
    assess,
    block_review,
    next_focus,
    outcome_change,
    squad_claim,
    squad_swc,
    standard_protocols,
    strength_mdc,
    strength_verdict,
)

P = standard_protocols()


@pytest.mark.parametrize(
    ("code", "start", "end", "verdict"),
    [
        # heel raise: +-6 reps limits of agreement, used as the MDC
        ("single_leg_heel_raise", 20, 26, WITHIN_NOISE),  # exactly at the MDC: not beyond
        ("single_leg_heel_raise", 20, 27, REAL_GAIN),
        ("single_leg_heel_raise", 20, 13, REAL_LOSS),
        ("single_leg_heel_raise", 20, None, NOT_RETESTED),
        # hip flexion: SEM 5 %, MDC = 2.77 x 5 % x 400 N = 55.4 N
        ("hip_flexion_hhd", 400, 455.4, WITHIN_NOISE),  # exactly at the MDC
        ("hip_flexion_hhd", 400, 456, REAL_GAIN),
        ("hip_flexion_hhd", 400, 344.6, WITHIN_NOISE),
        ("hip_flexion_hhd", 400, 344, REAL_LOSS),
        # plank: no published figure, the 5 % default: MDC = 13.85 s from 100 s
        ("prone_plank", 100, 113.85, WITHIN_NOISE),
        ("prone_plank", 100, 114, REAL_GAIN),
    ],
)
def test_strength_verdicts(code, start, end, verdict):
    assert strength_verdict(P[code], start, end) == verdict


def test_strength_mdc_numbers():
    assert strength_mdc(P["single_leg_heel_raise"], 20) == 6.0
    assert strength_mdc(P["hip_flexion_hhd"], 400) == pytest.approx(55.4)
    assert strength_mdc(P["soleus_iso"], 1000) == pytest.approx(346.25)  # 2.77 x 12.5 %


@pytest.mark.parametrize(
    ("code", "start", "end", "swc", "threshold", "verdict"),
    [
        # 20 m gates, CV 1.8 %: TE = 0.0576 s from 3.20 s; a squad SWC of 0.03 s is below
        # the TE, so the threshold is the MDC95 = 2.77 x 0.0576 = 0.159552 s
        ("sprint_20m", 3.20, 3.00, 0.03, 0.159552, REAL_IMPROVEMENT),
        ("sprint_20m", 3.20, 3.10, 0.03, 0.159552, UNCLEAR),
        ("sprint_20m", 3.20, 3.40, 0.03, 0.159552, REAL_DECLINE),  # slower: lower is better
        ("sprint_20m", 3.20, None, 0.03, 0.159552, NOT_RETESTED),
        # no squad SWC either: MDC95 again. 10 m gates, CV 3.1 %: TE = 0.0558 s from 1.80
        ("sprint_10m", 1.80, 1.64, None, 0.154566, REAL_IMPROVEMENT),
        # jump, CV 4.6 %: TE = 1.84 cm from 40 cm; SWC 2.0 >= TE: threshold SWC + TE = 3.84
        ("cmj_height", 40.0, 43.84, 2.0, 3.84, UNCLEAR),  # exactly at the threshold
        ("cmj_height", 40.0, 43.9, 2.0, 3.84, REAL_IMPROVEMENT),  # higher is better
        ("cmj_height", 40.0, 36.1, 2.0, 3.84, REAL_DECLINE),
        # hand timing: TE 0.19 s and a published SWC of 0.14 s (< TE): 2.77 x 0.19 = 0.5263
        ("sprint_20m_hand", 3.00, 2.60, 0.5, 0.5263, UNCLEAR),  # published SWC wins
    ],
)
def test_outcome_verdicts(code, start, end, swc, threshold, verdict):
    change = outcome_change(P[code], start, end, swc)
    assert change.threshold == pytest.approx(threshold)
    assert change.verdict == verdict


def test_outcome_improvement_is_signed_by_direction():
    assert outcome_change(P["sprint_20m"], 3.2, 3.0).improvement == pytest.approx(0.2)
    assert outcome_change(P["cmj_height"], 40, 38).improvement == pytest.approx(-2)


def test_squad_swc_is_a_fifth_of_the_between_athlete_sd():
    assert squad_swc([3.0, 3.2, 3.4]) == pytest.approx(0.04)  # SD 0.2
    assert squad_swc([3.0, 3.2]) is None  # too few athletes


def _profile(results, mass=70.0):
    return assess([Result(*r) for r in results], body_mass_kg=mass, sex="M", protocols=P)


START = [
    ("hip_flexion_hhd", "L", 300.0),  # 300 / 70 / 5.7 = 75.2 %
    ("hip_flexion_hhd", "R", 300.0),
    ("knee_extension_iso", "L", 230.0),  # 230 / 70 / 3.19 = 103.0 %
    ("knee_extension_iso", "R", 230.0),
    ("sprint_20m", "B", 3.20),
]
END = [
    ("hip_flexion_hhd", "L", 360.0),  # +60 N > MDC 41.55 N: real; 90.2 %
    ("hip_flexion_hhd", "R", 360.0),
    ("knee_extension_iso", "L", 235.0),  # +5 Nm < MDC 31.9 Nm: noise; 105.2 %
    ("knee_extension_iso", "R", 235.0),
    ("sprint_20m", "B", 3.00),
]


def _review(end=END, swcs=None):
    return block_review(
        start_results=[Result(*r) for r in START],
        end_results=None if end is None else [Result(*r) for r in end],
        start_profile=_profile(START),
        end_profile=None if end is None else _profile(end),
        protocols=P,
        squad_swcs=swcs,
    )


def test_outcomes_never_change_the_balance_profile():
    strength_only = [r for r in START if r[0] != "sprint_20m"]
    assert _profile(START) == _profile(strength_only)
    with_jump = [*strength_only, ("cmj_height", "B", 10.0), ("sprint_30m", "B", 7.9)]
    assert _profile(with_jump) == _profile(strength_only)


def test_block_review_start_to_end():
    review = _review()
    assert review.retested
    verdicts = {(c.protocol_code, c.side): c.verdict for c in review.strength}
    assert verdicts == {
        ("hip_flexion_hhd", "L"): REAL_GAIN,
        ("hip_flexion_hhd", "R"): REAL_GAIN,
        ("knee_extension_iso", "L"): WITHIN_NOISE,
        ("knee_extension_iso", "R"): WITHIN_NOISE,
    }
    groups = {g.group: (g.start, g.end, g.verdict) for g in review.groups}
    assert groups == {
        "hip_flexors": (75.2, 90.2, REAL_GAIN),
        "quadriceps": (103.0, 105.2, WITHIN_NOISE),
    }
    assert (review.weakest_start, review.weakest_end) == ("hip_flexors", "hip_flexors")
    assert (review.balance_start, review.balance_end) == (75.2, 90.2)
    assert (review.potential_start, review.potential_end) == (89.1, 97.7)
    assert review.weakest_score_change == 15.0
    assert review.weakest_improved is True
    (sprint,) = review.outcomes
    assert sprint.verdict == REAL_IMPROVEMENT  # 0.20 s > 0.1596 s


def test_missing_end_test_is_not_retested():
    review = _review(end=[r for r in END if r[0] == "hip_flexion_hhd"])
    verdicts = {c.protocol_code: c.verdict for c in review.strength}
    assert verdicts["knee_extension_iso"] == NOT_RETESTED
    assert {g.group: g.verdict for g in review.groups}["quadriceps"] == NOT_RETESTED
    assert review.outcomes[0].verdict == NOT_RETESTED
    assert review.weakest_improved is True


def test_block_not_retested_at_all():
    review = _review(end=None)
    assert not review.retested
    assert {c.verdict for c in review.strength} == {NOT_RETESTED}
    assert review.weakest_improved is None
    assert review.weakest_score_change is None
    assert review.balance_end is None


def test_next_focus_names_the_numbers():
    review = _review()
    text = next_focus(review, _profile(END))
    assert text.startswith("Next block: raise the hip flexors, now the weakest link at 90.2 %")
    assert "balance level 90.2 %, potential 97.7 %" in text
    assert "+15 points" in text
    assert "Then the quadriceps (105.2 %)" in text


def test_squad_claim_counts():
    claim = squad_claim(
        [
            SquadPoint(1, 15.0, -0.2, True, REAL_IMPROVEMENT),
            SquadPoint(2, 12.0, -0.05, True, UNCLEAR),
            SquadPoint(3, 1.0, 0.01, False, UNCLEAR),
            SquadPoint(4, None, None, None, NOT_RETESTED),
        ]
    )
    assert (claim.weakest_improved, claim.faster, claim.both, claim.retested) == (2, 1, 1, 3)
