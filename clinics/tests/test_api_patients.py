"""/api/v1/patients/: search, create, change and soft-delete patients."""

from __future__ import annotations

import base64
import datetime as dt
from urllib.parse import urlencode

import pytest
from django.db.models.signals import pre_save
from django.utils import timezone

from clinics.models import AuditEvent, Patient
from clinics.tests.api_support import error_fields
from clinics.tests.api_support import result_id_set as ids
from clinics.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/patients/"


def new_patient(**overrides):
    body = {
        "first_name": "Maria",
        "last_name": "Lopez",
        "date_of_birth": "1984-02-29",
        "sex": "female",
        "email": "maria@example.org",
        "phone": "202-555-0172",
        "address_line1": "12 Elm St",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "mrn": "A-1001",
        "external_id": "ehr-77",
        "preferred_language": "es",
        "sms_opt_in": True,
    }
    body.update(overrides)
    return body


# --- reading and searching ------------------------------------------------------------


def test_detail_shows_what_a_clinics_software_needs(api, clinic):
    patient = PatientFactory(
        clinic=clinic, first_name="Maria", last_name="Lopez", date_of_birth=dt.date(1984, 2, 29),
        sex="female", phone="+12025550172", mrn="A-1001", external_id="ehr-77", sms_opt_in=True,
    )

    body = api.get(f"{URL}{patient.pk}/").json()

    assert body["id"] == str(patient.pk)
    assert (body["first_name"], body["last_name"], body["date_of_birth"]) == ("Maria", "Lopez", "1984-02-29")
    assert (body["sex"], body["phone"], body["mrn"], body["external_id"]) == (
        "female", "+12025550172", "A-1001", "ehr-77",
    )
    assert (body["sms_opt_in"], body["email_opt_in"], body["phone_verified"]) == (True, False, False)
    assert {"address_line1", "city", "state", "postal_code", "preferred_language", "notes"} <= set(body)


def test_list_hides_soft_deleted_patients(api, clinic):
    kept = PatientFactory(clinic=clinic)
    PatientFactory(clinic=clinic).soft_delete()

    assert ids(api.get(URL)) == {str(kept.pk)}


def test_search_by_full_name(api, clinic):
    maria = PatientFactory(clinic=clinic, first_name="Maria", last_name="Lopez")
    PatientFactory(clinic=clinic, first_name="Maria", last_name="Garcia")

    assert ids(api.get(URL, {"search": "maria lop"})) == {str(maria.pk)}


def test_search_by_phone_in_any_format(api, clinic):
    patient = PatientFactory(clinic=clinic, phone="+12025550172")
    PatientFactory(clinic=clinic, phone="+12025550173")

    assert ids(api.get(URL, {"search": "(202) 555-0172"})) == {str(patient.pk)}


def test_search_by_mrn(api, clinic):
    patient = PatientFactory(clinic=clinic, mrn="A-1001")
    PatientFactory(clinic=clinic, mrn="A-1002")

    assert ids(api.get(URL, {"search": "a-1001"})) == {str(patient.pk)}


def test_search_by_external_id(api, clinic):
    patient = PatientFactory(clinic=clinic, external_id="ehr-77")
    PatientFactory(clinic=clinic, external_id="ehr-78")

    assert ids(api.get(URL, {"search": "ehr-77"})) == {str(patient.pk)}


def test_filter_by_date_of_birth(api, clinic):
    patient = PatientFactory(clinic=clinic, date_of_birth=dt.date(1990, 5, 17))
    PatientFactory(clinic=clinic, date_of_birth=dt.date(1990, 5, 18))

    assert ids(api.get(URL, {"date_of_birth": "1990-05-17"})) == {str(patient.pk)}


def test_filter_by_malformed_date_of_birth_is_a_field_error(api):
    response = api.get(URL, {"date_of_birth": "17/05/1990"})

    assert response.status_code == 400
    assert error_fields(response) == ["date_of_birth"]


def test_filter_by_phone_normalises_it(api, clinic):
    patient = PatientFactory(clinic=clinic, phone="+12025550172")
    PatientFactory(clinic=clinic, phone="+12025550173")

    assert ids(api.get(URL, {"phone": "202.555.0172"})) == {str(patient.pk)}


def test_filter_by_a_phone_that_is_not_a_number_is_a_field_error(api):
    response = api.get(URL, {"phone": "abc"})

    assert response.status_code == 400
    assert error_fields(response) == ["phone"]


def test_filter_by_mrn_is_exact(api, clinic):
    patient = PatientFactory(clinic=clinic, mrn="A-1")
    PatientFactory(clinic=clinic, mrn="A-10")

    assert ids(api.get(URL, {"mrn": "A-1"})) == {str(patient.pk)}


def test_list_pages_with_a_cursor(api, clinic):
    PatientFactory.create_batch(3, clinic=clinic)

    first = api.get(URL, {"page_size": 2}).json()
    second = api.get(first["next"]).json()

    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})


def test_list_with_a_malformed_cursor_is_a_400_problem(api):
    response = api.get(URL, {"cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert response.json()["type"] == "https://nuvae.dev/problems/invalid-cursor"


@pytest.mark.parametrize("position", ["not-a-date", "9999-12-31T23:59:59-14:00"])
def test_list_with_a_tampered_cursor_position_is_a_400_problem(api, position):
    cursor = base64.b64encode(urlencode({"p": position}).encode()).decode()

    response = api.get(URL, {"cursor": cursor})

    assert response.status_code == 400
    assert response.json()["type"] == "https://nuvae.dev/problems/invalid-cursor"


def test_search_longer_than_100_characters_is_a_field_error(api):
    response = api.get(URL, {"search": " ".join(["ana"] * 30)})

    assert response.status_code == 400
    assert error_fields(response) == ["search"]


# --- creating, changing, deleting ------------------------------------------------------


def test_create_returns_the_patient_with_phone_in_e164(api, clinic, api_key):
    response = api.post(URL, new_patient(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["phone"] == "+12025550172"
    patient = Patient.objects.get(pk=body["id"])
    assert (patient.clinic, patient.mrn, patient.date_of_birth) == (clinic, "A-1001", dt.date(1984, 2, 29))
    assert AuditEvent.objects.get(resource_id=body["id"]).actor_api_key == api_key


def test_create_rejects_a_bad_date_of_birth_and_an_unknown_sex(api):
    response = api.post(URL, new_patient(date_of_birth="1984-02-30", sex="robot"), format="json")

    assert response.status_code == 400
    assert sorted(error_fields(response)) == ["date_of_birth", "sex"]


def test_create_rejects_a_date_of_birth_in_the_future(api, clinic):
    tomorrow = timezone.localdate(timezone=clinic.tzinfo) + dt.timedelta(days=1)

    response = api.post(URL, new_patient(date_of_birth=tomorrow.isoformat()), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "date_of_birth", "detail": "The date of birth cannot be in the future.", "code": "invalid"}
    ]


def test_create_rejects_an_impossible_phone(api):
    response = api.post(URL, new_patient(phone="12"), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["phone"]


def test_create_rejects_an_mrn_another_patient_of_the_clinic_has(api, clinic):
    PatientFactory(clinic=clinic, mrn="A-1001")

    response = api.post(URL, new_patient(), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["mrn"]


def test_create_losing_a_race_for_an_mrn_is_a_field_error(api, clinic):
    # Another writer inserts the same MRN after this request's checks passed (here inside
    # the request's transaction, so it is rolled back with it; a real one has committed).
    def competitor(sender, instance, **kwargs):
        pre_save.disconnect(competitor, sender=Patient)
        PatientFactory(clinic=clinic, mrn="A-1001")

    pre_save.connect(competitor, sender=Patient)
    try:
        response = api.post(URL, new_patient(), format="json")
    finally:
        pre_save.disconnect(competitor, sender=Patient)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "mrn", "detail": "Another patient of this clinic has this MRN.", "code": "unique"}
    ]


def test_create_cannot_claim_the_phone_is_verified(api):
    body = api.post(URL, new_patient(phone_verified=True, email_verified=True), format="json").json()

    assert (body["phone_verified"], body["email_verified"]) == (False, False)


def test_patch_changes_opt_ins(api, clinic):
    patient = PatientFactory(clinic=clinic, email_opt_in=False)

    response = api.patch(f"{URL}{patient.pk}/", {"email_opt_in": True}, format="json")

    assert response.status_code == 200
    patient.refresh_from_db()
    assert patient.email_opt_in is True


def test_patch_with_an_invalid_email_is_a_field_error(api, clinic):
    patient = PatientFactory(clinic=clinic)

    response = api.patch(f"{URL}{patient.pk}/", {"email": "not-an-email"}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["email"]


def test_delete_soft_deletes_and_hides_the_patient(api, clinic):
    patient = PatientFactory(clinic=clinic)

    response = api.delete(f"{URL}{patient.pk}/")

    assert response.status_code == 204
    assert Patient.all_objects.get(pk=patient.pk).deleted_at is not None
    assert api.get(f"{URL}{patient.pk}/").status_code == 404
    assert ids(api.get(URL)) == set()
