"""Coach dashboard: roster, athlete page, athlete create/edit/archive.

Every lookup goes through athletes.selectors, so other organizations' ids are 404s and
non-coaches get 404 too. Teams live in views_teams.py.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments.balance import GROUP_NAMES, GROUPS
from athletes import charts, services
from athletes.forms import AthleteForm, add_service_errors
from athletes.selectors import (
    athlete_get_for_coach,
    athlete_list_for_coach,
    organization_for_coach,
    team_list_for_coach,
)
from athletes.selectors_roster import SORTS, RosterParams, roster_page
from programs.models import Prescription, Program, SessionLog
from programs.selectors import adherence_for_athletes, program_for_athlete, proposed_version

RECENT_LOGS = 5


def _fragment(request, template: str, name: str) -> str:
    """The partial for htmx swaps; the full page for plain and history-restore requests."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{name}"
    return template


def _done(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# ------------------------------------------------------------------------------ roster
def _roster_url(params: RosterParams, **changes) -> str:
    values = {
        "team": params.team_id or "",
        "q": params.q,
        "sort": params.sort,
        "page": params.page,
        **changes,
    }
    query = {k: v for k, v in values.items() if v not in ("", None, 1, "1")}
    if query.get("sort") == "name":
        del query["sort"]
    return reverse("athletes:roster") + ("?" + urlencode(query) if query else "")


@login_required
def roster(request):
    organization = organization_for_coach(request.user)
    params = RosterParams.from_query(request.GET)
    page, rows = roster_page(request.user, params, today=timezone.localdate())
    current = params.sort.lstrip("-")
    sort_links = [
        {
            "key": key,
            "label": label,
            "active": key == current,
            "descending": params.sort.startswith("-"),
            # Clicking the active column flips it; a new column starts ascending.
            "url": _roster_url(
                params,
                sort=("-" + key if key == current and not params.sort.startswith("-") else key),
                page=1,
            ),
        }
        for key, (label, _ordering) in SORTS.items()
    ]
    teams = list(team_list_for_coach(request.user).filter(organization=organization))
    context = {
        "organization": organization,
        "params": params,
        "page": page,
        "rows": rows,
        "teams": teams,
        "sort_links": {link["key"]: link for link in sort_links},
        "team_links": [
            {
                "team": t,
                "url": _roster_url(params, team=t.id, page=1),
                "active": t.id == params.team_id,
            }
            for t in teams
        ],
        "all_teams_url": _roster_url(params, team="", page=1),
        "prev_url": _roster_url(params, page=page.previous_page_number())
        if page.has_previous()
        else "",
        "next_url": _roster_url(params, page=page.next_page_number()) if page.has_next() else "",
        "has_any_athlete": bool(rows) or athlete_list_for_coach(request.user).exists(),
        "group_names": GROUP_NAMES,
    }
    return render(request, _fragment(request, "athletes/roster.html", "roster_table"), context)


# ---------------------------------------------------------------------- athlete detail
def program_status_context(athlete) -> dict:
    program = program_for_athlete(athlete)
    proposal = proposed_version(program) if program else None
    polling = program is not None and program.regen_status in (
        Program.Regeneration.PENDING,
        Program.Regeneration.RUNNING,
    )
    return {"athlete": athlete, "program": program, "proposal": proposal, "polling": polling}


def _group_rows(profile) -> list[dict]:
    rows = []
    for code in GROUPS:
        group = profile.groups.get(code)
        rows.append(
            {
                "code": code,
                "name": GROUP_NAMES[code].capitalize(),
                "score": group.score if group else None,
                "left": group.left if group else None,
                "right": group.right if group else None,
                "asymmetry_pct": group.asymmetry_pct if group else None,
                "asymmetry_flag": group.asymmetry_flag if group else "none",
                "weakest": code == profile.weakest_link,
            }
        )
    return rows


def _trend(assessments) -> tuple[list[charts.TrendPoint], str]:
    points = []
    for assessment in sorted(assessments, key=lambda a: (a.date, a.id)):
        profile = assessment.balance_profile
        if profile is None:
            continue
        points.append(
            charts.TrendPoint(
                date=assessment.date,
                balance_level=profile.balance_level,
                groups={g: s.score for g, s in profile.groups.items()},
            )
        )
    # The SVG is built from escaped text only (charts.py), so it is safe to emit.
    return points, mark_safe(charts.trend_chart(points))


def _recent_logs(athlete):
    prescriptions = Prescription.objects.select_related("exercise", "log").order_by("order")
    return list(
        SessionLog.objects.filter(athlete=athlete, completed_at__isnull=False)
        .select_related("session")
        .prefetch_related(Prefetch("session__prescriptions", queryset=prescriptions))
        .order_by("-completed_at")[:RECENT_LOGS]
    )


@login_required
def detail(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    today = timezone.localdate()
    assessments = list(athlete.assessments.select_related("recorded_by").order_by("-date", "-id"))
    for assessment in assessments:
        assessment.weakest_name = GROUP_NAMES.get(assessment.weakest_link, "")
    latest = assessments[0] if assessments else None
    profile = latest.balance_profile if latest else None
    context = {
        "athlete": athlete,
        "teams": list(athlete.teams.all()),
        "assessments": assessments,
        "latest": latest,
        "profile": profile,
        "adherence": adherence_for_athletes([athlete.id], today)[athlete.id],
        "recent_logs": _recent_logs(athlete),
        **program_status_context(athlete),
    }
    if profile is not None:
        context["gap"] = (
            round(profile.potential - profile.balance_level, 1)
            if profile.potential is not None and profile.balance_level is not None
            else None
        )
        context["group_rows"] = _group_rows(profile)
        context["radar_svg"] = mark_safe(  # built from escaped text only
            charts.radar_chart({g: s.score for g, s in profile.groups.items()})
        )
        context["trend_points"], context["trend_svg"] = _trend(assessments)
        context["trend_rows"] = [
            {
                "date": p.date,
                "balance_level": p.balance_level,
                "scores": [p.groups.get(g) for g in GROUPS],
            }
            for p in context["trend_points"]
        ]
        context["group_names"] = [GROUP_NAMES[g].capitalize() for g in GROUPS]
    return render(request, "athletes/detail.html", context)


@login_required
def program_status(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    context = program_status_context(athlete)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "athletes/detail.html#program_status", context)
    return render(request, "athletes/program_status.html", context)


# ------------------------------------------------------------------ create/edit/archive
def _form_values(form: AthleteForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("teams")
    return data


def _render_form(request, form, athlete=None, *, invalid: bool = False):
    context = {"form": form, "athlete": athlete}
    template = _fragment(request, "athletes/athlete_form.html", "athlete_form")
    return render(request, template, context, status=422 if invalid and request.htmx else 200)


@login_required
def create(request):
    organization = organization_for_coach(request.user)
    form = AthleteForm(request.POST or None, organization=organization)
    if request.method == "POST":
        if form.is_valid():
            try:
                athlete = services.athlete_create(
                    organization=organization,
                    teams=form.cleaned_data["teams"],
                    **_form_values(form),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{athlete.full_name} was added.")
                return _done(request, reverse("athletes:detail", args=[athlete.id]))
        return _render_form(request, form, invalid=True)
    return _render_form(request, form)


@login_required
def edit(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    form = AthleteForm(
        request.POST or None,
        organization=athlete.organization,
        initial=AthleteForm.initial_for(athlete),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.athlete_update(
                    athlete=athlete, teams=form.cleaned_data["teams"], **_form_values(form)
                )
            except ValidationError as error:
                add_service_errors(form, error)
                athlete.refresh_from_db()  # the failed attempt set attributes in memory
            else:
                messages.success(request, f"{athlete.full_name} was saved.")
                return _done(request, reverse("athletes:detail", args=[athlete.id]))
        return _render_form(request, form, athlete, invalid=True)
    return _render_form(request, form, athlete)


@login_required
@require_POST
def archive(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    services.athlete_archive(athlete=athlete)
    messages.success(request, f"{athlete.full_name} was archived: off the roster, data kept.")
    return _done(request, reverse("athletes:detail", args=[athlete.id]))


@login_required
@require_POST
def unarchive(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    services.athlete_unarchive(athlete=athlete)
    messages.success(request, f"{athlete.full_name} is back on the roster.")
    return _done(request, reverse("athletes:detail", args=[athlete.id]))
