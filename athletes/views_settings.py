"""The coach's organization settings (today: the profile window for partial retests)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from athletes.forms import add_service_errors
from athletes.forms_settings import OrganizationSettingsForm
from athletes.selectors import organization_for_coach
from athletes.services_settings import organization_settings_update


@login_required
def organization_settings(request):
    organization = organization_for_coach(request.user)
    form = OrganizationSettingsForm(
        request.POST or None,
        initial={"profile_window_weeks": organization.profile_window_weeks},
    )
    if request.method == "POST" and form.is_valid():
        try:
            organization_settings_update(organization=organization, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Settings saved.")
            return redirect(reverse("athletes:settings"))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "athletes/settings.html",
        {"form": form, "organization": organization},
        status=status,
    )
