"""Admin for staff: the test-protocol library (editable) and assessments (read-mostly)."""

import copy

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from assessments import balance
from assessments.models import Assessment, TestProtocol, TestResult

_PROTOCOL_FIELDS = (
    "code",
    "kind",
    "group",
    "name",
    "unit",
    "sided",
    "norm",
    "reference_male",
    "reference_female",
    "sem_pct",
    "noise_abs",
    "swc_abs",
    "lower_is_better",
    "plausible_min",
    "plausible_max",
    "provisional",
    "instructions",
    "source",
    "active",
    "sort_order",
)
_REQUIRED_FOR_SPEC = ("code", "plausible_min")


class TestProtocolForm(forms.ModelForm):
    """Refuses a protocol the balance engine could not score, with the engine's reason."""

    __test__ = False

    class Meta:
        model = TestProtocol
        fields = _PROTOCOL_FIELDS

    def clean(self):
        cleaned = super().clean()
        if any(cleaned.get(name) is None for name in (*_REQUIRED_FOR_SPEC, "plausible_max")):
            return cleaned  # the field errors already say what is missing
        candidate = copy.copy(self.instance)
        for name, value in cleaned.items():
            setattr(candidate, name, value)
        try:
            balance.validate_protocol(candidate.to_spec())
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        return cleaned


@admin.register(TestProtocol)
class TestProtocolAdmin(admin.ModelAdmin):
    form = TestProtocolForm
    list_display = (
        "code",
        "name",
        "kind",
        "group",
        "unit",
        "sided",
        "norm",
        "references",
        "provisional",
        "active",
    )
    list_display_links = ("code", "name")
    list_editable = ("active",)
    list_filter = ("kind", "group", "norm", "provisional", "active")
    search_fields = ("code", "name", "source")
    ordering = ("sort_order", "code")

    @admin.display(description="Reference (M / F)")
    def references(self, obj: TestProtocol) -> str:
        if obj.reference_male is None or obj.reference_female is None:
            return "—"
        return f"{obj.reference_male:g} / {obj.reference_female:g}"


class TestResultInline(admin.TabularInline):
    model = TestResult
    extra = 0
    can_delete = False
    fields = ("protocol", "side", "value")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-mostly: results are recorded through the app so profiles stay consistent;
    staff may only correct the notes."""

    inlines = [TestResultInline]
    list_display = ("athlete", "date", "source", "balance_level", "weakest_link", "created_at")
    list_filter = ("source", "weakest_link", "date")
    search_fields = ("athlete__first_name", "athlete__last_name", "athlete__email")
    list_select_related = ("athlete",)
    date_hierarchy = "date"
    readonly_fields = (
        "athlete",
        "date",
        "body_mass_kg",
        "recorded_by",
        "source",
        "profile",
        "balance_level",
        "weakest_link",
        "max_asymmetry_pct",
        "created_at",
    )

    def has_add_permission(self, request):
        return False
