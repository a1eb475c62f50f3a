"""The morning check-in form: five 1-5 ratings, all required (the services own the rule)."""

from django import forms

from programs import generator

# What each end of the scale means on the phone (5 is always best: McLean 2010).
ITEM_ENDS = {
    "sleep": ("Very poor", "Very good"),
    "fatigue": ("Exhausted", "Fresh"),
    "soreness": ("Very sore", "Not sore"),
    "stress": ("Very stressed", "Relaxed"),
    "mood": ("Very low", "Very good"),
}
CHOICES = [(n, str(n)) for n in range(1, 6)]


class ReadinessForm(forms.Form):
    sleep = forms.TypedChoiceField(choices=CHOICES, coerce=int, widget=forms.RadioSelect)
    fatigue = forms.TypedChoiceField(choices=CHOICES, coerce=int, widget=forms.RadioSelect)
    soreness = forms.TypedChoiceField(choices=CHOICES, coerce=int, widget=forms.RadioSelect)
    stress = forms.TypedChoiceField(choices=CHOICES, coerce=int, widget=forms.RadioSelect)
    mood = forms.TypedChoiceField(choices=CHOICES, coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in generator.READINESS_ITEMS:
            field = self.fields[name]
            field.label = generator.READINESS_ITEM_LABELS[name]
            field.error_messages["required"] = f"{field.label}: tap 1 to 5."
            field.error_messages["invalid_choice"] = f"{field.label}: tap 1 to 5."

    def rows(self):
        """(bound field, worst label, best label, options) per item, for the template;
        options are (value, input id, checked). The template writes the 25 radios itself:
        Django's widget templates took ~3 ms of the today page to render them."""
        rows = []
        for name in generator.READINESS_ITEMS:
            field = self[name]
            value = field.value()
            current = "" if value is None else str(value)
            options = [
                (choice, f"{field.auto_id}_{i}", str(choice) == current)
                for i, (choice, _label) in enumerate(CHOICES)
            ]
            rows.append((field, *ITEM_ENDS[name], options))
        return rows
