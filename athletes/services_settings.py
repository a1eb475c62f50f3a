"""Organization settings a coach may change."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from athletes.models import (
    PROFILE_WINDOW_WEEKS_MAX,
    PROFILE_WINDOW_WEEKS_MIN,
    Organization,
)


def profile_window_error(weeks) -> str | None:
    if isinstance(weeks, bool) or not isinstance(weeks, int):
        return "Enter a whole number of weeks."
    if not PROFILE_WINDOW_WEEKS_MIN <= weeks <= PROFILE_WINDOW_WEEKS_MAX:
        return f"Enter between {PROFILE_WINDOW_WEEKS_MIN} and {PROFILE_WINDOW_WEEKS_MAX} weeks."
    return None


def organization_settings_update(
    *, organization: Organization, profile_window_weeks: int
) -> Organization:
    """Save the settings; raises ValidationError keyed by field and saves nothing on error.
    Profiles already stored keep the window they were built with."""
    if message := profile_window_error(profile_window_weeks):
        raise ValidationError({"profile_window_weeks": [message]})
    organization.profile_window_weeks = profile_window_weeks
    organization.save(update_fields=["profile_window_weeks"])
    return organization
