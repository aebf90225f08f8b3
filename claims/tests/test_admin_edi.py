"""EDI files in the admin: upload, the result page, the quarantine, linking an unmatched
payment, and pyx12's check with its 999."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.edi.generate import make_claims, render_835, render_837
from claims.models import Claim, ClaimPayment, EdiFile
from claims.services import edi_file_import, edi_file_receive, edi_file_validation_queue
from claims.tests.jobs import run_queued_jobs
from clinics.audit import Actor
from clinics.models import AuditEvent, Clinic, Membership
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


# --- pyx12's check and its 999 ---------------------------------------------------------------

# A real 837 (fixtures/x12/837/oopfactory__837P__5010_ST1309-XX.txt) with the terminator its
# last segment lacks, and a deliberate error: patient gender "Q".
ST1309_BAD_GENDER = (FIXTURES / "837" / "oopfactory__837P__5010_ST1309-XX.txt").read_bytes().replace(
    b"DMG*D8*19980625*F", b"DMG*D8*19980625*Q"
) + b"\r"


def _validated(clinic: Clinic, capture: Any) -> EdiFile:
    edi_file, _ = edi_file_receive(
        clinic=clinic, name="st1309.837", content=ST1309_BAD_GENDER, source="api", actor=Actor.system()
    )
    edi_file = edi_file_import(clinic=clinic, edi_file=edi_file, actor=Actor.system())
    with capture(execute=True):
        edi_file_validation_queue(clinic=clinic, edi_file=edi_file, actor=Actor.system())
    edi_file.refresh_from_db()
    return edi_file


def test_the_result_page_shows_the_check_its_findings_and_the_999_link(
    clinic: Clinic, celery_eager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    edi_file = _validated(clinic, django_capture_on_commit_callbacks)
    client = client_for_user(staff_of(clinic, Membership.Role.BILLER))

    page = client.get(reverse("admin:claims_edi_file", args=[edi_file.pk])).content.decode()

    assert "Errors found" in page
    assert "999 AK9 R (rejected)" in page
    assert "2010CA Patient Name" in page
    assert "DMG03" in page
    assert reverse("admin:claims_edi_ack", args=[edi_file.pk]) in page
    assert "Validate with pyx12 (999)" in page


def test_the_999_downloads_and_the_download_is_audited(
    clinic: Clinic, celery_eager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    edi_file = _validated(clinic, django_capture_on_commit_callbacks)
    biller = staff_of(clinic, Membership.Role.BILLER)

    response = client_for_user(biller).get(reverse("admin:claims_edi_ack", args=[edi_file.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="st1309.999"'
    assert "IK3*DMG*" in response.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, resource_id=str(edi_file.pk), actor_user=biller
    ).exists()


def test_a_file_without_a_999_has_nothing_to_download(clinic: Clinic) -> None:
    edi_file = _import(clinic, render_837(make_claims(1)))
    client = client_for_user(staff_of(clinic, Membership.Role.BILLER))

    assert client.get(reverse("admin:claims_edi_ack", args=[edi_file.pk])).status_code == 404


def test_the_action_asks_first_then_runs_the_check(
    clinic: Clinic, celery_eager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    edi_file, _ = edi_file_receive(
        clinic=clinic, name="st1309.837", content=ST1309_BAD_GENDER, source="api", actor=Actor.system()
    )
    edi_file = edi_file_import(clinic=clinic, edi_file=edi_file, actor=Actor.system())
    client = client_for_user(staff_of(clinic, Membership.Role.BILLER))
    url = reverse("admin:claims_edifile_changelist")
    data = {"action": "validate_with_pyx12", ACTION_CHECKBOX_NAME: [str(edi_file.pk)]}

    confirmation = client.post(url, data)
    edi_file.refresh_from_db()
    assert confirmation.status_code == 200
    assert "Validate with pyx12" in confirmation.content.decode()
    assert edi_file.validation_status == EdiFile.Validation.NOT_RUN

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**data, "confirmed": "yes"})
    edi_file.refresh_from_db()
    assert done.status_code == 302
    assert edi_file.validation_status == EdiFile.Validation.ERRORS
    assert edi_file.acknowledgement_code == "R"


def test_the_action_never_reaches_another_clinics_file(clinic: Clinic, other_clinic: Clinic) -> None:
    theirs = _import(other_clinic, render_837(make_claims(1)))
    client = client_for_user(staff_of(clinic, Membership.Role.BILLER))

    client.post(
        reverse("admin:claims_edifile_changelist"),
        {"action": "validate_with_pyx12", ACTION_CHECKBOX_NAME: [str(theirs.pk)], "confirmed": "yes"},
    )

    theirs.refresh_from_db()
    assert theirs.validation_status == EdiFile.Validation.NOT_RUN


def test_front_desk_may_not_run_the_check(clinic: Clinic) -> None:
    edi_file = _import(clinic, render_837(make_claims(1)))
    client = client_for_user(staff_of(clinic, Membership.Role.FRONT_DESK))

    client.post(
        reverse("admin:claims_edifile_changelist"),
        {"action": "validate_with_pyx12", ACTION_CHECKBOX_NAME: [str(edi_file.pk)], "confirmed": "yes"},
    )

    edi_file.refresh_from_db()
    assert edi_file.validation_status == EdiFile.Validation.NOT_RUN
