"""The organization settings form."""

from django import forms

from athletes.models import PROFILE_WINDOW_WEEKS_MAX, PROFILE_WINDOW_WEEKS_MIN


class OrganizationSettingsForm(forms.Form):
    profile_window_weeks = forms.IntegerField(
        label="Profile window (weeks)",
        min_value=PROFILE_WINDOW_WEEKS_MIN,
        max_value=PROFILE_WINDOW_WEEKS_MAX,
        help_text=(
            "When an assessment retests only some groups, the others keep their latest "
            "result from this many weeks before it. Older results are not used."
        ),
    )
