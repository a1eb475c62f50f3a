"""Session drafts: one builder per session kind (sprint, strength, hills, intervals,
agility, long run), the rest day and the end-of-block retest. Pure functions over the
planning context; each draft carries the substitution notes made while building it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from assessments.balance import GROUPS
from programs.generator.choice import pick
from programs.generator.content import (
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
from programs.generator.context import PlanningContext
from programs.generator.items import (
    Work,
    asymmetry_items,
    holds,
    main_items,
    role_text,
    score_text,
    targeted_item,
    week_sets,
)
from programs.generator.progression import HOLD_SETS, Week
from programs.generator.schedule import DayPlan
from programs.generator.substitution import unavailable_reason
from programs.generator.text import label, pct
from programs.generator.values import PlanItem
from programs.generator.vocabulary import MUSCLE_LENGTHS, RETEST_CODE


@dataclass(frozen=True)
class Draft:
    """A session before it gets its date."""

    kind: str
    title: str
    intensity: str
    purpose: str
    items: tuple[PlanItem, ...] = ()
    notes: tuple[str, ...] = ()  # substitutions made while building it


def number(items: list[PlanItem] | tuple[PlanItem, ...]) -> tuple[PlanItem, ...]:
    # Most items already hold their number, and the week is renumbered after every pass.
    return tuple(
        item if item.order == n else _numbered(item, n) for n, item in enumerate(items, start=1)
    )


def _numbered(item: PlanItem, order: int) -> PlanItem:
    """replace(item, order=order) at a tenth of its cost: replace() walks the fields and
    runs __init__ (~20 us here), for ~200 copies a plan. PlanItem has no __post_init__."""
    new = object.__new__(PlanItem)
    new.__dict__.update(item.__dict__, order=order)
    return new


def in_sections(items: list[PlanItem] | tuple[PlanItem, ...]) -> tuple[PlanItem, ...]:
    """Each section one run, as the pages head each run: the warm-up first, then every
    section where its first item stands, its later items joining it in their order (the
    holds the budget moves after a sprint day's warm-up join the day's activation)."""
    first: dict[str, int] = {}
    for n, item in enumerate(items):
        first.setdefault(item.section, n)
    return tuple(sorted(items, key=lambda i: (i.section != "warmup", first[i.section])))


# A session kind's builder: (context, week, run at moderate?, volume factor) -> its work
# after the warm-up and its purpose.
Builder = Callable[[PlanningContext, Week, bool, float], tuple[Work, str]]


def _sprint(ctx: PlanningContext, wk: Week, moderate: bool, factor: float) -> tuple[Work, str]:
    technique = main_items(ctx, SPRINT_TECHNIQUE, frozenset(), factor)
    activation = _activation(ctx, wk, technique.codes)
    used = technique.codes | activation.codes
    sprints = main_items(ctx, SPRINT_MAIN["moderate" if moderate else "high"], used, factor)
    # Chosen in that order (the substitutes stay), done activation first: activate, then
    # technique, then sprints, and the main work stays one run under one heading.
    work = Work(
        activation.items + technique.items + sprints.items,
        technique.notes + activation.notes + sprints.notes,
    )
    purpose = (
        "Acceleration technique at about 90 % effort, with full recovery."
        if moderate
        else "Maximum-effort sprints with 2-3 min recovery, plus technique"
        + (" and a short activation of your weakest link." if ctx.primary else ".")
    )
    return work, purpose


def _activation(ctx: PlanningContext, wk: Week, used: frozenset[str]) -> Work:
    if not ctx.primary:
        return Work()
    spec, notes = pick(ctx, ACTIVATION[ctx.primary], ctx.primary, used)
    if spec is None:
        return Work((), notes)
    role = role_text(ctx, ctx.primary) if ctx.primary == ctx.weakest else "your first target"
    note = f"Activation for {role}: {score_text(ctx, ctx.primary)}."
    sets = week_sets(ACTIVATION_SETS[ctx.level], wk)
    return Work((targeted_item(ctx, spec, ctx.primary, sets, wk, note),), notes)


def _strength(ctx: PlanningContext, wk: Week, moderate: bool, factor: float) -> tuple[Work, str]:
    level = ctx.level
    first, later = Work(), Work()
    used: frozenset[str] = frozenset()
    if ctx.primary:
        p, s = ctx.primary, ctx.secondary
        note = f"{first_target_text(ctx)}: {score_text(ctx, p)}."
        first = holds(ctx, p, MUSCLE_LENGTHS, HOLD_SETS[level], wk, used, note)
        used |= first.codes
        if s:
            note = f"{second_target_text(ctx)}: {score_text(ctx, s)}."
            later = holds(ctx, s, ("middle", "long"), HOLD_SETS[level] - 1 or 1, wk, used, note)
            used |= later.codes
        for g in GROUPS:
            later += asymmetry_items(ctx, g, wk, used)
            used |= later.codes
        for g in GROUPS:
            if g not in (p, s):
                note = f"Maintenance for {score_text(ctx, g)}."
                maint = ("middle",)
                later += holds(ctx, g, maint, MAINT_SETS[level], wk, used, note, "maintenance")
                used |= later.codes
        purpose = (
            f"Isometric band holds for your weakest link ({label(p)}) at three muscle "
            "lengths, then the main lifts and core."
        )
    else:
        for g in GROUPS:
            note = f"Balanced general work for {label(g)}: no strength test on record yet."
            first += holds(ctx, g, ("middle",), HOLD_SETS[level] - 1, wk, used, note, "support")
            used |= first.codes
        for g in GROUPS:
            later += asymmetry_items(ctx, g, wk, used)
            used |= later.codes
        purpose = "Balanced isometric holds for all six groups, then the main lifts and core."
    if ctx.athlete.event_focus == "distance":
        later += _distance_calves(ctx, wk, used)
        used |= later.codes
    lifts = main_items(ctx, STRENGTH_MAIN, used, factor)
    core = main_items(ctx, STRENGTH_CORE, used | lifts.codes, factor)
    # The first target's work, the main lifts and core, then the rest of the targeted work
    # and maintenance; in_sections then gathers each section into one run.
    items = first.items + lifts.items + core.items + later.items
    if ctx.swing_low:  # swing side limiting: hip-flexor work (and so its section) first
        hip = tuple(i for i in items if i.emphasis == "hip_flexors")
        items = hip + tuple(i for i in items if i.emphasis != "hip_flexors")
        purpose += " Hip-flexor work comes first: your swing side is limiting."
    notes = first.notes + later.notes + lifts.notes + core.notes  # in the order chosen
    return Work(items, notes), purpose


def first_target_text(ctx: PlanningContext) -> str:
    if ctx.primary == ctx.weakest:
        return "Targets your weakest link"
    return (
        f"Targeted first for your {ctx.athlete.event_focus} focus, within test noise of "
        f"your weakest link ({score_text(ctx, ctx.weakest or '')})"
    )


def second_target_text(ctx: PlanningContext) -> str:
    s = ctx.secondary or ""
    if s == ctx.weakest:
        return "Your weakest link, second after a near-tie"
    if s == ctx.profile.second_weakest:
        return "Second-weakest link"
    return f"Second target for your {ctx.athlete.event_focus} focus (a near-tie)"


def _distance_calves(ctx: PlanningContext, wk: Week, used: frozenset[str]) -> Work:
    spec, notes = pick(ctx, DISTANCE_CALF_EXTRA, "calves", used)
    if spec is None:
        return Work((), notes)
    note = (
        f"Extra calf work for distance running ({score_text(ctx, 'calves')}): below about "
        "7 m/s the calves give most of the push (Dorn 2012)."
    )
    sets = week_sets(MAINT_SETS[ctx.level], wk)
    return Work((targeted_item(ctx, spec, "calves", sets, wk, note),), notes)


def _hills(ctx: PlanningContext, wk: Week, moderate: bool, factor: float) -> tuple[Work, str]:
    purpose = "Uphill sprints with jog-down recovery, then a steady run." + (
        " Run the hills at a controlled effort (about 85 %)." if moderate else ""
    )
    return main_items(ctx, HILLS_MAIN, frozenset(), factor), purpose


def _intervals(ctx: PlanningContext, wk: Week, moderate: bool, factor: float) -> tuple[Work, str]:
    slots = INTERVALS_MAIN["moderate" if moderate else "high"]
    purpose = (
        "Tempo runs, pogo jumps and butt kicks."
        if moderate
        else "30 s fast / 60 s jog intervals for about 20 min, box jumps and butt kicks."
    )
    return main_items(ctx, slots, frozenset(), factor), purpose


def _agility(ctx: PlanningContext, wk: Week, moderate: bool, factor: float) -> tuple[Work, str]:
    purpose = "Quick feet, changes of direction and short sprints."
    return main_items(ctx, AGILITY_MAIN, frozenset(), factor), purpose


def _long_run(ctx: PlanningContext, wk: Week, moderate: bool, factor: float) -> tuple[Work, str]:
    run, notes = pick(ctx, "long_easy_run", None, frozenset())
    work = Work((), notes)
    if run is not None:
        seconds = LONG_RUN_S[ctx.level] if run.code == "long_easy_run" else run.seconds
        if wk.deload and seconds:
            seconds = int(seconds * MODERATE_FACTOR)
        item = PlanItem(run.code, 0, sets=1, seconds=seconds, note=MAIN_NOTES.get(run.code, ""))
        work = Work((item,), notes)
    stretch = main_items(ctx, (("static_stretching", {}),), work.codes, 1.0)
    work += Work(tuple(replace(i, section="cooldown") for i in stretch.items), stretch.notes)
    purpose = "40-60 min at a moderate, conversational pace (70-80 % of maximum heart rate)."
    return work, purpose


BUILDERS: dict[str, Builder] = {
    "sprint": _sprint,
    "strength": _strength,
    "hills": _hills,
    "intervals": _intervals,
    "agility": _agility,
    "long_run": _long_run,
}


def session_draft(ctx: PlanningContext, day: DayPlan, wk: Week, why: str | None) -> Draft:
    """One day's session: the warm-up, then the work of its kind (see BUILDERS)."""
    if day.kind == "rest":
        purpose = (
            "Rest, or light activity: an easy swim, yoga or stretching."
            if day.available
            else "Rest day (not one of your training days); light activity is fine."
        )
        return Draft("rest", TITLES["rest"], "low", purpose)
    moderate = day.intensity == "moderate" and day.downgraded
    factor = (MODERATE_FACTOR if moderate else 1.0) * (DELOAD_FACTOR if wk.deload else 1.0)
    work, purpose = BUILDERS[day.kind](ctx, wk, moderate, factor)
    if why:
        purpose += f" Kept moderate {why}."
    if wk.deload:
        purpose += " Deload week: lower volume."
    title = (
        TITLES[day.kind] + (" (moderate)" if moderate else "") + (" (deload)" if wk.deload else "")
    )
    items = number(ctx.warmup + work.items)
    return Draft(day.kind, title, day.intensity, purpose, items, work.notes)


def retest_draft(ctx: PlanningContext) -> Draft:
    """The end-of-block retest: one RETEST_CODE item per tested group (all when none)."""
    profile = ctx.profile
    tested = [g for g in GROUPS if (gs := profile.groups.get(g)) is not None and gs.tested]
    items = list(ctx.warmup)
    spec = ctx.by_code.get(RETEST_CODE)
    if spec is not None and unavailable_reason(spec, ctx.athlete) is None:
        for g in tested or GROUPS:
            gs = profile.groups.get(g)
            names = ctx.plan_input.protocol_names
            protocols = sorted(
                {names[p.protocol_code] for p in gs.protocols if p.protocol_code in names}
                if gs
                else ()
            )
            # Names may hold parentheses and commas: a list of its own, after the score.
            how = f" Tests: {'; '.join(protocols)}." if protocols else ""
            last = f", last {pct(gs.score)} % of reference" if gs and gs.score is not None else ""
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
    return Draft("retest", TITLES["retest"], "moderate", purpose, number(items))
