"""Progression and doses: build-week growth, the deload, repeated loads and level scaling."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Week:
    """Which load a planned week carries."""

    step: int  # build week whose load applies (1-based)
    deload: bool


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


# Level scaling. The reference week's doses are taken as the advanced dose.
LEVEL_SET_FACTOR = {"novice": 0.6, "intermediate": 0.8, "advanced": 1.0}
# Isometric holds: 3-4 x 20-30 s at >= 70 % effort with fast intent (Oranchuk 2019,
# doi:10.1111/sms.13375); novices start at 2 x 20 s.
HOLD_SETS = {"novice": 2, "intermediate": 3, "advanced": 4}
HOLD_SECONDS = {"novice": 20, "intermediate": 25, "advanced": 30}
HOLD_CAP_S = 45
