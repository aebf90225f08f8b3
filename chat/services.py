"""Writes for the chat app."""

from __future__ import annotations

from chat.models import WidgetConfig
from clinics.audit import Actor
from clinics.models import Clinic
from clinics.services import object_save


def widget_config_create(*, clinic: Clinic, allowed_origins: list[str], actor: Actor) -> WidgetConfig:
    """A clinic's chat widget with a fresh publishable key (audited)."""
    config = WidgetConfig(clinic=clinic, allowed_origins=list(allowed_origins))
    return object_save(actor=actor, instance=config)
