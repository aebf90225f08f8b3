"""The EDI inbox folder scanned by the beat job."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.inbox import inbox_scan
from claims.models import Claim, EdiFile
from claims.tests.jobs import run_queued_jobs
from clinics.models import Clinic

FIXTURES = Path(__file__).parent / "fixtures" / "x12"

pytestmark = pytest.mark.django_db


def test_files_in_a_clinics_folder_are_imported_and_moved(tmp_path: Path, clinic: Clinic) -> None:
    (tmp_path / clinic.slug).mkdir()
    (tmp_path / clinic.slug / "demo.837").write_bytes((FIXTURES / "837" / "lfh__demo.837").read_bytes())
    assert inbox_scan(tmp_path, settle_seconds=0) == 1
    assert run_queued_jobs() == 1
    assert EdiFile.objects.get().source == EdiFile.Source.INBOX
    assert Claim.objects.filter(clinic=clinic).count() == 1
    assert (tmp_path / clinic.slug / "processed" / "demo.837").exists()
    assert inbox_scan(tmp_path, settle_seconds=0) == 0


def test_a_folder_naming_no_clinic_is_left_alone(tmp_path: Path, clinic: Clinic) -> None:
    (tmp_path / "nobody").mkdir()
    (tmp_path / "nobody" / "demo.837").write_bytes(b"ISA")
    assert inbox_scan(tmp_path, settle_seconds=0) == 0
    assert (tmp_path / "nobody" / "demo.837").exists()
