"""Reads for the chat app."""

from __future__ import annotations

from chat.models import WidgetConfig
from clinics.models import Clinic


def widget_config_by_key(publishable_key: str) -> WidgetConfig | None:
    """The enabled widget with this key, or None. The key is the tenant lookup of the widget door."""
    return WidgetConfig.objects.select_related("clinic").filter(publishable_key=publishable_key, enabled=True).first()


def widget_config_for_clinic(*, clinic: Clinic) -> WidgetConfig | None:
    return WidgetConfig.objects.filter(clinic=clinic).first()
