"""The clinic REST API v1 (DRF). Each app contributes its routes from `<app>/api/rest.py`."""

from django.urls import include, path

urlpatterns: list = []
