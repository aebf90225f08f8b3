"""Query filters of the claim and denial lists (already scoped to the key's clinic by a
selector: another clinic's ids match nothing)."""

from __future__ import annotations

import uuid

import django_filters
from django.db.models import Q, QuerySet

from claims.models import Claim, Denial


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Claim.Status.choices, help_text="Repeat for several.")
    claim_type = django_filters.ChoiceFilter(choices=Claim.ClaimType.choices)
    payer = django_filters.UUIDFilter(field_name="payer_id", help_text="Payer id.")
    patient = django_filters.UUIDFilter(field_name="patient_id", help_text="Patient id.")
    provider = django_filters.UUIDFilter(method="filter_provider", help_text="Billing or rendering provider id.")
    patient_control_number = django_filters.CharFilter()
    payer_claim_control_number = django_filters.CharFilter()
    service_date_after = django_filters.DateFilter(
        field_name="service_date_to", lookup_expr="gte", help_text="Claims with service on or after this date."
    )
    service_date_before = django_filters.DateFilter(
        field_name="service_date_from", lookup_expr="lte", help_text="Claims with service on or before this date."
    )

    class Meta:
        model = Claim
        fields = ["status", "claim_type", "payer", "patient", "patient_control_number", "payer_claim_control_number"]

    def filter_provider(self, queryset: QuerySet[Claim], name: str, value: uuid.UUID) -> QuerySet[Claim]:
        return queryset.filter(Q(billing_provider_id=value) | Q(rendering_provider_id=value))


class DenialFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Denial.Status.choices, help_text="Repeat for several.")
    category = django_filters.MultipleChoiceFilter(choices=Denial.Category.choices, help_text="Repeat for several.")
    carc_code = django_filters.CharFilter()
    group_code = django_filters.CharFilter()
    claim = django_filters.UUIDFilter(field_name="claim_id", help_text="Claim id.")
    payer = django_filters.UUIDFilter(field_name="claim__payer_id", help_text="Payer id (of the denied claim).")
    assignee = django_filters.NumberFilter(field_name="assignee_id", help_text="Staff user id of the assignee.")
    appeal_deadline_after = django_filters.DateFilter(
        field_name="appeal_deadline", lookup_expr="gte", help_text="Deadline on or after this date."
    )
    appeal_deadline_before = django_filters.DateFilter(
        field_name="appeal_deadline", lookup_expr="lte", help_text="Deadline on or before this date."
    )

    class Meta:
        model = Denial
        fields = ["status", "category", "carc_code", "group_code", "claim", "payer", "assignee"]
