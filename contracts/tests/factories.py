from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from clinics.tests.factories import ClinicFactory
from contracts.models import Contract, FeeScheduleLine, Payer, PayerPlan


class PayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payer

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Payer {n}")
    payer_id = factory.Sequence(lambda n: f"P{n:05d}")
    payer_type = Payer.PayerType.COMMERCIAL


class PayerPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PayerPlan

    clinic = factory.SubFactory(ClinicFactory)
    payer = factory.SubFactory(PayerFactory, clinic=factory.SelfAttribute("..clinic"))
    name = factory.Sequence(lambda n: f"Plan {n}")
    plan_type = PayerPlan.PlanType.PPO


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    clinic = factory.SubFactory(ClinicFactory)
    payer = factory.SubFactory(PayerFactory, clinic=factory.SelfAttribute("..clinic"))
    name = factory.Sequence(lambda n: f"Contract {n}")
    line_of_business = Contract.LineOfBusiness.COMMERCIAL
    effective_from = dt.date(2025, 1, 1)


class FeeScheduleLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeScheduleLine

    clinic = factory.SubFactory(ClinicFactory)
    contract = factory.SubFactory(ContractFactory, clinic=factory.SelfAttribute("..clinic"))
    code = "99213"
    allowed_amount = Decimal("92.50")
