"""`latest_results`: what a profile is built from when an assessment retests only some groups.

The rule (docs/profiles.md): per protocol and side, this assessment's result, else the
latest earlier result dated within the window (counted back from this assessment's date);
older results are never used, and a group that only they covered is reported stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from assessments.balance.values import (
    CarriedResult,
    CarriedResults,
    DatedResult,
    ProtocolSpec,
    Result,
)
from assessments.balance.vocabulary import GROUPS, SIDES

WINDOW_DAYS_MIN = 7
WINDOW_DAYS_MAX = 104 * 7


def latest_results(
    current: Iterable[Result],
    *,
    earlier: Iterable[DatedResult],
    on: dt.date,
    window_days: int,
    protocols: Mapping[str, ProtocolSpec],
) -> CarriedResults:
    """This assessment's results plus, for every protocol and side it did not measure, the
    latest earlier result dated `on - window_days` .. `on`. Among earlier results of equal
    date the one given last wins (pass them oldest first). Earlier results of an unknown
    protocol or a side that no longer fits it cannot be scored and are left out."""
    if isinstance(window_days, bool) or not isinstance(window_days, int):
        raise ValueError(f"window must be a whole number of days, got {window_days!r}")
    if not WINDOW_DAYS_MIN <= window_days <= WINDOW_DAYS_MAX:
        raise ValueError(
            f"window must be {WINDOW_DAYS_MIN}–{WINDOW_DAYS_MAX} days, got {window_days}"
        )
    current = tuple(current)
    measured = {(r.protocol_code, r.side) for r in current}
    start = on - dt.timedelta(days=window_days)
    latest: dict[tuple[str, str], DatedResult] = {}
    older_groups: set[str] = set()
    for r in earlier:
        spec = protocols.get(r.protocol_code)
        if r.date > on or spec is None or r.side not in (("L", "R") if spec.sided else ("B",)):
            continue
        if r.date < start:
            older_groups.add(spec.group)
            continue
        key = (r.protocol_code, r.side)
        if key not in measured and (key not in latest or r.date >= latest[key].date):
            latest[key] = r
    order = {code: i for i, code in enumerate(protocols)}
    carried = tuple(
        CarriedResult(r.protocol_code, r.side, r.value, r.date)
        for r in sorted(
            latest.values(), key=lambda r: (order[r.protocol_code], SIDES.index(r.side))
        )
    )
    covered = {protocols[c].group for c, _ in measured if c in protocols}
    covered |= {protocols[c.protocol_code].group for c in carried}
    stale = tuple(g for g in GROUPS if g in older_groups and g not in covered)
    return CarriedResults(current=current, carried=carried, stale_groups=stale)
