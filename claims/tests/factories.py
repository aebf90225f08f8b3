from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from claims.models import Adjustment, Claim, ClaimLine, ClaimPayment, Denial, EdiFile, GroupCode, Job, Remittance
from clinics.tests.factories import ClinicFactory, PatientFactory, ProviderFactory
from contracts.tests.factories import PayerFactory


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    clinic = factory.SubFactory(ClinicFactory)
    patient = factory.SubFactory(PatientFactory, clinic=factory.SelfAttribute("..clinic"))
    billing_provider = factory.SubFactory(ProviderFactory, clinic=factory.SelfAttribute("..clinic"))
    rendering_provider = factory.SelfAttribute("billing_provider")
    payer = factory.SubFactory(PayerFactory, clinic=factory.SelfAttribute("..clinic"))
    patient_control_number = factory.Sequence(lambda n: f"PCN{n:07d}")
    service_date_from = dt.date(2026, 9, 1)
    service_date_to = dt.date(2026, 9, 1)
    total_charge = Decimal("150.00")
    status = Claim.Status.SUBMITTED
    place_of_service = "11"
    diagnosis_codes = factory.LazyFunction(lambda: ["E119", "I10"])


class ClaimLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimLine

    claim = factory.SubFactory(ClaimFactory)
    clinic = factory.SelfAttribute("claim.clinic")
    line_number = factory.Sequence(lambda n: n + 1)
    procedure_code = "99213"
    charge = Decimal("150.00")
    diagnosis_pointers = factory.LazyFunction(lambda: [1])
    service_date = dt.date(2026, 9, 1)


class RemittanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Remittance

    clinic = factory.SubFactory(ClinicFactory)
    payer = factory.SubFactory(PayerFactory, clinic=factory.SelfAttribute("..clinic"))
    trace_number = factory.Sequence(lambda n: f"TRN{n:08d}")
    payment_amount = Decimal("0.00")
    payment_date = dt.date(2026, 10, 1)


class ClaimPaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimPayment

    remittance = factory.SubFactory(RemittanceFactory)
    clinic = factory.SelfAttribute("remittance.clinic")
    claim = None
    patient_control_number = factory.Sequence(lambda n: f"PCN{n:07d}")
    status_code = ClaimPayment.StatusCode.DENIED
    charge_amount = Decimal("150.00")
    paid_amount = Decimal("0.00")


class AdjustmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adjustment

    claim_payment = factory.SubFactory(ClaimPaymentFactory)
    clinic = factory.SelfAttribute("claim_payment.clinic")
    group_code = GroupCode.CO
    reason_code = "50"
    amount = Decimal("150.00")


class DenialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Denial

    claim = factory.SubFactory(ClaimFactory)
    clinic = factory.SelfAttribute("claim.clinic")
    carc_code = "50"
    rarc_codes = factory.LazyFunction(lambda: ["N115"])
    group_code = GroupCode.CO
    denied_amount = Decimal("150.00")
    category = Denial.Category.MEDICAL_NECESSITY
    appeal_deadline = dt.date(2027, 3, 1)


class EdiFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EdiFile

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"file{n}.837")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    file = factory.django.FileField(filename="file.837", data=b"ISA")
    kind = EdiFile.Kind.CLAIMS
    status = EdiFile.Status.IMPORTED


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    clinic = factory.SubFactory(ClinicFactory)
    edi_file = factory.SubFactory(EdiFileFactory, clinic=factory.SelfAttribute("..clinic"))
    status = Job.Status.DONE
