"""The coach's home page "Today" (issue #20): where a coach lands after logging in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from athletes.selectors import is_coach
from config.params import int_param
from programs import charts_home
from programs.home import home_for_coach, home_teams


@login_required
def coach_home(request):
    if not is_coach(request.user):
        raise Http404("Not a coach.")
    team_id = int_param(request.GET, "team")
    teams = home_teams(request.user)
    if team_id not in {t.id for t in teams}:
        team_id = None
    home = home_for_coach(request.user, today=timezone.localdate(), team_id=team_id)
    months = home.balance_months
    low = min([v for _, v, _ in months] or [0])
    high = max([v for _, v, _ in months] or [100])
    context = {
        "home": home,
        "teams": teams,
        "team_id": team_id,
        "today": timezone.localdate(),
        "weakest_bars": charts_home.hbars([(name, n) for _, name, n in home.weakest_counts]),
        "balance_points": charts_home.line_points(
            [(m, v) for m, v, _ in months], low=max(0, low - 10), high=high + 10
        ),
        "chart": {"w": charts_home.WIDTH, "h": charts_home.HEIGHT, "left": charts_home.BAR_LEFT},
    }
    context["balance_polyline"] = " ".join(f"{p.x},{p.y}" for p in context["balance_points"])
    if request.htmx:
        return render(request, "programs/coach_home.html#home_body", context)
    return render(request, "programs/coach_home.html", context)
