from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError

from claims.edi.bulk import bulk_insert
from claims.models import ClaimLine
from claims.tests.factories import ClaimFactory
from clinics.models import Clinic

pytestmark = pytest.mark.django_db


def _line(claim_line_number: int, **fields: object) -> ClaimLine:
    return ClaimLine(line_number=claim_line_number, procedure_code="99213", **fields)


def test_bulk_insert_writes_every_field_and_fills_automatic_dates(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic)
    line = _line(
        1,
        clinic=clinic,
        claim=claim,
        modifiers=["25"],
        diagnosis_pointers=[1, 2],
        units=Decimal("2.000"),
        charge=Decimal("80.50"),
        service_date=dt.date(2026, 9, 1),
    )

    bulk_insert(ClaimLine, [line])

    stored = ClaimLine.objects.values(
        "claim_id", "modifiers", "diagnosis_pointers", "units", "charge", "service_date", "created_at", "updated_at"
    ).get(pk=line.pk)
    assert stored["claim_id"] == claim.pk
    assert (stored["modifiers"], stored["diagnosis_pointers"]) == (["25"], [1, 2])
    assert (stored["units"], stored["charge"], stored["service_date"]) == (
        Decimal("2.000"),
        Decimal("80.50"),
        dt.date(2026, 9, 1),
    )
    assert stored["created_at"] is not None
    assert stored["updated_at"] is not None
    assert line._state.adding is False


def test_bulk_insert_raises_django_integrity_error_on_a_broken_constraint(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic)
    lines = [_line(1, clinic=clinic, claim=claim, charge=Decimal("1.00")) for _ in range(2)]

    with pytest.raises(IntegrityError):
        bulk_insert(ClaimLine, lines)
