"""Verifying who a patient is (name or phone, with the date of birth) and registering new ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from clinics.audit import Actor
from clinics.identity import IdentityOutcome, normalize_full_name, normalize_name, split_full_name
from clinics.models import AuditEvent, Clinic, Patient
from clinics.selectors import patient_verify
from clinics.services import PatientAlreadyExists, patient_register
from clinics.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

DOB = dt.date(1984, 3, 9)
SYSTEM = Actor.system()


@pytest.fixture
def jose(clinic: Clinic) -> Patient:
    return PatientFactory.create(
        clinic=clinic, first_name="José-Luis", last_name="O'Brien", date_of_birth=DOB, phone="+16075550101"
    )


# --- normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("José-Luis O'Brien", "jose luis obrien"),
        ("  JOSE   LUIS  OBRIEN ", "jose luis obrien"),
        ("José\u2013Luis O\u2019Brien", "jose luis obrien"),  # en dash, curly apostrophe
        ("Zoë St. Clair", "zoe st clair"),
        ("\uff2a\uff4f\uff53\uff45", "jose"),  # full-width letters
    ],
)
def test_normalize_name_ignores_case_accents_spacing_hyphens_and_apostrophes(typed: str, expected: str) -> None:
    assert normalize_name(typed) == expected


def test_full_name_with_a_comma_is_last_then_first() -> None:
    assert normalize_full_name("O'Brien, José-Luis") == "jose luis obrien"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Mary Ann Smith", ("Mary Ann", "Smith")), ("Smith,  Mary Ann", ("Mary Ann", "Smith")), ("Cher", ("Cher", ""))],
)
def test_split_full_name(typed: str, expected: tuple[str, str]) -> None:
    assert split_full_name(typed) == expected


# --- verification ----------------------------------------------------------------------------


def test_verify_by_full_name_and_date_of_birth(clinic: Clinic, jose: Patient) -> None:
    result = patient_verify(clinic=clinic, date_of_birth=DOB, full_name="jose luis obrien")
    assert (result.outcome, result.patient, result.matches) == (IdentityOutcome.VERIFIED, jose, 1)


def test_verify_by_phone_in_any_format_and_date_of_birth(clinic: Clinic, jose: Patient) -> None:
    result = patient_verify(clinic=clinic, date_of_birth=DOB, phone="(607) 555-0101")
    assert (result.outcome, result.patient) == (IdentityOutcome.VERIFIED, jose)


def test_wrong_date_of_birth_is_not_found(clinic: Clinic, jose: Patient) -> None:
    result = patient_verify(clinic=clinic, date_of_birth=DOB + dt.timedelta(days=1), full_name="José-Luis O'Brien")
    assert (result.outcome, result.patient) == (IdentityOutcome.NOT_FOUND, None)


@pytest.mark.parametrize("typed", ["Jose O'Brien", "Jose Luis OBrian", "Luis O'Brien"])
def test_a_near_miss_name_is_not_found(clinic: Clinic, jose: Patient, typed: str) -> None:
    assert patient_verify(clinic=clinic, date_of_birth=DOB, full_name=typed).outcome == IdentityOutcome.NOT_FOUND


def test_name_and_phone_must_both_match_when_both_are_given(clinic: Clinic, jose: Patient) -> None:
    result = patient_verify(clinic=clinic, date_of_birth=DOB, full_name="Jose-Luis O'Brien", phone="+16075550199")
    assert result.outcome == IdentityOutcome.NOT_FOUND


def test_two_patients_with_the_same_name_and_birthday_are_ambiguous(clinic: Clinic, jose: Patient) -> None:
    PatientFactory.create(clinic=clinic, first_name="Jose Luis", last_name="OBrien", date_of_birth=DOB)
    result = patient_verify(clinic=clinic, date_of_birth=DOB, full_name="Jose-Luis O'Brien")
    assert (result.outcome, result.patient, result.matches) == (IdentityOutcome.AMBIGUOUS, None, 2)


def test_a_phone_tells_two_namesakes_apart(clinic: Clinic, jose: Patient) -> None:
    PatientFactory.create(
        clinic=clinic, first_name="Jose Luis", last_name="OBrien", date_of_birth=DOB, phone="+16075550150"
    )
    result = patient_verify(clinic=clinic, date_of_birth=DOB, full_name="Jose-Luis O'Brien", phone="607-555-0101")
    assert (result.outcome, result.patient) == (IdentityOutcome.VERIFIED, jose)


def test_two_patients_sharing_a_phone_are_ambiguous_by_phone(clinic: Clinic, jose: Patient) -> None:
    PatientFactory.create(clinic=clinic, first_name="Ana", last_name="O'Brien", date_of_birth=DOB, phone=jose.phone)
    assert patient_verify(clinic=clinic, date_of_birth=DOB, phone=jose.phone).outcome == IdentityOutcome.AMBIGUOUS


def test_another_clinics_patient_is_not_found(other_clinic: Clinic, jose: Patient) -> None:
    result = patient_verify(clinic=other_clinic, date_of_birth=DOB, full_name="Jose-Luis O'Brien")
    assert result.outcome == IdentityOutcome.NOT_FOUND


def test_a_soft_deleted_patient_is_not_found(clinic: Clinic, jose: Patient) -> None:
    jose.soft_delete()
    assert patient_verify(clinic=clinic, date_of_birth=DOB, phone=jose.phone).outcome == IdentityOutcome.NOT_FOUND


def test_verify_needs_a_name_or_a_phone(clinic: Clinic) -> None:
    with pytest.raises(ValidationError) as caught:
        patient_verify(clinic=clinic, date_of_birth=DOB, full_name="  ")
    assert set(caught.value.message_dict) == {"full_name"}


def test_verify_refuses_text_that_is_not_a_phone(clinic: Clinic) -> None:
    with pytest.raises(ValidationError) as caught:
        patient_verify(clinic=clinic, date_of_birth=DOB, phone="tomorrow")
    assert set(caught.value.message_dict) == {"phone"}


# --- registration --------------------------------------------------------------------------------


def test_register_creates_a_patient_with_an_e164_phone_and_tidy_names(clinic: Clinic) -> None:
    patient = patient_register(
        actor=SYSTEM,
        clinic=clinic,
        first_name="  Mary  Ann ",
        last_name="Smith",
        date_of_birth=DOB,
        phone="(607) 555-0111",
    )
    stored = Patient.objects.get(pk=patient.pk)
    assert (stored.first_name, stored.last_name, stored.date_of_birth, stored.phone) == (
        "Mary Ann",
        "Smith",
        DOB,
        "+16075550111",
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, resource_id=str(patient.pk)).exists()


def test_register_refuses_an_existing_patient(clinic: Clinic, jose: Patient) -> None:
    with pytest.raises(PatientAlreadyExists):
        patient_register(
            actor=SYSTEM,
            clinic=clinic,
            first_name="jose luis",
            last_name="obrien",
            date_of_birth=DOB,
            phone="+16075550177",
        )
    assert Patient.objects.filter(clinic=clinic).count() == 1


def test_register_allows_the_same_name_with_another_birthday(clinic: Clinic, jose: Patient) -> None:
    patient_register(
        actor=SYSTEM,
        clinic=clinic,
        first_name="José-Luis",
        last_name="O'Brien",
        date_of_birth=dt.date(2010, 1, 1),
        phone="+16075550177",
    )
    assert Patient.objects.filter(clinic=clinic).count() == 2


def test_register_requires_name_and_phone(clinic: Clinic) -> None:
    with pytest.raises(ValidationError) as caught:
        patient_register(actor=SYSTEM, clinic=clinic, first_name="", last_name="Smith", date_of_birth=DOB, phone="")
    assert set(caught.value.message_dict) == {"first_name", "phone"}


def test_register_refuses_a_bad_phone(clinic: Clinic) -> None:
    with pytest.raises(ValidationError):
        patient_register(
            actor=SYSTEM, clinic=clinic, first_name="Mary", last_name="Smith", date_of_birth=DOB, phone="12"
        )
    assert not Patient.objects.exists()
