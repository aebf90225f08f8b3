from __future__ import annotations

import pytest

from nuvae.lib.safety.pipeline import check_input
from nuvae.lib.safety.prompt import ModelText

from .support import FakeServer

PATIENT_MESSAGE = "Hi, this is Maria Gonzalez, can I see Dr. Patel next Tuesday afternoon? My number is 617-555-0142."


@pytest.fixture(scope="module")
def model_text() -> ModelText:
    return ModelText.from_result(check_input(PATIENT_MESSAGE))


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()
