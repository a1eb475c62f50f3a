"""Invitation links: the coach makes one, the athlete opens it and sets a password."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from athletes.selectors import athlete_get_for_coach
from athletes.services_invitations import (
    invitation_accept,
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
    needs_email = not athlete.email
    form = InviteAcceptForm(request.POST or None, needs_email=needs_email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                raw_token=token,
                password=form.cleaned_data["password1"],
                email=form.cleaned_data.get("email"),
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for name, messages in errors.items():
                field = "password1" if name == "password" else name
                form.add_error(field if field in form.fields else None, messages)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("programs:today")
    response = render(request, "athletes/invite_accept.html", {"form": form, "athlete": athlete})
    return _no_referrer(response)
