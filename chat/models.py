"""Chat data: the per-clinic widget configuration (conversations arrive with the engine)."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models

from chat.origins import normalize_origin
from clinics.models.base import TenantModel

WIDGET_KEY_PREFIX = "wk_"


def new_widget_key() -> str:
    # Publishable, like a Stripe publishable key: it names a clinic's widget and is
    # printed in page source. What protects the chat is the Origin check and the ticket.
    return WIDGET_KEY_PREFIX + secrets.token_urlsafe(24)


class WidgetConfig(TenantModel):
    """The chat widget of one clinic: its publishable key and the sites allowed to embed it."""

    clinic = models.OneToOneField("clinics.Clinic", on_delete=models.PROTECT, related_name="widget_config")
    publishable_key = models.CharField(max_length=64, unique=True, default=new_widget_key, editable=False)
    allowed_origins = models.JSONField(
        default=list,
        blank=True,
        help_text='Origins (scheme://host[:port]) allowed to embed the widget, e.g. ["https://www.clinic.example"].',
    )
    enabled = models.BooleanField(default=True)

    class Meta:
        verbose_name = "chat widget"
        verbose_name_plural = "chat widgets"

    def __str__(self) -> str:
        return f"Chat widget ({self.publishable_key})"

    def clean(self) -> None:
        if not isinstance(self.allowed_origins, list):
            raise ValidationError({"allowed_origins": "A list of origins."})
        cleaned = []
        for value in self.allowed_origins:
            origin = normalize_origin(value) if isinstance(value, str) else None
            if origin is None:
                raise ValidationError({"allowed_origins": f"Not an origin (scheme://host[:port]): {value!r}."})
            cleaned.append(origin)
        self.allowed_origins = sorted(set(cleaned))

    def allows(self, origin: str | None) -> bool:
        normalized = normalize_origin(origin) if origin else None
        return self.enabled and normalized is not None and normalized in self.allowed_origins
