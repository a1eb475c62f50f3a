"""Volume sums over planned sessions: what the progression and the tests measure."""

from __future__ import annotations

from collections.abc import Sequence

from programs.generator.values import PlanItem, PlannedSession


def item_dose(item: PlanItem) -> int:
    """Work per set: seconds, else reps, else 1 (distance-only items)."""
    return item.seconds or item.reps or 1


def targeted_sets(sessions: Sequence[PlannedSession], group: str) -> int:
    """Sum of sets of the items that target `group`."""
    return sum(i.sets or 0 for s in sessions for i in s.items if i.emphasis == group)


def targeted_volume(sessions: Sequence[PlannedSession]) -> int:
    """Sum of sets x dose over all targeted items: the load the progression controls."""
    return sum(
        (i.sets or 0) * item_dose(i) for s in sessions for i in s.items if i.emphasis is not None
    )


def warmup_seconds(session: PlannedSession) -> int:
    """Duration of the warm-up: sets x (seconds + rest) over its items."""
    return sum(
        (i.sets or 1) * ((i.seconds or 0) + (i.rest_s or 0))
        for i in session.items
        if i.section == "warmup"
    )
