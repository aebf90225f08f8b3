"""The admin's front page: cards of what needs doing, for the lists the user works, counted
in their own clinic only, each linking to the list it counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Denial
from claims.tests.factories import ClaimFactory, ClaimPaymentFactory, DenialFactory
from clinics.models import Membership
from clinics.tests.admin_support import client_for_user, staff_of
from scheduling.models import Appointment
from scheduling.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db


def _cards(user):
    response = client_for_user(user).get(reverse("admin:index"))
    assert response.status_code == 200
    return {card.title: card for card in response.context["nuvae_cards"]}


def _denial(clinic, *, days_left, amount="100.00", status=Denial.Status.OPEN):
    today = timezone.localdate(timezone=clinic.tzinfo)
    return DenialFactory(claim=ClaimFactory(clinic=clinic), status=status, denied_amount=Decimal(amount),
                         appeal_deadline=today + dt.timedelta(days=days_left))


def test_biller_sees_the_denial_worklist_in_numbers(clinic, other_clinic):
    _denial(clinic, days_left=3, amount="120.50")
    _denial(clinic, days_left=-2, amount="80.00")
    _denial(clinic, days_left=40, amount="10.00")
    _denial(clinic, days_left=3, status=Denial.Status.IN_APPEAL)
    _denial(other_clinic, days_left=3, amount="999.00")

    cards = _cards(staff_of(clinic, Membership.Role.BILLER))

    assert (cards["Open denials"].value, cards["Open denials"].note) == ("3", "$210.50 denied")
    assert cards["Appeal due within 7 days"].value == "1"
    assert cards["Past the appeal deadline"].value == "1"


def test_each_card_links_to_a_list_of_what_it_counts(clinic):
    _denial(clinic, days_left=3)
    _denial(clinic, days_left=-2)
    _denial(clinic, days_left=40)
    ClaimPaymentFactory(remittance__clinic=clinic, claim=None)
    biller = staff_of(clinic, Membership.Role.BILLER)
    client = client_for_user(biller)

    for card in _cards(biller).values():
        listed = client.get(card.link).context["cl"].result_count
        assert str(listed) == card.value, card.title


def test_front_desk_sees_todays_appointments_only(clinic, other_clinic):
    noon = timezone.localtime(timezone=clinic.tzinfo).replace(hour=12, minute=0, second=0, microsecond=0)
    AppointmentFactory(clinic=clinic, start_at=noon)
    AppointmentFactory(clinic=clinic, start_at=noon + dt.timedelta(hours=1), status=Appointment.Status.CHECKED_IN)
    AppointmentFactory(clinic=clinic, start_at=noon + dt.timedelta(hours=2), status=Appointment.Status.CANCELLED)
    AppointmentFactory(clinic=clinic, start_at=noon - dt.timedelta(hours=3), status=Appointment.Status.COMPLETED)
    AppointmentFactory(clinic=clinic, start_at=noon + dt.timedelta(days=1))
    AppointmentFactory(clinic=other_clinic, start_at=noon)

    cards = _cards(staff_of(clinic, Membership.Role.FRONT_DESK))

    assert list(cards) == ["Appointments today"]
    assert (cards["Appointments today"].value, cards["Appointments today"].note) == (
        "3", "2 checked in or seen, 1 cancelled"
    )
