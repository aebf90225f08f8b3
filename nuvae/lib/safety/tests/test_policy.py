"""A clinic's safety settings."""

from __future__ import annotations

import pytest

from nuvae.lib.safety.policy import PolicyError, SafetyPolicy


def test_defaults_enable_every_step() -> None:
    policy = SafetyPolicy.from_settings({})
    assert policy.enabled("injection") and policy.enabled("crisis")


def test_optional_step_can_be_switched_off_and_thresholds_tuned() -> None:
    policy = SafetyPolicy.from_settings(
        {"safety": {"disabled_steps": ["false_promises"], "phi_threshold": 0.6, "require_chat_consent": True}}
    )
    assert not policy.enabled("false_promises")
    assert policy.phi_threshold == 0.6
    assert policy.require_chat_consent


@pytest.mark.parametrize("step", ["crisis", "phi_leakage", "phi", "sanitize", "consent"])
def test_mandatory_steps_cannot_be_switched_off(step: str) -> None:
    with pytest.raises(PolicyError) as error:
        SafetyPolicy.from_settings({"safety": {"disabled_steps": [step]}})
    assert error.value.errors == {"safety.disabled_steps": f"{step} cannot be switched off"}


def test_unknown_keys_steps_and_bad_values_are_named() -> None:
    with pytest.raises(PolicyError) as error:
        SafetyPolicy.from_settings(
            {
                "safety": {
                    "phi_treshold": 0.5,
                    "disabled_steps": ["spam"],
                    "injection_threshold": 2,
                    "max_message_length": 5,
                }
            }
        )
    assert set(error.value.errors) == {
        "safety.phi_treshold",
        "safety.disabled_steps",
        "safety.injection_threshold",
        "safety.max_message_length",
    }
