"""Reads of claims and denials, always scoped to a clinic.

Soft-deleted claims, denials and remittances are invisible; so are denials of a deleted
claim (their claim would answer 404).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce

from claims.models import Adjustment, Claim, ClaimLine, ClaimPayment, Denial, EdiFile, Job, ServiceLinePayment
from clinics.models import Clinic

# Denials without a deadline sort after every dated one.
_NO_DEADLINE = dt.date(9999, 12, 31)


def claim_list(*, clinic: Clinic) -> QuerySet[Claim]:
    return Claim.objects.filter(clinic=clinic).select_related("payer", "patient")


def claim_detail_list(*, clinic: Clinic) -> QuerySet[Claim]:
    """Claims with their lines, payments (with remittance, claim- and line-level
    adjustments) and denials loaded in a fixed number of queries.

    Payments expose their claim-level adjustments as `claim_adjustments`.
    """
    payments = (
        ClaimPayment.objects.filter(clinic=clinic, remittance__deleted_at__isnull=True)
        .select_related("remittance")
        .prefetch_related(
            Prefetch(
                "adjustments",
                queryset=Adjustment.objects.filter(service_line_payment__isnull=True).order_by("id"),
                to_attr="claim_adjustments",
            ),
            Prefetch(
                "lines",
                queryset=ServiceLinePayment.objects.order_by("id").prefetch_related(
                    Prefetch("adjustments", queryset=Adjustment.objects.order_by("id"))
                ),
            ),
        )
        .order_by("remittance__payment_date", "id")
    )
    return claim_list(clinic=clinic).prefetch_related(
        Prefetch("lines", queryset=ClaimLine.objects.filter(clinic=clinic).order_by("line_number")),
        Prefetch("payments", queryset=payments),
        Prefetch("denials", queryset=Denial.objects.filter(clinic=clinic).order_by("appeal_deadline", "id")),
    )


def denial_list(*, clinic: Clinic) -> QuerySet[Denial]:
    """Denials in worklist order: the nearest appeal deadline first (undated last), then
    the largest amount. `deadline_order` carries the sort key for cursor pagination."""
    return (
        Denial.objects.filter(clinic=clinic, claim__deleted_at__isnull=True)
        .select_related("claim")
        .annotate(deadline_order=Coalesce("appeal_deadline", Value(_NO_DEADLINE)))
        .order_by("deadline_order", "-denied_amount", "id")
    )


def edi_file_list(*, clinic: Clinic) -> QuerySet[EdiFile]:
    return EdiFile.objects.filter(clinic=clinic).order_by("-created_at", "id")


def job_list(*, clinic: Clinic) -> QuerySet[Job]:
    return Job.objects.filter(clinic=clinic).select_related("edi_file").order_by("-created_at", "id")


def unmatched_payments(*, clinic: Clinic) -> QuerySet[ClaimPayment]:
    """The unmatched-remittance queue: payments no claim was found for."""
    return ClaimPayment.objects.filter(clinic=clinic, claim__isnull=True, remittance__deleted_at__isnull=True)


def underpaid_lines(*, clinic: Clinic) -> QuerySet[ServiceLinePayment]:
    """Paid lines whose variance against the contract is beyond its tolerance."""
    return ServiceLinePayment.objects.filter(clinic=clinic, underpaid=True).select_related(
        "claim_payment__claim", "claim_payment__remittance__payer"
    )
