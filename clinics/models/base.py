"""Abstract bases shared by every tenant-owned model."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStampedModel):
    """A row owned by one clinic. Reads go through selectors or `clinics.access`."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class SoftDeleteQuerySet(models.QuerySet):
    def alive(self) -> SoftDeleteQuerySet:
        return self.filter(deleted_at__isnull=True)

    def dead(self) -> SoftDeleteQuerySet:
        return self.filter(deleted_at__isnull=False)

    def delete(self) -> Any:
        # The bulk twin of SoftDeleteModel.delete(): without it `filter(...).delete()`
        # would quietly hard-delete the rows the instance method protects.
        raise TypeError(f"{self.model.__name__} rows are soft-deleted: call soft_delete() through a service")


class AliveManager(models.Manager.from_queryset(SoftDeleteQuerySet)):  # type: ignore[misc]
    """The default manager: soft-deleted rows are invisible unless asked for."""

    def get_queryset(self) -> SoftDeleteQuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeleteModel(models.Model):
    """Clinical and financial records are never removed, only marked deleted."""

    deleted_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    objects: ClassVar[Any] = AliveManager()
    all_objects: ClassVar[Any] = models.Manager.from_queryset(SoftDeleteQuerySet)()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self) -> None:
        self.deleted_at = timezone.now()
        fields = ["deleted_at"]
        if any(f.name == "updated_at" for f in self._meta.concrete_fields):
            fields.append("updated_at")
        self.save(update_fields=fields)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        # A hard delete of a clinical or financial row destroys the record a regulator
        # or payer may ask for; services call soft_delete() instead.
        raise TypeError(f"{type(self).__name__} rows are soft-deleted: call soft_delete() through a service")


def money_field(**kwargs: Any) -> models.DecimalField:
    """Money is Decimal with two places, up to 9,999,999,999.99."""
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)
