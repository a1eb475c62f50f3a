"""The plan: the weeks of the block, the targeting hierarchy, the rationale; `generate`."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from assessments.balance import GROUPS
from programs.generator.budget import FitReport, fit_week
from programs.generator.context import PlanningContext, planning_context
from programs.generator.progression import Week
from programs.generator.rationale import rationale
from programs.generator.schedule import DayPlan
from programs.generator.sessions import Draft, in_sections, number, retest_draft, session_draft
from programs.generator.values import (
    SESSION_BUDGET_RANGE,
    PlanInput,
    PlannedSession,
    ProgramPlan,
)
from programs.generator.vocabulary import EVENT_FOCUSES, LEVELS


def validate_input(pi: PlanInput) -> None:
    a = pi.athlete
    if a.level not in LEVELS:
        raise ValueError(f"level {a.level!r} is not one of {', '.join(LEVELS)}")
    if a.event_focus not in EVENT_FOCUSES:
        raise ValueError(f"event_focus {a.event_focus!r} is not one of {', '.join(EVENT_FOCUSES)}")
    if any(type(d) is not int or not 0 <= d <= 6 for d in a.available_weekdays):
        raise ValueError("available_weekdays must be integers 0 (Monday) to 6 (Sunday)")
    if pi.weeks < 1:
        raise ValueError("weeks must be at least 1")
    if pi.block_length < 2:
        raise ValueError("block_length must be at least 2 (build weeks plus a deload)")
    if not 1 <= pi.block_week <= pi.block_length:
        raise ValueError("block_week must be between 1 and block_length")
    low, high = SESSION_BUDGET_RANGE
    if type(pi.session_budget_min) is not int or not low <= pi.session_budget_min <= high:
        raise ValueError(f"session_budget_min must be a whole number of minutes, {low}-{high}")


def generate(plan_input: PlanInput) -> ProgramPlan:
    """Build the training block: one PlannedSession per day from `start` for `weeks` x 7
    days. Deterministic: the same input gives an equal plan.

    - The week follows the reference week fitted to the available days, with at least one
      rest day and no two high-intensity days in a row (schedule.weekly_template).
    - Every training session starts with a 5-10 min drill warm-up (section "warmup"), and
      each section is one run of items (sessions.in_sections): a page heads it once.
    - The weakest link (targeting.target_order) gets band holds at three muscle
      lengths on strength days and an activation item on sprint days; the second weakest
      two lengths; the rest one maintenance hold. "act" asymmetries add a left/right pair
      with one more set on the weaker side.
    - Targeted hold times / reps rise about 10 % (at most 15 %) per build week; the last
      week of the block is a deload whose last training day is a retest (kind "retest",
      one RETEST_CODE item per group, section "retest", no sets).
    - Unavailable exercises are substituted and each substitution is reported.
    - No session's estimate (duration.session_seconds) exceeds `session_budget_min`, the
      long run aside (budget.fit_week says what gives way, in which order); the retest's
      tests are never cut, its warm-up gives way.
    """
    validate_input(plan_input)
    ctx = planning_context(plan_input)
    pi = plan_input
    first_block = pi.block_length - pi.block_week + 1  # windows before the first new block
    sessions: list[PlannedSession] = []
    windows: dict[object, list[Draft]] = {}  # equal windows are built once
    notes: dict[str, None] = dict.fromkeys(ctx.warmup_notes)  # ordered set of sentences
    report = FitReport()
    decided = heaviest_week_fit(ctx)
    for w in range(pi.weeks):
        bw = (pi.block_week - 1 + w) % pi.block_length + 1
        deload = bw == pi.block_length
        if deload:
            step = 1
        elif ctx.repeat:  # hold the load of the week before the plan started
            step = max(1, pi.block_week - 1) if w < first_block else 1
        else:
            step = bw
        wk = Week(step, deload)
        dates = [pi.start + timedelta(days=7 * w + i) for i in range(7)]
        weekdays = [d.weekday() for d in dates]
        retest = None
        if deload:
            # the last training day, so the week keeps its rest day(s)
            open_days = [i for i, wd in enumerate(weekdays) if ctx.template[wd].kind != "rest"]
            retest = open_days[-1] if open_days else None
        key = (wk, weekdays[0], retest)
        if key not in windows:
            windows[key] = week_drafts(ctx, weekdays, wk, retest, report, decided)
        for day, draft in zip(dates, windows[key], strict=True):
            notes.update(dict.fromkeys(draft.notes))
            sessions.append(
                PlannedSession(
                    date=day,
                    week=bw,
                    kind=draft.kind,
                    title=draft.title,
                    intensity=draft.intensity,
                    purpose=draft.purpose,
                    items=draft.items,
                )
            )
    subs = tuple(notes)
    text = rationale(ctx, sessions[:7], report)
    return ProgramPlan(sessions=tuple(sessions), rationale=(*text, *subs), substitutions=subs)


def week_drafts(
    ctx: PlanningContext,
    weekdays: list[int],
    wk: Week,
    retest: int | None,
    report: FitReport,
    decided: FitReport | None = None,
) -> list[Draft]:
    """Seven drafts for a week starting on weekdays[0]; the retest on day index `retest`;
    the targeting hierarchy, then the session budget (budget.fit_week, noted in `report`),
    then each section gathered into one run (sessions.in_sections)."""
    drafts: list[Draft] = []
    for i, wd in enumerate(weekdays):
        if i == retest:
            drafts.append(retest_draft(ctx))
            continue
        day: DayPlan = ctx.template[wd]
        why = "so that no two hard days follow each other" if day.downgraded else None
        if retest is not None and i == retest - 1 and day.intensity == "high":
            day, why = replace(day, intensity="moderate", downgraded=True), "before the retest"
        drafts.append(session_draft(ctx, day, wk, why))
    drafts = enforce_hierarchy(ctx, drafts)
    kinds = [d.kind for d in drafts]
    rows = fit_week(ctx, kinds, [list(d.items) for d in drafts], report, decided)
    return [replace(d, items=number(in_sections(r))) for d, r in zip(drafts, rows, strict=True)]


def heaviest_week_fit(ctx: PlanningContext) -> FitReport:
    """The budget's cuts and moves for the block's heaviest build week (a Monday start),
    repeated in every week so the targeted volume still grows week on week."""
    pi = ctx.plan_input
    report = FitReport()
    peak = Week(max(1, pi.block_length - 1), deload=False)
    week_drafts(ctx, list(range(7)), peak, None, report)
    return report


def enforce_hierarchy(ctx: PlanningContext, drafts: list[Draft]) -> list[Draft]:
    """Weakest link > second weakest > every other group, in targeted sets per week."""
    if not ctx.primary:
        return drafts
    totals = {
        g: sum(i.sets or 0 for d in drafts for i in d.items if i.emphasis == g) for g in GROUPS
    }
    p, s = ctx.primary, ctx.secondary
    if s and totals.get(s, 0) > 0:
        need = max(totals[g] for g in GROUPS if g not in (p, s)) + 1 - totals[s]
        if need > 0:
            drafts = add_sets(drafts, s, need)
            totals[s] += need
    if totals.get(p, 0) > 0:
        need = max(totals[g] for g in GROUPS if g != p) + 1 - totals[p]
        if need > 0:
            drafts = add_sets(drafts, p, need)
    return drafts


def add_sets(drafts: list[Draft], group: str, extra: int) -> list[Draft]:
    """Spread `extra` sets one at a time over the group's two-sided targeted items."""
    spots = [
        (di, ii)
        for di, d in enumerate(drafts)
        for ii, i in enumerate(d.items)
        if i.emphasis == group and i.section in ("targeted", "support")
    ]
    spots = [(di, ii) for di, ii in spots if drafts[di].items[ii].side == "B"] or spots
    rows = [list(d.items) for d in drafts]
    for n in range(extra):
        di, ii = spots[n % len(spots)]
        rows[di][ii] = replace(rows[di][ii], sets=(rows[di][ii].sets or 0) + 1)
    return [replace(d, items=tuple(r)) for d, r in zip(drafts, rows, strict=True)]
