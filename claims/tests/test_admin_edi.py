"""EDI files in the admin: upload, the result page, the quarantine, linking an unmatched payment."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.edi.generate import make_claims, render_835, render_837
from claims.models import Claim, ClaimPayment, EdiFile
from claims.services import edi_file_import, edi_file_receive
from claims.tests.jobs import run_queued_jobs
from clinics.audit import Actor
from clinics.models import Clinic, Membership
from clinics.tests.admin_support import client_for_user, staff_of

FIXTURES = Path(__file__).parent / "fixtures" / "x12"

pytestmark = pytest.mark.django_db


def _import(clinic: Clinic, text: str) -> EdiFile:
    edi_file, _ = edi_file_receive(
        clinic=clinic, name="f.edi", content=text.encode(), source="api", actor=Actor.system()
    )
    return edi_file_import(clinic=clinic, edi_file=edi_file, actor=Actor.system())


def test_upload_imports_and_the_result_page_lists_the_claims(clinic: Clinic) -> None:
    client = client_for_user(staff_of(clinic, Membership.Role.BILLER))
    upload = SimpleUploadedFile("demo.837", (FIXTURES / "837" / "lfh__demo.837").read_bytes())
    response = client.post(reverse("admin:claims_edi_upload"), {"clinic": str(clinic.pk), "file": upload})
    assert run_queued_jobs() == 1
    edi_file = EdiFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_edi_file", args=[edi_file.pk])
    page = client.get(response["Location"]).content.decode()
    assert "26463774" in page
    assert "Imported" in page
    assert Claim.objects.filter(edi_file=edi_file).count() == 1


def test_another_clinics_file_is_404(clinic: Clinic, other_clinic: Clinic) -> None:
    edi_file = _import(other_clinic, render_837(make_claims(1)))
    client = client_for_user(staff_of(clinic, Membership.Role.BILLER))
    assert client.get(reverse("admin:claims_edi_file", args=[edi_file.pk])).status_code == 404
    assert edi_file.name not in client.get(reverse("admin:claims_edi_files")).content.decode()


def test_a_quarantined_file_can_be_dismissed(clinic: Clinic) -> None:
    claims = make_claims(2)
    _import(clinic, render_835(claims))
    quarantined = _import(clinic, render_835(claims[:1]))
    client = client_for_user(staff_of(clinic, Membership.Role.BILLER))
    listing = client.get(reverse("admin:claims_edi_files") + "?status=QUARANTINED").content.decode()
    assert quarantined.name in listing
    client.post(reverse("admin:claims_edi_dismiss", args=[quarantined.pk]))
    quarantined.refresh_from_db()
    assert quarantined.status == EdiFile.Status.DISMISSED


def test_a_person_links_an_unmatched_payment_from_the_queue(clinic: Clinic) -> None:
    claims = make_claims(1)
    _import(clinic, render_835(claims))
    _import(clinic, render_837(claims).replace(claims[0].pcn, "RENUMBERED1").replace("*M", "*X", 1))
    payment = ClaimPayment.objects.get()
    claim = Claim.objects.get()
    client = client_for_user(staff_of(clinic, Membership.Role.BILLER))
    url = reverse("admin:claims_claimpayment_changelist")
    client.post(
        url,
        {
            "action": "link_to_claim",
            ACTION_CHECKBOX_NAME: [str(payment.pk)],
            "claim": str(claim.pk),
            "confirmed": "yes",
        },
    )
    payment.refresh_from_db()
    assert payment.claim_id == claim.pk
    assert payment.match_method == "manual"
