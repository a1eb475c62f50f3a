"""Builds a ProgramPlan from a PlanInput: the weeks of the block, the targeting hierarchy
and the rationale.

Called through `programs.generator.generate`; pure Python, no clock, no randomness.
`Planner` stacks on its bases: `SessionBuilder` (`generator_sessions.py`, one session's
draft), `ItemBuilder` (`generator_items.py`, dosed items) and `ExerciseChooser`
(`generator_choice.py`, state, substitutions, warm-up). The rules it applies (schedule,
targeting order, progression, substitution ranking) are in `generator_rules.py`, the
reference-week content and doses in `generator_content.py`, and the rationale sentences in
`generator_rationale.py`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from assessments.balance import GROUPS
from programs import generator_rules as rules
from programs.generator import PlannedSession, ProgramPlan
from programs.generator_items import _Week
from programs.generator_rationale import build_rationale
from programs.generator_rules import DayPlan
from programs.generator_sessions import SessionBuilder, _Draft


class Planner(SessionBuilder):
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
