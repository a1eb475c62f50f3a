"""Coach forms. Plain forms: they parse input, the services validate and write."""

from __future__ import annotations

from django import forms

from athletes.models import Athlete, Organization, Team
from athletes.services import WEEKDAYS
from programs import generator

WEEKDAY_CHOICES = list(enumerate(WEEKDAYS))
EQUIPMENT_CHOICES = [(e, e.replace("_", " ").capitalize()) for e in generator.EQUIPMENT]


class AthleteForm(forms.Form):
    first_name = forms.CharField(max_length=80)
    last_name = forms.CharField(max_length=80)
    email = forms.EmailField(required=False)
    external_id = forms.CharField(
        max_length=64, required=False, label="External id", help_text="Your own id, for imports."
    )
    sex = forms.ChoiceField(choices=Athlete.Sex.choices)
    birth_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    level = forms.ChoiceField(choices=Athlete.Level.choices, initial=Athlete.Level.INTERMEDIATE)
    event_focus = forms.ChoiceField(
        choices=Athlete.EventFocus.choices, initial=Athlete.EventFocus.SPRINT
    )
    available_weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Available weekdays",
        initial=[0, 1, 2, 3, 4, 5, 6],
    )
    equipment = forms.MultipleChoiceField(
        choices=EQUIPMENT_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    teams = forms.ModelMultipleChoiceField(
        queryset=Team.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    allow_late_logging = forms.BooleanField(
        required=False, help_text="Let the athlete log sessions from earlier days."
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this organization's live teams can even be chosen.
        self.fields["teams"].queryset = Team.objects.filter(
            organization=organization, archived_at__isnull=True
        )

    def clean_available_weekdays(self):
        days = self.cleaned_data["available_weekdays"]
        if not days:
            raise forms.ValidationError("Choose at least one training day.")
        return days

    @staticmethod
    def initial_for(athlete: Athlete) -> dict:
        initial = {name: getattr(athlete, name) for name in AthleteForm.base_fields}
        initial["teams"] = list(athlete.teams.filter(archived_at__isnull=True))
        return initial


class TeamForm(forms.Form):
    name = forms.CharField(max_length=100)


def add_service_errors(form: forms.Form, error) -> None:
    """Attach a service ValidationError to the form, per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
