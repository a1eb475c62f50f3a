"""The athlete's phone pages: today, the week, history, one session, and the log writes.

Athlete-only: athlete_for_user() gives 404 to coaches and anyone without a profile. Every
write works without JavaScript (plain forms, redirect back); htmx gets the swapped card.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from athletes.selectors import athlete_for_user
from config.cache import FRAGMENT_TTL_S, fragment_key
from programs import cards
from programs.charts_trend import trend_coords
from programs.forms_athlete import FinishForm, LogSetForm, UndoSetForm
from programs.readiness_display import readiness_context
from programs.selectors import athlete as sel
from programs.selectors.readiness import live_adjustment_for
from programs.services.logs import (
    prescription_log_set,
    prescription_log_undo_set,
    session_log_finish,
)

TEMPLATE = "programs/today.html"
HISTORY_PAGE_SIZE = 20


def _back_url(session, today):
    if session.date == today:
        return reverse("programs:today")
    return reverse("programs:session", args=[session.pk])


def _finish_form(session):
    log = sel.session_log_of(session)
    if log and log.rpe:
        return FinishForm(
            initial={"rpe": log.rpe, "notes": log.notes, "duration_min": log.duration_min}
        )
    return FinishForm()


def _session_context(athlete, session, today, *, errors_for=None, finish_form=None):
    editable = sel.session_is_loggable(athlete, session, today)
    return {
        "session": session,
        "session_log": sel.session_log_of(session),
        "editable": editable,
        # Called by the template only when the body is rendered, not served from the cache.
        "sections": lambda: cards.session_sections(
            session, editable=editable, errors_for=errors_for
        ),
        # Inside the cached body, so also on first use only (the generator's estimate).
        "estimate_min": lambda: cards.session_estimate(sel.session_prescriptions(session)),
        "estimate_hint": cards.ESTIMATE_HINT,
        # Built on first use: a body served from the cache needs no form.
        "finish_form": finish_form or SimpleLazyObject(lambda: _finish_form(session)),
        "today": today,
    }


def _cached_session_context(request, athlete, session, today) -> dict:
    """A clean GET: the session body may come from the cache, keyed on its rows."""
    context = _session_context(athlete, session, today)
    stamp = sel.session_fingerprint(session)
    context["body_cache_key"] = fragment_key(request, stamp, context["editable"], today)
    context["fragment_ttl"] = FRAGMENT_TTL_S
    return context


def today_context(request, athlete, day, *, readiness_form=None) -> dict:
    """The today page's context (also rendered by views_readiness with a check-in's errors)."""
    session = sel.athlete_session_on(athlete, day)
    context = {"athlete": athlete, "today": day, "session": session}
    if session is None or session.is_rest:
        context["next_session"] = sel.athlete_next_session(athlete, day)
        context["has_program"] = session is not None or sel.athlete_has_program(athlete)
    else:
        context.update(_cached_session_context(request, athlete, session, day))
    context.update(readiness_context(athlete, day, session, form=readiness_form))
    return context


@login_required
def today(request):
    athlete = athlete_for_user(request.user)
    return render(request, TEMPLATE, today_context(request, athlete, timezone.localdate()))


@login_required
def session_detail(request, session_id: int):
    athlete = athlete_for_user(request.user)
    session = sel.athlete_session_get(athlete, session_id)
    day = timezone.localdate()
    context = {"athlete": athlete, **_cached_session_context(request, athlete, session, day)}
    context["adjustment"] = None if session.is_rest else live_adjustment_for(session)
    return render(request, "programs/session.html", context)


def _render_invalid(request, athlete, session, today, *, card_errors=None, finish_form=None):
    """htmx: the fragment with its errors (422). Plain: the whole page with the errors."""
    errors_for = {card_errors[0]: card_errors[1]} if card_errors else None
    if request.htmx:
        if card_errors:
            prescriptions = sel.session_prescriptions(session)
            prescription = next(p for p in prescriptions if p.pk == card_errors[0])
            editable = sel.session_is_loggable(athlete, session, today)
            card = cards.prescription_card(prescription, editable=editable, errors=card_errors[1])
            return render(request, f"{TEMPLATE}#prescription_card", {"card": card}, status=422)
        context = _session_context(athlete, session, today, finish_form=finish_form)
        return render(request, f"{TEMPLATE}#finish_card", context, status=422)
    context = {"athlete": athlete}
    context.update(
        _session_context(athlete, session, today, errors_for=errors_for, finish_form=finish_form)
    )
    page = TEMPLATE if session.date == today else "programs/session.html"
    if page == TEMPLATE:
        context["session"] = session
    return render(request, page, context)


def _write_prescription(request, prescription_id: int, form_class, write):
    """Validate the form, call `write` with its data, answer with the card (htmx) or a
    redirect back to it (plain). Errors show on the card and save nothing."""
    athlete = athlete_for_user(request.user)
    # One query for the prescription with its session, program, logs and exercise: the
    # athlete's most frequent request (the whole session is read only to show errors).
    prescription = sel.athlete_prescription_get(athlete, prescription_id)
    today_ = timezone.localdate()
    session = prescription.session
    form = form_class(request.POST)
    errors = None
    if form.is_valid():
        try:
            write(athlete=athlete, prescription=prescription, today=today_, **form.cleaned_data)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    else:
        errors = form.errors
    if errors:
        session = sel.athlete_session_get(athlete, prescription.session_id)
        return _render_invalid(
            request, athlete, session, today_, card_errors=(prescription.pk, errors)
        )
    if request.htmx:
        card = cards.prescription_card(prescription, editable=True)
        return render(request, f"{TEMPLATE}#prescription_card", {"card": card, "saved": True})
    return redirect(_back_url(session, today_) + f"#rx-{prescription.pk}")


@login_required
@require_POST
def log_set(request, prescription_id: int):
    """A tap on a set (marks the sets up to it) or the hold and load values."""
    return _write_prescription(request, prescription_id, LogSetForm, prescription_log_set)


@login_required
@require_POST
def undo_set(request, prescription_id: int):
    """The "Undo last set" control: the only way a logged set count goes down."""
    return _write_prescription(request, prescription_id, UndoSetForm, prescription_log_undo_set)


@login_required
@require_POST
def finish(request, session_id: int):
    athlete = athlete_for_user(request.user)
    session = sel.athlete_session_get(athlete, session_id)
    today_ = timezone.localdate()
    form = FinishForm(request.POST)
    if form.is_valid():
        try:
            session_log_finish(
                athlete=athlete,
                session=session,
                rpe=form.cleaned_data["rpe"],
                notes=form.cleaned_data["notes"],
                duration_min=form.cleaned_data["duration_min"],
                today=today_,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, messages in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, messages)
            else:
                form.add_error(None, exc.messages)
    if form.errors:
        return _render_invalid(request, athlete, session, today_, finish_form=form)
    if request.htmx:
        context = _session_context(athlete, session, today_)
        context["saved"] = True
        return render(request, f"{TEMPLATE}#finish_card", context)
    return redirect(_back_url(session, today_) + "#finish")


@login_required
def week(request):
    athlete = athlete_for_user(request.user)
    day = timezone.localdate()
    days = sel.athlete_week(athlete, day)
    for _, session in days:
        if session is not None and not session.is_rest:
            session.estimate_min = cards.session_estimate(session.prescriptions.all())
    context = {"athlete": athlete, "today": day, "days": days, "hint": cards.ESTIMATE_HINT}
    return render(request, "programs/week.html", context)


@login_required
def history(request):
    athlete = athlete_for_user(request.user)
    day = timezone.localdate()
    page = Paginator(sel.athlete_history(athlete, day), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    trend = sel.athlete_balance_trend(athlete)
    coords = trend_coords(trend)
    context = {
        "athlete": athlete,
        "today": day,
        "page": page,
        "trend": trend,
        "trend_coords": coords,
        "trend_points": " ".join(f"{x},{y}" for x, y in coords),
    }
    if request.htmx and request.GET.get("page"):
        return render(request, "programs/history.html#history_list", context)
    return render(request, "programs/history.html", context)
