"""The retest page: the assessment form with the block's start tests; saving closes the
block and opens its review. Composes the assessment form (programs sit above assessments)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from assessments.forms import AssessmentForm
from assessments.selectors import active_protocols
from assessments.views import add_service_errors, saved_message
from athletes.selectors import athlete_get_for_coach
from programs.selectors.review import retest_protocols, retest_session_for_athlete, start_values
from programs.services.retest import retest_record

TEMPLATE = "assessments/record.html"


@login_required
@require_http_methods(["GET", "POST"])
def retest(request, athlete_id: int, session_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    session = retest_session_for_athlete(athlete, session_id)
    if session.version.end_assessment_id is not None and request.method == "GET":
        messages.info(request, "This block's retest is recorded: here is its review.")
        return redirect("programs:review", athlete.id, session.version_id)
    today = timezone.localdate()
    protocols = retest_protocols(session, list(active_protocols()))
    action = reverse("programs:retest", args=[athlete.id, session.id])
    validate_url = reverse("assessments:validate_field", kwargs={"athlete_id": athlete.id})
    kwargs = {
        "protocols": protocols,
        "today": today,
        "validate_url": validate_url,
        "start_values": start_values(session),
    }
    if request.method == "POST":
        form = AssessmentForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                assessment = retest_record(
                    session=session, recorded_by=request.user, today=today, **form.record_kwargs()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, f"Retest recorded; block closed. {saved_message(assessment)}"
                )
                url = reverse("programs:review", args=[athlete.id, session.version_id])
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        status = 422 if request.htmx else 200
        template = f"{TEMPLATE}#form" if request.htmx else TEMPLATE
        return render(request, template, _context(athlete, form, session, action), status=status)
    start = session.version.assessment
    mass = start.body_mass_kg if start is not None else None
    form = AssessmentForm(initial={"date": today, "body_mass_kg": mass}, **kwargs)
    return render(request, TEMPLATE, _context(athlete, form, session, action))


def _context(athlete, form, session, action) -> dict:
    return {
        "athlete": athlete,
        "form": form,
        "groups": form.grouped(),
        "same_date": (),
        "retest": session,
        "action": action,
    }
