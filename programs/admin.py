"""Staff admin: the exercise library (edit, filter, import/export) and read-mostly programs."""

from django import forms
from django.contrib import admin, messages
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin

from assessments.balance import GROUPS
from programs import generator
from programs.models import Exercise, Program, ProgramVersion
from programs.services import program_mark_pending


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


# ---------------------------------------------------------------------- import / export
class ListWidget(widgets.Widget):
    """A JSON list as "a, b, c" in CSV/XLSX; unknown values are row errors."""

    def __init__(self, allowed, what):
        super().__init__()
        self.allowed, self.what = allowed, what

    def clean(self, value, row=None, **kwargs):
        items = [v.strip() for v in str(value or "").replace(";", ",").split(",") if v.strip()]
        unknown = [v for v in items if v not in self.allowed]
        if unknown:
            raise ValueError(
                f"Unknown {self.what} {', '.join(unknown)}; use {', '.join(self.allowed)}."
            )
        return items

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


class ExerciseResource(resources.ModelResource):
    groups = fields.Field(
        attribute="groups", column_name="groups", widget=ListWidget(GROUPS, "group")
    )
    equipment = fields.Field(
        attribute="equipment",
        column_name="equipment",
        widget=ListWidget(generator.EQUIPMENT, "equipment"),
    )

    class Meta:
        model = Exercise
        import_id_fields = ("code",)
        exclude = ("id",)
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True  # choices and the other model rules, per row


# -------------------------------------------------------------------------------- form
class ExerciseAdminForm(forms.ModelForm):
    groups = forms.MultipleChoiceField(
        choices=[(g, _label(g)) for g in GROUPS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The muscle groups it targets.",
    )
    equipment = forms.MultipleChoiceField(
        choices=[(e, _label(e)) for e in generator.EQUIPMENT],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Everything it needs; none ticked means no equipment.",
    )

    class Meta:
        model = Exercise
        fields = (
            "code",
            "name",
            "category",
            "active",
            "groups",
            "contraction",
            "muscle_length",
            "unilateral",
            "intensity",
            "equipment",
            "sets",
            "reps",
            "seconds",
            "distance_m",
            "rest_s",
            "description",
            "cues",
            "contraindications",
            "video_url",
        )

    def clean(self):
        data = super().clean()
        if data.get("category") == "isometric_band":
            if not data.get("groups"):
                self.add_error("groups", "A band hold must target at least one muscle group.")
            if not data.get("muscle_length"):
                self.add_error("muscle_length", "A band hold needs a muscle length.")
        return data


# ------------------------------------------------------------------------------ filters
class _JsonListFilter(admin.SimpleListFilter):
    field = ""
    values: tuple[str, ...] = ()

    def lookups(self, request, model_admin):
        return [(v, _label(v)) for v in self.values]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field}__has_item": value})


class GroupFilter(_JsonListFilter):
    title = "target group"
    parameter_name = "group"
    field = "groups"
    values = GROUPS


class EquipmentFilter(_JsonListFilter):
    title = "equipment"
    parameter_name = "equipment"
    field = "equipment"
    values = generator.EQUIPMENT


# ------------------------------------------------------------------------------ admins
@admin.register(Exercise)
class ExerciseAdmin(ImportExportModelAdmin):
    resource_classes = [ExerciseResource]
    form = ExerciseAdminForm
    list_display = ("name", "code", "category", "groups_text", "intensity", "dose", "active")
    list_filter = ("category", "intensity", "active", GroupFilter, EquipmentFilter)
    search_fields = ("name", "code", "cues", "description")
    ordering = ("category", "name")
    list_per_page = 50
    actions = ("activate", "deactivate")
    fieldsets = (
        (None, {"fields": ("code", "name", "category", "active")}),
        (
            "What it trains",
            {
                "fields": (
                    "groups",
                    "contraction",
                    "muscle_length",
                    "unilateral",
                    "intensity",
                    "equipment",
                )
            },
        ),
        ("Default dose", {"fields": ("sets", "reps", "seconds", "distance_m", "rest_s")}),
        ("Text", {"fields": ("description", "cues", "contraindications", "video_url")}),
    )

    @admin.display(description="Groups")
    def groups_text(self, obj):
        return ", ".join(_label(g) for g in obj.groups) or "—"

    @admin.display(description="Default dose")
    def dose(self, obj):
        return obj.default_dose or "—"

    @admin.action(description="Activate the selected exercises")
    def activate(self, request, queryset):
        count = queryset.update(active=True)
        self.message_user(request, f"{count} exercise(s) activated.", messages.SUCCESS)

    @admin.action(description="Deactivate the selected exercises")
    def deactivate(self, request, queryset):
        count = queryset.update(active=False)
        self.message_user(
            request,
            f"{count} exercise(s) deactivated; new program versions will not use them.",
            messages.SUCCESS,
        )


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = (
        "athlete",
        "organization",
        "locked",
        "regen_status",
        "regen_attempts",
        "regen_requested_at",
        "regen_finished_at",
    )
    list_filter = ("regen_status", "locked")
    search_fields = ("athlete__first_name", "athlete__last_name", "athlete__email")
    list_select_related = ("athlete__organization",)
    readonly_fields = (
        "athlete",
        "regen_status",
        "regen_requested_at",
        "regen_started_at",
        "regen_finished_at",
        "regen_attempts",
        "regen_error",
        "created_at",
    )
    actions = ("request_regeneration",)

    def has_add_permission(self, request):
        return False  # programs are created by the pipeline

    @admin.display(description="Organization", ordering="athlete__organization__name")
    def organization(self, obj):
        return obj.athlete.organization

    @admin.action(description="Regenerate the selected programs")
    def request_regeneration(self, request, queryset):
        for program in queryset.select_related("athlete"):
            program_mark_pending(athlete=program.athlete)
        self.message_user(request, "Regeneration queued.", messages.SUCCESS)


@admin.register(ProgramVersion)
class ProgramVersionAdmin(admin.ModelAdmin):
    list_display = ("program", "number", "status", "trigger", "start_date", "created_at")
    list_filter = ("status", "trigger")
    search_fields = ("program__athlete__first_name", "program__athlete__last_name")
    list_select_related = ("program__athlete",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # history: versions are never edited by hand
