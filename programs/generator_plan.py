"""Builds a ProgramPlan from a PlanInput: sessions, items, rationale.

Called through `programs.generator.generate`; pure Python, no clock, no randomness. The
rules it applies (schedule, targeting order, progression, substitution ranking) are in
`generator_rules.py`, the reference-week content and doses in `generator_content.py`, and
the rationale sentences in `generator_rationale.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from assessments.balance import GROUPS
from programs import generator_rules as rules
from programs.generator import (
    MUSCLE_LENGTHS,
    RETEST_CODE,
    WARMUP_DRILLS,
    ExerciseSpec,
    PlanInput,
    PlanItem,
    PlannedSession,
    ProgramPlan,
    standard_catalogue,
)
from programs.generator_content import (
    ACTIVATION,
    ACTIVATION_SETS,
    AGILITY_MAIN,
    BAND_PART,
    DELOAD_FACTOR,
    DISTANCE_CALF_EXTRA,
    HILLS_MAIN,
    INTERVALS_MAIN,
    LONG_RUN_S,
    MAIN_NOTES,
    MAINT_SETS,
    MODERATE_FACTOR,
    SPRINT_MAIN,
    SPRINT_TECHNIQUE,
    STRENGTH_CORE,
    STRENGTH_MAIN,
    TITLES,
    UNILATERAL,
    UNILATERAL_SETS,
    WARMUP_SETS,
    Slot,
)
from programs.generator_rationale import build_rationale
from programs.generator_rules import DayPlan, cap_first, label, lower_first, pct


@dataclass(frozen=True)
class _Week:
    step: int  # build week whose load applies (1-based)
    deload: bool


@dataclass(frozen=True)
class _Draft:  # a session before it gets its date
    kind: str
    title: str
    intensity: str
    purpose: str
    items: tuple[PlanItem, ...] = ()


def _number(items: list[PlanItem]) -> tuple[PlanItem, ...]:
    return tuple(replace(item, order=n) for n, item in enumerate(items, start=1))


def _round(x: float) -> int:
    return max(1, int(x + 0.5))


class Planner:
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

    # ---------------------------------------------------------------------- sessions
    def _strength(self, wk: _Week, factor: float) -> tuple[list[PlanItem], str]:
        used: set[str] = set()
        level = self.level
        first: list[PlanItem] = []
        later: list[PlanItem] = []
        if self.primary:
            p, s = self.primary, self.secondary
            note = f"Targets your weakest link: {self._score_text(p)}."
            first += self._holds(p, MUSCLE_LENGTHS, rules.HOLD_SETS[level], wk, used, note)
            if s:
                note = f"Second-weakest link: {self._score_text(s)}."
                later += self._holds(
                    s, ("middle", "long"), rules.HOLD_SETS[level] - 1 or 1, wk, used, note
                )
            for g in GROUPS:
                later += self._asymmetry(g, wk, used)
            for g in GROUPS:
                if g not in (p, s):
                    note = f"Maintenance for {self._score_text(g)}."
                    later += self._holds(g, ("middle",), MAINT_SETS[level], wk, used, note)
            purpose = (
                f"Isometric band holds for your weakest link ({label(p)}) at three muscle "
                "lengths, then the main lifts and core."
            )
        else:
            for g in GROUPS:
                note = f"Balanced general work for {label(g)}: no strength test on record yet."
                first += self._holds(g, ("middle",), rules.HOLD_SETS[level] - 1, wk, used, note)
            for g in GROUPS:
                later += self._asymmetry(g, wk, used)
            purpose = "Balanced isometric holds for all six groups, then the main lifts and core."
        if self.athlete.event_focus == "distance":
            spec = self._pick(DISTANCE_CALF_EXTRA, "calves", used)
            if spec is not None:
                used.add(spec.code)
                note = (
                    "Extra calf work for distance running: below about 7 m/s the calves give "
                    "most of the push (Dorn 2012)."
                )
                later.append(
                    self._item(spec, "calves", self._sets(MAINT_SETS[level], wk), wk, note)
                )
        lifts = self._main(STRENGTH_MAIN, used, factor)
        core = self._main(STRENGTH_CORE, used, factor)
        items = first + lifts + later + core
        if self.swing_low:  # swing side limiting: hip-flexor work first
            hip = [i for i in items if i.emphasis == "hip_flexors"]
            items = hip + [i for i in items if i.emphasis != "hip_flexors"]
            purpose += " Hip-flexor work comes first: your swing side is limiting."
        return items, purpose

    def _activation(self, wk: _Week, used: set[str]) -> list[PlanItem]:
        if not self.primary:
            return []
        spec = self._pick(ACTIVATION[self.primary], self.primary, used)
        if spec is None:
            return []
        used.add(spec.code)
        note = f"Activation for your weakest link: {self._score_text(self.primary)}."
        return [
            self._item(spec, self.primary, self._sets(ACTIVATION_SETS[self.level], wk), wk, note)
        ]

    def _session(self, day: DayPlan, wk: _Week, why: str | None) -> _Draft:
        key = (day, wk, why)
        if key in self._cache:
            return self._cache[key]  # type: ignore[return-value]
        kind = day.kind
        if kind == "rest":
            purpose = (
                "Rest, or light activity: an easy swim, yoga or stretching."
                if day.available
                else "Rest day (not one of your training days); light activity is fine."
            )
            draft = _Draft("rest", TITLES["rest"], "low", purpose)
            self._cache[key] = draft
            return draft
        moderate = day.intensity == "moderate" and day.downgraded
        factor = (MODERATE_FACTOR if moderate else 1.0) * (DELOAD_FACTOR if wk.deload else 1.0)
        used: set[str] = set()
        if kind == "sprint":
            items = self._main(SPRINT_TECHNIQUE, used, factor)
            items += self._activation(wk, used)
            items += self._main(SPRINT_MAIN["moderate" if moderate else "high"], used, factor)
            purpose = (
                "Acceleration technique at about 90 % effort, with full recovery."
                if moderate
                else "Maximum-effort sprints with 2-3 min recovery, plus technique"
                + (" and a short activation of your weakest link." if self.primary else ".")
            )
        elif kind == "strength":
            items, purpose = self._strength(wk, factor)
        elif kind == "hills":
            items = self._main(HILLS_MAIN, used, factor)
            purpose = "Uphill sprints with jog-down recovery, then a steady run." + (
                " Run the hills at a controlled effort (about 85 %)." if moderate else ""
            )
        elif kind == "intervals":
            items = self._main(INTERVALS_MAIN["moderate" if moderate else "high"], used, factor)
            purpose = (
                "Tempo runs, pogo jumps and butt kicks."
                if moderate
                else "30 s fast / 60 s jog intervals for about 20 min, box jumps and butt kicks."
            )
        elif kind == "agility":
            items = self._main(AGILITY_MAIN, used, factor)
            purpose = "Quick feet, changes of direction and short sprints."
        else:  # long_run
            run = self._pick("long_easy_run", None, used)
            items = []
            if run is not None:
                used.add(run.code)
                seconds = LONG_RUN_S[self.level] if run.code == "long_easy_run" else run.seconds
                if wk.deload and seconds:
                    seconds = int(seconds * MODERATE_FACTOR)
                items.append(
                    PlanItem(
                        run.code, 0, sets=1, seconds=seconds, note=MAIN_NOTES.get(run.code, "")
                    )
                )
            items += [
                replace(i, section="cooldown")
                for i in self._main((("static_stretching", {}),), used, 1.0)
            ]
            purpose = (
                "40-60 min at a moderate, conversational pace (70-80 % of maximum heart rate)."
            )
        if why:
            purpose += f" Kept moderate {why}."
        if wk.deload:
            purpose += " Deload week: lower volume."
        title = (
            TITLES[kind] + (" (moderate)" if moderate else "") + (" (deload)" if wk.deload else "")
        )
        draft = _Draft(kind, title, day.intensity, purpose, _number([*self.warmup, *items]))
        self._cache[key] = draft
        return draft

    def _retest(self) -> _Draft:
        tested = [
            g for g in GROUPS if (gs := self.profile.groups.get(g)) is not None and gs.tested
        ]
        groups = tested or list(GROUPS)
        items = list(self.warmup)
        spec = self.by_code.get(RETEST_CODE)
        if spec is not None and rules.unavailable_reason(spec, self.athlete) is None:
            for g in groups:
                gs = self.profile.groups.get(g)
                protocols = sorted({p.protocol_code for p in gs.protocols}) if gs else []
                how = f" ({', '.join(protocols)})" if protocols else ""
                last = (
                    f", last {pct(gs.score)} % of reference" if gs and gs.score is not None else ""
                )
                items.append(
                    PlanItem(
                        RETEST_CODE,
                        0,
                        emphasis=g,
                        section="retest",
                        note=f"Retest {label(g)}{how}{last}.",
                    )
                )
        if tested:
            purpose = (
                "End of block: repeat the strength tests so the next block targets the "
                "current weakest link."
            )
        else:
            purpose = (
                "First assessment: test all six groups so the program can target the weakest link."
            )
        return _Draft("retest", TITLES["retest"], "moderate", purpose, _number(items))

    # ------------------------------------------------------------------------ weeks
    def _enforce_hierarchy(self, drafts: list[_Draft]) -> list[_Draft]:
        """Weakest link > second weakest > every other group, in targeted sets per week."""
        if not self.primary:
            return drafts
        totals = {
            g: sum(
                i.sets or 0
                for d in drafts
                for i in d.items
                if i.emphasis == g and i.section == "targeted"
            )
            for g in GROUPS
        }
        p, s = self.primary, self.secondary
        if s and totals.get(s, 0) > 0:
            need = max(totals[g] for g in GROUPS if g not in (p, s)) + 1 - totals[s]
            if need > 0:
                drafts = self._add_sets(drafts, s, need)
                totals[s] += need
        if totals.get(p, 0) > 0:
            need = max(totals[g] for g in GROUPS if g != p) + 1 - totals[p]
            if need > 0:
                drafts = self._add_sets(drafts, p, need)
        return drafts

    @staticmethod
    def _add_sets(drafts: list[_Draft], group: str, extra: int) -> list[_Draft]:
        """Spread `extra` sets one at a time over the group's two-sided targeted items."""
        spots = [
            (di, ii)
            for di, d in enumerate(drafts)
            for ii, i in enumerate(d.items)
            if i.emphasis == group and i.section == "targeted"
        ]
        spots = [(di, ii) for di, ii in spots if drafts[di].items[ii].side == "B"] or spots
        rows = [list(d.items) for d in drafts]
        for n in range(extra):
            di, ii = spots[n % len(spots)]
            rows[di][ii] = replace(rows[di][ii], sets=(rows[di][ii].sets or 0) + 1)
        return [replace(d, items=tuple(r)) for d, r in zip(drafts, rows, strict=True)]

    def _window(
        self, template: tuple[DayPlan, ...], weekdays: list[int], wk: _Week, retest: int | None
    ) -> list[_Draft]:
        drafts = []
        for i, wd in enumerate(weekdays):
            if i == retest:
                drafts.append(self._retest())
                continue
            day, why = template[wd], None
            if day.downgraded:
                why = "so that no two hard days follow each other"
            if retest is not None and i == retest - 1 and day.intensity == "high":
                day, why = replace(day, intensity="moderate", downgraded=True), "before the retest"
            drafts.append(self._session(day, wk, why))
        return self._enforce_hierarchy(drafts)

    def plan(self) -> ProgramPlan:
        pi = self.pi
        template = rules.weekly_template(
            tuple(sorted(set(self.athlete.available_weekdays))), self.athlete.event_focus
        )
        repeat = rules.repeat_load_reasons(pi.adherence.completed_share, pi.adherence.mean_rpe)
        first_block = pi.block_length - pi.block_week + 1  # windows before the first new block
        sessions: list[PlannedSession] = []
        windows: dict[object, list[_Draft]] = {}
        first_week: list[PlannedSession] = []
        for w in range(pi.weeks):
            bw = (pi.block_week - 1 + w) % pi.block_length + 1
            deload = bw == pi.block_length
            if deload:
                step = 1
            elif repeat:  # hold the load of the week before the plan started
                step = max(1, pi.block_week - 1) if w < first_block else 1
            else:
                step = bw
            wk = _Week(step, deload)
            dates = [pi.start + timedelta(days=7 * w + i) for i in range(7)]
            weekdays = [d.weekday() for d in dates]
            retest = None
            if deload:
                # the last training day, so the week keeps its rest day(s)
                open_days = [i for i, wd in enumerate(weekdays) if template[wd].kind != "rest"]
                retest = open_days[-1] if open_days else None
            key = (wk, weekdays[0], retest)
            if key not in windows:
                windows[key] = self._window(template, weekdays, wk, retest)
            for day, draft in zip(dates, windows[key], strict=True):
                session = PlannedSession(
                    date=day,
                    week=bw,
                    kind=draft.kind,
                    title=draft.title,
                    intensity=draft.intensity,
                    purpose=draft.purpose,
                    items=draft.items,
                )
                sessions.append(session)
                if w == 0:
                    first_week.append(session)
        rationale = build_rationale(self, template, repeat, first_week)
        subs = tuple(self.substitutions)
        return ProgramPlan(
            sessions=tuple(sessions), rationale=tuple(rationale + list(subs)), substitutions=subs
        )
