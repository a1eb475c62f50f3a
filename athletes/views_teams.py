"""Teams: the coach's list, create, rename and archive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from athletes import services
from athletes.forms import TeamForm, add_service_errors
from athletes.selectors import organization_for_coach, team_get_for_coach, team_list_for_coach


def _done(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _fragment(request, template: str, name: str) -> str:
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{name}"
    return template


@login_required
def teams(request):
    organization = organization_for_coach(request.user)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(organization=organization, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Team {team.name} was created.")
            return _done(request, reverse("athletes:teams"))
    team_rows = (
        team_list_for_coach(request.user)
        .filter(organization=organization)
        .annotate(athlete_count=Count("athletes", filter=Q(athletes__archived_at__isnull=True)))
        .order_by("name")
    )
    invalid = request.method == "POST"
    return render(
        request,
        _fragment(request, "athletes/teams.html", "team_create_form"),
        {"form": form, "teams": team_rows},
        status=422 if invalid and request.htmx else 200,
    )


@login_required
def team_edit(request, team_id: int):
    team = team_get_for_coach(request.user, team_id)
    form = TeamForm(request.POST or None, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(team=team, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
            team.refresh_from_db()
        else:
            messages.success(request, f"Team {team.name} was saved.")
            return _done(request, reverse("athletes:teams"))
    invalid = request.method == "POST"
    return render(
        request,
        _fragment(request, "athletes/team_form.html", "team_form"),
        {"form": form, "team": team},
        status=422 if invalid and request.htmx else 200,
    )


@login_required
@require_POST
def team_archive(request, team_id: int):
    team = team_get_for_coach(request.user, team_id)
    services.team_archive(team=team)
    messages.success(request, f"Team {team.name} was archived. Its athletes stay on the roster.")
    return _done(request, reverse("athletes:teams"))
