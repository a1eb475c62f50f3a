"""Staff onboarding in Django admin: organizations, their coaches, and user accounts.

A club starts here: staff create the organization and its head coach (an email login with
a first password the coach replaces through "Forgot your password?"); the coach then adds
teams, athletes and invitations in the app. Athletes' data is the coaches' business and
stays out of the admin.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.db.models import Count, Q

from athletes.models import Membership, Organization, User, login_email


class _EmailMixin:
    """Emails are stored lower-case (UserManager.create_user) and unique whatever the case."""

    def clean_email(self):
        email = login_email(self.cleaned_data["email"])
        taken = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("A user with this email already exists.")
        return email


class UserCreateForm(_EmailMixin, BaseUserCreationForm):
    class Meta(BaseUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name")


class UserEditForm(_EmailMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("user",)
    verbose_name = "coach"
    verbose_name_plural = "coaches"


class UserMembershipInline(MembershipInline):
    autocomplete_fields = ("organization",)
    verbose_name = "organization coached"
    verbose_name_plural = "organizations coached"


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "coach_count", "athlete_count", "created_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    exclude = ("profile_window_weeks",)  # the club's coaches set it on Settings
    inlines = (MembershipInline,)

    def get_queryset(self, request):
        # Two counts per row in the list's one query, not two queries per row.
        return (
            super()
            .get_queryset(request)
            .annotate(
                coaches=Count("memberships", distinct=True),
                active_athletes=Count(
                    "athletes", filter=Q(athletes__archived_at__isnull=True), distinct=True
                ),
            )
        )

    @admin.display(description="coaches", ordering="coaches")
    def coach_count(self, obj):
        return obj.coaches

    @admin.display(description="athletes", ordering="active_athletes")
    def athlete_count(self, obj):
        return obj.active_athletes


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "full_name")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")},
        ),
    )
    inlines = (UserMembershipInline,)

    def get_inline_instances(self, request, obj=None):
        # Adding is email and password only, as in Django's own user admin; the
        # organizations come on the change page it leads to.
        return super().get_inline_instances(request, obj) if obj else []


from athletes import admin_api_keys  # noqa: E402, F401  (registers ApiKey)
