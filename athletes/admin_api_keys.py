"""API keys in the admin: staff see every organization's keys and revoke them. Creating
a key is done in the app (the coach's API keys page), where its secret is shown once."""

from __future__ import annotations

from django.contrib import admin

from athletes.models import ApiKey
from athletes.services_api_keys import api_key_revoke


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "scope", "prefix", "created_at", "last_used_at")
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter), "organization")
    search_fields = ("name", "prefix", "organization__name")
    readonly_fields = (
        "organization",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    exclude = ("key_hash",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        for api_key in queryset:
            api_key_revoke(api_key=api_key)
        self.message_user(request, f"Revoked {queryset.count()} key(s).")
