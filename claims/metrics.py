"""The revenue dashboard's figures, for the clinics a staff user may see.

Definitions (what billing staff usually mean, written down so the numbers can be checked):

- Denial rate of a payer: of its claims with at least one posted payment (adjudicated),
  the share with at least one denial. Contractual write-downs and patient responsibility
  are not denials (see `claims.codes.categories`), so they never count.
- Dollars denied: the denied amounts of all denials, and of the open ones.
- Days in A/R: the outstanding balance (charges of claims still waiting on the payer —
  submitted, accepted, partially paid, appealed — minus what was paid on them) divided by
  the average charge per day over the last 90 days of service. None without recent charges.
- Underpayments: on lines priced against a contract, the variance of those beyond the
  contract's tolerance; contractual write-downs are shown apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from claims.models import Claim, ClaimPayment, Denial, ServiceLinePayment

CENT = Decimal("0.01")
AR_WINDOW_DAYS = 90
OUTSTANDING = (Claim.Status.SUBMITTED, Claim.Status.ACCEPTED, Claim.Status.PARTIALLY_PAID, Claim.Status.APPEALED)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    note: str = ""
    percent: int = 0  # of the largest bar in its chart, for drawing


@dataclass(frozen=True)
class RevenueMetrics:
    denial_rate_by_payer: list[Bar]
    denied_by_category: list[Bar]
    denied_total: Decimal
    denied_open: Decimal
    denial_count: int
    days_in_ar: Decimal | None
    outstanding: Decimal
    underpaid_total: Decimal
    underpaid_lines: int
    contractual_total: Decimal
    underpaid_by_payer: list[Bar]


def _money(value: Any) -> Decimal:
    # SQLite sums decimals without their scale; quantize keeps the cents on both databases.
    return (Decimal(value) if value is not None else Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)


def _scaled(bars: list[Bar]) -> list[Bar]:
    top = max((b.value for b in bars), default=Decimal(0))
    if top <= 0:
        return bars
    return [Bar(b.label, b.value, b.note, int((b.value * 100 / top).to_integral_value())) for b in bars]


def _scope(queryset: QuerySet[Any], clinic_ids: list[Any] | None) -> QuerySet[Any]:
    return queryset if clinic_ids is None else queryset.filter(clinic_id__in=clinic_ids)


def _denial_rates(claims: QuerySet[Claim], denials: QuerySet[Denial]) -> list[Bar]:
    posted = ClaimPayment.objects.filter(claim__isnull=False, remittance__deleted_at__isnull=True).values("claim_id")
    adjudicated = claims.filter(pk__in=posted)
    counts = adjudicated.values("payer__name").annotate(
        total=Count("pk"), denied=Count("pk", filter=Q(pk__in=denials.values("claim_id")))
    )
    bars = []
    for row in counts.order_by("payer__name"):
        rate = (Decimal(row["denied"]) * 100 / row["total"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        bars.append(Bar(row["payer__name"] or "No payer", rate, f"{row['denied']} of {row['total']} claims"))
    return _scaled(bars)


def _days_in_ar(claims: QuerySet[Claim], today: dt.date) -> tuple[Decimal | None, Decimal]:
    waiting = claims.filter(status__in=OUTSTANDING)
    charged = _money(waiting.aggregate(total=Sum("total_charge"))["total"])
    paid = _money(
        ClaimPayment.objects.filter(claim__in=waiting, remittance__deleted_at__isnull=True).aggregate(
            total=Sum("paid_amount")
        )["total"]
    )
    outstanding = max(charged - paid, Decimal(0))
    since = today - dt.timedelta(days=AR_WINDOW_DAYS)
    recent = _money(claims.filter(service_date_from__gt=since).aggregate(total=Sum("total_charge"))["total"])
    if recent <= 0:
        return None, outstanding
    return (outstanding * AR_WINDOW_DAYS / recent).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), outstanding


def revenue_metrics(*, clinic_ids: list[Any] | None, today: dt.date) -> RevenueMetrics:
    """The dashboard of the clinics in `clinic_ids` (None: every clinic, for superusers)."""
    claims = _scope(Claim.objects.all(), clinic_ids)
    denials = _scope(Denial.objects.filter(claim__deleted_at__isnull=True), clinic_ids)
    lines = _scope(ServiceLinePayment.objects.filter(claim_payment__remittance__deleted_at__isnull=True), clinic_ids)

    totals = denials.aggregate(
        total=Sum("denied_amount"),
        open=Sum("denied_amount", filter=Q(status=Denial.Status.OPEN)),
        count=Count("pk"),
    )
    labels = dict(Denial.Category.choices)
    by_category = [
        Bar(labels.get(row["category"], row["category"]), _money(row["amount"]), f"{row['count']} denials")
        for row in denials.values("category")
        .annotate(amount=Sum("denied_amount"), count=Count("pk"))
        .order_by("category")
    ]
    underpaid = lines.filter(underpaid=True)
    under_totals = underpaid.aggregate(total=Sum("variance"), count=Count("pk"))
    by_payer = [
        Bar(row["claim_payment__remittance__payer__name"], _money(row["amount"]), f"{row['count']} lines")
        for row in underpaid.values("claim_payment__remittance__payer__name")
        .annotate(amount=Sum("variance"), count=Count("pk"))
        .order_by("claim_payment__remittance__payer__name")
    ]
    days, outstanding = _days_in_ar(claims, today)
    return RevenueMetrics(
        denial_rate_by_payer=_denial_rates(claims, denials),
        denied_by_category=_scaled(sorted(by_category, key=lambda b: -b.value)),
        denied_total=_money(totals["total"]),
        denied_open=_money(totals["open"]),
        denial_count=totals["count"],
        days_in_ar=days,
        outstanding=outstanding,
        underpaid_total=_money(under_totals["total"]),
        underpaid_lines=under_totals["count"],
        contractual_total=_money(lines.aggregate(total=Sum("contractual_amount"))["total"]),
        underpaid_by_payer=_scaled(by_payer),
    )
