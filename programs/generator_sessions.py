"""The planner's sessions: one draft per session kind (sprint, strength, hills, intervals,
agility, long run, rest) and the end-of-block retest. Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assessments.balance import GROUPS
from programs import generator_rules as rules
from programs.generator import MUSCLE_LENGTHS, RETEST_CODE, PlanItem
from programs.generator_content import (
    ACTIVATION,
    ACTIVATION_SETS,
    AGILITY_MAIN,
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
)
from programs.generator_items import ItemBuilder, _Week
from programs.generator_rules import DayPlan, label, pct


@dataclass(frozen=True)
class _Draft:  # a session before it gets its date
    kind: str
    title: str
    intensity: str
    purpose: str
    items: tuple[PlanItem, ...] = ()


def _number(items: list[PlanItem]) -> tuple[PlanItem, ...]:
    return tuple(replace(item, order=n) for n, item in enumerate(items, start=1))


class SessionBuilder(ItemBuilder):
    """Builds one session's draft (title, intensity, purpose, numbered items)."""

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
                names = self.pi.protocol_names
                protocols = sorted(
                    {names[p.protocol_code] for p in gs.protocols if p.protocol_code in names}
                    if gs
                    else ()
                )
                # Names may hold parentheses and commas: a list of its own, after the score.
                how = f" Tests: {'; '.join(protocols)}." if protocols else ""
                last = (
                    f", last {pct(gs.score)} % of reference" if gs and gs.score is not None else ""
                )
                items.append(
                    PlanItem(
                        RETEST_CODE,
                        0,
                        emphasis=g,
                        section="retest",
                        note=f"Retest {label(g)}{last}.{how}",
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
