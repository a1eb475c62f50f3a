"""Feeding partial retests to the balance engine: each athlete's earlier results, read once.

The rule itself (balance.latest_results, docs/profiles.md) is pure; this module only reads
the rows it needs: every result of the given athletes up to a date, in one query, ordered
oldest first so that among results of one date the later assessment wins.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from assessments import balance
from assessments.models import TestResult

# (assessment date, assessment id): the order assessments follow one another in.
type Position = tuple[dt.date, int]


def results_history(
    *, athlete_ids: Iterable[int], until: dt.date
) -> dict[int, list[tuple[Position, balance.DatedResult]]]:
    """Per athlete, every result dated on or before `until`, oldest first. One query."""
    history: dict[int, list[tuple[Position, balance.DatedResult]]] = defaultdict(list)
    rows = (
        TestResult.objects.filter(
            assessment__athlete_id__in=list(athlete_ids), assessment__date__lte=until
        )
        .order_by("assessment__date", "assessment_id", "id")
        .values_list(
            "assessment__athlete_id",
            "assessment__date",
            "assessment_id",
            "protocol__code",
            "side",
            "value",
        )
    )
    for athlete_id, date, assessment_id, code, side, value in rows:
        history[athlete_id].append(
            ((date, assessment_id), balance.DatedResult(code, side, value, date))
        )
    return history


def results_before(
    history: list[tuple[Position, balance.DatedResult]], *, position: Position
) -> list[balance.DatedResult]:
    """The results of the assessments before `position` (earlier date, or same date and
    recorded earlier): what an assessment may carry."""
    return [result for at, result in history if at < position]
