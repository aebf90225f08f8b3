"""The clinic REST API v1 (DRF). Each app contributes `urlpatterns` from `<app>/api/rest.py`."""

from django.urls import include, path

urlpatterns = [
    path("", include("clinics.api.rest")),
    path("", include("scheduling.api.rest")),
    path("", include("contracts.api.rest")),
    path("", include("claims.api.rest")),
    path("", include("fhir_sync.api.rest")),
    path("", include("chat.api.rest")),
]
