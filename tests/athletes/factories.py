"""Dashboard test helpers: assessments with a hand-made profile (no engine, no job)."""

import datetime as dt
from statistics import fmean

from assessments.balance import GROUPS, BalanceProfile, Flag, GroupScore, profile_to_dict
from assessments.models import Assessment
from assessments.services import profile_asymmetries
from tests.factories import days_ago

DEFAULT_SCORES = {
    "hip_flexors": 62.0,
    "glutes": 95.0,
    "hamstrings": 88.0,
    "quadriceps": 101.0,
    "calves": 90.0,
    "core": 110.0,
}


def make_profile(scores=None, *, asymmetry=None) -> BalanceProfile:
    """A profile with the given group scores; asymmetry: {group: (pct, flag)}."""
    scores = {**DEFAULT_SCORES, **(scores or {})}
    asymmetry = asymmetry or {}
    groups = {}
    for g in GROUPS:
        score = scores.get(g)
        pct, flag = asymmetry.get(g, (None, "none"))
        groups[g] = GroupScore(
            group=g,
            score=score,
            left=score,
            right=None if score is None or pct is None else round(score / (1 - pct / 100), 1),
            asymmetry_pct=pct,
            asymmetry_flag=flag,
            weaker_side="L" if pct else None,
        )
    tested = {g: s for g, s in scores.items() if s is not None}
    ranked = sorted(tested, key=lambda g: (tested[g], GROUPS.index(g)))
    weakest = ranked[0] if ranked else None
    flags = (
        (Flag("weakest_link", weakest, "info", f"{weakest} is the weakest link."),)
        if weakest
        else ()
    )
    return BalanceProfile(
        groups=groups,
        balance_level=min(tested.values()) if tested else None,
        potential=round(fmean(tested.values()), 1) if tested else None,
        weakest_link=weakest,
        second_weakest=ranked[1] if len(ranked) > 1 else None,
        swing_push_ratio=0.65,
        hq_ratio=None,
        flags=flags,
    )


def make_assessment(athlete, *, date: dt.date | None = None, scores=None, asymmetry=None):
    profile = make_profile(scores, asymmetry=asymmetry)
    pcts = [g.asymmetry_pct for g in profile.groups.values() if g.asymmetry_pct is not None]
    return Assessment.objects.create(
        athlete=athlete,
        date=date or days_ago(3),
        body_mass_kg=75,
        profile=profile_to_dict(profile),
        balance_level=profile.balance_level,
        weakest_link=profile.weakest_link or "",
        max_asymmetry_pct=max(pcts) if pcts else None,
        asymmetries=profile_asymmetries(profile),
    )
