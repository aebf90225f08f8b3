"""One slot, many simultaneous bookings: exactly one wins (PostgreSQL only).

SQLite serialises every writer, so the race cannot happen there; on PostgreSQL the
booking service's row lock and the `appt_no_overlap` exclusion constraint (migration
scheduling/0002) must hold under real concurrency.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections, transaction
from rest_framework.test import APIClient

from clinics.audit import Actor
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.models import Appointment
from scheduling.services import AppointmentConflict, appointment_book
from scheduling.tests.factories import AppointmentFactory, next_weekday_at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CONTENDERS = 20


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks and the exclusion constraint")


def race(worker: Callable[[int], Any], count: int = CONTENDERS) -> list[Any]:
    """Run `worker(i)` in `count` threads released together; return their results in order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = worker(index)
        except Exception as exc:  # reported to the test as a result
            results[index] = exc
        finally:
            # Each thread has its own connection; a leaked one would block the test
            # database from being dropped.
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_twenty_concurrent_api_bookings_of_one_slot_create_one_appointment(clinic, api_key):
    provider = ProviderFactory(clinic=clinic)
    patients = PatientFactory.create_batch(CONTENDERS, clinic=clinic)
    start = next_weekday_at(14).isoformat()

    def book(index: int) -> Any:
        client = APIClient()  # one client per thread: the test client is not thread-safe
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key.raw}")
        response = client.post(
            "/api/v1/appointments/",
            {"provider": str(provider.pk), "patient": str(patients[index].pk), "start": start},
            format="json",
        )
        return response.status_code, response.json()

    results = race(book)

    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * (CONTENDERS - 1)
    assert all(body["type"].endswith("/conflict") for status, body in results if status == 409)
    [winner] = [body for status, body in results if status == 201]
    assert list(Appointment.objects.values_list("id", flat=True)) == [uuid.UUID(winner["id"])]


def test_twenty_concurrent_service_bookings_of_one_slot_create_one_appointment(clinic):
    provider = ProviderFactory(clinic=clinic)
    patients = PatientFactory.create_batch(CONTENDERS, clinic=clinic)
    start = next_weekday_at(9)

    def book(index: int) -> Any:
        return appointment_book(
            clinic=clinic, provider=provider, patient=patients[index], start_at=start, actor=Actor.system("test"),
        )

    results = race(book)

    booked = [r for r in results if isinstance(r, Appointment)]
    conflicts = [r for r in results if isinstance(r, AppointmentConflict)]
    assert (len(booked), len(conflicts)) == (1, CONTENDERS - 1), results
    assert Appointment.objects.count() == 1


def test_concurrent_bookings_of_overlapping_slots_keep_one(clinic):
    """Starts staggered by five minutes all overlap a 30-minute visit: still one winner."""
    provider = ProviderFactory(clinic=clinic)
    patients = PatientFactory.create_batch(5, clinic=clinic)
    base = next_weekday_at(11)

    def book(index: int) -> Any:
        return appointment_book(
            clinic=clinic, provider=provider, patient=patients[index], start_at=base + dt.timedelta(minutes=5 * index),
            duration_minutes=30, actor=Actor.system("test"),
        )

    results = race(book, count=5)

    assert sum(isinstance(r, Appointment) for r in results) == 1
    assert sum(isinstance(r, AppointmentConflict) for r in results) == 4


# --- the exclusion constraint on its own (no service, no lock) --------------------------


def test_exclusion_constraint_rejects_an_overlapping_insert_that_skips_the_service(clinic):
    first = AppointmentFactory(clinic=clinic, start_at=next_weekday_at(14), duration_minutes=30)

    with pytest.raises(IntegrityError, match="appt_no_overlap"), transaction.atomic():
        Appointment.objects.create(
            clinic=clinic, provider=first.provider, patient=first.patient,
            start_at=first.start_at + dt.timedelta(minutes=10), end_at=first.end_at + dt.timedelta(minutes=10),
            duration_minutes=30,
        )
    assert Appointment.objects.count() == 1


def test_exclusion_constraint_rejects_an_update_that_makes_an_overlap(clinic):
    first = AppointmentFactory(clinic=clinic, start_at=next_weekday_at(14), duration_minutes=30)
    later = AppointmentFactory(
        clinic=clinic, provider=first.provider, patient=first.patient, start_at=first.end_at, duration_minutes=30
    )

    with pytest.raises(IntegrityError, match="appt_no_overlap"), transaction.atomic():
        Appointment.objects.filter(pk=later.pk).update(start_at=first.start_at, end_at=first.end_at)


def test_exclusion_constraint_allows_back_to_back_appointments(clinic):
    first = AppointmentFactory(clinic=clinic, start_at=next_weekday_at(14), duration_minutes=30)

    AppointmentFactory(clinic=clinic, provider=first.provider, start_at=first.end_at, duration_minutes=30)

    assert Appointment.objects.count() == 2


def test_exclusion_constraint_ignores_cancelled_appointments(clinic):
    first = AppointmentFactory(
        clinic=clinic, start_at=next_weekday_at(14), duration_minutes=30, status=Appointment.Status.CANCELLED
    )

    AppointmentFactory(clinic=clinic, provider=first.provider, start_at=first.start_at, duration_minutes=30)

    assert Appointment.objects.count() == 2


def test_exclusion_constraint_allows_the_same_time_with_another_provider(clinic):
    first = AppointmentFactory(clinic=clinic, start_at=next_weekday_at(14), duration_minutes=30)

    AppointmentFactory(clinic=clinic, provider=ProviderFactory(clinic=clinic), start_at=first.start_at)

    assert Appointment.objects.count() == 2
