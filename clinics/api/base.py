"""Base classes for the clinic REST API v1 (DRF).

Every resource view derives from `ClinicAPIMixin` (through `ClinicViewSet` or
`ClinicGenericViewSet`): `self.clinic` is the authenticated key's clinic and
`self.actor` the audit actor. Querysets come from selectors given `clinic=self.clinic`;
writes call services with `actor=self.actor`. Rate limiting, idempotency and the
response headers live here so that no resource can forget them.
"""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets
from rest_framework.request import Request

from clinics.audit import Actor
from clinics.models import ApiKey, Clinic


class ClinicAPIMixin:
    request: Request

    @property
    def api_key(self) -> ApiKey:
        return self.request.auth  # type: ignore[return-value]

    @property
    def clinic(self) -> Clinic:
        return self.request.user.clinic  # type: ignore[union-attr]

    @property
    def actor(self) -> Actor:
        return Actor.for_api_key(self.api_key)


class ClinicViewSet(ClinicAPIMixin, viewsets.ModelViewSet):  # type: ignore[type-arg]
    pass


class ClinicGenericViewSet(ClinicAPIMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    pass
