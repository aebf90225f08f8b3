"""The chat widget in the staff admin (Administration → Chat widgets)."""

from __future__ import annotations

from django.contrib import admin
from unfold.contrib.filters.admin import BooleanRadioFilter

from chat.models import WidgetConfig
from clinics.admin_base import Area, TenantModelAdmin


@admin.register(WidgetConfig)
class WidgetConfigAdmin(TenantModelAdmin):
    area = Area.API_KEYS
    list_display = ("publishable_key", "enabled", "allowed_origins", "updated_at")
    list_filter = (("enabled", BooleanRadioFilter),)
    search_fields = ("publishable_key",)
    fields = ("clinic", "publishable_key", "allowed_origins", "enabled")
    readonly_fields = ("publishable_key",)
