"""The planner's base: its state from the PlanInput, exercise choice with substitutions,
and the warm-up. Pure Python, no Django; see `generator_plan.Planner`.
"""

from __future__ import annotations

from programs import generator_rules as rules
from programs.generator import (
    RETEST_CODE,
    WARMUP_DRILLS,
    ExerciseSpec,
    PlanInput,
    PlanItem,
    standard_catalogue,
)
from programs.generator_content import WARMUP_SETS
from programs.generator_rules import lower_first


class ExerciseChooser:
    """Picks the exercise for each slot, or the best substitute, and builds the warm-up."""

    def __init__(self, plan_input: PlanInput) -> None:
        self.pi = plan_input
        self.athlete = plan_input.athlete
        self.level = self.athlete.level
        self.profile = plan_input.profile
        self.by_code = {s.code: s for s in plan_input.catalogue}
        self.index = {s.code: n for n, s in enumerate(plan_input.catalogue)}
        self.allowed = [
            s
            for s in plan_input.catalogue
            if s.code != RETEST_CODE and rules.unavailable_reason(s, self.athlete) is None
        ]
        self.substitutions: dict[str, None] = {}  # ordered set of sentences
        self.order = rules.target_order(self.profile, self.athlete.event_focus)
        self.primary = self.order[0] if self.order else None
        self.secondary = self.order[1] if len(self.order) > 1 else None
        ratio = self.profile.swing_push_ratio
        self.swing_low = ratio is not None and ratio < rules.SWING_PUSH_LOW
        self._picks: dict[tuple[object, ...], ExerciseSpec | None] = {}
        self.warmup = self._warmup()
        self.warmup_codes = {i.exercise_code for i in self.warmup}
        self._cache: dict[object, object] = {}

    # ----------------------------------------------------------------- exercise choice
    def _sub(self, sentence: str) -> None:
        self.substitutions.setdefault(sentence, None)

    def _pick(
        self, code: str, group: str | None, used: set[str], *, unilateral: bool = False
    ) -> ExerciseSpec | None:
        """The exercise for a slot: `code` when the athlete can do it, else the best
        substitute (same category first, then any training category for `group`, or the
        same category family for main work). Records a sentence for each substitution."""
        key = (code, group, frozenset(used), unilateral)
        if key not in self._picks:
            self._picks[key] = self._choose(code, group, used, unilateral)
        return self._picks[key]

    def _choose(
        self, code: str, group: str | None, used: set[str], unilateral: bool
    ) -> ExerciseSpec | None:
        spec = self.by_code.get(code)
        reason = (
            "not in the exercise library"
            if spec is None
            else rules.unavailable_reason(spec, self.athlete)
        )
        if spec is not None and reason is None and spec.code not in used:
            return spec
        if reason is None and group is None:
            return None  # main work already in this session: leave the repeat out
        orig = spec or {s.code: s for s in standard_catalogue()}.get(code)
        if orig is None:
            return None
        taken = used | (self.warmup_codes if group is not None else set())
        rank_group = group or (orig.groups[0] if orig.groups else None)
        candidates = [
            c
            for c in self.allowed
            if c.code not in taken
            and rules.is_candidate(c, orig, group)
            and (c.unilateral or not unilateral)
        ]
        best = min(
            candidates,
            key=lambda c: rules.substitute_key(c, orig, rank_group, self.index[c.code]),
            default=None,
        )
        if reason is not None:
            if best is not None:
                self._sub(f"{orig.name} unavailable: {reason}; using {lower_first(best.name)}.")
            else:
                self._sub(f"{orig.name} unavailable: {reason}; no substitute available, left out.")
        return best

    def _warmup(self) -> tuple[PlanItem, ...]:
        spare = [
            s
            for s in self.allowed
            if s.category == "drill" and s.intensity == "low" and s.code not in WARMUP_DRILLS
        ]
        chosen: list[ExerciseSpec] = []
        for code in WARMUP_DRILLS:
            spec = self.by_code.get(code)
            reason = (
                "not in the exercise library"
                if spec is None
                else rules.unavailable_reason(spec, self.athlete)
            )
            if spec is not None and reason is None:
                chosen.append(spec)
                continue
            name = spec.name if spec else code.replace("_", " ").capitalize()
            sub = next((s for s in spare if s not in chosen), None)
            if sub is not None:
                chosen.append(sub)
                self._sub(f"{name} unavailable: {reason}; using {lower_first(sub.name)}.")
            else:
                self._sub(f"{name} unavailable: {reason}; left out of the warm-up.")
        note = "Warm-up drill."
        if not chosen:  # no drills at all: mobility, then an easy jog
            chosen = [
                s for s in self.allowed if s.category == "mobility" and (s.seconds or 0) <= 60
            ]
            chosen = chosen[:4]
            note = "Warm-up (no drills available)."
        if not chosen:
            jog = [s for s in self.allowed if s.category == "easy_run" and (s.seconds or 0) <= 600]
            if not jog:
                self._sub("No warm-up exercise is available: warm up with 5-10 min easy movement.")
                return ()
            return (
                PlanItem(
                    jog[0].code, 1, sets=1, seconds=300, rest_s=0, note=note, section="warmup"
                ),
            )
        sets = WARMUP_SETS[len(chosen)]
        return tuple(
            PlanItem(s.code, n, sets=sets, seconds=30, rest_s=30, note=note, section="warmup")
            for n, s in enumerate(chosen, start=1)
        )
