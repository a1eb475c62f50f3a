"""The coach's API keys page: list, create (the secret shown once), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from athletes.forms import add_service_errors
from athletes.models import ApiKey
from athletes.selectors import organization_for_coach
from athletes.selectors_api import api_key_get_for_coach, api_key_list_for_coach
from athletes.services_api_keys import api_key_create, api_key_revoke


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What uses it, e.g. “NordBord in the gym”.")
    scope = forms.ChoiceField(choices=ApiKey.Scope.choices, initial=ApiKey.Scope.READ)


@login_required
def api_keys(request):
    organization = organization_for_coach(request.user)
    form = ApiKeyForm(request.POST or None)
    created = raw_key = None
    if request.method == "POST" and form.is_valid():
        try:
            created, raw_key = api_key_create(
                organization=organization,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = ApiKeyForm()
    # Rendered, not redirected, after a create: the secret exists only in this response.
    keys = api_key_list_for_coach(request.user).filter(organization=organization)
    return render(
        request,
        "athletes/api_keys.html",
        {
            "form": form,
            "keys": keys,
            "organization": organization,
            "created": created,
            "raw_key": raw_key,
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@login_required
@require_POST
def api_key_revoke_view(request, api_key_id: int):
    api_key = api_key_get_for_coach(request.user, api_key_id)
    api_key_revoke(api_key=api_key)
    messages.success(request, f"Key {api_key.name} was revoked. Requests with it now get 401.")
    return redirect("athletes:api_keys")
