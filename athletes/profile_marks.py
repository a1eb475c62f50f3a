"""What pages say about a profile's carried results and stale groups (docs/profiles.md)."""

from __future__ import annotations

import datetime as dt

from assessments import balance


def date_text(date: dt.date) -> str:
    return f"{date.day} {date:%b %Y}"


def carried_text(dates) -> str:
    """'carried from 28 Apr 2026' (several dates: the oldest and the newest)."""
    dates = sorted(set(dates))
    if len(dates) == 1:
        return f"carried from {date_text(dates[0])}"
    return f"carried from {date_text(dates[0])}–{date_text(dates[-1])}"


def group_marks(profile: balance.BalanceProfile | None) -> dict[str, str]:
    """Group -> a short mark: 'carried from <date>' when none of its results is from this
    assessment, 'partly carried from <date>' when some are, 'stale' text when the group
    was tested only before the window."""
    if profile is None:
        return {}
    carried = {(c.protocol_code, c.side): c.date for c in profile.carried}
    marks = {}
    for code, group in profile.groups.items():
        keys = [(p.protocol_code, p.side) for p in group.protocols]
        dates = [carried[k] for k in keys if k in carried]
        if dates:
            text = carried_text(dates)
            marks[code] = text if len(dates) == len(keys) else f"partly {text}"
    for code in profile.stale_groups:
        marks[code] = "last tested before the window: not used"
    return marks
