"""The demo seed: what it promises to create, that the money reconciles, that a second
run writes nothing, and that it refuses to publish its credentials in production.

The seed runs once for the module (inside a transaction rolled back at the end); each
test then runs in its own savepoint on top of it.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from appeals.models import Appeal
from claims.codes.lookups import describe, descriptions
from claims.models import (
    Adjustment,
    Claim,
    ClaimPayment,
    CodeSystem,
    Denial,
    EdiFile,
    MatchMethod,
    Remittance,
    ServiceLinePayment,
)
from clinics.models import ApiKey, Clinic, Membership, Patient, Provider
from clinics.models.api_keys import KEY_PATTERN, hash_key
from clinics.validators import WEEKDAYS, npi_is_valid, parse_hhmm
from contracts.models import Contract, FeeScheduleLine, Payer
from demo.seed.data import DEMO_PASSWORD
from demo.seed.keys import demo_api_key
from scheduling.availability import slots_search
from scheduling.models import Appointment

SLUGS = ("maple", "harbor")
ZERO = Decimal("0.00")
X12_PAYER_IDS = ("999996666", "741234")  # the payers of the demo's X12 files (demo/x12/)


@pytest.fixture(scope="module")
def seed_output(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seed_output: str, db: Any) -> str:
    return seed_output


def _row_counts() -> dict[str, int]:
    labels = ("auth", "clinics", "scheduling", "contracts", "claims", "appeals")
    return {
        model._meta.label: model._base_manager.count()
        for label in labels
        for model in apps.get_app_config(label).get_models()
    }


def _sum(values: Any) -> Decimal:
    return sum(values, ZERO)


# --- what it creates ---------------------------------------------------------------


def test_creates_two_clinics_on_different_rate_limit_tiers(seeded: str) -> None:
    clinics = {c.slug: c for c in Clinic.objects.filter(slug__in=SLUGS)}

    assert set(clinics) == set(SLUGS)
    assert clinics["maple"].rate_limit_tier != clinics["harbor"].rate_limit_tier
    assert clinics["maple"].timezone != clinics["harbor"].timezone


@pytest.mark.parametrize("slug", SLUGS)
def test_each_clinic_has_three_active_providers_with_schedules_specialties_and_valid_npis(
    seeded: str, slug: str
) -> None:
    providers = list(Provider.objects.filter(clinic__slug=slug, status=Provider.Status.ACTIVE))

    assert len(providers) >= 3
    assert all(p.weekly_schedule and p.specialty and npi_is_valid(p.npi) for p in providers)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_clinic_has_at_least_fifty_patients_with_unique_mrns(seeded: str, slug: str) -> None:
    mrns = list(Patient.objects.filter(clinic__slug=slug).values_list("mrn", flat=True))

    assert len(mrns) >= 50
    assert len(set(mrns)) == len(mrns)
    assert all(mrns)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_clinic_has_medicare_medicaid_and_two_commercial_payers(seeded: str, slug: str) -> None:
    # Besides the payers of the X12 files Maple imports (see the X12 tests below).
    payers = Payer.objects.filter(clinic__slug=slug).exclude(payer_id__in=X12_PAYER_IDS)
    types = sorted(payers.values_list("payer_type", flat=True))

    assert types == ["commercial", "commercial", "medicaid", "medicare"]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_payer_has_a_contract_with_fee_lines(seeded: str, slug: str) -> None:
    for payer in Payer.objects.filter(clinic__slug=slug):
        contract = Contract.objects.get(payer=payer)
        assert contract.fee_lines.count() >= 10, payer.name


@pytest.mark.parametrize("slug", SLUGS)
def test_commercial_contracts_are_a_percent_of_the_medicare_contract_plus_fixed_lines(
    seeded: str, slug: str
) -> None:
    medicare = Contract.objects.get(clinic__slug=slug, payer__payer_type="medicare")
    for contract in Contract.objects.filter(clinic__slug=slug, payer__payer_type="commercial"):
        lines = FeeScheduleLine.objects.filter(contract=contract)
        assert contract.base_contract_id == medicare.pk
        assert lines.filter(percent_of_base__gt=100).exists()
        assert lines.filter(allowed_amount__isnull=False).exists()


# --- appointments ------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_appointments_fall_inside_their_providers_weekly_hours(seeded: str, slug: str) -> None:
    clinic = Clinic.objects.get(slug=slug)
    appointments = Appointment.objects.filter(clinic=clinic).select_related("provider")

    assert appointments.count() > 50
    for appointment in appointments:
        start = appointment.start_at.astimezone(clinic.tzinfo)
        end = appointment.end_at.astimezone(clinic.tzinfo)
        intervals = appointment.provider.weekly_schedule.get(WEEKDAYS[start.weekday()], [])
        assert any(
            parse_hhmm(open_) <= start.time() and end.time() <= parse_hhmm(close) for open_, close in intervals
        ), appointment.external_id


def test_no_provider_has_overlapping_appointments(seeded: str) -> None:
    by_provider: dict[Any, list[Appointment]] = defaultdict(list)
    for appointment in Appointment.objects.order_by("start_at"):
        by_provider[appointment.provider_id].append(appointment)

    for appointments in by_provider.values():
        for earlier, later in pairwise(appointments):
            assert earlier.end_at <= later.start_at, later.external_id


@pytest.mark.parametrize("slug", SLUGS)
def test_past_appointments_are_finished_and_future_ones_are_booked(seeded: str, slug: str) -> None:
    clinic = Clinic.objects.get(slug=slug)
    today = datetime.combine(clinic.created_at.astimezone(clinic.tzinfo).date(), datetime.min.time(),
                             tzinfo=clinic.tzinfo)
    past = set(Appointment.objects.filter(clinic=clinic, start_at__lt=today).values_list("status", flat=True))
    future = set(
        Appointment.objects.filter(clinic=clinic, start_at__gte=today + timedelta(days=1))
        .values_list("status", flat=True)
    )

    assert past == {Appointment.Status.COMPLETED, Appointment.Status.NO_SHOW, Appointment.Status.CANCELLED}
    assert future == {Appointment.Status.SCHEDULED, Appointment.Status.CONFIRMED}


# --- claims, remittances, denials --------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_claims_have_lines_whose_charges_add_up_to_the_claim(seeded: str, slug: str) -> None:
    claims = Claim.objects.filter(clinic__slug=slug).annotate(line_total=Sum("lines__charge"))

    assert claims.count() >= 30
    assert all(claim.line_total == claim.total_charge for claim in claims)
    assert all(claim.diagnosis_codes for claim in claims)


def test_every_claim_payment_reconciles_charge_paid_and_adjustments(seeded: str) -> None:
    payments = ClaimPayment.objects.prefetch_related("adjustments")

    assert payments.exists()
    for payment in payments:
        adjustments = list(payment.adjustments.all())
        assert payment.charge_amount == payment.paid_amount + _sum(a.amount for a in adjustments)
        assert payment.patient_responsibility == _sum(a.amount for a in adjustments if a.group_code == "PR")
        assert payment.claim is not None
        assert payment.charge_amount == payment.claim.total_charge


def test_every_service_line_payment_reconciles(seeded: str) -> None:
    for line in ServiceLinePayment.objects.prefetch_related("adjustments"):
        assert line.charge_amount == line.paid_amount + _sum(a.amount for a in line.adjustments.all())


def test_every_remittance_pays_the_sum_of_its_claim_payments(seeded: str) -> None:
    remittances = Remittance.objects.annotate(paid=Sum("claim_payments__paid_amount"))

    assert remittances.count() >= 4
    assert all(r.payment_amount == r.paid for r in remittances)


def test_adjustments_include_contractual_patient_responsibility_and_denial_codes(seeded: str) -> None:
    pairs = set(Adjustment.objects.values_list("group_code", "reason_code"))

    assert ("CO", "45") in pairs
    assert {("PR", "2"), ("PR", "3")} <= pairs
    assert pairs & {("CO", "50"), ("CO", "16"), ("CO", "197"), ("CO", "29"), ("CO", "18")}


@pytest.mark.parametrize("slug", SLUGS)
def test_denials_carry_a_category_and_the_payers_appeal_deadline(seeded: str, slug: str) -> None:
    denials = Denial.objects.filter(clinic__slug=slug).select_related("claim_payment__remittance", "claim__payer")

    assert denials.count() >= 3
    for denial in denials:
        remitted = denial.claim_payment.remittance.payment_date
        assert denial.appeal_deadline == remitted + timedelta(days=denial.claim.payer.appeal_deadline_days)
        assert denial.category != Denial.Category.OTHER


def test_some_denials_are_appealed_and_their_claims_marked(seeded: str) -> None:
    appeals = Appeal.objects.select_related("denial__claim")

    assert appeals.filter(status=Appeal.Status.SUBMITTED).exists()
    for appeal in appeals.filter(status=Appeal.Status.SUBMITTED):
        assert appeal.denial.status == Denial.Status.IN_APPEAL
        assert appeal.denial.claim.status == Claim.Status.APPEALED


# --- the real 837 and the 835 that answers it, through the importer --------------------


def _demo_file(kind: str) -> EdiFile:
    return EdiFile.objects.get(clinic__slug="maple", source=EdiFile.Source.DEMO, kind=kind)


def test_maple_imports_the_real_837_and_its_835_through_the_importer(seeded: str) -> None:
    claims, remittance = _demo_file(EdiFile.Kind.CLAIMS), _demo_file(EdiFile.Kind.REMITTANCE)

    assert claims.name == "oopfactory__837P__5010_Example1_2_And_3_Combined.txt"
    assert (claims.status, claims.units_imported, claims.units_rejected) == (EdiFile.Status.IMPORTED, 3, 0)
    assert (remittance.status, remittance.units_imported, remittance.units_rejected) == (EdiFile.Status.IMPORTED, 3, 0)
    assert not EdiFile.objects.filter(clinic__slug="harbor").exists()
    # The claims' patients are the clinic's own (found by name and birth date), not new ones.
    mrns = set(Claim.objects.filter(edi_file=claims).values_list("patient__mrn", flat=True))
    assert mrns == {"MSF900001", "MSF900002"}
    # pyx12's check is queued as after an upload; it runs once the seed commits.
    assert claims.validation_status == EdiFile.Validation.QUEUED
    assert remittance.validation_status == EdiFile.Validation.NOT_RUN


def test_every_claim_payment_of_the_demo_835_is_linked_to_its_837_claim(seeded: str) -> None:
    claims_file, remittance_file = _demo_file(EdiFile.Kind.CLAIMS), _demo_file(EdiFile.Kind.REMITTANCE)
    payments = list(ClaimPayment.objects.filter(remittance__edi_file=remittance_file).select_related(
        "claim", "remittance"
    ))

    assert len(payments) == Claim.objects.filter(edi_file=claims_file).count() == 3
    for payment in payments:
        assert payment.claim is not None, payment.patient_control_number
        assert payment.claim.edi_file_id == claims_file.pk
        assert payment.claim.patient_control_number == payment.patient_control_number
        assert payment.claim.payer_id == payment.remittance.payer_id
        assert payment.match_method == MatchMethod.PCN_AND_PAYER
    statuses = {p.patient_control_number: p.claim.status for p in payments if p.claim is not None}
    assert statuses == {
        "26463774": Claim.Status.PAID,
        "26407789": Claim.Status.DENIED,
        "26462967": Claim.Status.PARTIALLY_PAID,
    }


def test_the_demo_835_denials_carry_readable_carc_and_rarc_descriptions(seeded: str) -> None:
    denials = Denial.objects.filter(claim_payment__remittance__edi_file=_demo_file(EdiFile.Kind.REMITTANCE))

    found = {(d.claim.patient_control_number, d.carc_code, d.category, tuple(d.rarc_codes)) for d in denials}
    assert found == {
        ("26407789", "29", Denial.Category.TIMELY_FILING, ()),
        ("26462967", "97", Denial.Category.BUNDLING, ("M15",)),
    }
    carcs = descriptions(CodeSystem.CARC, ["29", "97"])
    assert carcs["29"] == "The time limit for filing has expired."
    assert carcs["97"].startswith("The benefit for this service is included in the payment/allowance")
    assert describe(CodeSystem.RARC, "M15").startswith("Separately billed services/tests have been bundled")


def test_the_demo_835_pays_one_line_under_the_demo_contract(seeded: str) -> None:
    lines = ServiceLinePayment.objects.filter(
        claim_payment__remittance__edi_file=_demo_file(EdiFile.Kind.REMITTANCE), paid_amount__gt=0
    )

    [underpaid] = lines.filter(underpaid=True)
    assert (underpaid.claim_payment.patient_control_number, underpaid.procedure_code) == ("26462967", "99214")
    assert (underpaid.expected_allowed, underpaid.paid_amount, underpaid.variance) == (
        Decimal("34.00"), Decimal("28.00"), Decimal("6.00"),
    )
    # Every other paid line was priced by the contract and paid what it says.
    assert lines.count() == 7
    assert all(line.expected_allowed is not None and line.variance == ZERO for line in lines.exclude(pk=underpaid.pk))


def test_the_demo_835s_remittances_reconcile(seeded: str) -> None:
    remittances = Remittance.objects.filter(edi_file=_demo_file(EdiFile.Kind.REMITTANCE))

    assert {r.trace_number: r.payment_amount for r in remittances} == {
        "KEY20061117001": Decimal("63.50"), "AHL20061117002": Decimal("70.00"),
    }
    assert all(r.reconciliation_difference == ZERO for r in remittances)


# --- people, keys, output ------------------------------------------------------------


def test_admin_and_staff_users_can_log_in_with_the_demo_password(seeded: str) -> None:
    User = get_user_model()  # noqa: N806
    admin = User.objects.get(username="admin")
    biller = User.objects.get(username="maple.biller")

    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    assert biller.is_staff and biller.check_password(DEMO_PASSWORD)
    assert Membership.objects.get(user=biller).role == Membership.Role.BILLER
    assert not Membership.objects.filter(user=biller, clinic__slug="harbor").exists()


@pytest.mark.parametrize("slug", SLUGS)
def test_each_clinic_has_its_well_formed_unrevoked_demo_key(seeded: str, slug: str) -> None:
    raw = demo_api_key(slug)
    key = ApiKey.objects.get(key_hash=hash_key(raw))

    assert KEY_PATTERN.match(raw)
    assert key.clinic.slug == slug
    assert key.is_usable


def test_prints_the_admin_url_login_and_each_demo_key(seeded: str) -> None:
    assert "http://127.0.0.1:8000/admin/" in seeded
    assert f"admin / {DEMO_PASSWORD}" in seeded
    assert demo_api_key("maple") in seeded
    assert demo_api_key("harbor") in seeded


def test_second_run_changes_no_row_and_writes_no_audit_event(seeded: str) -> None:
    before = _row_counts()
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    assert _row_counts() == before
    assert "nothing to add" in out.getvalue()


def test_keeps_the_same_key_after_a_second_run(seeded: str) -> None:
    call_command("seed_demo", stdout=io.StringIO())

    assert ApiKey.objects.filter(key_hash=hash_key(demo_api_key("maple"))).count() == 1


@override_settings(IS_DEPLOYED=True, ENVIRONMENT="production")
def test_refuses_to_run_in_a_deployed_environment_without_force(seeded: str) -> None:
    before = _row_counts()

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())

    assert _row_counts() == before


@override_settings(IS_DEPLOYED=True, ENVIRONMENT="production")
def test_runs_in_a_deployed_environment_with_force_and_warns(seeded: str) -> None:
    err = io.StringIO()

    call_command("seed_demo", "--force", stdout=io.StringIO(), stderr=err)

    assert "published credentials" in err.getvalue()


# --- the receptionist on the demo clinic ---------------------------------------------


def _chat(slug: str, messages: list[str]) -> list[dict[str, Any]]:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {demo_api_key(slug)}")
    answers: list[dict[str, Any]] = []
    for message in messages:
        session = {"session_id": answers[-1]["session_id"]} if answers else {}
        response = client.post("/api/v1/chat", {"message": message, **session}, format="json")
        assert response.status_code == 200, response.content
        answers.append(response.json())
    return answers


def _a_tuesday_with_chen_free_at_nine(clinic: Clinic) -> date:
    """A Tuesday past the seeded fortnight of appointments on which Dr Chen is free at 9:00
    (a federal holiday closes the clinic: then the next Tuesday)."""
    chen = Provider.objects.get(clinic=clinic, last_name="Chen")
    day = timezone.localdate(timezone.now(), clinic.tzinfo) + timedelta(days=21)
    while day.weekday() != 1 or not slots_search(clinic=clinic, providers=[chen], on=day, at=time(9)).slots:
        day += timedelta(days=1)
    return day


def test_maple_books_then_cancels_in_one_conversation(seeded: str) -> None:
    """The conversation tried by hand on the demo: a booking, a question, then "cancel it"."""
    maple = Clinic.objects.get(slug="maple")
    day = _a_tuesday_with_chen_free_at_nine(maple)
    said = f"{day:%A}, {day:%B} {day.day}"

    answers = _chat(
        "maple",
        [
            f"Hi, I'd like to book an appointment with Sarah Chen on {said.lower()} at 9:00 am",
            "the first one",
            "My name is Riley Penrose, date of birth 03/04/1980, phone 607-555-0110",
            "a checkup",
            "yes",
            "What are your opening hours?",
            "I need to cancel my appointment",
            "Riley Penrose 03/04/1980",
            "yes",
            "thanks, bye",
        ],
    )

    assert [a["state"] for a in answers] == [
        "SHOWING_SLOTS",
        "COLLECT_PATIENT_INFO",
        "COLLECT_REASON",
        "CONFIRM_BOOKING",
        "BOOKED",
        "BOOKED",
        "CONFIRM_BOOKING",
        "CONFIRM_BOOKING",
        "CANCELLED",
        "COMPLETED",
    ]
    assert f"1. {said} at 9:00 AM" in answers[0]["message"]
    assert answers[5]["message"].startswith("Our opening hours (America/New_York): Mon 08:00-18:00;")
    appointment = Appointment.objects.get(pk=answers[4]["booking_id"])
    assert (appointment.provider.last_name, appointment.patient.last_name, appointment.status) == (
        "Chen",
        "Penrose",
        Appointment.Status.CANCELLED,
    )


def test_maple_answers_the_benchmark_conversation(seeded: str) -> None:
    """bench/chat.py's script: any provider's earliest openings, a pick, a question, goodbye."""
    answers = _chat(
        "maple",
        [
            "Hi, I'd like to book an appointment",
            "the earliest you have",
            "the first one",
            "What are your opening hours?",
            "thanks, bye",
        ],
    )

    assert [a["state"] for a in answers] == [
        "COLLECT_PROVIDER",
        "SHOWING_SLOTS",
        "COLLECT_PATIENT_INFO",
        "COLLECT_PATIENT_INFO",
        "COMPLETED",
    ]
    assert answers[3]["message"].endswith("I need your full name, date of birth and phone number, please.")


def test_the_widget_allows_the_origin_the_server_runs_on(seeded: str) -> None:
    from chat.models import WidgetConfig

    call_command("seed_demo", "--base-url", "http://localhost:8123", stdout=io.StringIO())
    call_command("seed_demo", "--base-url", "http://localhost:8123", stdout=io.StringIO())  # no duplicates

    for config in WidgetConfig.objects.filter(clinic__slug__in=SLUGS):
        assert sorted(config.allowed_origins) == [
            "http://127.0.0.1:8000",
            "http://127.0.0.1:8123",
            "http://localhost:8000",
            "http://localhost:8123",
        ]
