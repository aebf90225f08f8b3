"""Query filters of the payer list (already scoped to the key's clinic by a selector)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from clinics.api.filters import StrictBooleanFilter
from contracts.models import Payer


class PayerFilter(django_filters.FilterSet):
    payer_type = django_filters.MultipleChoiceFilter(choices=Payer.PayerType.choices, help_text="Repeat for several.")
    active = StrictBooleanFilter()
    search = django_filters.CharFilter(method="filter_search", help_text="Part of the name, or the X12 payer id.")

    class Meta:
        model = Payer
        fields = ["payer_type", "active"]

    def filter_search(self, queryset: QuerySet[Payer], name: str, value: str) -> QuerySet[Payer]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(payer_id__iexact=value))
