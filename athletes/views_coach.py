"""Coach dashboard: roster, athlete page, athlete create/edit/archive.

Every lookup goes through athletes.selectors, so other organizations' ids are 404s and
non-coaches get 404 too. Teams live in views_teams.py.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments.balance import GROUP_NAMES, GROUPS
from assessments.models import Assessment
from athletes import charts, services
from athletes.display import fixed
from athletes.forms import AthleteForm, add_service_errors
from athletes.profile_marks import group_marks
from athletes.selectors import (
    athlete_get_for_coach,
    athlete_list_for_coach,
    organization_for_coach,
    team_list_for_coach,
)
from config.cache import FRAGMENT_TTL_S, content_key
from programs.models import Prescription, Program, SessionLog
from programs.roster import RosterParams, roster_page
from programs.selectors.program import adherence_for_athletes, program_with_version_numbers

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
        "archived": "1" if params.archived else "",
        **changes,
    }
    query = {k: v for k, v in values.items() if v not in ("", None)}
    # The defaults stay out of the URL.
    if str(query.get("page")) == "1":
        del query["page"]
    if query.get("sort") == "name":
        del query["sort"]
    return reverse("athletes:roster") + ("?" + urlencode(query) if query else "")


# The roster's columns: (sort key or None, header text).
ROSTER_COLUMNS = (
    ("name", "Name"),
    ("balance", "Balance level"),
    ("weakest", "Weakest link"),
    ("asymmetry", "Asymmetry"),
    (None, "Program"),
    ("last_test", "Last test"),
    ("compliance_7", "7 d"),
    ("compliance_28", "28 d"),
    (None, "Last logged"),
)


def _roster_headers(params: RosterParams) -> list[dict]:
    current = params.sort.lstrip("-")
    descending = params.sort.startswith("-")
    headers = []
    for key, label in ROSTER_COLUMNS:
        header = {"label": label, "url": "", "aria_sort": ""}
        if key:
            # Clicking the active column flips it; a new column starts ascending.
            flip = key == current and not descending
            header["url"] = _roster_url(params, sort="-" + key if flip else key, page=1)
            if key == current:
                header["aria_sort"] = "descending" if descending else "ascending"
        headers.append(header)
    return headers


@login_required
def athletes_index(request):
    """/athletes/ is where a coach guesses the list is: the roster. Refused like the
    roster itself (the login page, or a 404 for anyone who is not a coach)."""
    organization_for_coach(request.user)
    return redirect("athletes:roster")


@login_required
def roster(request):
    organization = organization_for_coach(request.user)
    params = RosterParams.from_query(request.GET)
    page, rows = roster_page(request.user, params, today=timezone.localdate())
    teams = list(team_list_for_coach(request.user).filter(organization=organization))
    context = {
        "organization": organization,
        "params": params,
        "page": page,
        "rows": rows,
        "rows_key": content_key(rows),
        "fragment_ttl": FRAGMENT_TTL_S,
        "headers": _roster_headers(params),
        "teams": teams,
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
        # The other list (active or archived athletes), filters kept.
        "toggle_archived_url": _roster_url(
            params, archived="" if params.archived else "1", page=1
        ),
        "has_any_athlete": bool(rows) or athlete_list_for_coach(request.user).exists(),
    }
    return render(request, _fragment(request, "athletes/roster.html", "roster_table"), context)


# ---------------------------------------------------------------------- athlete detail
def program_status_context(athlete) -> dict:
    program = program_with_version_numbers(athlete)
    polling = program is not None and program.regen_status in (
        Program.Regeneration.PENDING,
        Program.Regeneration.RUNNING,
    )
    return {"athlete": athlete, "program": program, "polling": polling}


def _group_rows(profile) -> list[dict]:
    """The group table's rows, numbers as shown (one decimal; "" when not measured)."""
    rows = []
    marks = group_marks(profile)
    for code in GROUPS:
        group = profile.groups.get(code)
        rows.append(
            {
                "mark": marks.get(code, ""),
                "code": code,
                "name": GROUP_NAMES[code].capitalize(),
                "score": fixed(group.score, 1) if group else "",
                "left": fixed(group.left, 1) if group else "",
                "right": fixed(group.right, 1) if group else "",
                "asymmetry_pct": fixed(group.asymmetry_pct, 1) if group else "",
                "asymmetry_flag": group.asymmetry_flag if group else "none",
                "weakest": code == profile.weakest_link,
            }
        )
    return rows


def _history(athlete) -> list[Assessment]:
    """The athlete's assessments, newest first, with only what the page reads. Only the
    latest profile is rebuilt into a BalanceProfile; the trend reads the scores from the
    stored dicts (measured cheaper than six JSON key lookups in SQL, whose compiling
    costs more than decoding a few dozen 4 kB profiles)."""
    return list(
        athlete.assessments.only(
            "id", "date", "source", "balance_level", "weakest_link", "profile"
        ).order_by("-date", "-id")
    )


def _trend(assessments) -> tuple[list[charts.TrendPoint], str]:
    points = []
    for assessment in sorted(assessments, key=lambda a: (a.date, a.id)):
        if not assessment.profile:
            continue
        groups = assessment.profile["groups"]
        points.append(
            charts.TrendPoint(
                date=assessment.date,
                balance_level=assessment.balance_level,
                groups={g: (group or {}).get("score") for g, group in groups.items()},
            )
        )
    # The SVG is built from escaped text only (charts.py), so it is safe to emit.
    return points, mark_safe(charts.trend_chart(points))


def _prescription_line(name, side, sets, sets_done, hold_seconds, load_kg) -> str:
    """'Nordic curl (L): 2 of 3 sets, 20 s hold, 12.5 kg': what was done of one item."""
    line = f"{name} ({side})" if side != "B" else name
    line += f": {sets_done or 0}" + (f" of {sets}" if sets else "") + " sets"
    if hold_seconds:
        line += f", {hold_seconds} s hold"
    if load_kg:
        line += f", {load_kg} kg"
    return line


def _recent_logs(athlete) -> list[SessionLog]:
    """The last completed logs, each with `lines`: what was done of each prescription of
    its session, read as plain values (no Prescription, Exercise or log instances)."""
    logs = list(
        SessionLog.objects.filter(athlete=athlete, completed_at__isnull=False)
        .select_related("session")
        .only("rpe", "notes", "session__date", "session__title")
        .order_by("-completed_at")[:RECENT_LOGS]
    )
    lines = defaultdict(list)
    for session_id, *values in (
        Prescription.objects.filter(session_id__in=[log.session_id for log in logs])
        .order_by("session_id", "order")
        .values_list(
            "session_id",
            "exercise__name",
            "side",
            "sets",
            "log__sets_done",
            "log__hold_seconds",
            "log__load_kg",
        )
    ):
        lines[session_id].append(_prescription_line(*values))
    for log in logs:
        log.lines = lines[log.session_id]
    return logs


@login_required
def detail(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    today = timezone.localdate()
    assessments = _history(athlete)
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
        context["stale_names"] = [GROUP_NAMES[g] for g in profile.stale_groups]
        context["radar_svg"] = mark_safe(  # built from escaped text only
            charts.radar_chart({g: s.score for g, s in profile.groups.items()})
        )
        context["trend_points"], context["trend_svg"] = _trend(assessments)
        context["trend_rows"] = [
            {
                "date": p.date,
                "balance_level": p.balance_level,
                "scores": [p.groups.get(g) for g in GROUPS],
                # As the table shows them: whole numbers, "–" for untested groups.
                "balance_text": fixed(p.balance_level),
                "score_texts": [fixed(p.groups.get(g)) or "–" for g in GROUPS],
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
    messages.success(
        request,
        f"{athlete.full_name} was archived: off the roster, listed under Archived athletes, "
        "data kept.",
    )
    return _done(request, reverse("athletes:detail", args=[athlete.id]))


@login_required
@require_POST
def unarchive(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    services.athlete_unarchive(athlete=athlete)
    messages.success(request, f"{athlete.full_name} is back on the roster.")
    return _done(request, reverse("athletes:detail", args=[athlete.id]))
