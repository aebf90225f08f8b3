"""The typed accessor and validation of `Clinic.settings`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from clinics.clinic_settings import SchedulingSettings, scheduling_settings, validate_clinic_settings
from clinics.models import Clinic
from clinics.tests.factories import ClinicFactory


def test_defaults_when_nothing_is_set() -> None:
    assert scheduling_settings(Clinic(settings={})) == SchedulingSettings()


def test_stored_options_are_read_typed() -> None:
    clinic = Clinic(
        settings={
            "scheduling": {
                "min_notice_minutes": 0,
                "horizon_days": 30,
                "slot_step_minutes": 15,
                "federal_holidays": True,
            }
        }
    )
    assert scheduling_settings(clinic) == SchedulingSettings(0, 30, 15, True)


def test_a_bad_stored_option_falls_back_to_its_default_alone() -> None:
    clinic = Clinic(settings={"scheduling": {"min_notice_minutes": "soon", "horizon_days": 30}})
    assert scheduling_settings(clinic) == SchedulingSettings(horizon_days=30)


def test_other_features_keys_are_left_alone() -> None:
    validate_clinic_settings({"demo": True, "languages": ["en"], "anything": {"x": 1}})


@pytest.mark.parametrize(
    "scheduling",
    [
        {"min_notice_minutes": -1},
        {"horizon_days": 0},
        {"horizon_days": True},
        {"slot_step_minutes": 2},
        {"federal_holidays": "yes"},
        {"notice": 10},
        ["not", "an", "object"],
    ],
)
def test_invalid_scheduling_options_are_refused(scheduling: Any) -> None:
    with pytest.raises(ValidationError):
        validate_clinic_settings({"scheduling": scheduling})


@pytest.mark.django_db
def test_saving_a_clinic_validates_its_settings() -> None:
    clinic = ClinicFactory.create()
    clinic.settings = {"scheduling": {"horizon_days": 9999}}
    with pytest.raises(ValidationError) as caught:
        clinic.full_clean()
    assert set(caught.value.message_dict) == {"settings"}
