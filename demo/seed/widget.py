"""One chat widget per demo clinic, embeddable from the local demo server (`/widget/demo/`)."""

from __future__ import annotations

from chat.models import WidgetConfig
from chat.services import widget_config_create
from demo.seed.context import ClinicData, Seed

DEMO_ORIGINS = ["http://localhost:8000", "http://127.0.0.1:8000"]


def ensure_widget(seed: Seed, data: ClinicData) -> None:
    config = WidgetConfig.objects.filter(clinic=data.clinic).first()
    if config is None:
        config = widget_config_create(clinic=data.clinic, allowed_origins=DEMO_ORIGINS, actor=seed.actor)
        seed.count(config)
    data.widget_key = config.publishable_key
