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


def carried_dates(profile: balance.BalanceProfile, group: str) -> tuple[list[dt.date], bool]:
    """The dates of the group's results carried from earlier assessments, and whether
    every one of its results is carried (else the group is partly carried)."""
    gs = profile.groups.get(group)
    if gs is None:
        return [], False
    carried = {(c.protocol_code, c.side): c.date for c in profile.carried}
    keys = [(p.protocol_code, p.side) for p in gs.protocols]
    dates = [carried[k] for k in keys if k in carried]
    return dates, bool(dates) and len(dates) == len(keys)


def group_marks(profile: balance.BalanceProfile | None) -> dict[str, str]:
    """Group -> a short mark: 'carried from <date>' when none of its results is from this
    assessment, 'partly carried from <date>' when some are, 'stale' text when the group
    was tested only before the window."""
    if profile is None:
        return {}
    marks = {}
    for code in profile.groups:
        dates, whole = carried_dates(profile, code)
        if dates:
            text = carried_text(dates)
            marks[code] = text if whole else f"partly {text}"
    for code in profile.stale_groups:
        marks[code] = "last tested before the window: not used"
    return marks


def weakest_carried(profile: balance.BalanceProfile) -> dict:
    """What Assessment.weakest_carried stores: {"dates": [ISO dates], "partly": bool} when
    the weakest link's results are (partly) carried, else {} (the roster's mark)."""
    if not profile.weakest_link:
        return {}
    dates, whole = carried_dates(profile, profile.weakest_link)
    if not dates:
        return {}
    return {"dates": sorted({d.isoformat() for d in dates}), "partly": not whole}


def stored_carried_text(stored: dict | None) -> str:
    """weakest_carried's value as group_marks words it: 'partly carried from 3 Nov 2026'."""
    if not stored or not stored.get("dates"):
        return ""
    text = carried_text(dt.date.fromisoformat(d) for d in stored["dates"])
    return f"partly {text}" if stored.get("partly") else text


def stale_text(count: int) -> str:
    """'2 groups stale' (tested only before the window: not in the profile)."""
    if not count:
        return ""
    return f"{count} group{'s' if count != 1 else ''} stale"
