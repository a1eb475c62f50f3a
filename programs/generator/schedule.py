"""The training week: the reference week fitted to the athlete's available days."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations, permutations

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
