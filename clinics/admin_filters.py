"""Change-list filters whose choices come from the rows the user can see.

Django's plain `RelatedFieldListFilter` lists every row of the related table, so a staff
user of one clinic would see another clinic's payers and providers as filter choices.
These filters take their choices from `model_admin.get_queryset(request)`, which is
already scoped to the user's clinics.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from unfold.contrib.filters.admin import DropdownFilter, RelatedDropdownFilter


class ScopedRelatedFilter(RelatedDropdownFilter):
    """A dropdown of the related rows that the visible rows point to."""

    field_choices = RelatedOnlyFieldListFilter.field_choices


class ScopedValuesFilter(DropdownFilter):
    """A dropdown of the distinct values of one column among the visible rows."""

    field_name: str = ""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        values = (
            model_admin.get_queryset(request)
            .order_by(self.field_name)
            .values_list(self.field_name, flat=True)
            .distinct()
        )
        return [(value, value) for value in values if value not in (None, "")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(**{self.field_name: value}) if value else queryset


def values_filter(field_name: str, title: str) -> type[ScopedValuesFilter]:
    return type(
        f"{field_name.title().replace('_', '')}Filter",
        (ScopedValuesFilter,),
        {"field_name": field_name, "title": title, "parameter_name": field_name},
    )


class DeadlineFilter(DropdownFilter):
    """Appeal deadlines the way a worklist is worked: what is late, what is next."""

    title = "appeal deadline"
    parameter_name = "deadline"
    field_name = "appeal_deadline"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("overdue", "Passed"),
            ("7", "Within 7 days"),
            ("30", "Within 30 days"),
            ("none", "No deadline"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        value = self.value()
        if value == "overdue":
            return queryset.filter(**{f"{self.field_name}__lt": today})
        if value in {"7", "30"}:
            until = today + dt.timedelta(days=int(value))
            return queryset.filter(**{f"{self.field_name}__gte": today, f"{self.field_name}__lte": until})
        if value == "none":
            return queryset.filter(**{f"{self.field_name}__isnull": True})
        return queryset
