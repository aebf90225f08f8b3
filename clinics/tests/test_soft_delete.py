"""Clinical and financial rows are marked deleted, never removed."""

from __future__ import annotations

import pytest

from clinics.models import Clinic, Patient, Provider
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.models import Appointment
from scheduling.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db


def test_instance_delete_raises_and_keeps_the_row(clinic: Clinic) -> None:
    patient = PatientFactory.create(clinic=clinic)
    with pytest.raises(TypeError, match="soft-deleted"):
        patient.delete()
    assert Patient.objects.filter(pk=patient.pk).exists()


def test_queryset_delete_raises_and_keeps_the_rows(clinic: Clinic) -> None:
    PatientFactory.create_batch(2, clinic=clinic)
    with pytest.raises(TypeError, match="soft-deleted"):
        Patient.objects.filter(clinic=clinic).delete()
    assert Patient.all_objects.filter(clinic=clinic).count() == 2


def test_all_objects_queryset_delete_raises_too(clinic: Clinic) -> None:
    PatientFactory.create(clinic=clinic)
    with pytest.raises(TypeError):
        Patient.all_objects.all().delete()
    assert Patient.all_objects.filter(clinic=clinic).count() == 1


def test_soft_delete_sets_deleted_at(clinic: Clinic) -> None:
    patient = PatientFactory.create(clinic=clinic)
    patient.soft_delete()
    patient.refresh_from_db()
    assert patient.deleted_at is not None
    assert patient.is_deleted is True


def test_soft_deleted_row_is_hidden_from_objects(clinic: Clinic) -> None:
    patient = PatientFactory.create(clinic=clinic)
    patient.soft_delete()
    assert not Patient.objects.filter(pk=patient.pk).exists()


def test_soft_deleted_row_is_visible_in_all_objects(clinic: Clinic) -> None:
    patient = PatientFactory.create(clinic=clinic)
    patient.soft_delete()
    assert Patient.all_objects.get(pk=patient.pk).is_deleted is True


def test_alive_and_dead_split_all_objects(clinic: Clinic) -> None:
    kept, gone = PatientFactory.create_batch(2, clinic=clinic)
    gone.soft_delete()
    assert list(Patient.all_objects.alive().filter(clinic=clinic)) == [kept]
    assert list(Patient.all_objects.dead().filter(clinic=clinic)) == [gone]


def test_soft_delete_writes_only_deleted_at_and_updated_at(clinic: Clinic) -> None:
    patient = PatientFactory.create(clinic=clinic, first_name="Original")
    patient.first_name = "Unsaved edit"
    patient.soft_delete()
    assert Patient.all_objects.get(pk=patient.pk).first_name == "Original"


def test_appointment_still_reaches_its_soft_deleted_patient(clinic: Clinic) -> None:
    appointment = AppointmentFactory.create(clinic=clinic)
    patient_id = appointment.patient_id
    appointment.patient.soft_delete()
    fresh = Appointment.objects.get(pk=appointment.pk)
    assert fresh.patient.pk == patient_id
    assert fresh.patient.is_deleted is True


def test_appointment_still_reaches_its_soft_deleted_provider(clinic: Clinic) -> None:
    appointment = AppointmentFactory.create(clinic=clinic)
    appointment.provider.soft_delete()
    assert Appointment.objects.select_related("provider").get(pk=appointment.pk).provider.is_deleted is True


def test_reverse_relation_hides_soft_deleted_appointments(clinic: Clinic) -> None:
    appointment = AppointmentFactory.create(clinic=clinic)
    patient = appointment.patient
    appointment.soft_delete()
    assert list(patient.appointments.all()) == []


def test_provider_soft_delete_keeps_the_row(clinic: Clinic) -> None:
    provider = ProviderFactory.create(clinic=clinic)
    provider.soft_delete()
    assert Provider.all_objects.filter(pk=provider.pk).count() == 1
