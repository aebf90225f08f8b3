"""Query filters of the provider and patient lists.

Every filter narrows a queryset a selector has already scoped to the caller's clinic, so
a filter value naming another clinic's row simply matches nothing.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from rest_framework import serializers

from clinics.models import Patient, Provider
from clinics.validators import normalize_phone

# Every search word adds conditions: a capped query cannot become a query the database
# refuses (SQLite: "expression tree is too large") or one that is slow on purpose.
SEARCH_MAX_LENGTH = 100


def name_terms_q(value: str) -> Q:
    """Every whitespace-separated term must match the first or the last name."""
    q = Q()
    for term in value.split():
        q &= Q(first_name__icontains=term) | Q(last_name__icontains=term)
    return q


def phone_or_none(value: str) -> str | None:
    digits = sum(ch.isdigit() for ch in value)
    if digits < 7:
        return None
    try:
        return normalize_phone(value) or None
    except DjangoValidationError:
        return None


class StrictBooleanField(forms.Field):
    """`true`/`false` (or 1/0, yes/no); anything else is a 400, never a silently ignored filter."""

    _VALUES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value: object) -> bool | None:
        if value in (None, ""):
            return None
        try:
            return self._VALUES[str(value).strip().lower()]
        except KeyError:
            raise DjangoValidationError("Use true or false.", code="invalid") from None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class ProviderFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Provider.Status.choices, help_text="Repeat for several.")
    specialty = django_filters.CharFilter(lookup_expr="iexact")
    accepting_new_patients = StrictBooleanFilter()
    npi = django_filters.CharFilter()
    search = django_filters.CharFilter(
        method="filter_search", max_length=SEARCH_MAX_LENGTH, help_text="Name words or an NPI."
    )

    class Meta:
        model = Provider
        fields = ["status", "specialty", "accepting_new_patients", "npi"]

    def filter_search(self, queryset: QuerySet[Provider], name: str, value: str) -> QuerySet[Provider]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name_terms_q(value) | Q(npi=value))


class PatientFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Name words, a phone number, an MRN or an external id.",
    )
    date_of_birth = django_filters.DateFilter()
    mrn = django_filters.CharFilter()
    external_id = django_filters.CharFilter()
    phone = django_filters.CharFilter(method="filter_phone", help_text="Any common format; matched as E.164.")

    class Meta:
        model = Patient
        fields = ["date_of_birth", "mrn", "external_id"]

    def filter_search(self, queryset: QuerySet[Patient], name: str, value: str) -> QuerySet[Patient]:
        value = value.strip()
        if not value:
            return queryset
        q = name_terms_q(value) | Q(mrn__iexact=value) | Q(external_id__iexact=value)
        phone = phone_or_none(value)
        if phone:
            q |= Q(phone=phone)
        return queryset.filter(q)

    def filter_phone(self, queryset: QuerySet[Patient], name: str, value: str) -> QuerySet[Patient]:
        try:
            phone = normalize_phone(value.strip())
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"phone": exc.messages}) from None
        return queryset.filter(phone=phone) if phone else queryset

