"""Pure rules behind the program generator: weekly schedule, targeting, progression,
availability and substitution ranking, and text helpers.

No Django and no clock. Kept apart from `generator.py` so that file stays readable; the
dataclasses live there and are only imported here for type checking.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations, permutations
from typing import TYPE_CHECKING

from assessments.balance import GROUP_NAMES, GROUPS

if TYPE_CHECKING:
    from assessments.balance import BalanceProfile, GroupScore
    from programs.generator import AthleteContext, ExerciseSpec

WEEKDAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# ---------------------------------------------------------------------------------- schedule
# The reference week (strength-tests.md, "The reference week"): Mon sprint and technique,
# Tue strength and power, Wed hills and endurance, Thu rest, Fri intervals, Sat agility,
# Sun long easy run.
REFERENCE_DAY: dict[str, int] = {
    "sprint": 0,
    "strength": 1,
    "hills": 2,
    "intervals": 4,
    "agility": 5,
    "long_run": 6,
}
REFERENCE_REST_DAY = 3  # Thursday: kept as the rest day when all seven days are available
BASE_INTENSITY: dict[str, str] = {
    "sprint": "high",
    "strength": "high",
    "hills": "high",
    "intervals": "high",
    "agility": "moderate",
    "long_run": "low",
}
# What it costs (in "days of displacement") to run a hard session at moderate intensity.
# Hills lose least (the endurance part stays), sprints most (speed needs full effort).
DOWNGRADE_COST: dict[str, int] = {"hills": 20, "intervals": 30, "strength": 40, "sprint": 60}
# Which sessions are kept when fewer days are available. Strength first: it carries the
# weakest-link work; sprint second. Distance athletes keep the long run and hills over
# agility; field athletes keep agility over intervals.
KIND_PRIORITY: dict[str, tuple[str, ...]] = {
    "sprint": ("strength", "sprint", "intervals", "agility", "hills", "long_run"),
    "field": ("strength", "sprint", "agility", "intervals", "hills", "long_run"),
    "distance": ("strength", "sprint", "long_run", "hills", "intervals", "agility"),
}


@dataclass(frozen=True)
class DayPlan:
    weekday: int
    kind: str  # a training kind or "rest"
    intensity: str
    downgraded: bool = False  # a hard kind run at moderate intensity
    available: bool = False


def _adjacent_highs(days: Sequence[int]) -> bool:
    high = set(days)
    return any((d + 1) % 7 in high for d in high)


@cache
def weekly_template(available: tuple[int, ...], focus: str) -> tuple[DayPlan, ...]:
    """The training week as seven DayPlans indexed by weekday (0 = Monday).

    Keeps the most valuable sessions for the available days, always leaves at least one rest
    day, places sessions as close to their reference weekday as possible, and never puts two
    high-intensity days next to each other (the week is treated as a cycle, so Sunday and
    Monday count as neighbours). Where that needs it, the cheapest hard session is run at
    moderate intensity. Exhaustive search over the (at most 720) placements: deterministic.
    """
    avail = sorted(set(available))
    training = [d for d in avail if d != REFERENCE_REST_DAY] if len(avail) == 7 else avail
    kinds = KIND_PRIORITY[focus][: len(training)]
    highs = [k for k in kinds if BASE_INTENSITY[k] == "high"]
    subsets = sorted(
        (s for r in range(len(highs) + 1) for s in combinations(highs, r)),
        key=lambda s: (sum(DOWNGRADE_COST[k] for k in s), len(s)),
    )
    best: tuple[int, tuple[str, ...], tuple[str, ...]] | None = None
    for subset in subsets:
        cost = sum(DOWNGRADE_COST[k] for k in subset)
        if best is not None and cost >= best[0]:
            break
        for perm in permutations(kinds):
            total = cost + sum(
                abs(d - REFERENCE_DAY[k]) for d, k in zip(training, perm, strict=True)
            )
            if best is not None and total >= best[0]:
                continue
            hard = [
                d for d, k in zip(training, perm, strict=True) if k in highs and k not in subset
            ]
            if not _adjacent_highs(hard):
                best = (total, perm, subset)
    placed = dict(zip(training, best[1], strict=True)) if best else {}
    downgraded = set(best[2]) if best else set()
    days = []
    for d in range(7):
        kind = placed.get(d)
        if kind is None:
            days.append(DayPlan(d, "rest", "low", available=d in avail))
        elif kind in downgraded:
            days.append(DayPlan(d, kind, "moderate", downgraded=True, available=True))
        else:
            days.append(DayPlan(d, kind, BASE_INTENSITY[kind], available=True))
    return tuple(days)


# --------------------------------------------------------------------------------- targeting
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


# ------------------------------------------------------------------------------- progression
# strength-tests.md, "Progress loads gradually": keep weekly increases modest (<= 10-15 %);
# the 10 % rule alone did not prevent injury (Buist 2008), increases above 30 % over two
# weeks went with injury (Nielsen 2014). We aim for +10 % and never exceed +15 %.
WEEKLY_GROWTH = 1.10
MAX_WEEKLY_INCREASE = 1.15
DELOAD_DOSE = 0.8  # deload: week-1 dose x 0.8 and about half the sets
LOW_ADHERENCE = 0.6  # completed share below this repeats the load
HIGH_RPE = 9.0  # mean RPE at or above this repeats the load


def progressed_dose(base: int, step: int, cap: int | None = None) -> int:
    """Dose (seconds or reps) for build week `step` (1-based) of a block.

    Aims for +10 % a week but each week is at most 15 % above the one before, after
    rounding to whole numbers, and never above `cap`.
    """
    dose = base
    for k in range(2, step + 1):
        target = round(base * WEEKLY_GROWTH ** (k - 1))
        dose = min(max(target, dose), math.floor(dose * MAX_WEEKLY_INCREASE))
        if cap is not None:
            dose = min(dose, max(cap, base))
    return dose


def deload_dose(base: int) -> int:
    return max(1, math.floor(base * DELOAD_DOSE))


def deload_sets(sets: int) -> int:
    return max(1, math.ceil(sets / 2))


def repeat_load_reasons(completed_share: float | None, mean_rpe: float | None) -> list[str]:
    """Sentences explaining why the load is repeated; empty when it may progress."""
    reasons = []
    if completed_share is not None and completed_share < LOW_ADHERENCE:
        reasons.append(
            f"Only {completed_share * 100:.0f} % of recent sessions were completed "
            f"(below {LOW_ADHERENCE * 100:.0f} %), so the load is repeated instead of progressed."
        )
    if mean_rpe is not None and mean_rpe >= HIGH_RPE:
        reasons.append(
            f"Mean effort was RPE {mean_rpe:.1f} (9 or more), "
            "so the load is repeated instead of progressed."
        )
    return reasons


# ------------------------------------------------------------------- availability, substitutes
EQUIPMENT_LABEL: dict[str, str] = {"nordic_bench": "Nordic bench"}
# Families of categories: a main-work exercise is only replaced within its family.
CATEGORY_FAMILY: dict[str, str] = {
    "sprint": "running",
    "hill": "running",
    "intervals": "running",
    "easy_run": "endurance",
    "drill": "drill",
    "plyometric": "jumps",
    "agility": "agility",
    "strength": "strength",
    "isometric_band": "strength",
    "core": "strength",
    "mobility": "mobility",
}
# Categories a targeted (weakest-link) slot may fall back to.
TARGETED_CATEGORIES: tuple[str, ...] = (
    "isometric_band",
    "strength",
    "core",
    "drill",
    "plyometric",
)


def unavailable_reason(spec: ExerciseSpec, athlete: AthleteContext) -> str | None:
    """Why the athlete cannot do this exercise, or None when they can."""
    if spec.code in athlete.excluded_exercises:
        return "excluded for this athlete"
    if spec.category in athlete.excluded_categories:
        return f"{spec.category.replace('_', ' ')} work excluded"
    missing = [e for e in spec.equipment if e not in athlete.equipment]
    if missing:
        return ", ".join(f"no {EQUIPMENT_LABEL.get(e, e)}" for e in missing)
    return None


def substitute_key(
    cand: ExerciseSpec, orig: ExerciseSpec, group: str | None, index: int
) -> tuple[object, ...]:
    """Sort key: the best substitute first (same category, then same family, same main
    group, same contraction, same muscle length, same sidedness, same intensity)."""
    main_group = cand.groups[0] if cand.groups else None
    return (
        cand.category != orig.category,
        CATEGORY_FAMILY.get(cand.category) != CATEGORY_FAMILY.get(orig.category),
        group is not None and main_group != group,
        cand.contraction != orig.contraction,
        cand.muscle_length != orig.muscle_length,
        cand.unilateral != orig.unilateral,
        cand.intensity != orig.intensity,
        -len(set(cand.groups) & set(orig.groups)),
        abs((cand.distance_m or 0) - (orig.distance_m or 0)),
        index,
    )


def is_candidate(cand: ExerciseSpec, orig: ExerciseSpec, group: str | None) -> bool:
    """May `cand` stand in for `orig`? Targeted slots need the same group in a training
    category; main work stays within its category family."""
    if cand.code == orig.code:
        return False
    if group is not None:  # targeted work needs a dose that can progress: seconds or reps
        dosed = cand.contraction == "isometric" or bool(cand.seconds or cand.reps)
        return dosed and group in cand.groups and cand.category in TARGETED_CATEGORIES
    return CATEGORY_FAMILY.get(cand.category) == CATEGORY_FAMILY.get(orig.category)


# ------------------------------------------------------------------------------------ doses
# Level scaling. The reference week's doses are taken as the advanced dose.
LEVEL_SET_FACTOR = {"novice": 0.6, "intermediate": 0.8, "advanced": 1.0}
# Isometric holds: 3-4 x 20-30 s at >= 70 % effort with fast intent (Oranchuk 2019,
# doi:10.1111/sms.13375); novices start at 2 x 20 s.
HOLD_SETS = {"novice": 2, "intermediate": 3, "advanced": 4}
HOLD_SECONDS = {"novice": 20, "intermediate": 25, "advanced": 30}
HOLD_CAP_S = 45
SWING_PUSH_LOW = 0.9  # strength-tests.md: below about 0.9 the swing side is limiting


def asymmetry_pct(gs: GroupScore) -> float | None:
    """The profile's asymmetry, or (stronger - weaker) / stronger x 100 from the sides."""
    if gs.asymmetry_pct is not None:
        return gs.asymmetry_pct
    if gs.left and gs.right:
        return (max(gs.left, gs.right) - min(gs.left, gs.right)) / max(gs.left, gs.right) * 100
    return None


# -------------------------------------------------------------------------------------- text
KIND_WORD = {"long_run": "long run"}

SIDE_WORD: dict[str, str] = {"L": "left", "R": "right"}


def label(group: str) -> str:
    return GROUP_NAMES.get(group, group.replace("_", " "))


def is_are(group: str) -> str:
    return "is" if group == "core" else "are"


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """'Wall sit' -> 'wall sit', but keep acronyms: 'RDL hold' stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def pct(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f}"
