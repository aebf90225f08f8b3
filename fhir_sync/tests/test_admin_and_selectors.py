"""The admin pages staff use for FHIR data, and the summary other apps read."""

from __future__ import annotations

import pytest

from clinics.models import Membership, Patient
from clinics.tests.admin_support import admin_url, client_for_user, staff_of
from clinics.tests.factories import PatientFactory
from fhir_sync.models import Encounter, FhirDelivery, FhirResource, FhirSource, Observation, PatientChart
from fhir_sync.selectors import patient_clinical_summary
from fhir_sync.tests.support import post_signed, synthea, type_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(source):
    post_signed(source, synthea())
    return Patient.objects.get()


@pytest.fixture
def admin_client(clinic):
    return client_for_user(staff_of(clinic, Membership.Role.ADMIN))


def test_chart_shows_each_kind_of_record_with_a_link_to_all_of_them(admin_client, synced):
    response = admin_client.get(admin_url(PatientChart, "change", synced.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Body mass index 30+ - obesity (finding)" in html  # the one condition
    assert "Encounter for check up (procedure)" in html
    assert f"{admin_url(Observation, 'changelist')}?patient={synced.pk}" in html
    assert f"All {type_counts(synthea())['Observation']} observations" in html


def test_records_list_filters_to_one_patient(admin_client, synced, clinic):
    other = PatientFactory(clinic=clinic)

    response = admin_client.get(admin_url(Encounter, "changelist"), {"patient": str(other.pk)})

    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == []
    listed = admin_client.get(admin_url(Encounter, "changelist"), {"patient": str(synced.pk)}).context["cl"]
    assert listed.queryset.count() == type_counts(synthea())["Encounter"]


def test_record_page_shows_the_raw_fhir_json(admin_client, synced):
    encounter = Encounter.objects.first()

    response = admin_client.get(admin_url(Encounter, "change", encounter.pk))

    assert response.status_code == 200
    assert encounter.resource.resource_id in response.content.decode()


def test_front_desk_may_read_charts_but_not_the_delivery_log(clinic, synced):
    front_desk = client_for_user(staff_of(clinic, Membership.Role.FRONT_DESK))

    assert front_desk.get(admin_url(PatientChart, "change", synced.pk)).status_code == 200
    assert front_desk.get(admin_url(FhirDelivery, "changelist")).status_code == 403


def test_delivery_page_shows_body_and_answer_without_the_signature(admin_client, synced, source):
    delivery = FhirDelivery.objects.get()

    html = admin_client.get(admin_url(FhirDelivery, "change", delivery.pk)).content.decode()

    assert "transaction-response" in html
    assert "Kreiger" in html
    assert source.secret not in html


def test_creating_a_source_shows_its_secret_once(admin_client, clinic):
    response = admin_client.post(admin_url(FhirSource, "add"), {"name": "Epic", "base_url": "", "active": "on"})

    created = FhirSource.objects.get(name="Epic")
    assert response.status_code == 200
    assert created.secret.startswith("whsec_") and created.secret in response.content.decode()
    assert created.secret not in admin_client.get(admin_url(FhirSource, "change", created.pk)).content.decode()


def test_rotating_keeps_the_old_secret_as_previous(admin_client, source):
    old = source.secret
    data = {"action": "rotate_secret", "_selected_action": [str(source.pk)], "confirmed": "yes"}

    response = admin_client.post(admin_url(FhirSource, "changelist"), data)

    source.refresh_from_db()
    assert response.status_code == 200
    assert source.previous_secret == old
    assert source.secret != old and source.secret in response.content.decode()


def test_replay_action_processes_the_delivery_again(admin_client, synced):
    delivery = FhirDelivery.objects.get()
    data = {"action": "replay", "_selected_action": [str(delivery.pk)], "confirmed": "yes"}

    admin_client.post(admin_url(FhirDelivery, "changelist"), data)

    replay = FhirDelivery.objects.get(replay_of=delivery)
    assert replay.outcome == FhirDelivery.Outcome.PROCESSED
    assert replay.summary["unchanged"] == 70
    assert FhirResource.objects.count() == 70


def test_clinical_summary_counts_and_lists_newest_first(synced, clinic):
    summary = patient_clinical_summary(clinic=clinic, patient=synced, limit=5)

    sent = type_counts(synthea())
    assert summary.counts["observations"] == sent["Observation"]
    assert len(summary.observations) == 5
    starts = [e.period_start for e in summary.encounters]
    assert starts == sorted(starts, reverse=True)
    assert [c.display for c in summary.active_conditions] == ["Body mass index 30+ - obesity (finding)"]


def test_clinical_summary_of_another_clinic_is_empty(synced, other_clinic):
    summary = patient_clinical_summary(clinic=other_clinic, patient=synced)

    assert sum(summary.counts.values()) == 0
