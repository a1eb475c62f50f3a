"""Targeting: which groups the plan works on first, from the profile and the event focus."""

from __future__ import annotations

from assessments.balance import GROUPS, BalanceProfile, GroupScore

# Dorn 2012 (J Exp Biol 215:1944): below about 7 m/s speed rises mainly through soleus and
# gastrocnemius support force; above it, iliopsoas, gluteus maximus and hamstrings raise
# stride frequency. So the event focus favours those groups when scores are close.
FOCUS_GROUPS: dict[str, tuple[str, ...]] = {
    "sprint": ("hip_flexors", "glutes", "hamstrings"),
    "distance": ("calves",),
    "field": (),
}
# "Close" means within the default 5 % test noise (strength-tests.md: protocols without a
# published figure take 5 % as their noise), so the focus breaks what is effectively a tie.
FOCUS_MARGIN = 5.0


def target_order(profile: BalanceProfile, focus: str) -> tuple[str, ...]:
    """Tested groups in the order they are targeted: weakest first, with the event focus
    deciding between groups that score within FOCUS_MARGIN points of each other.

    Empty when no profile has been tested (weakest_link None): a balanced general plan.
    """
    if profile.weakest_link is None:
        return ()
    favoured = FOCUS_GROUPS.get(focus, ())
    scores = {
        g: gs.score for g in GROUPS if (gs := profile.groups.get(g)) is not None and gs.tested
    }

    def key(g: str) -> tuple[float, bool, int]:
        score = scores[g]
        bonus = FOCUS_MARGIN if g in favoured else 0.0
        return (score - bonus, g not in favoured, GROUPS.index(g))

    order = sorted(scores, key=key)
    if profile.weakest_link not in order:  # inconsistent input: trust the profile
        order.insert(0, profile.weakest_link)
    return tuple(order)


SWING_PUSH_LOW = 0.9  # strength-tests.md: below about 0.9 the swing side is limiting


def asymmetry_pct(gs: GroupScore) -> float | None:
    """The profile's asymmetry, or (stronger - weaker) / stronger x 100 from the sides."""
    if gs.asymmetry_pct is not None:
        return gs.asymmetry_pct
    if gs.left and gs.right:
        return (max(gs.left, gs.right) - min(gs.left, gs.right)) / max(gs.left, gs.right) * 100
    return None
