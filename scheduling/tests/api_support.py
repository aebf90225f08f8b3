"""Request bodies for the appointment API tests."""

from __future__ import annotations

from typing import Any


def booking(provider: Any, patient: Any, start: Any, **extra: Any) -> dict[str, Any]:
    return {"provider": str(provider.pk), "patient": str(patient.pk), "start": start.isoformat(), **extra}
