"""Exercise choice: the exercise for a slot, or its best substitute, with the note saying
why. The note comes back with the choice; nothing is recorded on the side."""

from __future__ import annotations

from collections.abc import Set

from programs.generator.catalogue import standard_catalogue
from programs.generator.context import PlanningContext
from programs.generator.substitution import is_candidate, substitute_key, unavailable_reason
from programs.generator.text import lower_first
from programs.generator.values import ExerciseSpec


def pick(
    ctx: PlanningContext,
    code: str,
    group: str | None,
    used: Set[str],
    *,
    unilateral: bool = False,
) -> tuple[ExerciseSpec | None, tuple[str, ...]]:
    """The exercise for a slot: `code` when the athlete can do it, else the best substitute
    (same category first, then any training category for `group`, or the same category
    family for main work). Returns it (None: left out) and the substitution note, if any."""
    spec = ctx.by_code.get(code)
    reason = (
        "not in the exercise library" if spec is None else unavailable_reason(spec, ctx.athlete)
    )
    if spec is not None and reason is None and spec.code not in used:
        return spec, ()
    if reason is None and group is None:
        return None, ()  # main work already in this session: leave the repeat out
    orig = spec or {s.code: s for s in standard_catalogue()}.get(code)
    if orig is None:
        return None, ()
    taken = set(used) | (ctx.warmup_codes if group is not None else set())
    rank_group = group or (orig.groups[0] if orig.groups else None)
    candidates = [
        c
        for c in ctx.allowed
        if c.code not in taken
        and is_candidate(c, orig, group)
        and (c.unilateral or not unilateral)
    ]
    best = min(
        candidates,
        key=lambda c: substitute_key(c, orig, rank_group, ctx.index[c.code]),
        default=None,
    )
    if reason is None:
        return best, ()
    if best is None:
        return None, (f"{orig.name} unavailable: {reason}; no substitute available, left out.",)
    return best, (f"{orig.name} unavailable: {reason}; using {lower_first(best.name)}.",)
