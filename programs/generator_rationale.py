"""Rationale sentences for a generated plan: the numbers from the profile, the schedule,
the progression and the sources behind them. Pure Python, no Django."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessments.balance import GROUPS
from programs import generator_rules as rules
from programs.generator import PlannedSession, targeted_sets
from programs.generator_rules import DayPlan, cap_first, is_are, label, pct

if TYPE_CHECKING:
    from programs.generator_plan import Planner


def build_rationale(
    pl: Planner,
    template: tuple[DayPlan, ...],
    repeat: list[str],
    first_week: list[PlannedSession],
) -> list[str]:
    out: list[str] = []
    prof, focus = pl.profile, pl.athlete.event_focus
    if not pl.primary:
        out.append(
            "No strength test on record yet, so this is a balanced general plan with the "
            "same work for every group. Book a strength assessment so the next version can "
            "target the weakest link."
        )
    else:
        weakest = prof.weakest_link or pl.primary
        w_score = prof.groups[weakest].score if weakest in prof.groups else None
        out.append(
            f"{cap_first(label(weakest))} {is_are(weakest)} the weakest link at {pct(w_score)} % "
            f"of reference (balance level {pct(prof.balance_level)} %, potential "
            f"{pct(prof.potential)} %)."
        )
        p = pl.primary
        if p != weakest:
            out.append(
                f"{cap_first(label(p))} ({pct(prof.groups[p].score)} %) {is_are(p)} within "
                f"{rules.FOCUS_MARGIN:.0f} points and matter more for your {focus} focus "
                f"(Dorn 2012), so {label(p)} {is_are(p)} targeted first."
            )
        if pl.secondary:
            s = pl.secondary
            out.append(
                f"{cap_first(label(s))} {is_are(s)} the second weakest at "
                f"{pct(prof.groups[s].score)} % of reference: moderate emphasis at two muscle "
                "lengths."
            )
        rest = list(pl.order[2:])
        if rest:
            out.append(
                "Maintenance for the rest: "
                + ", ".join(f"{label(g)} {pct(prof.groups[g].score)} %" for g in rest)
                + "."
            )
        untested = [label(g) for g in GROUPS if g not in pl.order]
        if untested:
            out.append(
                f"Not tested yet: {', '.join(untested)}. Include them in the next assessment."
            )
    ratio = prof.swing_push_ratio
    if ratio is not None:
        if pl.swing_low:
            out.append(
                f"Swing:push ratio {ratio:.2f} is below {rules.SWING_PUSH_LOW}: the swing side is "
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
        gap = rules.asymmetry_pct(gs)
        gap_text = f"{gap:.1f} %" if gap is not None else "clearly"
        if gs.weaker_side not in ("L", "R"):
            out.append(
                f"{cap_first(label(g))}: left and right differ {gap_text}; weaker side unknown."
            )
            continue
        weak = rules.SIDE_WORD[gs.weaker_side]
        strong = rules.SIDE_WORD["R" if gs.weaker_side == "L" else "L"]
        head = f"{cap_first(weak)} {label(g)} {gap_text} below {strong}"
        if gs.asymmetry_flag == "act":
            out.append(f"{head}: extra set on the {weak}.")
        else:
            out.append(f"{head}: watched, no side-specific work yet (act at 15 % or more).")
    if focus == "sprint":
        out.append(
            "Sprint focus: above about 7 m/s, hip flexors, glutes and hamstrings raise stride "
            f"frequency (Dorn 2012), so they are favoured when scores are within "
            f"{rules.FOCUS_MARGIN:.0f} points."
        )
    elif focus == "distance":
        out.append(
            "Distance focus: below about 7 m/s, the calves supply most support force "
            f"(Dorn 2012), so calves are favoured when scores are within {rules.FOCUS_MARGIN:.0f} "
            "points and get one extra maintenance item a week."
        )
    out += schedule_text(template)
    block = pl.pi.block_length
    out.append(
        "Build weeks add about 10 % to the targeted hold times and reps each week, never "
        "more than 15 % (weekly increases kept modest: Buist 2008, Nielsen 2014). "
        f"Week {block} of each {block}-week block is a deload with about half the targeted "
        "sets and shorter holds (a 3:1 pattern is convention, not evidence: Bell 2023), and "
        "a retest on the last training day of the deload week closes the block."
    )
    out += repeat
    level = pl.level
    out.append(
        f"Level {level}: reference-week volumes at {rules.LEVEL_SET_FACTOR[level] * 100:.0f} %, "
        f"isometric holds {rules.HOLD_SETS[level]} x {rules.HOLD_SECONDS[level]} s at 70 % "
        "effort or more with fast intent, at short, middle and long muscle length "
        "(Oranchuk 2019)."
    )
    if pl.primary and first_week:
        totals = ", ".join(f"{label(g)} {targeted_sets(first_week, g)}" for g in GROUPS)
        out.append(f"Targeted sets in the first week: {totals}.")
    return out


def schedule_text(template: tuple[DayPlan, ...]) -> list[str]:
    days = [d for d in template if d.kind != "rest"]
    if not days:
        return ["No training days are available, so every day is a rest day."]
    parts = []
    for d in template:
        word = rules.KIND_WORD.get(d.kind, d.kind)
        parts.append(
            f"{rules.WEEKDAY_NAMES[d.weekday]} {word}" + (" (moderate)" if d.downgraded else "")
        )
    out = ["Week: " + ", ".join(parts) + "."]
    down = [rules.KIND_WORD.get(d.kind, d.kind) for d in days if d.downgraded]
    if down:
        out.append(
            f"{cap_first(' and '.join(down))} run at moderate intensity so that no two hard "
            "days follow each other."
        )
    kept = {d.kind for d in days}
    dropped = [rules.KIND_WORD.get(k, k) for k in rules.REFERENCE_DAY if k not in kept]
    if dropped:
        out.append(f"With {len(days)} training days, left out this block: {', '.join(dropped)}.")
    return out
