"""ASGI entry point: HTTP through Django, websockets through Channels."""

from __future__ import annotations

from django.core.asgi import get_asgi_application

from nuvae import settings as nuvae_settings

nuvae_settings.use_as_default()
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402  (needs Django set up)
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402
from nuvae.lib.asgi_limit import HttpConcurrencyLimit  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": HttpConcurrencyLimit(django_asgi_app, settings.HTTP_CONCURRENCY),
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
    }
)
