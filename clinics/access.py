"""Tenant-scoped lookups. Another clinic's object is indistinguishable from a missing one."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

from clinics.models import Clinic, Membership

M = TypeVar("M", bound=models.Model)


def get_for_clinic(model: type[M], clinic: Clinic, pk: Any, *, queryset: models.QuerySet[M] | None = None) -> M:
    """The object with this pk in this clinic, or Http404 (never 403: existence is not leaked)."""
    qs = queryset if queryset is not None else model._default_manager.all()
    try:
        return qs.get(clinic=clinic, pk=pk)
    # A malformed UUID raises ValidationError from the field: to the caller it is simply
    # not there.
    except (model.DoesNotExist, ValidationError, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404(f"No {model._meta.verbose_name} with that id.") from None


def clinic_ids_for_user(user: Any) -> list[Any]:
    """Ids of the clinics a staff user works for (all for a superuser is handled by callers)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Membership.objects.filter(user=user).values_list("clinic_id", flat=True))


def role_for(user: Any, clinic: Clinic) -> str | None:
    membership = Membership.objects.filter(user=user, clinic=clinic).only("role").first()
    return membership.role if membership else None
