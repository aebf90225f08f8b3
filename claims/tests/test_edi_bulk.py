from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError

from claims.edi.bulk import bulk_insert, insert_rows, update_rows
from claims.models import Claim, ClaimLine, ServiceLinePayment
from claims.tests.factories import ClaimFactory, ClaimPaymentFactory
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


def test_insert_rows_writes_the_given_values_the_shared_ones_and_the_defaults(clinic: Clinic) -> None:
    payment = ClaimPaymentFactory.create(clinic=clinic, remittance__clinic=clinic)
    row_id = uuid.uuid4()
    # Tab, backslash, newline and non-ASCII: COPY's text format must carry them as they are.
    code = "HC:99213\t\\x\né"

    insert_rows(
        ServiceLinePayment,
        ("id", "claim_payment_id", "procedure_code", "modifiers", "charge_amount", "paid_amount", "service_date"),
        [(row_id, payment.pk, code, ["25", 'a"b'], Decimal("80.50"), Decimal("0.00"), dt.date(2026, 9, 1))],
        same={"clinic_id": clinic.pk},
    )

    stored = ServiceLinePayment.objects.get(pk=row_id)
    assert (stored.clinic_id, stored.claim_payment_id, stored.procedure_code) == (clinic.pk, payment.pk, code)
    assert stored.modifiers == ["25", 'a"b']
    assert (stored.charge_amount, stored.paid_amount, stored.service_date) == (
        Decimal("80.50"),
        Decimal("0.00"),
        dt.date(2026, 9, 1),
    )
    # Left out: the field defaults.
    assert (stored.units, stored.remark_codes, stored.allowed_amount, stored.underpaid) == (
        Decimal("1.000"),
        [],
        None,
        False,
    )
    assert stored.created_at is not None
    assert stored.updated_at is not None


def test_insert_rows_gives_every_row_of_a_call_the_same_created_at(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic)
    ids = [uuid.uuid4(), uuid.uuid4()]

    insert_rows(
        ClaimLine,
        ("id", "claim_id", "line_number", "procedure_code", "charge"),
        [(ids[0], claim.pk, 1, "99213", Decimal("1.00")), (ids[1], claim.pk, 2, "36415", Decimal("2.00"))],
        same={"clinic_id": clinic.pk},
    )

    lines = list(ClaimLine.objects.filter(pk__in=ids).order_by("line_number"))
    assert [(line.line_number, line.procedure_code, line.charge) for line in lines] == [
        (1, "99213", Decimal("1.00")),
        (2, "36415", Decimal("2.00")),
    ]
    assert lines[0].created_at == lines[1].created_at
    assert lines[0].diagnosis_pointers == [] and lines[0].modifiers == []


def test_insert_rows_needs_the_primary_key(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic)

    with pytest.raises(ValueError, match="primary key"):
        insert_rows(ClaimLine, ("claim_id", "line_number", "procedure_code", "charge"), [(claim.pk, 1, "99213", 1)])
    assert not ClaimLine.objects.exists()


def test_insert_rows_raises_django_integrity_error_on_a_broken_constraint(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic)
    rows = [(uuid.uuid4(), claim.pk, 1, "99213", Decimal("1.00")) for _ in range(2)]

    with pytest.raises(IntegrityError):
        insert_rows(
            ClaimLine,
            ("id", "claim_id", "line_number", "procedure_code", "charge"),
            rows,
            same={"clinic_id": clinic.pk},
        )


def test_update_rows_sets_each_row_its_own_values_and_stamps_updated_at(clinic: Clinic) -> None:
    first, second, untouched = ClaimFactory.create_batch(3, clinic=clinic, payer_claim_control_number="")
    before = {c.pk: c.updated_at for c in (first, second, untouched)}

    update_rows(
        Claim,
        ("status", "payer_claim_control_number"),
        [(first.pk, Claim.Status.PAID, "ICN-1"), (second.pk, Claim.Status.DENIED, "ICN-2")],
    )

    stored = {c.pk: c for c in Claim.objects.filter(clinic=clinic)}
    assert (stored[first.pk].status, stored[first.pk].payer_claim_control_number) == (Claim.Status.PAID, "ICN-1")
    assert (stored[second.pk].status, stored[second.pk].payer_claim_control_number) == (Claim.Status.DENIED, "ICN-2")
    assert (stored[untouched.pk].status, stored[untouched.pk].payer_claim_control_number) == (
        Claim.Status.SUBMITTED,
        "",
    )
    assert stored[first.pk].updated_at > before[first.pk]
    assert stored[second.pk].updated_at > before[second.pk]
    assert stored[untouched.pk].updated_at == before[untouched.pk]
    # Only the columns named change.
    assert stored[first.pk].total_charge == first.total_charge
    assert stored[first.pk].patient_control_number == first.patient_control_number


def test_update_rows_sets_plain_columns_only(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic)

    with pytest.raises(ValueError, match="plain columns"):
        update_rows(Claim, ("code_flags",), [(claim.pk, ["x"])])
    claim.refresh_from_db()
    assert claim.code_flags == []
