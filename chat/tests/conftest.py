from __future__ import annotations

from typing import Any

import pytest

from chat.tests.factories import WidgetConfigFactory


@pytest.fixture
def widget(clinic: Any) -> Any:
    return WidgetConfigFactory.create(clinic=clinic)


@pytest.fixture
def other_widget(other_clinic: Any) -> Any:
    return WidgetConfigFactory.create(clinic=other_clinic, allowed_origins=["https://beta.example"])
