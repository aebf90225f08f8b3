"""One chat widget per demo clinic, embeddable from the local demo server (`/widget/demo/`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from chat.models import WidgetConfig
from chat.services import widget_config_create
from clinics.services import object_save
from demo.seed.context import ClinicData, Seed

DEMO_ORIGINS = ["http://localhost:8000", "http://127.0.0.1:8000"]
_LOOPBACK = ("localhost", "127.0.0.1")


def demo_origins(base_url: str) -> list[str]:
    """The origins the demo page is served from: port 8000, and the server's own `base_url`
    (with its localhost / 127.0.0.1 twin), so `make run PORT=…` gets a working widget."""
    parts = urlsplit(base_url)
    origins = list(DEMO_ORIGINS)
    if parts.scheme in ("http", "https") and parts.hostname:
        port = f":{parts.port}" if parts.port else ""
        hosts = _LOOPBACK if parts.hostname in _LOOPBACK else (parts.hostname,)
        origins += [f"{parts.scheme}://{host}{port}" for host in hosts]
    return list(dict.fromkeys(origins))


def ensure_widget(seed: Seed, data: ClinicData, origins: list[str] | None = None) -> None:
    origins = origins or DEMO_ORIGINS
    config = WidgetConfig.objects.filter(clinic=data.clinic).first()
    if config is None:
        config = widget_config_create(clinic=data.clinic, allowed_origins=origins, actor=seed.actor)
        seed.count(config)
    elif missing := [origin for origin in origins if origin not in config.allowed_origins]:
        config.allowed_origins = [*config.allowed_origins, *missing]
        object_save(actor=seed.actor, instance=config)
    data.widget_key = config.publishable_key
