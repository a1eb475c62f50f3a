"""Invitation links: the coach makes one, the athlete opens it and gets a login.

Three ways through the accept page (athletes.services_invitations has the rule): a new
email chooses a password; an email with an account logs in with that account's own
password; a logged-in user accepts as themselves, if the link is for them.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from athletes.selectors import athlete_get_for_coach, athlete_linked_to
from athletes.services_invitations import (
    invitation_accept,
    invitation_accept_as_user,
    invitation_account,
    invitation_address,
    invitation_check_user,
    invitation_create,
    invitation_for_token,
)


class InviteAcceptForm(forms.Form):
    email = forms.EmailField(required=False, label="Your email")
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Repeat the password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, needs_email: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_email:
            self.fields["email"].required = True
        else:
            del self.fields["email"]

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords differ. Type the same one twice.")
        return data


class InviteLoginForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _add_service_errors(form: forms.Form, exc: ValidationError, *, password_field: str) -> None:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, messages in errors.items():
        field = password_field if name == "password" else name
        form.add_error(field if field in form.fields else None, messages)


def _no_referrer(response):
    # The token is in the URL: never leak it to another site. Not "no-referrer": browsers
    # then send "Origin: null" with the form, which Django's CSRF check rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@login_required
@require_POST
def invite_create(request, athlete_id: int):
    athlete = athlete_get_for_coach(request.user, athlete_id)
    context = {"athlete": athlete}
    status = 200
    try:
        invitation, raw_token = invitation_create(athlete=athlete, created_by=request.user)
    except ValidationError as exc:
        context["error"] = " ".join(exc.messages)
        status = 422 if request.htmx else 200
    else:
        context["invitation"] = invitation
        context["link"] = request.build_absolute_uri(
            reverse("athletes:invite_accept", args=[raw_token])
        )
    template = "athletes/invite_create.html"
    if request.htmx:
        template += "#invite_link"
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def invite_accept(request, token: str):
    try:
        invitation = invitation_for_token(token)
    except ValidationError as exc:
        response = render(
            request, "athletes/invite_invalid.html", {"message": exc.messages[0]}, status=410
        )
        return _no_referrer(response)
    athlete = invitation.athlete
    address = invitation_address(invitation)
    posted = request.POST if request.method == "POST" else None
    context = {"athlete": athlete, "address": address}
    if request.user.is_authenticated:
        context["mode"] = "as_user"
        try:
            invitation_check_user(invitation, user=request.user)
        except ValidationError as exc:
            context["refusal"] = exc.messages[0]
        linked = athlete_linked_to(request.user)
        context["athlete_elsewhere"] = linked if linked and linked.pk != athlete.pk else None
        form = forms.Form(posted)
        if posted is not None and form.is_valid():
            try:
                invitation_accept_as_user(raw_token=token, user=request.user)
            except ValidationError as exc:
                _add_service_errors(form, exc, password_field="")
            else:
                return redirect("programs:today")
    elif invitation_account(invitation) is not None:
        context["mode"] = "login"
        form = InviteLoginForm(posted)
        if posted is not None and form.is_valid():
            # Through authenticate(), so axes counts wrong passwords here as at /login/.
            user = authenticate(request, username=address, password=form.cleaned_data["password"])
            if user is None:
                form.add_error("password", "That is not the password of this account.")
            else:
                try:
                    invitation_accept_as_user(raw_token=token, user=user)
                except ValidationError as exc:
                    _add_service_errors(form, exc, password_field="password")
                else:
                    login(request, user)
                    return redirect("programs:today")
    else:
        context["mode"] = "new"
        form = InviteAcceptForm(posted, needs_email=not address)
        if posted is not None and form.is_valid():
            try:
                user = invitation_accept(
                    raw_token=token,
                    password=form.cleaned_data["password1"],
                    email=form.cleaned_data.get("email"),
                )
            except ValidationError as exc:
                _add_service_errors(form, exc, password_field="password1")
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("programs:today")
    context["form"] = form
    response = render(request, "athletes/invite_accept.html", context)
    return _no_referrer(response)
