"""The block review (one athlete, one block; printable) and the squad view of the claim."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from assessments import balance
from assessments.models import TestProtocol
from athletes.selectors import athlete_get_for_coach, team_get_for_coach
from programs import charts_review
from programs.models import ProgramVersion
from programs.selectors.blocks import blocks_data
from programs.selectors.review import block_versions

SIDE_WORDS = {"L": "left", "R": "right", "B": ""}


def _version_for(athlete, version_id: int) -> ProgramVersion:
    version = (
        ProgramVersion.objects.select_related("assessment", "end_assessment", "program")
        .filter(pk=version_id, program__athlete=athlete, assessment__isnull=False)
        .first()
    )
    if version is None:
        raise Http404("No such block.")
    return version


def _num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "–"
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _signed(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "–"
    return ("+" if x > 0 else "−" if x < 0 else "±") + _num(abs(x), digits)


@login_required
@require_GET
def review(request, athlete_id: int, version_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    version = _version_for(athlete, version_id)
    (block,) = blocks_data([version], organization=athlete.organization)
    r = block.review
    names = dict(TestProtocol.objects.values_list("code", "name"))
    strength = [
        {
            "group": balance.GROUP_NAMES[c.group].capitalize(),
            "test": names.get(c.protocol_code, c.protocol_code),
            "side": SIDE_WORDS.get(c.side, c.side),
            "start": _num(c.start, 1),
            "end": _num(c.end, 1),
            "unit": c.unit,
            "change": _signed(c.change, 1),
            "change_pct": _signed(c.change_pct, 1),
            "mdc": _num(c.mdc, 1),
            "verdict": c.verdict,
            "label": balance.VERDICT_LABELS[c.verdict],
        }
        for c in r.strength
    ]
    outcomes = [
        {
            "test": names.get(o.protocol_code, o.protocol_code),
            "unit": o.unit,
            "start": _num(o.start),
            "end": _num(o.end),
            "change": _signed(o.change),
            "te": _num(o.typical_error, 3),
            "swc": _num(o.swc, 3),
            "threshold": _num(o.threshold, 3),
            "direction": "lower is better" if o.lower_is_better else "higher is better",
            "verdict": o.verdict,
            "label": balance.VERDICT_LABELS[o.verdict],
        }
        for o in r.outcomes
    ]
    bars = [
        charts_review.Bar(balance.GROUP_NAMES[g.group].capitalize(), g.start, g.end, g.verdict)
        for g in r.groups
    ]
    speeds = [
        charts_review.SpeedBar(
            label=names.get(o.protocol_code, o.protocol_code).split(" (")[0],
            improvement_pct=None if o.improvement is None else o.improvement / o.start * 100,
            threshold_pct=o.threshold / o.start * 100,
            verdict=o.verdict,
        )
        for o in r.outcomes
    ]
    latest = version.end_assessment or version.assessment
    latest_profile = latest.balance_profile if latest.balance_level is not None else None
    latest_profile = latest_profile or version.assessment.balance_profile
    context = {
        "athlete": athlete,
        "version": version,
        "block_data": block,  # not "block": the {% block %} tag sets that name
        "review": r,
        "activity": block.activity,
        "strength": strength,
        "outcomes": outcomes,
        "weakest_start": balance.GROUP_NAMES.get(r.weakest_start or "", "–"),
        "weakest_end": balance.GROUP_NAMES.get(r.weakest_end or "", "–"),
        "weakest_change": _signed(r.weakest_score_change, 1),
        "chart_svg": mark_safe(charts_review.review_chart(bars, speeds)),  # escaped text only
        "focus": balance.next_focus(r, latest_profile),
        "blocks": block_versions(athlete),
        "retest_session": version.sessions.filter(kind="retest").order_by("date").first(),
    }
    return render(request, "programs/review.html", context)


def _date_param(request, name: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default


@login_required
@require_GET
def squad(request, team_id: int):
    team = team_get_for_coach(request.user, team_id)
    today = timezone.localdate()
    end = _date_param(request, "end", today)
    start = _date_param(request, "start", end - dt.timedelta(days=182))
    if start > end:
        start, end = end, start
    versions = list(
        ProgramVersion.objects.filter(
            program__athlete__teams=team,
            program__athlete__archived_at__isnull=True,
            end_assessment__date__range=(start, end),
            assessment__isnull=False,
        )
        .select_related("assessment", "end_assessment", "program__athlete")
        .order_by("program__athlete_id", "-end_assessment__date", "-number")
    )
    latest: dict[int, ProgramVersion] = {}
    for v in versions:  # each athlete's latest closed block in the range
        latest.setdefault(v.program.athlete_id, v)
    blocks = blocks_data(list(latest.values()), organization=team.organization)
    sprint_codes = [
        o.protocol_code for b in blocks for o in b.review.outcomes if o.lower_is_better
    ]
    requested = request.GET.get("sprint", "")
    sprint = (
        requested
        if requested in sprint_codes
        else (max(set(sprint_codes), key=sprint_codes.count) if sprint_codes else None)
    )
    rows, points, claim_points = [], [], []
    for b in sorted(blocks, key=lambda b: b.version.program.athlete.full_name):
        athlete = b.version.program.athlete
        o = next((o for o in b.review.outcomes if o.protocol_code == sprint), None)
        verdict = o.verdict if o is not None else balance.NOT_RETESTED
        claim_points.append(
            balance.SquadPoint(
                athlete.pk,
                b.review.weakest_score_change,
                None if o is None else o.change,
                b.review.weakest_improved,
                verdict,
            )
        )
        both = bool(b.review.weakest_improved) and verdict == balance.REAL_IMPROVEMENT
        if b.review.weakest_score_change is not None and o is not None and o.change is not None:
            points.append((athlete.full_name, b.review.weakest_score_change, o.change, both))
        rows.append(
            {
                "athlete": athlete,
                "version": b.version,
                "weakest": balance.GROUP_NAMES.get(b.review.weakest_start or "", "–"),
                "weakest_change": _signed(b.review.weakest_score_change, 1),
                "weakest_improved": b.review.weakest_improved,
                "sprint_change": _signed(None if o is None else o.change),
                "sprint_label": balance.VERDICT_LABELS[verdict],
                "sprint_verdict": verdict,
                "sessions": f"{b.activity.sessions_done} of {b.activity.sessions_planned}",
            }
        )
    claim = balance.squad_claim(claim_points)
    names = dict(TestProtocol.objects.filter(kind="outcome").values_list("code", "name"))
    context = {
        "team": team,
        "start": start,
        "end": end,
        "rows": rows,
        "claim": claim,
        "sprint": sprint,
        "sprint_name": names.get(sprint or "", ""),
        "sprint_choices": [(c, names.get(c, c)) for c in sorted(set(sprint_codes))],
        "scatter_svg": mark_safe(charts_review.scatter_chart(points, unit="s")) if points else "",
    }
    return render(request, "programs/squad.html", context)
