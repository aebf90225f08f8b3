"""pyx12's check of an 837 and its 999: on real files from the shared X12 data (copies in
`fixtures/x12/837/`, sources in that folder's README), run after the import and never
changing it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from claims.edi.validation import validate
from claims.inbox import inbox_scan
from claims.models import Claim, EdiFile
from claims.services import edi_file_submit, edi_file_validation_queue
from claims.tasks import edi_validate_task
from claims.tests.jobs import run_queued_jobs
from clinics.audit import Actor
from clinics.models import Clinic

FIXTURES = Path(__file__).parent / "fixtures" / "x12"
# A real 5010 837P (005010X222A1, `\r` as segment terminator): the only file of the set that
# pyx12 4.0 accepts. Its last segment (IEA) has no terminator, which pyx12 reports.
ST1309 = (FIXTURES / "837" / "oopfactory__837P__5010_ST1309-XX.txt").read_bytes()
ST1309_TERMINATED = ST1309 + b"\r"
# The same file with a deliberate error: patient gender code "Q" (DMG03 takes F, M or U).
ST1309_BAD_GENDER = ST1309_TERMINATED.replace(b"DMG*D8*19980625*F", b"DMG*D8*19980625*Q")
# 005010X222A2: pyx12 4.0 has no map for it.
LFH_DEMO = (FIXTURES / "837" / "lfh__demo.837").read_bytes()

LIMIT = 60.0


def _segment_number(data: bytes, starts_with: bytes) -> int:
    segments = [s.strip() for s in data.lstrip(b"\xef\xbb\xbf").split(b"\r")]
    return next(i for i, s in enumerate(segments, start=1) if s.startswith(starts_with))


# --- the validator on its own ------------------------------------------------------------


def test_a_real_837_pyx12_accepts_gets_an_accepting_999() -> None:
    result = validate(ST1309_TERMINATED, time_limit=LIMIT)

    assert result.status == "VALID"
    assert result.findings == []
    assert result.acknowledgement_code == "A"
    assert "ST*999*" in result.acknowledgement
    assert "AK2*837*1309*005010X222A1~" in result.acknowledgement
    assert "IK5*A~" in result.acknowledgement
    assert "AK9*A*1*1*1~" in result.acknowledgement


def test_the_file_as_received_is_accepted_and_its_unterminated_iea_is_reported() -> None:
    result = validate(ST1309, time_limit=LIMIT)

    assert result.status == "ERRORS"
    assert [(f.segment, f.code) for f in result.findings] == [("ISA", "023")]
    assert "Interchange Control Trailer" in result.findings[0].message
    assert "IK5*A~" in result.acknowledgement
    assert result.acknowledgement_code == "A"


def test_a_deliberate_error_gives_a_finding_and_a_999_that_rejects_naming_the_segment() -> None:
    result = validate(ST1309_BAD_GENDER, time_limit=LIMIT)

    assert result.status == "ERRORS"
    [finding] = result.findings
    assert (finding.segment, finding.element, finding.code, finding.value) == ("DMG", "DMG03", "7", "Q")
    assert finding.loop == "2010CA Patient Name"
    assert finding.position == _segment_number(ST1309_BAD_GENDER, b"DMG*D8*19980625*Q")
    assert "Patient Gender Code" in finding.message
    assert "IK3*DMG*" in result.acknowledgement
    assert "IK4*3*1068*7*Q~" in result.acknowledgement
    assert "IK5*R" in result.acknowledgement
    assert result.acknowledgement_code == "R"


def test_a_guide_pyx12_has_no_map_for_is_a_validator_failure() -> None:
    result = validate(LFH_DEMO, time_limit=LIMIT)

    assert result.status == "FAILED"
    assert result.problem == (
        "pyx12 4.0 has no map for the implementation guide 005010X222A2 in an interchange of version 00501"
    )
    assert result.acknowledgement == ""


def test_an_isa_pyx12_cannot_read_is_a_validator_failure() -> None:
    # TigerShark's 837 has a malformed (not fixed-width) ISA, which our reader accepts.
    result = validate((FIXTURES / "837" / "tigershark__837-example.txt").read_bytes(), time_limit=LIMIT)

    assert result.status == "FAILED"
    assert result.problem.startswith("pyx12 cannot read the interchange header: ")


def test_a_pyx12_crash_is_a_validator_failure() -> None:
    # A functional group trailer before the transaction set makes pyx12 4.0 raise IndexError.
    broken = ST1309_TERMINATED.replace(b"ST*837*1309", b"GE*1*440\rST*837*1309")

    result = validate(broken, time_limit=LIMIT)

    assert result.status == "FAILED"
    assert result.problem.startswith("pyx12 crashed: IndexError")


def test_the_time_limit_stops_pyx12_and_says_so() -> None:
    result = validate(ST1309_TERMINATED, time_limit=0)

    assert result.status == "FAILED"
    assert result.problem == "stopped at the time limit of 0 s, after 1 segment"
    assert result.acknowledgement == ""


def test_line_breaks_and_indentation_between_segments_are_not_findings() -> None:
    # Pretty-printed with a byte-order mark, CR LF and indented segments.
    data = (FIXTURES / "837" / "oopfactory__837P__4010_Spec_4.1.1_PatientIsSubscriber.txt").read_bytes()
    assert b"\r\n  " in data

    result = validate(data, time_limit=LIMIT)

    assert result.status == "ERRORS"
    assert "ST*997*" in result.acknowledgement  # a 4010 file gets a 997
    assert not [f for f in result.findings if "leading space" in f.message]


# --- after the import, in the background -------------------------------------------------


def _submit(clinic: Clinic, content: bytes, name: str = "claims.837") -> EdiFile:
    submission = edi_file_submit(
        clinic=clinic, name=name, content=content, source=EdiFile.Source.API, actor=Actor.system()
    )
    return submission.edi_file


@pytest.mark.django_db
def test_an_imported_837_is_checked_by_the_task_and_gets_its_999(
    clinic: Clinic, celery_eager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    edi_file = _submit(clinic, ST1309_BAD_GENDER)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued_jobs() == 1

    edi_file.refresh_from_db()
    assert (edi_file.status, edi_file.units_imported) == (EdiFile.Status.IMPORTED, 1)
    assert edi_file.validation_status == EdiFile.Validation.ERRORS
    assert edi_file.validation_error_count == 1
    assert edi_file.validation_errors[0]["segment"] == "DMG"
    assert edi_file.validation_errors[0]["element"] == "DMG03"
    assert edi_file.acknowledgement_code == "R"
    assert edi_file.acknowledgement_kind == "999"
    assert edi_file.validated_at is not None


@pytest.mark.django_db
def test_a_file_pyx12_cannot_read_is_recorded_as_validator_failed_and_the_import_stands(
    clinic: Clinic, celery_eager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    edi_file = _submit(clinic, LFH_DEMO)
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_jobs()

    edi_file.refresh_from_db()
    assert edi_file.validation_status == EdiFile.Validation.FAILED
    assert "005010X222A2" in edi_file.validation_problem
    assert edi_file.status == EdiFile.Status.IMPORTED
    assert edi_file.jobs.get().status == "DONE"
    assert Claim.objects.filter(edi_file=edi_file).count() == 1


@pytest.mark.django_db
def test_835s_are_not_checked(clinic: Clinic, celery_eager: Any, django_capture_on_commit_callbacks: Any) -> None:
    edi_file = _submit(clinic, (FIXTURES / "835" / "lfh__managed-care.835").read_bytes(), name="era.835")
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_jobs()

    edi_file.refresh_from_db()
    assert edi_file.kind == EdiFile.Kind.REMITTANCE
    assert edi_file.validation_status == EdiFile.Validation.NOT_RUN
    assert edi_file_validation_queue(clinic=clinic, edi_file=edi_file, actor=Actor.system()) is False


@pytest.mark.django_db
@override_settings(EDI_VALIDATE_837=False)
def test_switched_off_the_import_queues_no_check(
    clinic: Clinic, celery_eager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    edi_file = _submit(clinic, ST1309_TERMINATED)
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_jobs()

    edi_file.refresh_from_db()
    assert edi_file.status == EdiFile.Status.IMPORTED
    assert edi_file.validation_status == EdiFile.Validation.NOT_RUN


@pytest.mark.django_db
def test_an_837_dropped_in_the_inbox_is_checked_after_its_import(
    tmp_path: Path, clinic: Clinic, celery_eager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    (tmp_path / clinic.slug).mkdir()
    (tmp_path / clinic.slug / "st1309.837").write_bytes(ST1309_TERMINATED)
    assert inbox_scan(tmp_path, settle_seconds=0) == 1
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_jobs()

    edi_file = EdiFile.objects.get(clinic=clinic)
    assert edi_file.source == EdiFile.Source.INBOX
    assert edi_file.validation_status == EdiFile.Validation.VALID
    assert "IK5*A~" in edi_file.acknowledgement


@pytest.mark.django_db
def test_the_task_run_twice_leaves_a_finished_check_as_it_is(
    clinic: Clinic, celery_eager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    edi_file = _submit(clinic, ST1309_TERMINATED)
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_jobs()
    edi_file.refresh_from_db()
    checked_at = edi_file.validated_at

    assert edi_validate_task(str(edi_file.pk)) == EdiFile.Validation.VALID

    edi_file.refresh_from_db()
    assert edi_file.validated_at == checked_at


@pytest.mark.django_db
def test_a_check_already_queued_is_not_queued_again(clinic: Clinic) -> None:
    edi_file = _submit(clinic, ST1309_TERMINATED)
    edi_file.kind = EdiFile.Kind.CLAIMS
    edi_file.save(update_fields=["kind"])

    assert edi_file_validation_queue(clinic=clinic, edi_file=edi_file, actor=Actor.system()) is True
    assert edi_file_validation_queue(clinic=clinic, edi_file=edi_file, actor=Actor.system()) is False
    edi_file.refresh_from_db()
    assert edi_file.validation_status == EdiFile.Validation.QUEUED


@pytest.mark.django_db
def test_another_clinics_file_cannot_be_queued(clinic: Clinic, other_clinic: Clinic) -> None:
    edi_file = _submit(other_clinic, ST1309_TERMINATED)

    with pytest.raises(ValueError, match="belong to the clinic"):
        edi_file_validation_queue(clinic=clinic, edi_file=edi_file, actor=Actor.system())
