"""The planner's items: main work dosed by level, targeted band holds that progress by
build week, and the extra set for the weaker side. Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from programs import generator_rules as rules
from programs.generator import ExerciseSpec, PlanItem
from programs.generator_choice import ExerciseChooser
from programs.generator_content import BAND_PART, MAIN_NOTES, UNILATERAL, UNILATERAL_SETS, Slot
from programs.generator_rules import cap_first, label, pct


@dataclass(frozen=True)
class _Week:
    step: int  # build week whose load applies (1-based)
    deload: bool


def _round(x: float) -> int:
    return max(1, int(x + 0.5))


class ItemBuilder(ExerciseChooser):
    """Builds the items of a session: main work, targeted holds, asymmetry sets."""

    # ------------------------------------------------------------------------- items
    def _main(self, slots: tuple[Slot, ...], used: set[str], factor: float) -> list[PlanItem]:
        items = []
        for code, dose in slots:
            spec = self._pick(code, None, used)
            if spec is None:
                continue
            used.add(spec.code)
            d = dose if spec.code == code else {}
            sets = _round(
                d.get("sets", spec.sets or 1) * rules.LEVEL_SET_FACTOR[self.level] * factor
            )
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
        return items

    def _item(
        self,
        spec: ExerciseSpec,
        group: str,
        sets: int,
        wk: _Week,
        note: str,
        side: str = "B",
    ) -> PlanItem:
        """A targeted item; its hold time or reps progress by build week (see rules)."""
        if spec.contraction == "isometric":
            unit, base, cap = "seconds", rules.HOLD_SECONDS[self.level], rules.HOLD_CAP_S
        elif spec.seconds:
            unit, base, cap = "seconds", spec.seconds, 2 * spec.seconds
        elif spec.reps:
            unit, base, cap = "reps", spec.reps, 2 * spec.reps
        else:
            unit, base, cap = "", 1, 1
        dose = rules.deload_dose(base) if wk.deload else rules.progressed_dose(base, wk.step, cap)
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
            section="targeted",
        )

    def _sets(self, base: int, wk: _Week) -> int:
        return rules.deload_sets(base) if wk.deload else base

    def _score_text(self, group: str) -> str:
        gs = self.profile.groups.get(group)
        if gs is None or gs.score is None:
            return f"{label(group)} (not tested yet)"
        return f"{label(group)}, {pct(gs.score)} % of reference"

    def _holds(
        self, group: str, lengths: tuple[str, ...], sets: int, wk: _Week, used: set[str], note: str
    ) -> list[PlanItem]:
        items = []
        for length in lengths:
            spec = self._pick(f"band_{BAND_PART[group]}_hold_{length}", group, used)
            if spec is not None:
                used.add(spec.code)
                items.append(self._item(spec, group, self._sets(sets, wk), wk, note))
        return items

    def _asymmetry(self, group: str, wk: _Week, used: set[str]) -> list[PlanItem]:
        gs = self.profile.groups.get(group)
        if gs is None or gs.asymmetry_flag != "act" or gs.weaker_side not in ("L", "R"):
            return []
        spec = self._pick(UNILATERAL[group], group, used, unilateral=True)
        if spec is None:
            return []
        used.add(spec.code)
        weak, strong = gs.weaker_side, "R" if gs.weaker_side == "L" else "L"
        base = self._sets(UNILATERAL_SETS[self.level], wk)
        gap = rules.asymmetry_pct(gs)
        gap_text = f" {gap:.1f} %" if gap is not None else ""
        weak_note = (
            f"{cap_first(rules.SIDE_WORD[weak])} {label(group)}{gap_text} weaker than "
            f"{rules.SIDE_WORD[strong]}: one extra set on the {rules.SIDE_WORD[weak]}."
        )
        strong_note = (
            f"{cap_first(rules.SIDE_WORD[strong])} side: one set fewer than the weaker side."
        )
        return [
            self._item(spec, group, base + 1, wk, weak_note, side=weak),
            self._item(spec, group, base, wk, strong_note, side=strong),
        ]
