"""The coach's view of one athlete's readiness and session load, loaded into the athlete
page by htmx (a plain link opens it as a page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from athletes.selectors import athlete_get_for_coach
from programs import charts_home
from programs.selectors.athlete import athlete_session_on
from programs.selectors.load import weekly_session_load
from programs.selectors.readiness import checkin_on, live_adjustment_for, readiness_on

TEMPLATE = "programs/coach_athlete_load.html"


@login_required
def athlete_load(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    today = timezone.localdate()
    weeks = weekly_session_load(athlete, today)
    session = athlete_session_on(athlete, today)
    context = {
        "athlete": athlete,
        "weeks": weeks,
        "load_bars": charts_home.vbars([(f"{w.start:%-d %b}", w.load) for w in weeks]),
        "chart": {"w": charts_home.WIDTH, "h": charts_home.HEIGHT},
        "unmeasured": sum(w.unmeasured for w in weeks),
        "checkin": checkin_on(athlete, today),
        "readiness": readiness_on([athlete.pk], today).get(athlete.pk),
        "adjustment": None if session is None else live_adjustment_for(session),
    }
    if request.htmx:
        return render(request, f"{TEMPLATE}#load_card", context)
    return render(request, TEMPLATE, context)
