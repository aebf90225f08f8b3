from __future__ import annotations

from typing import Any

import pytest

from fhir_sync.tests.factories import FhirSourceFactory


@pytest.fixture
def source(clinic: Any) -> Any:
    return FhirSourceFactory.create(clinic=clinic, name="Alpha EHR")


@pytest.fixture
def other_source(other_clinic: Any) -> Any:
    return FhirSourceFactory.create(clinic=other_clinic, name="Beta EHR")
