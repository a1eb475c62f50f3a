"""Rationale sentences for a generated plan: the numbers from the profile, the schedule,
the progression and the sources behind them."""

from __future__ import annotations

from collections.abc import Sequence

from assessments.balance import GROUPS
from programs.generator.budget import FitReport
from programs.generator.context import PlanningContext
from programs.generator.progression import HOLD_SECONDS, HOLD_SETS, LEVEL_SET_FACTOR
from programs.generator.schedule import REFERENCE_DAY, DayPlan
from programs.generator.targeting import SWING_PUSH_LOW, asymmetry_pct, score_noise
from programs.generator.text import KIND_WORD, SIDE_WORD, cap_first, is_are, label, pct
from programs.generator.values import PlannedSession
from programs.generator.vocabulary import WEEKDAYS
from programs.generator.volume import targeted_sets


def rationale(
    ctx: PlanningContext, first_week: Sequence[PlannedSession], report: FitReport
) -> list[str]:
    """Why the plan is what it is, in sentences with the numbers and their sources."""
    out: list[str] = []
    prof, focus = ctx.profile, ctx.athlete.event_focus
    if not ctx.primary:
        out.append(
            "No strength test on record yet, so this is a balanced general plan with the "
            "same work for every group. Book a strength assessment so the next version can "
            "target the weakest link."
        )
    else:
        weakest = prof.weakest_link or ctx.primary
        w_score = prof.groups[weakest].score if weakest in prof.groups else None
        out.append(
            f"{cap_first(label(weakest))} {is_are(weakest)} the weakest link at {pct(w_score)} % "
            f"of reference (balance level {pct(prof.balance_level)} %, potential "
            f"{pct(prof.potential)} %)."
        )
        p, sec = ctx.primary, ctx.secondary
        noise = ctx.plan_input.test_noise
        if p != weakest:  # a near-tie: the weakest link is second (targeting.target_order)
            gap = max(score_noise(prof.groups[p], noise), score_noise(prof.groups[weakest], noise))
            out.append(
                f"{cap_first(label(p))} ({pct(prof.groups[p].score)} %) {is_are(p)} within the "
                f"tests' noise (about {gap:.0f} points) of {label(weakest)} and matter more "
                f"for your {focus} focus (Dorn 2012), so {label(p)} {is_are(p)} targeted "
                f"first and {label(weakest)} second."
            )
        if sec and sec != weakest:
            second = prof.second_weakest
            if sec == second or second is None or second not in prof.groups:
                out.append(
                    f"{cap_first(label(sec))} {is_are(sec)} the second weakest at "
                    f"{pct(prof.groups[sec].score)} % of reference: moderate emphasis at two "
                    "muscle lengths."
                )
            else:
                out.append(
                    f"{cap_first(label(sec))} ({pct(prof.groups[sec].score)} %) {is_are(sec)} "
                    f"within the tests' noise of the second weakest, {label(second)} "
                    f"({pct(prof.groups[second].score)} %), and matter more for your {focus} "
                    f"focus, so {label(sec)} get{'s' if sec == 'core' else ''} the second "
                    "emphasis: two muscle lengths."
                )
        rest = list(ctx.order[2:])
        if rest:
            out.append(
                "Maintenance for the rest: "
                + ", ".join(f"{label(g)} {pct(prof.groups[g].score)} %" for g in rest)
                + "."
            )
        untested = [label(g) for g in GROUPS if g not in ctx.order]
        if untested:
            out.append(
                f"Not tested yet: {', '.join(untested)}. Include them in the next assessment."
            )
    ratio = prof.swing_push_ratio
    if ratio is not None:
        if ctx.swing_low:
            out.append(
                f"Swing:push ratio {ratio:.2f} is below {SWING_PUSH_LOW}: the swing side is "
                "limiting, so hip-flexor work comes first on strength days."
            )
        else:
            out.append(
                f"Swing:push ratio {ratio:.2f}: the swing side keeps up with the push side."
            )
    for g in GROUPS:
        gs = prof.groups.get(g)
        if gs is None or gs.asymmetry_flag not in ("act", "watch"):
            continue
        gap = asymmetry_pct(gs)
        gap_text = f"{gap:.1f} %" if gap is not None else "clearly"
        if gs.weaker_side not in ("L", "R"):
            out.append(
                f"{cap_first(label(g))}: left and right differ {gap_text}; weaker side unknown."
            )
            continue
        weak = SIDE_WORD[gs.weaker_side]
        strong = SIDE_WORD["R" if gs.weaker_side == "L" else "L"]
        head = f"{cap_first(weak)} {label(g)} {gap_text} below {strong}"
        if gs.asymmetry_flag == "act":
            out.append(f"{head}: extra set on the {weak}.")
        else:
            out.append(f"{head}: watched, no side-specific work yet (act at 15 % or more).")
    if focus == "sprint":
        out.append(
            "Sprint focus: above about 7 m/s, hip flexors, glutes and hamstrings raise stride "
            "frequency (Dorn 2012), so they go first when scores are within the tests' noise "
            "(a near-tie: the minimal detectable change, 2.77 x SEM); a group weakest beyond "
            "noise always comes first."
        )
    elif focus == "distance":
        out.append(
            "Distance focus: below about 7 m/s, the calves supply most support force "
            "(Dorn 2012), so calves go first when scores are within the tests' noise (a "
            "near-tie) and get one extra calf item a week."
        )
    out += schedule_text(ctx.template)
    block = ctx.plan_input.block_length
    out.append(
        "Build weeks add about 10 % to the targeted hold times and reps each week, never "
        "more than 15 % (weekly increases kept modest: Buist 2008, Nielsen 2014). "
        f"Week {block} of each {block}-week block is a deload with about half the targeted "
        "sets and shorter holds (a 3:1 pattern is convention, not evidence: Bell 2023), and "
        "a retest on the last training day of the deload week closes the block."
    )
    out += ctx.repeat
    level = ctx.level
    out.append(
        f"Level {level}: reference-week volumes at {LEVEL_SET_FACTOR[level] * 100:.0f} %, "
        f"isometric holds {HOLD_SETS[level]} x {HOLD_SECONDS[level]} s at 70 % "
        "effort or more with fast intent, at short, middle and long muscle length "
        "(Oranchuk 2019)."
    )
    out += budget_text(ctx, report)
    if ctx.primary and first_week:
        totals = ", ".join(f"{label(g)} {targeted_sets(first_week, g)}" for g in GROUPS)
        out.append(f"Targeted sets in the first week: {totals}.")
    return out


def schedule_text(template: tuple[DayPlan, ...]) -> list[str]:
    days = [d for d in template if d.kind != "rest"]
    if not days:
        return ["No training days are available, so every day is a rest day."]
    parts = []
    for d in template:
        word = KIND_WORD.get(d.kind, d.kind)
        parts.append(f"{WEEKDAYS[d.weekday]} {word}" + (" (moderate)" if d.downgraded else ""))
    out = ["Week: " + ", ".join(parts) + "."]
    down = [KIND_WORD.get(d.kind, d.kind) for d in days if d.downgraded]
    if down:
        out.append(
            f"{cap_first(' and '.join(down))} run at moderate intensity so that no two hard "
            "days follow each other."
        )
    kept = {d.kind for d in days}
    dropped = [KIND_WORD.get(k, k) for k in REFERENCE_DAY if k not in kept]
    if dropped:
        out.append(f"With {len(days)} training days, left out this block: {', '.join(dropped)}.")
    return out


def budget_text(ctx: PlanningContext, report: FitReport) -> list[str]:
    """What the session budget changed, and why."""
    budget = ctx.plan_input.session_budget_min
    aside = " and the retest" if report.retest_over_s > 0 else ""
    out = [
        f"Every session fits {budget} min (the session budget; most strength sessions S&C "
        f"coaches run last 46-60 min, Weldon 2022), the long run{aside} aside."
    ]
    if report.cut_maintenance:
        groups = ", ".join(label(g) for g in report.cut_maintenance)
        out.append(
            f"Cut to fit, where a session ran over: maintenance holds for {groups}. "
            "Maintenance goes before targeted work: it keeps a level, the targeted work "
            "raises the weakest link."
        )
    if report.moved:
        moved = ", ".join(f"{label(g)} to the {KIND_WORD.get(k, k)} day" for g, k in report.moved)
        out.append(
            f"Targeted holds moved to short blocks after the warm-up ({moved}), so the "
            "strength day fits and the weekly targeted volume stays."
        )
    if report.retest_over_s > 0:
        over = -(-report.retest_over_s // 60)  # whole minutes, rounded up
        out.append(
            f"The retest day runs about {over} min over the {budget}-min budget: its tests "
            "are never cut and one warm-up drill stays (testing cold risks a strain and a "
            "poor result). Allow the extra time that day."
        )
    elif report.shortened_retest:
        out.append(
            f"Retest day: the warm-up shortened so the day fits {budget} min; the tests "
            "themselves are never cut."
        )
    if report.shortened_main:
        kinds = ", ".join(KIND_WORD.get(k, k) for k in report.shortened_main)
        out.append(f"Main work shortened to fit on: {kinds} days.")
    if report.shortened_targeted:
        groups = ", ".join(label(g) for g in report.shortened_targeted)
        out.append(
            f"Targeted work for {groups} shortened: the {budget}-min budget holds less than "
            "the full dose. A longer budget restores it."
        )
    return out
