"""Targeting: which groups the plan works on first, from the profile, the tests' noise and
the event focus."""

from __future__ import annotations

from collections.abc import Mapping

from assessments.balance import GROUPS, BalanceProfile, GroupScore
from programs.generator.values import TestNoise

# Dorn 2012 (J Exp Biol 215:1944): below about 7 m/s speed rises mainly through soleus and
# gastrocnemius support force; above it, iliopsoas, gluteus maximus and hamstrings raise
# stride frequency. So the event focus favours those groups, but only to break near-ties.
FOCUS_GROUPS: dict[str, tuple[str, ...]] = {
    "sprint": ("hip_flexors", "glutes", "hamstrings"),
    "distance": ("calves",),
    "field": (),
}
# The noise of a score, as for a change between two tests (strength-tests.md and
# speed-and-readiness.md, "Is a change real?"): MDC95 = 1.96 x sqrt(2) x SEM = 2.77 x SEM;
# protocols without a published figure take a 5 % SEM; an absolute limit (noise_abs, an MDC
# or limits of agreement already) is used as it is. Scores closer than that are a near-tie.
MDC_PER_SEM = 2.77
DEFAULT_SEM_PCT = 5.0


def score_noise(gs: GroupScore, noise: Mapping[str, TestNoise]) -> float:
    """The group score's noise in score points (% of reference): the largest over the
    results it is built from (a score moves in proportion to its raw value)."""
    if gs.score is None:
        return 0.0
    points = []
    for ps in gs.protocols:
        tn = noise.get(ps.protocol_code, TestNoise())
        if tn.noise_abs is not None and ps.value > 0:
            points.append(tn.noise_abs / ps.value * ps.pct)
        else:
            sem = tn.sem_pct if tn.sem_pct is not None else DEFAULT_SEM_PCT
            points.append(MDC_PER_SEM * sem / 100 * ps.pct)
    if not points:  # no results kept with the profile: the default noise of its score
        points.append(MDC_PER_SEM * DEFAULT_SEM_PCT / 100 * gs.score)
    return max(points)


def near_tie(profile: BalanceProfile, a: str, b: str, noise: Mapping[str, TestNoise]) -> bool:
    """Do the scores of `a` and `b` differ by less than the larger of their noises?"""
    ga, gb = profile.groups[a], profile.groups[b]
    if ga.score is None or gb.score is None:
        return False
    return abs(ga.score - gb.score) < max(score_noise(ga, noise), score_noise(gb, noise))


def target_order(
    profile: BalanceProfile, focus: str, noise: Mapping[str, TestNoise] | None = None
) -> tuple[str, ...]:
    """Tested groups in the order they are targeted: weakest first. The event focus only
    breaks near-ties (`near_tie`): a favoured group may go one place ahead of a weaker,
    unfavoured group within noise of it, never more. So a group weakest beyond noise is
    always first, and the profile's weakest link is always first or second.

    Empty when no profile has been tested (weakest_link None): a balanced general plan.
    """
    if profile.weakest_link is None:
        return ()
    noise = noise or {}
    favoured = FOCUS_GROUPS.get(focus, ())
    scores = {
        g: gs.score for g in GROUPS if (gs := profile.groups.get(g)) is not None and gs.tested
    }
    rank = sorted(scores, key=lambda g: (scores[g], GROUPS.index(g)))
    if profile.weakest_link in rank:  # between equal scores the profile's choice wins
        rank.remove(profile.weakest_link)
    rank.insert(0, profile.weakest_link)  # (inconsistent input: trust the profile)
    order: list[str] = []
    jumped: str | None = None  # a weaker group passed over in the step before
    while rank:
        low = pick = rank[0]
        if low != jumped and low not in favoured and low in scores:
            ahead = [g for g in rank[1:] if g in favoured and near_tie(profile, low, g, noise)]
            pick = ahead[0] if ahead else low
        jumped = low if pick != low else None
        rank.remove(pick)
        order.append(pick)
    return tuple(order)


SWING_PUSH_LOW = 0.9  # strength-tests.md: below about 0.9 the swing side is limiting


def asymmetry_pct(gs: GroupScore) -> float | None:
    """The profile's asymmetry, or (stronger - weaker) / stronger x 100 from the sides."""
    if gs.asymmetry_pct is not None:
        return gs.asymmetry_pct
    if gs.left and gs.right:
        return (max(gs.left, gs.right) - min(gs.left, gs.right)) / max(gs.left, gs.right) * 100
    return None
