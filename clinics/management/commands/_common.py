"""Helpers shared by the clinic management commands."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from clinics.audit import Actor


def command_actor(name: str) -> Actor:
    """Commands run as the system, labelled with the command so the audit log says which."""
    return Actor.system(f"manage.py {name}")


def validation_message(error: ValidationError) -> str:
    """One readable line per field from a model ValidationError."""
    if hasattr(error, "error_dict"):
        parts = []
        for field, errors in error.message_dict.items():
            label = "" if field == "__all__" else f"{field}: "
            parts.append(label + " ".join(errors))
        return "; ".join(parts)
    return " ".join(error.messages)


def command_error(error: ValidationError) -> CommandError:
    return CommandError(validation_message(error))
