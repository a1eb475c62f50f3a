"""Forms for recording an assessment and uploading a CSV.

The per-field checks reuse the service's validators, so the inline (htmx) message, the
full-form message and the service's refusal always say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms

from assessments import balance
from assessments.csv_format import MAX_FILE_BYTES
from assessments.models import TestProtocol
from assessments.services import (
    SIDE_NAMES,
    body_mass_error,
    date_error,
    notes_error,
    parse_body_mass,
    range_hint,
    result_field_name,
    result_value_error,
)
from config.validation import NOTES_MAX_CHARS


def _sides(protocol: TestProtocol) -> tuple[str, ...]:
    return ("L", "R") if protocol.sided else ("B",)


@dataclass
class ProtocolInputs:
    protocol: TestProtocol
    # (side label, bound field, the block's start value for a retest or None)
    fields: list[tuple[str, forms.BoundField, float | None]]

    @property
    def hint(self) -> str:
        return range_hint(self.protocol)


class AssessmentForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    body_mass_kg = forms.DecimalField(
        label="Body mass (kg)",
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        help_text="25–250 kg",
    )
    notes = forms.CharField(
        required=False, max_length=NOTES_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Set by the "Add anyway" button of the same-date warning.
    add_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        protocols: list[TestProtocol],
        today: dt.date,
        validate_url: str | None = None,
        start_values: dict[str, float] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.today = today
        self.start_values = start_values or {}  # by field name: a retest shows the start
        self.protocols = protocols
        for protocol in protocols:
            for side in _sides(protocol):
                self.fields[result_field_name(protocol.code, side)] = forms.FloatField(
                    required=False,
                    label=f"{protocol.name} ({SIDE_NAMES[side]}, {protocol.unit})",
                    help_text=range_hint(protocol),
                    validators=[self._range_validator(protocol)],
                    widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
                )

        if validate_url:
            self._add_inline_validation(validate_url)

    def _add_inline_validation(self, url: str) -> None:
        """Each input checks itself on change and fills its own error slot."""
        for name, field in self.fields.items():
            if name in ("notes", "add_anyway"):
                continue
            field.widget.attrs.update(
                {
                    "hx-post": f"{url}?field={name}",
                    "hx-trigger": "change",
                    "hx-target": f"#err-{name}",
                    "hx-swap": "outerHTML",
                    "aria-describedby": f"hint-{name} err-{name}",
                }
            )

    @staticmethod
    def _range_validator(protocol: TestProtocol):
        def validate(value: float) -> None:
            if message := result_value_error(protocol, value):
                raise forms.ValidationError(message)

        return validate

    def result_names(self) -> list[str]:
        return [result_field_name(p.code, s) for p in self.protocols for s in _sides(p)]

    def grouped(self) -> list[tuple[str, list[ProtocolInputs]]]:
        """Active protocols by muscle group, in the engine's group order; the outcomes
        (sprints, jumps: no group) last, as "Speed and jump"."""
        labels = {**dict(TestProtocol.Group.choices), "": "Speed and jump"}
        groups = []
        for group in (*balance.GROUPS, ""):
            rows = [
                ProtocolInputs(
                    protocol=p,
                    fields=[
                        (
                            SIDE_NAMES[s].capitalize() if p.sided else "Result",
                            self[name],
                            self.start_values.get(name),
                        )
                        for s in _sides(p)
                        for name in [result_field_name(p.code, s)]
                    ],
                )
                for p in self.protocols
                if p.group == group
            ]
            if rows:
                groups.append((labels.get(group, group), rows))
        return groups

    def clean_date(self):
        value = self.cleaned_data["date"]
        if message := date_error(value, self.today):
            raise forms.ValidationError(message)
        return value

    def clean_body_mass_kg(self):
        value = parse_body_mass(self.cleaned_data["body_mass_kg"])
        if message := body_mass_error(value):
            raise forms.ValidationError(message)
        return value

    def clean_notes(self):
        value = self.cleaned_data["notes"]
        if message := notes_error(value):
            raise forms.ValidationError(message)
        return value

    def clean(self):
        cleaned = super().clean()
        names = self.result_names()
        if not any(cleaned.get(n) is not None for n in names) and not any(
            n in self.errors for n in names
        ):
            raise forms.ValidationError("Enter at least one test result.")
        return cleaned

    def results(self) -> list[tuple[str, str, float]]:
        return [
            (p.code, s, self.cleaned_data[name])
            for p in self.protocols
            for s in _sides(p)
            for name in [result_field_name(p.code, s)]
            if self.cleaned_data.get(name) is not None
        ]

    def record_kwargs(self) -> dict:
        """What the recording services take from a valid form (assessment_record and the
        block's retest_record)."""
        data = self.cleaned_data
        return {
            "date": data["date"],
            "body_mass_kg": data["body_mass_kg"],
            "results": self.results(),
            "notes": data["notes"],
        }


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file", widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"})
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB; split it.")
        return upload
