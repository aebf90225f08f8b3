from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from ninja import NinjaAPI

from fhir_sync.api import hooks as fhir_hooks
from nuvae import health
from nuvae.lib import problems

# Signed webhooks from EHRs and telephony (django-ninja; see ARCHITECTURE.md). Each app
# adds its router; the OpenAPI pages stay off: senders follow docs/API.md.
hooks_api = NinjaAPI(title="Nuvae webhooks", urls_namespace="hooks", docs_url=None, openapi_url=None)
hooks_api.add_router("", fhir_hooks.router)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("hooks/", hooks_api.urls),
    # The address the first integrations were given: the same view as POST /hooks/fhir.
    path("sync-fhir-resource", fhir_hooks.receive, name="fhir-webhook-alias"),
    path("api/v1/", include("nuvae.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="openapi-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="openapi-schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="openapi-schema"), name="redoc"),
    # Last of /api: what no view claimed is a problem (or a 308 to the address with the slash).
    re_path(r"^api(?:/.*)?$", problems.api_unrouted),
    # The patients' chat widget: ticket endpoint, iframe, demo page (websocket: chat/routing.py).
    path("widget/", include("chat.urls")),
    path("health", health.health, name="health"),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("health/detailed", health.detailed, name="health-detailed"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "nuvae.lib.problems.api_400_or_html"
handler404 = "nuvae.lib.problems.api_404_or_html"
handler500 = "nuvae.lib.problems.api_500_or_html"
