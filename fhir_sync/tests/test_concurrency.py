"""Copies of one bundle delivered at the same moment are written once (PostgreSQL: real
concurrent transactions; SQLite serialises writers anyway and shares no connection
between threads in tests)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from clinics.models import Patient
from fhir_sync.models import Encounter, FhirDelivery, FhirResource
from fhir_sync.tests.support import post_signed, synthea, type_counts

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent transactions (PostgreSQL); SQLite serialises every writer",
    ),
]


def _race(source, bundle, delivery_ids):
    barrier = threading.Barrier(len(delivery_ids))
    statuses = []

    def send(delivery_id):
        try:
            barrier.wait()
            statuses.append(post_signed(source, bundle, delivery_id=delivery_id).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(d,)) for d in delivery_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_concurrent_copies_of_one_delivery_are_processed_once(source):
    bundle = synthea()

    statuses = _race(source, bundle, ["same-id"] * 3)

    assert sorted(statuses) == [200, 200, 200]
    assert FhirDelivery.objects.filter(outcome=FhirDelivery.Outcome.PROCESSED).count() == 1
    assert FhirDelivery.objects.filter(outcome=FhirDelivery.Outcome.DUPLICATE).count() == 2
    assert FhirResource.objects.count() == len(bundle["entry"])


def test_concurrent_deliveries_of_the_same_bundle_create_no_duplicates(source):
    bundle = synthea()

    statuses = _race(source, bundle, ["a", "b", "c"])

    assert statuses == [200, 200, 200]
    assert FhirResource.objects.count() == len(bundle["entry"])
    assert Patient.objects.count() == 1
    assert Encounter.objects.count() == type_counts(bundle)["Encounter"]
