"""The denial worklist: sorting by amount, age, deadline and category; the provider filter;
bulk assignment through the service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from claims.models import Denial
from claims.services import AssigneeNotInClinicError, denial_assign
from claims.tests.factories import ClaimFactory, ClaimPaymentFactory, DenialFactory
from clinics.audit import Actor
from clinics.models import AuditEvent, Membership
from clinics.tests.admin_support import admin_url, client_for_user, staff_of
from clinics.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller(clinic):
    return staff_of(clinic, Membership.Role.BILLER)


def _listed(client, **params):
    response = client.get(admin_url(Denial, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].queryset)


def _column(name):
    """The changelist's `o=` index of a list_display column (1-based)."""
    from claims.admin.denial import DenialAdmin

    return str(DenialAdmin.list_display.index(name) + 1)


def _denied_on(clinic, day):
    payment = ClaimPaymentFactory(remittance__clinic=clinic, remittance__payment_date=day)
    return DenialFactory(claim=ClaimFactory(clinic=clinic), claim_payment=payment)


@pytest.mark.parametrize(
    ("column", "field"),
    [("denied", "denied_amount"), ("appeal_deadline", "appeal_deadline"), ("category_label", "category")],
)
def test_worklist_sorts_by_column(column, field, clinic, biller):
    small = DenialFactory(
        claim=ClaimFactory(clinic=clinic),
        denied_amount=Decimal("10.00"),
        appeal_deadline=dt.date(2027, 1, 1),
        category=Denial.Category.CODING,
    )
    large = DenialFactory(
        claim=ClaimFactory(clinic=clinic),
        denied_amount=Decimal("900.00"),
        appeal_deadline=dt.date(2027, 6, 1),
        category=Denial.Category.TIMELY_FILING,
    )

    client = client_for_user(biller)

    assert _listed(client, o=_column(column)) == [small, large]
    assert _listed(client, o=f"-{_column(column)}") == [large, small]


def test_worklist_sorts_by_age_oldest_first_descending(clinic, biller):
    old = _denied_on(clinic, dt.date(2026, 1, 5))
    recent = _denied_on(clinic, dt.date(2026, 9, 20))

    assert _listed(client_for_user(biller), o=f"-{_column('age')}") == [recent, old]
    assert _listed(client_for_user(biller), o=_column("age")) == [old, recent]


def test_worklist_shows_age_from_the_remittance_date(clinic, biller):
    from django.utils import timezone

    today = timezone.localdate(timezone=clinic.tzinfo)
    _denied_on(clinic, today - dt.timedelta(days=41))

    html = client_for_user(biller).get(admin_url(Denial, "changelist")).content.decode()

    assert "41 days" in html


def test_worklist_filters_by_billing_or_rendering_provider(clinic, biller):
    doctor = ProviderFactory(clinic=clinic)
    billed = DenialFactory(claim=ClaimFactory(clinic=clinic, billing_provider=doctor))
    rendered = DenialFactory(claim=ClaimFactory(clinic=clinic, rendering_provider=doctor))
    DenialFactory(claim=ClaimFactory(clinic=clinic, billing_provider=ProviderFactory(clinic=clinic)))

    assert set(_listed(client_for_user(biller), provider=str(doctor.pk))) == {billed, rendered}


def test_provider_filter_ignores_another_clinics_provider(clinic, other_clinic, biller):
    stranger = ProviderFactory(clinic=other_clinic)
    DenialFactory(claim=ClaimFactory(clinic=other_clinic, billing_provider=stranger))
    DenialFactory(claim=ClaimFactory(clinic=clinic))

    assert _listed(client_for_user(biller), provider=str(stranger.pk)) == []


def test_bulk_assign_skips_denials_of_a_clinic_the_assignee_does_not_work_for(clinic, other_clinic):
    both = staff_of(clinic, Membership.Role.ADMIN, username="both")
    Membership.objects.create(user=both, clinic=other_clinic, role=Membership.Role.ADMIN)
    colleague = staff_of(clinic, Membership.Role.BILLER, username="colleague")
    ours = DenialFactory(claim=ClaimFactory(clinic=clinic))
    theirs = DenialFactory(claim=ClaimFactory(clinic=other_clinic))

    client_for_user(both).post(
        admin_url(Denial, "changelist"),
        {
            "action": "assign",
            ACTION_CHECKBOX_NAME: [ours.pk, theirs.pk],
            "confirmed": "yes",
            "assignee": colleague.pk,
        },
    )

    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.assignee, theirs.assignee) == (colleague, None)


# --- the service ---------------------------------------------------------------------------


def test_denial_assign_audits_each_denial(clinic, biller):
    denials = [DenialFactory(claim=ClaimFactory(clinic=clinic)) for _ in range(2)]

    denial_assign(clinic=clinic, denials=denials, assignee=biller, actor=Actor.system())

    assert {d.assignee for d in Denial.objects.all()} == {biller}
    events = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, resource_type="claims.Denial")
    assert sorted(e.resource_id for e in events) == sorted(str(d.pk) for d in denials)


def test_denial_assign_refuses_someone_without_a_billing_role(clinic):
    desk = staff_of(clinic, Membership.Role.FRONT_DESK)
    denial = DenialFactory(claim=ClaimFactory(clinic=clinic))

    with pytest.raises(AssigneeNotInClinicError):
        denial_assign(clinic=clinic, denials=[denial], assignee=desk, actor=Actor.system())

    denial.refresh_from_db()
    assert denial.assignee is None


def test_denial_assign_refuses_a_denial_of_another_clinic(clinic, other_clinic, biller):
    denial = DenialFactory(claim=ClaimFactory(clinic=other_clinic))

    with pytest.raises(ValueError, match="belong to the clinic"):
        denial_assign(clinic=clinic, denials=[denial], assignee=biller, actor=Actor.system())
