"""Appeals in the admin."""

from __future__ import annotations

import pytest

from appeals.models import Appeal
from appeals.tests.factories import AppealFactory
from claims.tests.factories import ClaimFactory, DenialFactory
from clinics.models import AuditEvent, Membership
from clinics.tests.admin_support import (
    admin_url,
    assert_pages_render,
    changeform_data,
    client_for_user,
    staff_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller(clinic):
    return staff_of(clinic, Membership.Role.BILLER)


@pytest.mark.parametrize("who", ["biller", "superuser"])
def test_pages_render_with_data(who, clinic, request):
    biller = request.getfixturevalue("biller")
    appeal = AppealFactory(denial=DenialFactory(claim=ClaimFactory(clinic=clinic)), author=biller)

    assert_pages_render(client_for_user(request.getfixturevalue(who)), appeal)


def test_appeal_page_names_the_denial_not_its_id(clinic, biller):
    denial = DenialFactory(claim=ClaimFactory(clinic=clinic), group_code="CO", carc_code="197")
    appeal = AppealFactory(denial=denial, level=1)

    html = client_for_user(biller).get(admin_url(Appeal, "change", appeal.pk)).content.decode()

    assert f"Level 1 appeal of CO-197 ({denial.denied_amount})" in html
    assert str(denial.pk) not in html.split("<form")[0]


def _appeal(clinic, **fields):
    return AppealFactory(denial=DenialFactory(claim=ClaimFactory(clinic=clinic)), **fields)


def test_search_by_claim_number(clinic, biller):
    wanted = AppealFactory(denial=DenialFactory(claim=ClaimFactory(clinic=clinic, patient_control_number="PCN-9")))
    _appeal(clinic)

    response = client_for_user(biller).get(admin_url(Appeal, "changelist"), {"q": "PCN-9"})

    assert list(response.context["cl"].queryset) == [wanted]


def test_filter_by_status(clinic, biller):
    won = _appeal(clinic, status=Appeal.Status.WON)
    _appeal(clinic)

    response = client_for_user(biller).get(admin_url(Appeal, "changelist"), {"status__exact": "WON"})

    assert list(response.context["cl"].queryset) == [won]


def test_letter_edit_is_audited(clinic, biller):
    appeal = _appeal(clinic)
    client = client_for_user(biller)
    url = admin_url(Appeal, "change", appeal.pk)

    response = client.post(url, changeform_data(client.get(url), letter_text="Revised letter", author=biller.pk))

    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.letter_text, appeal.author) == ("Revised letter", biller)
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, resource_id=str(appeal.pk))
    assert event.details == {"fields": ["author", "letter_text"]}


def test_author_must_work_for_the_clinic(clinic, other_clinic, biller):
    appeal = _appeal(clinic)
    stranger = staff_of(other_clinic, Membership.Role.BILLER)
    client = client_for_user(biller)
    url = admin_url(Appeal, "change", appeal.pk)

    response = client.post(url, changeform_data(client.get(url), author=stranger.pk))

    assert "author" in response.context["adminform"].form.errors
