"""The X12 upload API: 202 with a job, the job's status and report, idempotent by content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim, EdiFile, Job
from claims.tests.jobs import run_queued_jobs
from clinics.tests.api_support import problem_type

FIXTURES = Path(__file__).parent / "fixtures" / "x12"
DEMO_837 = (FIXTURES / "837" / "lfh__demo.837").read_bytes()

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload_raw() -> Any:
    """POST a raw file, then run the queued import job as a worker would."""

    def post(api: Any, content: bytes, **query: str) -> Any:
        params = "&".join(f"{k}={v}" for k, v in {"name": "demo.837", **query}.items())
        response = api.post(f"/api/v1/edi/files/?{params}", data=content, content_type="application/edi-x12")
        run_queued_jobs()
        return response

    return post


def test_upload_answers_202_with_a_job_that_imported_the_claims(api: Any, upload_raw: Any) -> None:
    response = upload_raw(api, DEMO_837)
    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == f"/api/v1/edi/jobs/{body['job']['id']}/"
    job = api.get(response["Location"]).json()
    assert job["status"] == "DONE"
    assert job["file"]["status"] == "IMPORTED"
    assert job["file"]["report"]["units"][0]["key"] == "26463774"
    assert Claim.objects.get().patient_control_number == "26463774"


def test_multipart_upload_is_accepted(api: Any) -> None:
    response = api.post("/api/v1/edi/files/", {"file": SimpleUploadedFile("claims.837", DEMO_837)}, format="multipart")
    assert response.status_code == 202
    assert EdiFile.objects.get().name == "claims.837"


def test_the_same_file_twice_changes_nothing_and_says_so(api: Any, upload_raw: Any) -> None:
    upload_raw(api, DEMO_837)
    response = upload_raw(api, DEMO_837)
    assert response.status_code == 202
    assert response.json()["duplicate"] is True
    assert "nothing changed" in response.json()["job"]["message"]
    assert (Claim.objects.count(), EdiFile.objects.count(), Job.objects.count()) == (1, 1, 2)


def test_a_rejected_file_reports_why_in_the_job(api: Any, upload_raw: Any) -> None:
    response = upload_raw(api, b"not x12 at all")
    job = api.get(response["Location"]).json()
    assert job["file"]["status"] == "REJECTED"
    assert "does not begin with an ISA" in job["file"]["problem"]


def test_an_empty_upload_is_a_problem(api: Any, upload_raw: Any) -> None:
    response = upload_raw(api, b"")
    assert response.status_code == 400
    assert problem_type(response).endswith("empty-file")


def test_another_clinics_job_is_404(api: Any, other_api: Any, upload_raw: Any) -> None:
    response = upload_raw(other_api, DEMO_837)
    assert api.get(response["Location"]).status_code == 404


# A real 837 (fixtures/x12/837/oopfactory__837P__5010_ST1309-XX.txt) with the terminator its
# last segment lacks, and a deliberate error: patient gender "Q".
ST1309_BAD_GENDER = (FIXTURES / "837" / "oopfactory__837P__5010_ST1309-XX.txt").read_bytes().replace(
    b"DMG*D8*19980625*F", b"DMG*D8*19980625*Q"
) + b"\r"


def test_the_job_and_the_file_carry_the_pyx12_check_and_a_link_to_its_999(
    api: Any, celery_eager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = api.post(
        "/api/v1/edi/files/?name=st1309.837", data=ST1309_BAD_GENDER, content_type="application/edi-x12"
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_jobs()

    job = api.get(response["Location"]).json()
    validation = job["file"]["validation"]
    assert job["file"]["status"] == "IMPORTED"
    assert (validation["status"], validation["error_count"], validation["acknowledgement_code"]) == ("ERRORS", 1, "R")
    assert validation["errors"][0]["segment"] == "DMG"
    assert validation["errors"][0]["element"] == "DMG03"
    assert validation["errors"][0]["loop"] == "2010CA Patient Name"
    assert validation["acknowledgement_kind"] == "999"
    file_id = job["file"]["id"]
    assert validation["acknowledgement_url"] == f"http://testserver/api/v1/edi/files/{file_id}/acknowledgement/"
    assert api.get(f"/api/v1/edi/files/{file_id}/").json()["validation"] == validation

    ack = api.get(validation["acknowledgement_url"])
    assert ack.status_code == 200
    assert ack["Content-Type"] == "application/edi-x12; charset=utf-8"
    assert "IK3*DMG*" in ack.content.decode()
    assert "IK5*R" in ack.content.decode()


def test_a_file_without_a_999_answers_404_for_it(api: Any, upload_raw: Any) -> None:
    response = upload_raw(api, DEMO_837)
    file_id = api.get(response["Location"]).json()["file"]["id"]

    ack = api.get(f"/api/v1/edi/files/{file_id}/acknowledgement/")

    assert ack.status_code == 404
    assert problem_type(ack).endswith("no-acknowledgement")
