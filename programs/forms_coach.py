"""Coach forms for program pages. They parse input; programs.services validates and writes."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q

from programs.generator import SESSION_BUDGET_RANGE
from programs.models import Exercise, Prescription, Program


class ProgramSettingsForm(forms.Form):
    block_length = forms.IntegerField(
        min_value=2, max_value=8, help_text="Weeks between retests (2–8)."
    )
    weeks = forms.IntegerField(min_value=1, max_value=8, help_text="Weeks planned ahead (1–8).")
    session_budget_min = forms.IntegerField(
        label="Session budget (min)",
        min_value=SESSION_BUDGET_RANGE[0],
        max_value=SESSION_BUDGET_RANGE[1],
        help_text=(
            f"No session lasts longer ({SESSION_BUDGET_RANGE[0]}–{SESSION_BUDGET_RANGE[1]} min; "
            "the long run keeps its duration). Most S&C sessions last 46–60 min."
        ),
    )

    @classmethod
    def for_program(cls, program: Program, data=None) -> ProgramSettingsForm:
        initial = {
            "block_length": program.block_length,
            "weeks": program.weeks,
            "session_budget_min": program.session_budget_min,
        }
        return cls(data, initial=initial)


def swap_candidates(prescription: Prescription):
    """Active exercises sharing a muscle group with the prescribed one (or its emphasis);
    the same category when it targets none. The current exercise is always offered."""
    groups = set(prescription.exercise.groups) | (
        {prescription.emphasis} if prescription.emphasis else set()
    )
    if groups:
        shared = reduce(or_, (Q(groups__has_item=g) for g in sorted(groups)))
    else:
        shared = Q(category=prescription.exercise.category)
    return Exercise.objects.filter((Q(active=True) & shared) | Q(pk=prescription.exercise_id))


class PrescriptionForm(forms.Form):
    exercise = forms.ModelChoiceField(queryset=Exercise.objects.none())
    sets = forms.IntegerField(required=False, min_value=1, max_value=12)
    reps = forms.IntegerField(required=False, min_value=1, max_value=100)
    seconds = forms.IntegerField(required=False, min_value=1, max_value=3600)
    distance_m = forms.IntegerField(
        required=False, min_value=1, max_value=10_000, label="Distance (m)"
    )
    rest_s = forms.IntegerField(required=False, min_value=0, max_value=900, label="Rest (s)")
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, prescription: Prescription, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "exercise": prescription.exercise_id,
                **{
                    name: getattr(prescription, name)
                    for name in ("sets", "reps", "seconds", "distance_m", "rest_s", "note")
                },
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["exercise"].queryset = swap_candidates(prescription)


class SessionNoteForm(forms.Form):
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
