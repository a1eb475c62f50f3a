"""The session budget: every session of a week fits the athlete's time (only the long run
keeps its prescribed duration). Weldon 2022 (Biol Sport 39:715, in speed-and-readiness.md):
most strength sessions S&C coaches run last 46-60 min.

What gives way, in this order: maintenance holds (they keep a level; targeted work raises
it); then targeted work moves to short blocks after the warm-up on sprint or agility days;
then main work loses sets; then targeted work loses sets, the second target before the
weakest link; last, whole items go. Afterwards the weekly hierarchy (first target > second >
the rest) is restored by trimming only, so no session grows past the budget.

The retest day: its tests are never cut; the warm-up gives way (sets first, then drills
from the end, one drill always kept: testing cold risks a strain and a poor result). When
the tests and that one drill still run over, the day keeps them and the rationale says so
(`FitReport.retest_over_s`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from assessments.balance import GROUPS
from programs.generator.context import PlanningContext
from programs.generator.duration import item_seconds, session_seconds
from programs.generator.values import PlanItem

EXEMPT_KINDS = ("rest", "long_run")  # the issue: only the long run keeps its duration
HOST_KINDS = ("sprint", "agility")  # light enough days to take a short band-hold block
SECTION_RANK = {"targeted": 0, "support": 1, "maintenance": 2}


@dataclass
class FitReport:
    """What the budget changed in the plan, gathered over the weeks (for the rationale)."""

    cut_maintenance: dict[str, None] = field(default_factory=dict)  # groups, in order
    moved: dict[tuple[str, str], None] = field(default_factory=dict)  # (group, host kind)
    shortened_main: dict[str, None] = field(default_factory=dict)  # session kinds
    shortened_targeted: dict[str, None] = field(default_factory=dict)  # groups
    # The decisions, so that every week repeats those of the block's heaviest week and the
    # progression shows week on week: (session kind, exercise) cut, and moved -> host kind.
    cut: dict[tuple[str, str], None] = field(default_factory=dict)
    moves: dict[tuple[str, str], str] = field(default_factory=dict)
    # The sets each item kept once fitted, 0 if it went: a lighter week (earlier build,
    # deload) would otherwise shorten less or move more and outgrow the heaviest week.
    kept: dict[SetKey, int] = field(default_factory=dict)
    # The retest day: its warm-up shortened to fit; the seconds it still runs over (its
    # tests and one warm-up drill at one set), 0 when it fits.
    shortened_retest: bool = False
    retest_over_s: int = 0


SetKey = tuple[str, str, str, str | None]  # session kind, section, exercise, side


def _key(kind: str, item: PlanItem) -> SetKey:
    return (kind, item.section, item.exercise_code, item.side)


def _capped(kind: str, item: PlanItem, decided: FitReport, report: FitReport):
    """The item with at most the sets the heaviest week kept, None where it kept none;
    noted as the heaviest week noted it (a trim for the hierarchy is not a budget cut)."""
    cap = decided.kept.get(_key(kind, item))
    if cap is None or item.sets is None or item.sets <= cap:
        return item
    if item.section in ("main", "cooldown"):
        if kind in decided.shortened_main:
            report.shortened_main[kind] = None
    elif item.emphasis in decided.shortened_targeted:
        report.shortened_targeted[item.emphasis or ""] = None
    elif item.emphasis in decided.cut_maintenance:
        report.cut_maintenance[item.emphasis or ""] = None
    return replace(item, sets=cap) if cap > 0 else None


def _day_sets(kinds: list[str], rows: list[list[PlanItem]]) -> dict[SetKey, int]:
    """Sets per item key: the most where one day holds an exercise twice (a sprint day's
    activation hold and the same hold moved there), the fewest where a kind recurs."""
    out: dict[SetKey, int] = {}
    for kind, row in zip(kinds, rows, strict=True):
        day: dict[SetKey, int] = {}
        for i in row:
            if i.sets is not None:
                day[_key(kind, i)] = max(day.get(_key(kind, i), i.sets), i.sets)
        for key, sets in day.items():
            out[key] = min(out.get(key, sets), sets)
    return out


def _note_kept(
    kinds: list[str], before: list[list[PlanItem]], after: list[list[PlanItem]], report: FitReport
) -> None:
    """Record the sets the budget left an item, where it took any (0: cut, or moved away,
    kept under its host). An item the budget left whole gets no cap: another week may
    spread the hierarchy's extra sets over other items."""
    full, kept = _day_sets(kinds, before), _day_sets(kinds, after)
    for key, sets in full.items():
        left = kept.get(key, 0)
        if left < sets:
            report.kept[key] = min(report.kept.get(key, left), left)


def _units(items: list[PlanItem], section: str) -> list[list[int]]:
    """Indexes of the section's items, an asymmetry pair (same exercise) as one unit."""
    units: dict[tuple[str, str | None], list[int]] = {}
    for n, i in enumerate(items):
        if i.section == section:
            units.setdefault((i.exercise_code, i.emphasis), []).append(n)
    return list(units.values())


def fit_week(
    ctx: PlanningContext,
    kinds: list[str],
    weeks_items: list[list[PlanItem]],
    report: FitReport,
    decided: FitReport | None = None,
) -> list[list[PlanItem]]:
    """The week's items (one list per day, warm-up first) fitted into the budget, after
    repeating the cuts, moves and sets kept that `decided` holds for the block's heaviest
    week (no item keeps more sets than there)."""
    budget = ctx.plan_input.session_budget_min * 60
    before = [list(r) for r in weeks_items]
    rows = [list(r) for r in weeks_items]
    moved: list[list[PlanItem]] = [[] for _ in rows]
    if decided is not None:
        for n, kind in enumerate(kinds):
            keep = []
            for i in rows[n]:
                host = decided.moves.get((kind, i.exercise_code))
                to = next((h for h, k in enumerate(kinds) if k == host and h != n), None)
                if i.section == "warmup":
                    keep.append(i)
                elif (kind, i.exercise_code) in decided.cut:
                    report.cut_maintenance[i.emphasis or ""] = None
                elif (i := _capped(host or kind, i, decided, report)) is None:
                    continue  # where the heaviest week ran it, no set of it was kept
                elif to is not None:
                    moved[to].append(i)
                    report.moved[(i.emphasis or "", kinds[to])] = None
                else:
                    keep.append(i)
            rows[n] = keep

    def secs(n: int) -> int:
        return session_seconds(rows[n] + moved[n], ctx.by_code)

    def over(n: int) -> bool:
        return kinds[n] not in EXEMPT_KINDS and secs(n) > budget

    hosts = [n for n, k in enumerate(kinds) if k in HOST_KINDS]
    for n in range(len(rows)):  # 1. maintenance holds go first, from the end
        while over(n) and (units := _units(rows[n], "maintenance")):
            unit = units[-1]
            report.cut_maintenance[rows[n][unit[0]].emphasis or ""] = None
            report.cut[(kinds[n], rows[n][unit[0]].exercise_code)] = None
            rows[n] = [i for k, i in enumerate(rows[n]) if k not in unit]
    for n in range(len(rows)):  # 2. targeted work moves to a sprint or agility day
        for section in ("support", "targeted"):
            for unit in reversed(_units(rows[n], section)):
                if not over(n):
                    break
                block = [rows[n][k] for k in unit]
                cost = session_seconds(block, ctx.by_code)
                host = next((h for h in hosts if h != n and secs(h) + cost <= budget), None)
                if host is None:
                    continue
                moved[host] += block
                report.moved[(block[0].emphasis or "", kinds[host])] = None
                report.moves[(kinds[n], block[0].exercise_code)] = kinds[host]
                rows[n] = [i for k, i in enumerate(rows[n]) if k not in unit]
    for n in range(len(rows)):  # 3.-5. shorten what is still too long
        if kinds[n] == "retest":
            if over(n):
                rows[n] = _fit_retest(ctx, rows[n], budget, report)
        elif over(n):
            rows[n] = _shorten(
                ctx, n, rows[n], over_with(rows, moved, n, budget, ctx), kinds, report
            )
    out = []
    for row, extra in zip(rows, moved, strict=True):
        warm = [i for i in row if i.section == "warmup"]
        extra = sorted(extra, key=lambda i: SECTION_RANK.get(i.section, 3))  # stable
        out.append(warm + extra + [i for i in row if i.section != "warmup"])
    out = _restore_hierarchy(ctx, out, report, before)
    _note_kept(kinds, before, out, report)
    return out


def over_with(rows, moved, n, budget, ctx):
    def over(items: list[PlanItem]) -> bool:
        return session_seconds(items + moved[n], ctx.by_code) > budget

    return over


def _shorten(ctx, n, items, over, kinds, report: FitReport) -> list[PlanItem]:
    items = list(items)
    steps = (("main", "cooldown"), ("support",), ("targeted",))
    for sections in steps:  # one set fewer at a time, the longest item first
        while over(items):
            spots = [
                k
                for k, i in enumerate(items)
                if i.section in sections and (i.sets or 1) > 1 and i.side == "B"
            ]
            if not spots:
                break
            k = max(spots, key=lambda k: item_seconds(items[k], _uni(ctx, items[k])))
            items[k] = replace(items[k], sets=(items[k].sets or 1) - 1)
            _note(report, items[k], kinds[n])
    for sections in steps:  # then whole items, from the end
        while over(items):
            spots = [k for k, i in enumerate(items) if i.section in sections]
            if not spots:
                break
            dropped = items[spots[-1]]
            items = [
                i
                for i in items
                if not (i.exercise_code == dropped.exercise_code and i.section == dropped.section)
            ]
            _note(report, dropped, kinds[n])
    return items


def _fit_retest(ctx, items: list[PlanItem], budget: int, report: FitReport) -> list[PlanItem]:
    """The retest day within the budget: the tests are never cut. Anything else goes first
    (none is planned today), then the warm-up loses sets (the longest drill first), then
    drills from the end, down to one drill at one set."""
    items = [i for i in items if i.section in ("warmup", "retest")]
    report.shortened_retest = True

    def over() -> bool:
        return session_seconds(items, ctx.by_code) > budget

    while over():
        spots = [k for k, i in enumerate(items) if i.section == "warmup" and (i.sets or 1) > 1]
        if not spots:
            break
        k = max(spots, key=lambda k: (item_seconds(items[k], _uni(ctx, items[k])), -k))
        items[k] = replace(items[k], sets=(items[k].sets or 1) - 1)
    while over() and sum(i.section == "warmup" for i in items) > 1:
        last = max(k for k, i in enumerate(items) if i.section == "warmup")
        del items[last]
    report.retest_over_s = max(report.retest_over_s, session_seconds(items, ctx.by_code) - budget)
    return items


def _uni(ctx: PlanningContext, item: PlanItem) -> bool:
    spec = ctx.by_code.get(item.exercise_code)
    return spec is not None and spec.unilateral


def _note(report: FitReport, item: PlanItem, kind: str) -> None:
    if item.section in ("main", "cooldown"):
        report.shortened_main[kind] = None
    elif item.emphasis:
        report.shortened_targeted[item.emphasis] = None


def _restore_hierarchy(
    ctx: PlanningContext,
    rows: list[list[PlanItem]],
    report: FitReport,
    before: list[list[PlanItem]],
) -> list[list[PlanItem]]:
    """First target > second > every other group in weekly sets, by taking sets away from
    the lower tier (never adding: the budget holds). The plan met the hierarchy before the
    budget (plan.enforce_hierarchy), so whatever this takes is the budget's doing, and
    noted as such; a tier without sets before the budget (no exercise for it) is left
    alone, as enforce_hierarchy leaves it."""
    p, s = ctx.primary, ctx.secondary
    if not p:
        return rows
    tiers = [[p], [s] if s else [], [g for g in GROUPS if g not in (p, s)]]
    for upper, lower in ((tiers[0], tiers[1] + tiers[2]), (tiers[1], tiers[2])):
        if not upper or not any(i.emphasis == upper[0] and i.sets for r in before for i in r):
            continue
        top = sum(i.sets or 0 for r in rows for i in r if i.emphasis == upper[0])
        for g in lower:
            while (
                total := sum(i.sets or 0 for r in rows for i in r if i.emphasis == g)
            ) >= top and total > 0:
                rows = _take_set(rows, g, report)
    return rows


def _take_set(rows: list[list[PlanItem]], group: str, report: FitReport) -> list[list[PlanItem]]:
    """One set fewer for `group`: from its last item with most sets (an item at 1 goes)."""
    spots = [
        (n, k)
        for n, r in enumerate(rows)
        for k, i in enumerate(r)
        if i.emphasis == group and i.sets
    ]
    n, k = max(spots, key=lambda nk: (rows[nk[0]][nk[1]].sets or 0, nk))
    item = rows[n][k]
    if item.section == "maintenance":
        report.cut_maintenance[group] = None
    else:
        report.shortened_targeted[group] = None
    row = list(rows[n])
    if (item.sets or 0) > 1:
        row[k] = replace(item, sets=(item.sets or 0) - 1)
    else:
        del row[k]
    return [row if m == n else r for m, r in enumerate(rows)]
