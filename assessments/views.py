"""Coach-facing assessment pages: record, inline field checks, detail and CSV import.

Thin views: scoped selector -> form -> service -> render. Access: a coach of the athlete's
organization only; anyone else gets a 404 (anonymous users the login page).
"""

from __future__ import annotations

import base64
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments import balance
from assessments.csv_format import template_csv
from assessments.csv_import import csv_import_commit, csv_import_preview
from assessments.forms import AssessmentForm, CsvUploadForm
from assessments.selectors import (
    active_protocols,
    assessment_get_for_coach,
    assessments_on_date,
    protocol_names,
)
from assessments.services import assessment_record
from athletes.display import counted
from athletes.profile_marks import group_marks
from athletes.selectors import athlete_get_for_coach, organization_for_coach

SESSION_IMPORT = "assessments_csv_import"


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it has one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.message_dict.items():
        field = key if key in form.fields else None
        for message in errors:
            if field is None and key not in (NON_FIELD_ERRORS, "results", "athlete"):
                message = f"{key}: {message}"
            form.add_error(field, message)


def _validate_url(athlete) -> str:
    return reverse("assessments:validate_field", kwargs={"athlete_id": athlete.id})


def _athlete_url(athlete) -> str:
    return reverse("athletes:detail", kwargs={"athlete_id": athlete.id})


@login_required
@require_http_methods(["GET", "POST"])
def record(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    today = timezone.localdate()
    protocols = list(active_protocols())
    if request.method == "POST":
        form = AssessmentForm(
            request.POST, protocols=protocols, today=today, validate_url=_validate_url(athlete)
        )
        same_date = []
        if form.is_valid() and not form.cleaned_data["add_anyway"]:
            # A second assessment on one date is usually a double submit or a wrong date:
            # ask first ("add anyway" or open the existing one).
            same_date = assessments_on_date(athlete, form.cleaned_data["date"])
        if form.is_valid() and not same_date:
            try:
                assessment = assessment_record(
                    athlete=athlete, recorded_by=request.user, today=today, **form.record_kwargs()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, saved_message(assessment))
                if request.htmx:
                    return HttpResponseClientRedirect(_athlete_url(athlete))
                return redirect(_athlete_url(athlete))
        template = "assessments/record.html"
        context = _record_context(athlete, form, same_date=same_date)
        if request.htmx:
            return render(request, f"{template}#form", context, status=422)
        return render(request, template, context)
    form = AssessmentForm(
        initial={"date": today},
        protocols=protocols,
        today=today,
        validate_url=_validate_url(athlete),
    )
    return render(request, "assessments/record.html", _record_context(athlete, form))


def saved_message(assessment) -> str:
    if assessment.balance_level is None:  # speed and jump only: no strength profile
        return "Assessment saved: speed and jump results only, the strength profile is unchanged."
    weakest = balance.GROUP_NAMES.get(assessment.weakest_link, "none")
    return (
        f"Assessment saved. Balance level {assessment.balance_level:g} %; weakest link: {weakest}."
    )


def _record_context(athlete, form, same_date=()) -> dict:
    return {
        "athlete": athlete,
        "form": form,
        "groups": form.grouped(),
        "same_date": same_date,
        "action": reverse("assessments:record", kwargs={"athlete_id": athlete.id}),
    }


@login_required
@require_POST
def validate_field(request, athlete_id: int):
    """The htmx inline check of one input: returns its error slot, empty when fine."""
    athlete = athlete_get_for_coach(request.user, athlete_id)
    name = request.GET.get("field") or request.htmx.trigger_name or ""
    today = timezone.localdate()
    form = AssessmentForm(request.POST, protocols=list(active_protocols()), today=today)
    if name not in form.fields:
        return HttpResponseBadRequest("Unknown field.")
    form.is_valid()
    # An empty result input is fine on its own: only the whole form needs one result.
    errors = form.errors.get(name, []) if request.POST.get(name, "").strip() else []
    if name in ("date", "body_mass_kg"):
        errors = form.errors.get(name, [])
    return render(
        request,
        "assessments/record.html#field_error",
        {"athlete": athlete, "name": name, "errors": errors},
    )


@login_required
@require_GET
def detail(request, athlete_id: int, assessment_id: int):
    assessment = assessment_get_for_coach(request.user, athlete_id, assessment_id)
    profile = assessment.balance_profile
    scores = {}
    if profile is not None:
        scores = {
            (p.protocol_code, p.side): p for g in profile.groups.values() for p in g.protocols
        }
    rows = [(r, scores.get((r.protocol.code, r.side))) for r in assessment.results.all()]
    marks = group_marks(profile)
    groups = [
        (balance.GROUP_NAMES[g], profile.groups[g], marks.get(g, ""))
        for g in balance.GROUPS
        if profile
    ]
    changes = list(profile.changes) if profile else []
    carried = list(profile.carried) if profile else []
    names = protocol_names({c.protocol_code for c in [*changes, *carried]})
    changes = [(c, names.get(c.protocol_code, c.protocol_code)) for c in changes]
    carried_rows = [
        (c, names.get(c.protocol_code, c.protocol_code), scores.get((c.protocol_code, c.side)))
        for c in carried
    ]
    return render(
        request,
        "assessments/detail.html",
        {
            "athlete": assessment.athlete,
            "assessment": assessment,
            "profile": profile,
            "rows": rows,
            "groups": groups,
            "changes": changes,
            "carried_rows": carried_rows,
            "stale_names": [balance.GROUP_NAMES[g] for g in profile.stale_groups]
            if profile
            else [],
            "weakest_name": balance.GROUP_NAMES.get(profile.weakest_link, "") if profile else "",
        },
    )


# --- CSV import ----------------------------------------------------------------------------


def _pending_import(request, organization) -> tuple[str, bytes] | None:
    stored = request.session.get(SESSION_IMPORT)
    if not stored or stored.get("organization") != organization.id:
        return None
    return stored["key"], base64.b64decode(stored["data"])


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Upload a CSV and see a dry run: errors by line, or what a commit would change."""
    organization = organization_for_coach(request.user)
    preview, import_key = None, None
    if request.method == "POST":
        form = CsvUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            preview = csv_import_preview(
                organization=organization, file_bytes=content, today=timezone.localdate()
            )
            if preview.is_valid:
                # One pending import per session: the commit posts back only this key.
                import_key = secrets.token_urlsafe(16)
                request.session[SESSION_IMPORT] = {
                    "key": import_key,
                    "organization": organization.id,
                    "name": upload.name,
                    "data": base64.b64encode(content).decode("ascii"),
                }
            else:
                request.session.pop(SESSION_IMPORT, None)
    else:
        form = CsvUploadForm()
    return render(
        request,
        "assessments/import.html",
        {
            "form": form,
            "organization": organization,
            "preview": preview,
            "import_key": import_key,
            "protocols": active_protocols(),
        },
    )


@login_required
@require_POST
def import_commit(request):
    organization = organization_for_coach(request.user)
    pending = _pending_import(request, organization)
    if pending is None or not secrets.compare_digest(pending[0], request.POST.get("key", "")):
        messages.error(request, "This preview has expired. Upload the file again.")
        return redirect("assessments:import")
    try:
        result = csv_import_commit(
            organization=organization,
            file_bytes=pending[1],
            user=request.user,
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        request.session.pop(SESSION_IMPORT, None)
        messages.error(request, "Nothing was imported: " + " ".join(exc.messages[:20]))
        return redirect("assessments:import")
    request.session.pop(SESSION_IMPORT, None)
    messages.success(
        request,
        f"Imported: {counted(result.assessments_created, 'assessment')} created, "
        f"{result.assessments_updated} updated, {counted(result.results_created, 'result')} "
        f"added, {result.results_updated} changed. The programs of "
        f"{counted(result.athletes_marked_pending, 'athlete')} are being regenerated.",
    )
    return redirect("assessments:import")


@login_required
@require_GET
def import_template(request):
    organization_for_coach(request.user)  # coaches only
    response = HttpResponse(
        template_csv(active_protocols()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="speedchain-assessments.csv"'
    return response
