"""The coach's program pages: calendar, versions, proposal review, lock, settings, edits.

Athletes are resolved through athletes.selectors (404 outside the coach's organization);
versions, sessions and prescriptions are then looked up under that athlete only. Every
write goes through programs.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from athletes.forms import add_service_errors
from athletes.selectors import athlete_get_for_coach
from config.cache import FRAGMENT_TTL_S, fragment_key
from programs import cards, services
from programs.forms_coach import PrescriptionForm, ProgramSettingsForm, SessionNoteForm
from programs.models import Prescription, Program, ProgramVersion, Session, SessionLog
from programs.rules import session_edit_error
from programs.selectors import program as selectors
from programs.selectors.review import block_versions

PAGE = "programs/coach_program.html"


def _program_url(athlete) -> str:
    return reverse("programs:coach_program", args=[athlete.id])


def _done(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _htmx(request) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _calendar_context(version: ProgramVersion | None, today, requested: str = "") -> dict:
    """One calendar week of the version: the requested one, else the one holding today.

    A week at a time keeps the page light (a block has up to 8 weeks of ~8 exercises a
    day); the other weeks are a link away. A bad or unknown `?week=` shows the current one.
    The week's sessions load on first use: a calendar served from the cache needs none.
    """
    context = {"version": version, "today": today, "weeks": [], "week": None, "sessions": []}
    context["estimate_hint"] = cards.ESTIMATE_HINT
    if version is None:
        return context
    weeks = selectors.calendar_weeks(version)
    week = selectors.calendar_week_for(weeks, requested, today)
    if week:
        context["sessions"] = SimpleLazyObject(
            lambda: cards.calendar_view(selectors.calendar_week_sessions(version, week, today))
        )
    context.update({"weeks": weeks, "week": week})
    return context


def _cached_calendar_context(request, version: ProgramVersion | None, today) -> dict:
    """The calendar may come from the cache, keyed on a fingerprint of the week's rows and
    on all it shows that those rows do not tell: the week, today (badges, editability),
    the version, the week tabs (other weeks' rows) and the URL its links are built on."""
    context = _calendar_context(version, today, request.GET.get("week", ""))
    week = context["week"]
    if week:
        tabs = ",".join(f"{w.first}:{w.last}:{w.label}" for w in context["weeks"])
        context["calendar_cache_key"] = fragment_key(
            request,
            request.path,
            version.pk,
            version.number,
            version.status,
            week.key,
            tabs,
            today,
            selectors.version_week_fingerprint(version, week),
        )
        context["fragment_ttl"] = FRAGMENT_TTL_S
    return context


@login_required
def coach_program(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    today = timezone.localdate()
    program = selectors.program_for_athlete(athlete)
    context = {"athlete": athlete, "program": program, "today": today}
    if program is not None:
        active = selectors.active_version(program)
        context.update(_cached_calendar_context(request, active, today))
        if _htmx(request) and request.GET.get("week"):
            return render(request, f"{PAGE}#calendar", context)
        proposal = selectors.proposed_version(program)
        context.update(
            {
                "active": active,
                "proposal": proposal,
                "diff": selectors.version_diff(active, proposal) if proposal else [],
                "versions": list(selectors.version_list(program)),
                "blocks": block_versions(athlete),
                "settings_form": ProgramSettingsForm.for_program(program),
            }
        )
    return render(request, PAGE, context)


def _version_for(athlete, version_id: int) -> ProgramVersion:
    return get_object_or_404(
        ProgramVersion.objects.select_related("program", "assessment"),
        pk=version_id,
        program__athlete=athlete,
    )


@login_required
def coach_version(request, athlete_id: int, version_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    version = _version_for(athlete, version_id)
    today = timezone.localdate()
    context = {"athlete": athlete, "program": version.program}
    context.update(_calendar_context(version, today, request.GET.get("week", "")))
    if _htmx(request) and request.GET.get("week"):
        return render(request, f"{PAGE}#calendar", context)
    active = selectors.active_version(version.program)
    context["active"] = active
    if version.status == ProgramVersion.Status.PROPOSED:
        context["diff"] = selectors.version_diff(active, version)
    return render(request, "programs/coach_version.html", context)


def _decide(request, athlete_id: int, version_id: int, *, approve: bool):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    version = _version_for(athlete, version_id)
    action = services.program_version_approve if approve else services.program_version_reject
    try:
        action(version=version, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        verb = "approved: it is now the active program" if approve else "rejected"
        messages.success(request, f"Version {version.number} was {verb}.")
    return _done(request, _program_url(athlete))


@login_required
@require_POST
def approve(request, athlete_id: int, version_id: int):
    return _decide(request, athlete_id, version_id, approve=True)


@login_required
@require_POST
def reject(request, athlete_id: int, version_id: int):
    return _decide(request, athlete_id, version_id, approve=False)


@login_required
@require_POST
def lock(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    program = services.program_get_or_create(athlete=athlete)
    locked = request.POST.get("locked") == "1"
    services.program_set_locked(program=program, locked=locked)
    messages.success(
        request,
        "Program locked: new results will make a proposal for you to approve."
        if locked
        else "Program unlocked: new results update the program directly.",
    )
    return _done(request, _program_url(athlete))


@login_required
@require_POST
def regenerate(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    services.program_request_regeneration(athlete=athlete, user=request.user)
    messages.success(request, "Regeneration queued: the new version appears in a moment.")
    return _done(request, _program_url(athlete))


@login_required
def program_settings(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    program = selectors.program_for_athlete(athlete)
    if program is None:
        # Athletes made through athlete_create always have one; older rows may not.
        program = (
            services.program_get_or_create(athlete=athlete)
            if request.method == "POST"
            else Program(athlete=athlete)
        )
    form = ProgramSettingsForm.for_program(program, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.program_settings_update(program=program, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Block settings saved; the program is regenerating.")
                return _done(request, _program_url(athlete))
        program.refresh_from_db()
    context = {"athlete": athlete, "program": program, "settings_form": form}
    if _htmx(request):
        status = 422 if request.method == "POST" else 200
        template = "programs/coach_settings.html#settings_form"
        return render(request, template, context, status=status)
    return render(request, "programs/coach_settings.html", context)


def _prescription_for(athlete, prescription_id: int) -> Prescription:
    return get_object_or_404(
        Prescription.objects.select_related("exercise", "session__version__program"),
        pk=prescription_id,
        session__version__program__athlete=athlete,
    )


def _estimate_context(prescription: Prescription) -> dict:
    """The session's "≈ N min" by the pages' one rule (cards.session_estimate)."""
    rows = prescription.session.prescriptions.select_related("exercise")
    return {"estimate_min": cards.session_estimate(rows), "estimate_hint": cards.ESTIMATE_HINT}


def _row_context(athlete, prescription: Prescription) -> dict:
    session = prescription.session
    session.logged = SessionLog.objects.filter(session=session).exists()
    session.editable = not session_edit_error(
        session, today=timezone.localdate(), logged=session.logged
    )
    return {"athlete": athlete, "p": prescription, "session": session}


@login_required
def prescription_edit(request, athlete_id: int, prescription_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    prescription = _prescription_for(athlete, prescription_id)
    if request.method == "GET" and request.GET.get("cancel") and _htmx(request):
        return render(request, f"{PAGE}#prescription_row", _row_context(athlete, prescription))
    form = PrescriptionForm(request.POST or None, prescription=prescription)
    if request.method == "POST" and form.is_valid():
        try:
            prescription = services.prescription_update(
                prescription=prescription, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{prescription.exercise.name} was updated.")
            if _htmx(request):
                prescription = _prescription_for(athlete, prescription.pk)
                # The session's estimate changes with the dose: swapped out of band.
                context = _row_context(athlete, prescription) | _estimate_context(prescription)
                return render(request, f"{PAGE}#prescription_saved", context)
            return redirect(_program_url(athlete))
    context = {"athlete": athlete, "p": prescription, "form": form}
    status = 422 if request.method == "POST" and _htmx(request) else 200
    if _htmx(request):
        return render(request, f"{PAGE}#prescription_form", context, status=status)
    # The full page (no htmx) shows the session's estimate, as the calendar row does.
    context |= _estimate_context(prescription)
    return render(request, "programs/coach_prescription.html", context)


@login_required
@require_POST
def session_note(request, athlete_id: int, session_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    session = get_object_or_404(
        Session.objects.select_related("version__program"),
        pk=session_id,
        version__program__athlete=athlete,
    )
    form = SessionNoteForm(request.POST)
    if form.is_valid():
        try:
            services.session_note_set(session=session, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Note saved for {session.date:%a %d %b}.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return _done(request, _program_url(athlete))
