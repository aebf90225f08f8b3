"""A clinic's safety settings: which optional steps run and how sensitive they are.

Stored under the key "safety" of `Clinic.settings`, e.g.
`{"safety": {"disabled_steps": ["false_promises"], "phi_threshold": 0.6, "require_chat_consent": true}}`.
`SafetyPolicy.from_settings` refuses anything it does not understand, naming the key, so a
typo cannot quietly switch a check off. The mandatory steps cannot be disabled: the
sanitizer, PHI detection and redaction (a provider and the logs must never see raw
identifiers), crisis detection, the consent gate and PHI leakage on output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MANDATORY_STEPS = frozenset({"sanitize", "consent", "phi", "crisis", "phi_leakage"})
OPTIONAL_STEPS = frozenset({"injection", "content_filter", "false_promises", "output_content_filter"})
ALL_STEPS = MANDATORY_STEPS | OPTIONAL_STEPS


class PolicyError(ValueError):
    """A clinic's safety settings are not valid; `errors` maps each key to why."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {why}" for key, why in errors.items()))
        self.errors = errors


def _probability(value: Any, key: str, errors: dict[str, str]) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 < float(value) <= 1.0:
        errors[key] = "must be a number greater than 0 and at most 1"
        return None
    return float(value)


@dataclass(frozen=True)
class SafetyPolicy:
    disabled_steps: frozenset[str] = field(default_factory=frozenset)
    # Presidio score at or above which an identifier is redacted. Lower finds more.
    phi_threshold: float = 0.5
    # Injection score at or above which a message is refused.
    injection_threshold: float = 0.7
    require_chat_consent: bool = False
    max_message_length: int = 2000
    # Ask the configured model to confirm crisis assessments below HIGH (it may only raise).
    crisis_model_confirmation: bool = False

    def enabled(self, step: str) -> bool:
        return step in MANDATORY_STEPS or step not in self.disabled_steps

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None) -> SafetyPolicy:
        data = dict((settings or {}).get("safety") or {})
        errors: dict[str, str] = {}
        known = {
            "disabled_steps",
            "phi_threshold",
            "injection_threshold",
            "require_chat_consent",
            "max_message_length",
            "crisis_model_confirmation",
        }
        for key in sorted(set(data) - known):
            errors[f"safety.{key}"] = f"unknown setting; known: {', '.join(sorted(known))}"
        disabled: frozenset[str] = frozenset()
        raw_disabled = data.get("disabled_steps", [])
        if not isinstance(raw_disabled, list) or not all(isinstance(s, str) for s in raw_disabled):
            errors["safety.disabled_steps"] = "must be a list of step names"
        else:
            mandatory = sorted(set(raw_disabled) & MANDATORY_STEPS)
            unknown = sorted(set(raw_disabled) - ALL_STEPS)
            if mandatory:
                errors["safety.disabled_steps"] = f"{', '.join(mandatory)} cannot be switched off"
            elif unknown:
                errors["safety.disabled_steps"] = (
                    f"unknown step {', '.join(unknown)}; optional steps: {', '.join(sorted(OPTIONAL_STEPS))}"
                )
            else:
                disabled = frozenset(raw_disabled)
        values: dict[str, Any] = {}
        for key in ("phi_threshold", "injection_threshold"):
            if key in data:
                values[key] = _probability(data[key], f"safety.{key}", errors)
        for key in ("require_chat_consent", "crisis_model_confirmation"):
            if key in data:
                if not isinstance(data[key], bool):
                    errors[f"safety.{key}"] = "must be true or false"
                values[key] = data[key]
        if "max_message_length" in data:
            length = data["max_message_length"]
            if isinstance(length, bool) or not isinstance(length, int) or not 100 <= length <= 10_000:
                errors["safety.max_message_length"] = "must be a whole number from 100 to 10000"
            values["max_message_length"] = length
        if errors:
            raise PolicyError(errors)
        return cls(disabled_steps=disabled, **values)
