"""The role matrix of the staff admin: which membership role may do what, in which area.

Each admin belongs to one work `Area`; each membership role grants operations per area,
in that membership's clinic only (a biller of clinic A who is front desk at clinic B sees
A's claims and B's appointments, never B's claims):

=============  =============  ===========  ==========  ============
area           owner / admin  biller       front desk  superuser
=============  =============  ===========  ==========  ============
clinic         view, change   view         view        all
staff          all            -            -           all
api keys       all            -            -           all
audit log      view           -            -           view
providers      all            view         view        all
patients       all            view         edit        all
schedule       all            -            edit        all
billing        all            edit         -           all
=============  =============  ===========  ==========  ============

"edit" is view + add + change; "all" adds delete. An admin's `operations` caps what anyone,
superusers included, may do (the audit log is view-only for everybody; API keys are
created and revoked, never edited). `clinics.admin_base` applies it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpRequest

from clinics.models import Clinic, Membership


class Area(StrEnum):
    CLINIC = "clinic"
    STAFF = "staff"
    API_KEYS = "api_keys"
    AUDIT = "audit"
    PROVIDERS = "providers"
    PATIENTS = "patients"
    SCHEDULE = "schedule"
    BILLING = "billing"


VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
READ: frozenset[str] = frozenset({VIEW})
EDIT: frozenset[str] = frozenset({VIEW, ADD, CHANGE})
FULL: frozenset[str] = EDIT | {DELETE}

_MANAGER: dict[Area, frozenset[str]] = {
    Area.CLINIC: frozenset({VIEW, CHANGE}),
    Area.STAFF: FULL,
    Area.API_KEYS: FULL,
    Area.AUDIT: READ,
    Area.PROVIDERS: FULL,
    Area.PATIENTS: FULL,
    Area.SCHEDULE: FULL,
    Area.BILLING: FULL,
}

ROLE_MATRIX: dict[str, dict[Area, frozenset[str]]] = {
    Membership.Role.OWNER: _MANAGER,
    Membership.Role.ADMIN: _MANAGER,
    Membership.Role.BILLER: {
        Area.CLINIC: READ,
        Area.PROVIDERS: READ,
        Area.PATIENTS: READ,
        Area.BILLING: EDIT,
    },
    Membership.Role.FRONT_DESK: {
        Area.CLINIC: READ,
        Area.PROVIDERS: READ,
        Area.PATIENTS: EDIT,
        Area.SCHEDULE: EDIT,
    },
}


# --- who may do what -------------------------------------------------------------------


def is_admin_user(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def roles_by_clinic(request: HttpRequest) -> dict[Any, str]:
    """{clinic id: role} for the requesting user, looked up once per request."""
    cached: dict[Any, str] | None = getattr(request, "_nuvae_admin_roles", None)
    if cached is None:
        cached = {}
        if request.user.is_authenticated:
            cached = dict(Membership.objects.filter(user=request.user).values_list("clinic_id", "role"))
        request._nuvae_admin_roles = cached  # type: ignore[attr-defined]
    return cached


def clinics_where(request: HttpRequest, area: Area, operation: str) -> list[Any]:
    """Ids of the clinics in which the user's role allows `operation` in `area`."""
    return [
        clinic_id
        for clinic_id, role in roles_by_clinic(request).items()
        if operation in ROLE_MATRIX.get(role, {}).get(area, frozenset())
    ]


def clinic_id_of(obj: Any) -> Any:
    if isinstance(obj, Clinic):
        return obj.pk
    return getattr(obj, "clinic_id", None)


def has_clinic_field(model: type[models.Model]) -> bool:
    try:
        field = model._meta.get_field("clinic")
    except Exception:  # FieldDoesNotExist
        return False
    return bool(field.is_relation and field.related_model is Clinic)


def scope_to_clinics(queryset: models.QuerySet[Any], clinic_ids: Iterable[Any]) -> models.QuerySet[Any]:
    """Rows of `queryset` that belong to these clinics (users: who work for them)."""
    model = queryset.model
    ids = list(clinic_ids)
    if model is Clinic:
        return queryset.filter(pk__in=ids)
    if has_clinic_field(model):
        return queryset.filter(clinic_id__in=ids)
    if model is get_user_model():
        return queryset.filter(pk__in=Membership.objects.filter(clinic_id__in=ids).values("user_id"))
    return queryset
