"""Readiness: does this morning's check-in call for a lighter session, and what changes.

Pure (no Django, no clock): the caller passes today's check-in, the athlete's earlier
check-ins of the baseline window and today's items. Sources (see
../shared/reference/speed-and-readiness.md and docs/readiness.md):

- The five items and their 1-5 scale (5 best) are McLean 2010, IJSPP 5:367 (form as
  World Rugby reprints it). Subjective ratings track load better than objective markers
  (Saw 2016, doi:10.1136/bjsports-2015-094758).
- The flag is a z-score against the athlete's OWN rolling baseline, not a population
  cut-off. The 28-day window and the thresholds (z <= -1 "low", z <= -2 "very low") are a
  vendor's convention, not evidence; no published source exists for -1.5 either. A z of -1
  went with 4.9 % less PlayerLoad (Gallo 2016, doi:10.1080/02640414.2015.1119295), and
  the day after a match z sat at -1.19 to -1.79 (Gallo 2017, JSCR 31:495): weigh context.
- Adjusting the day (fewer high-intensity sets, sprints and plyometrics swapped for
  lighter work) is convention: no trial shows it improves outcomes. So the result is a
  proposal the coach can undo, and it says what changed and why, with numbers.
- The targeted isometric holds (the weakest-link work) are low intensity and kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import fmean, stdev

READINESS_ITEMS: tuple[str, ...] = ("sleep", "fatigue", "soreness", "stress", "mood")
READINESS_ITEM_LABELS: dict[str, str] = {
    "sleep": "Sleep quality",
    "fatigue": "Energy (fatigue)",
    "soreness": "Muscle soreness",
    "stress": "Stress",
    "mood": "Mood",
}
ITEM_MIN, ITEM_MAX = 1, 5  # 5 is best on every item (McLean 2010)
BASELINE_DAYS = 28  # convention (a vendor's 4-week rolling baseline)
BASELINE_MIN_CHECKINS = 7  # convention: fewer give an SD too unstable to judge a day by
SD_FLOOR = 1.0  # points: a perfectly steady athlete would otherwise flag on a 1-point dip
LOW_Z = -1.0  # convention ("yellow")
VERY_LOW_Z = -2.0  # convention ("red")
# Reduced sets: the share of high-intensity sets kept. Convention, no trial behind them.
KEEP_SHARE = {"low": 2 / 3, "very_low": 1 / 2}
SWAPPED_CATEGORIES = ("sprint", "plyometric")  # swapped on a very low day
LOW_INTENSITY = "low"


@dataclass(frozen=True)
class CheckIn:
    sleep: int
    fatigue: int
    soreness: int
    stress: int
    mood: int

    def __post_init__(self):
        for name in READINESS_ITEMS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be a whole number from 1 to 5")
            if not ITEM_MIN <= value <= ITEM_MAX:
                raise ValueError(f"{name} must be from 1 to 5, not {value}")

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in READINESS_ITEMS)

    @property
    def lowest_item(self) -> str:
        """The item with the lowest rating (the first of equals, in questionnaire order)."""
        return min(READINESS_ITEMS, key=lambda name: getattr(self, name))


@dataclass(frozen=True)
class Readiness:
    status: str  # "no_baseline", "normal", "low" or "very_low"
    total: int  # today's sum, 5-25
    baseline_mean: float | None
    baseline_sd: float | None  # after the floor
    baseline_count: int
    z: float | None
    reason: str  # one sentence with the numbers, to the athlete ("your baseline")
    coach_reason: str = ""  # the same about the athlete, for the coach ("their baseline")

    @property
    def is_low(self) -> bool:
        return self.status in ("low", "very_low")


@dataclass(frozen=True)
class SessionItem:
    """One prescription of today's session as the rule sees it."""

    key: int  # the caller's id for it
    name: str
    category: str  # generator CATEGORIES
    intensity: str  # generator INTENSITIES
    section: str  # generator SECTIONS
    sets: int | None


@dataclass(frozen=True)
class Replacement:
    """Lighter work a swapped item may become."""

    key: str  # the caller's id (an exercise code)
    name: str
    category: str
    intensity: str


@dataclass(frozen=True)
class ItemChange:
    key: int
    action: str  # "reduce" or "swap"
    sets_before: int | None
    sets_after: int | None
    replacement: str | None  # Replacement.key when swapped
    reason: str


@dataclass(frozen=True)
class Adjustment:
    readiness: Readiness
    changes: tuple[ItemChange, ...]
    kept: tuple[str, ...]  # names of the targeted holds that stay as planned
    summary: tuple[str, ...]  # sentences for the athlete and the coach


def readiness_assess(today: CheckIn, baseline: tuple[CheckIn, ...]) -> Readiness:
    """Today's total against the mean and SD of the earlier check-ins in the window."""
    total = today.total
    count = len(baseline)
    if count < BASELINE_MIN_CHECKINS:
        return Readiness(
            status="no_baseline",
            total=total,
            baseline_mean=None,
            baseline_sd=None,
            baseline_count=count,
            z=None,
            reason=(
                f"Readiness {total}/25. Your own baseline needs {BASELINE_MIN_CHECKINS} "
                f"check-ins in {BASELINE_DAYS} days; you have {count}, so nothing changes yet."
            ),
            coach_reason=(
                f"Readiness {total}/25, with {count} of the {BASELINE_MIN_CHECKINS} check-ins "
                f"in {BASELINE_DAYS} days their own baseline needs: nothing changes yet."
            ),
        )
    totals = [c.total for c in baseline]
    mean = fmean(totals)
    sd = max(stdev(totals), SD_FLOOR)
    z = (total - mean) / sd
    if z <= VERY_LOW_Z:
        status = "very_low"
    elif z <= LOW_Z:
        status = "low"
    else:
        status = "normal"
    where = "below" if z < 0 else "above"

    def sentence(whose: str) -> str:
        text = (
            f"Readiness {total}/25 is {abs(z):.1f} SD {where} {whose} {BASELINE_DAYS}-day "
            f"baseline of {mean:.1f} ({count} check-ins)"
        )
        if status == "normal":
            return text + "."
        label = READINESS_ITEM_LABELS[today.lowest_item].lower()
        return text + f"; lowest: {label} {getattr(today, today.lowest_item)}/5."

    return Readiness(
        status,
        total,
        round(mean, 1),
        round(sd, 2),
        count,
        round(z, 2),
        sentence("your"),
        sentence("their"),
    )


def _kept_sentence(kept: tuple[str, ...]) -> str:
    """The targeted holds that stay, by name (the first three; a session may hold ten)."""
    names = list(dict.fromkeys(kept))
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    if len(kept) == 1:
        return f"Your targeted hold stays as planned: {shown}."
    return f"Your {len(kept)} targeted holds stay as planned: {shown}."


def _kept_sets(sets: int, status: str) -> int:
    return max(1, math.floor(sets * KEEP_SHARE[status]))


def _is_high(item: SessionItem) -> bool:
    return item.section == "main" and (
        item.intensity == "high" or item.category in SWAPPED_CATEGORIES
    )


def readiness_adjust(
    readiness: Readiness,
    items: tuple[SessionItem, ...],
    *,
    replacements: tuple[Replacement, ...] = (),
) -> Adjustment:
    """What a low readiness changes in the session: nothing unless low. Low: the
    high-intensity main work keeps two thirds of its sets. Very low: sprints and
    plyometrics are swapped for the first low-intensity replacement given (reduced to
    half when none is), other high-intensity work keeps half. Targeted holds, the warm-up
    and the cool-down are kept."""
    kept = tuple(i.name for i in items if i.section == "targeted")
    if not readiness.is_low:
        return Adjustment(readiness, (), kept, ())
    swap_to = next((r for r in replacements if r.intensity == LOW_INTENSITY), None)
    changes: list[ItemChange] = []
    for item in items:
        if not _is_high(item):
            continue
        swap = (
            readiness.status == "very_low"
            and item.category in SWAPPED_CATEGORIES
            and swap_to is not None
        )
        if swap:
            changes.append(
                ItemChange(
                    item.key,
                    "swap",
                    item.sets,
                    item.sets,
                    swap_to.key,
                    f"{item.name} swapped for {swap_to.name}: readiness is very low "
                    f"(z {readiness.z:+.1f}).",
                )
            )
            continue
        if not item.sets or item.sets <= 1:
            continue
        after = _kept_sets(item.sets, readiness.status)
        if after < item.sets:
            changes.append(
                ItemChange(
                    item.key,
                    "reduce",
                    item.sets,
                    after,
                    None,
                    f"{item.name}: {item.sets} → {after} {'set' if after == 1 else 'sets'} "
                    f"(readiness z {readiness.z:+.1f}).",
                )
            )
    summary = [readiness.reason]
    if changes:
        summary.append(
            f"Lighter today: {len(changes)} high-intensity "
            f"{'item' if len(changes) == 1 else 'items'} changed."
        )
    else:
        summary.append("No high-intensity work to lighten today.")
    if kept:
        summary.append(_kept_sentence(kept))
    return Adjustment(readiness, tuple(changes), kept, tuple(summary))
