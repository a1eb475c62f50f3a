"""Dosed items: main work scaled by level, targeted holds that progress by build week, and
the extra set for the weaker side. Each builder returns its items with the notes of the
substitutions it made, as a `Work` value."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from programs.generator.choice import pick
from programs.generator.content import BAND_PART, MAIN_NOTES, UNILATERAL, UNILATERAL_SETS, Slot
from programs.generator.context import PlanningContext
from programs.generator.progression import (
    HOLD_CAP_S,
    HOLD_SECONDS,
    LEVEL_SET_FACTOR,
    Week,
    deload_dose,
    deload_sets,
    progressed_dose,
)
from programs.generator.targeting import asymmetry_pct
from programs.generator.text import SIDE_WORD, cap_first, label, pct
from programs.generator.values import ExerciseSpec, PlanItem


@dataclass(frozen=True)
class Work:
    """Items for a session and the substitution notes made while choosing them."""

    items: tuple[PlanItem, ...] = ()
    notes: tuple[str, ...] = ()

    def __add__(self, other: Work) -> Work:
        return Work(self.items + other.items, self.notes + other.notes)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(i.exercise_code for i in self.items)


def _round(x: float) -> int:
    return max(1, int(x + 0.5))


def main_items(
    ctx: PlanningContext, slots: tuple[Slot, ...], used: Set[str], factor: float
) -> Work:
    """Main work from the reference week, sets scaled by level and `factor`."""
    taken, items, notes = set(used), [], []
    for code, dose in slots:
        spec, note = pick(ctx, code, None, taken)
        notes += note
        if spec is None:
            continue
        taken.add(spec.code)
        d = dose if spec.code == code else {}  # a substitute keeps its own dose
        sets = _round(d.get("sets", spec.sets or 1) * LEVEL_SET_FACTOR[ctx.level] * factor)
        items.append(
            PlanItem(
                spec.code,
                0,
                sets=sets,
                reps=d.get("reps", spec.reps) or None,
                seconds=d.get("seconds", spec.seconds) or None,
                distance_m=d.get("distance_m", spec.distance_m) or None,
                rest_s=d.get("rest_s", spec.rest_s) or None,
                note=MAIN_NOTES.get(spec.code, ""),
            )
        )
    return Work(tuple(items), tuple(notes))


def targeted_item(
    ctx: PlanningContext,
    spec: ExerciseSpec,
    group: str,
    sets: int,
    wk: Week,
    note: str,
    side: str = "B",
    section: str | None = None,
) -> PlanItem:
    """A targeted item; its hold time or reps progress by build week (see progression).
    Its section: "targeted" for the profile's weakest link, else "support" (see SECTIONS)."""
    if spec.contraction == "isometric":
        unit, base, cap = "seconds", HOLD_SECONDS[ctx.level], HOLD_CAP_S
    elif spec.seconds:
        unit, base, cap = "seconds", spec.seconds, 2 * spec.seconds
    elif spec.reps:
        unit, base, cap = "reps", spec.reps, 2 * spec.reps
    else:
        unit, base, cap = "", 1, 1
    dose = deload_dose(base) if wk.deload else progressed_dose(base, wk.step, cap)
    return PlanItem(
        spec.code,
        0,
        sets=sets,
        reps=dose if unit == "reps" else None,
        seconds=dose if unit == "seconds" else None,
        distance_m=None if unit else spec.distance_m,
        rest_s=spec.rest_s or 60,
        side=side,
        muscle_length=spec.muscle_length,
        emphasis=group,
        note=note,
        section=section or section_for(ctx, group),
    )


def section_for(ctx: PlanningContext, group: str) -> str:
    return "targeted" if group == ctx.weakest else "support"


def role_text(ctx: PlanningContext, group: str) -> str:
    """What the profile calls the group, for notes: only the profile's weakest link is
    called that (a near-tie may put another group first)."""
    prof = ctx.profile
    if group == prof.weakest_link:
        return "your weakest link"
    if group == prof.second_weakest:
        return "your second-weakest link"
    return ""


def week_sets(base: int, wk: Week) -> int:
    return deload_sets(base) if wk.deload else base


def score_text(ctx: PlanningContext, group: str) -> str:
    gs = ctx.profile.groups.get(group)
    if gs is None or gs.score is None:
        return f"{label(group)} (not tested yet)"
    return f"{label(group)}, {pct(gs.score)} % of reference"


def holds(
    ctx: PlanningContext,
    group: str,
    lengths: tuple[str, ...],
    sets: int,
    wk: Week,
    used: Set[str],
    note: str,
    section: str | None = None,
) -> Work:
    """Band holds for `group`, one per muscle length."""
    taken, items, notes = set(used), [], []
    for length in lengths:
        spec, sub = pick(ctx, f"band_{BAND_PART[group]}_hold_{length}", group, taken)
        notes += sub
        if spec is not None:
            taken.add(spec.code)
            items.append(
                targeted_item(ctx, spec, group, week_sets(sets, wk), wk, note, section=section)
            )
    return Work(tuple(items), tuple(notes))


def asymmetry_items(ctx: PlanningContext, group: str, wk: Week, used: Set[str]) -> Work:
    """For an "act" asymmetry: a unilateral pair, one set more on the weaker side."""
    gs = ctx.profile.groups.get(group)
    if gs is None or gs.asymmetry_flag != "act" or gs.weaker_side not in ("L", "R"):
        return Work()
    spec, notes = pick(ctx, UNILATERAL[group], group, used, unilateral=True)
    if spec is None:
        return Work((), notes)
    weak, strong = gs.weaker_side, "R" if gs.weaker_side == "L" else "L"
    base = week_sets(UNILATERAL_SETS[ctx.level], wk)
    gap = asymmetry_pct(gs)
    gap_text = f" {gap:.1f} %" if gap is not None else ""
    score = score_text(ctx, group)
    weak_note = (
        f"{cap_first(SIDE_WORD[weak])} {label(group)}{gap_text} weaker than "
        f"{SIDE_WORD[strong]}: one extra set on the {SIDE_WORD[weak]} ({score})."
    )
    strong_note = (
        f"{cap_first(SIDE_WORD[strong])} {label(group)}, the stronger side ({gap_text.strip()} "
        f"ahead; {score}): one set fewer than the {SIDE_WORD[weak]}."
        if gap_text
        else f"{cap_first(SIDE_WORD[strong])} {label(group)}, the stronger side ({score}): "
        f"one set fewer than the {SIDE_WORD[weak]}."
    )
    items = (
        targeted_item(ctx, spec, group, base + 1, wk, weak_note, side=weak),
        targeted_item(ctx, spec, group, base, wk, strong_note, side=strong),
    )
    return Work(items, notes)
