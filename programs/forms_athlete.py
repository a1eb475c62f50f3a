"""Forms for the athlete's logging. They parse input; the services own the bounds."""

from django import forms

RPE_CHOICES = [(n, str(n)) for n in range(1, 11)]


class LogSetForm(forms.Form):
    sets_done = forms.IntegerField(required=False, min_value=0, max_value=50)
    hold_seconds = forms.IntegerField(required=False, min_value=0, max_value=900)
    load_kg = forms.DecimalField(
        required=False, min_value=0, max_value=500, max_digits=5, decimal_places=1
    )

    def clean(self):
        data = super().clean()
        if not self.errors and all(data.get(k) is None for k in self.fields):
            raise forms.ValidationError("Nothing to save: tap a set or enter a value.")
        return data


class UndoSetForm(forms.Form):
    # The count the athlete saw: a retried undo then removes one set, not two.
    from_count = forms.IntegerField(
        min_value=1, max_value=50, error_messages={"required": "Nothing to undo."}
    )


class FinishForm(forms.Form):
    rpe = forms.TypedChoiceField(
        choices=RPE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        label="Effort (RPE 1–10)",
        error_messages={"required": "Choose an effort (RPE) from 1 to 10."},
    )
    duration_min = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=600,
        label="Minutes (optional)",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    notes = forms.CharField(
        required=False, max_length=2000, label="Note for your coach", widget=forms.Textarea
    )
