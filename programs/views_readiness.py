"""The morning check-in (athlete) and undoing its adjustment (coach).

The check-in is a plain POST form (it works without JavaScript, and a queued offline
submit replays as is); htmx gets its own fragment with errors, or a refresh of the today
page, whose session may just have become lighter.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from athletes.selectors import athlete_for_user, athlete_get_for_coach
from programs.forms_readiness import ReadinessForm
from programs.selectors.readiness import adjustment_get_for_athlete
from programs.services.readiness import readiness_record, session_adjustment_undo
from programs.views_athlete import TEMPLATE, today_context


def _redirect(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_POST
def checkin(request):
    athlete = athlete_for_user(request.user)
    day = timezone.localdate()
    form = ReadinessForm(request.POST)
    if form.is_valid():
        try:
            readiness_record(athlete=athlete, date=day, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    if form.errors:
        context = today_context(request, athlete, day, readiness_form=form)
        if request.htmx:
            return render(request, f"{TEMPLATE}#readiness_card", context, status=422)
        return render(request, TEMPLATE, context, status=422)
    if request.htmx:
        # Reload the page, whose session may just have become lighter (a client redirect
        # to /today/#readiness from /today/ would only scroll).
        return HttpResponseClientRefresh()
    return redirect(reverse("programs:today") + "#readiness")


@login_required
@require_POST
def adjustment_undo(request, athlete_id: int, adjustment_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    adjustment = adjustment_get_for_athlete(athlete, adjustment_id)
    try:
        session_adjustment_undo(adjustment=adjustment, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        day = f"{adjustment.session.date:%-d %b}"
        messages.success(request, f"{athlete.full_name}'s session of {day} is as planned again.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("athletes:detail", args=[athlete.pk])
    return _redirect(request, back)
