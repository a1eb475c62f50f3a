"""Reads for the retest and the block review, scoped through the athlete (which the view
has fetched with athletes.selectors, so another organization's ids are a 404)."""

from __future__ import annotations

from django.db.models import F
from django.http import Http404

from assessments.models import TestProtocol
from programs.models import ProgramVersion, Session


def retest_session_for_athlete(athlete, session_id: int) -> Session:
    session = (
        Session.objects.select_related("version__assessment", "version__end_assessment")
        .select_related("version__program__athlete")
        .filter(pk=session_id, kind="retest", version__program__athlete=athlete)
        # A retest dated before its version's start is a past block's, carried over.
        .filter(date__gte=F("version__start_date"))
        .first()
    )
    if session is None:
        raise Http404("No such retest session.")
    return session


def retest_protocols(session: Session, active: list[TestProtocol]) -> list[TestProtocol]:
    """The active protocols tested at the block's start (strength and speed); all active
    ones when the block started without a test."""
    start = session.version.assessment
    if start is None:
        return active
    tested = set(start.results.values_list("protocol_id", flat=True))
    return [p for p in active if p.pk in tested] or active


def start_values(session: Session) -> dict[str, float]:
    """The start test's values by form field name ('<code>_<side>'), shown as hints."""
    start = session.version.assessment
    if start is None:
        return {}
    rows = start.results.values_list("protocol__code", "side", "value")
    return {f"{code}_{side}": value for code, side, value in rows}


def block_versions(athlete) -> list[ProgramVersion]:
    """The athlete's blocks with a start test, newest first: the versions built from an
    assessment, one per start assessment (the newest version of each holds the block)."""
    versions = (
        ProgramVersion.objects.filter(program__athlete=athlete, assessment__isnull=False)
        .exclude(status=ProgramVersion.Status.REJECTED)
        .exclude(status=ProgramVersion.Status.PROPOSED)
        .select_related("assessment", "end_assessment")
        .order_by("-number")
    )
    chosen: dict[int, ProgramVersion] = {}  # a version that recorded the retest wins
    for version in versions:
        held = chosen.get(version.assessment_id)
        if held is None or (held.end_assessment_id is None and version.end_assessment_id):
            chosen[version.assessment_id] = version
    return sorted(chosen.values(), key=lambda v: -v.number)
