"""Plan inputs and plan readers for the generator tests: profiles are built directly,
balance.assess is never called."""

from __future__ import annotations

from datetime import date

from assessments.balance import GROUPS, BalanceProfile, GroupScore
from programs.generator import (
    EQUIPMENT,
    AthleteContext,
    ExerciseSpec,
    PlanInput,
    PlannedSession,
    ProgramPlan,
    standard_catalogue,
)

CATALOGUE = standard_catalogue()
BY_CODE = {s.code: s for s in CATALOGUE}
MONDAY = date(2025, 1, 6)
ALL_DAYS = tuple(range(7))
# A full kit, but no band: used where the band-free substitutes are the point.
NO_BAND = tuple(e for e in EQUIPMENT if e != "band")
SCORES = {
    "hip_flexors": 62.0,
    "glutes": 70.0,
    "hamstrings": 80.0,
    "quadriceps": 88.0,
    "calves": 92.0,
    "core": 101.0,
}


def make_profile(
    scores: dict[str, float | None] | None = None,
    *,
    asym: dict[str, tuple[str, float, str | None]] | None = None,
    swing_push: float | None = None,
) -> BalanceProfile:
    """A consistent profile: weakest / second weakest / balance level / potential follow
    from the scores (ties by GROUPS order). `asym` maps group -> (flag, pct, weaker side)."""
    scores = dict(SCORES if scores is None else scores)
    asym = asym or {}
    groups = {}
    for g in GROUPS:
        score = scores.get(g)
        flag, gap, weak = asym.get(g, ("none", None, None))
        groups[g] = GroupScore(
            group=g,
            score=score,
            left=score,
            right=score,
            asymmetry_pct=gap,
            asymmetry_flag=flag,
            weaker_side=weak,
        )
    tested = sorted((s, GROUPS.index(g), g) for g, s in scores.items() if s is not None)
    return BalanceProfile(
        groups=groups,
        balance_level=tested[0][0] if tested else None,
        potential=sum(t[0] for t in tested) / len(tested) if tested else None,
        weakest_link=tested[0][2] if tested else None,
        second_weakest=tested[1][2] if len(tested) > 1 else None,
        swing_push_ratio=swing_push,
        hq_ratio=None,
    )


def make_athlete(**kw) -> AthleteContext:
    values = {
        "level": "intermediate",
        "sex": "M",
        "available_weekdays": ALL_DAYS,
        "equipment": EQUIPMENT,
        "event_focus": "sprint",
    }
    values.update(kw)
    return AthleteContext(**values)


def make_input(profile: BalanceProfile | None = None, **kw) -> PlanInput:
    athlete_keys = {f for f in AthleteContext.__dataclass_fields__}
    athlete = make_athlete(**{k: v for k, v in kw.items() if k in athlete_keys})
    rest = {k: v for k, v in kw.items() if k not in athlete_keys}
    values = {
        "athlete": athlete,
        "profile": make_profile() if profile is None else profile,
        "catalogue": CATALOGUE,
        "start": MONDAY,
    }
    values.update(rest)
    return PlanInput(**values)


def windows(plan: ProgramPlan) -> list[list[PlannedSession]]:
    s = plan.sessions
    return [list(s[i : i + 7]) for i in range(0, len(s), 7)]


def session(plan: ProgramPlan, kind: str, window: int = 0) -> PlannedSession:
    return next(s for s in windows(plan)[window] if s.kind == kind)


def after_warmup(s: PlannedSession):
    return [i for i in s.items if i.section != "warmup"]


def sets_by_group(sessions) -> dict[str, int]:
    # independent of programs.generator.targeted_sets
    out = dict.fromkeys(GROUPS, 0)
    for s in sessions:
        for i in s.items:
            if i.emphasis is not None:
                out[i.emphasis] += i.sets or 0
    return out


def volume(sessions) -> int:
    # sets x (seconds or reps) over targeted items; independent of targeted_volume
    total = 0
    for s in sessions:
        for i in s.items:
            if i.emphasis is not None and i.sets:
                total += i.sets * (i.seconds or i.reps or 1)
    return total


def allowed(spec: ExerciseSpec, a: AthleteContext) -> bool:
    return (
        spec.code not in a.excluded_exercises
        and spec.category not in a.excluded_categories
        and set(spec.equipment) <= set(a.equipment)
    )


def kinds_by_weekday(plan: ProgramPlan, window: int = 0) -> dict[int, tuple[str, str]]:
    return {s.date.weekday(): (s.kind, s.intensity) for s in windows(plan)[window]}


# A session budget long enough that nothing is cut: for tests of the content rules alone.
LONG = 150
