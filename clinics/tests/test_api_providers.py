"""/api/v1/providers/: list, filter, search, create, change and soft-delete providers."""

from __future__ import annotations

import pytest

from clinics.models import AuditEvent, Provider
from clinics.tests.api_support import error_fields
from clinics.tests.api_support import result_id_set as ids
from clinics.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/providers/"
VALID_NPI = "1234567893"


def new_provider(**overrides):
    body = {
        "first_name": "Ada",
        "last_name": "Byron",
        "title": "MD",
        "specialty": "Cardiology",
        "npi": VALID_NPI,
        "phone": "(202) 555-0143",
        "weekly_schedule": {"mon": [["09:00", "12:00"], ["13:00", "17:00"]], "tue": [["09:00", "17:00"]]},
        "languages": ["en", "es"],
    }
    body.update(overrides)
    return body


# --- reading --------------------------------------------------------------------------


def test_list_shows_the_clinics_providers(api, clinic):
    mine = ProviderFactory.create_batch(2, clinic=clinic)

    assert ids(api.get(URL)) == {str(p.pk) for p in mine}


def test_list_hides_soft_deleted_providers(api, clinic):
    kept = ProviderFactory(clinic=clinic)
    ProviderFactory(clinic=clinic).soft_delete()

    assert ids(api.get(URL)) == {str(kept.pk)}


def test_detail_shows_the_provider(api, clinic):
    provider = ProviderFactory(clinic=clinic, first_name="Grace", last_name="Hopper", title="DO")

    body = api.get(f"{URL}{provider.pk}/").json()

    assert body["id"] == str(provider.pk)
    assert body["display_name"] == "Grace Hopper, DO"
    assert body["npi"] == provider.npi
    assert body["weekly_schedule"]["mon"] == [["09:00", "12:00"], ["13:00", "17:00"]]
    assert body["default_appointment_minutes"] == 30
    assert body["created_at"].endswith("Z")


def test_detail_of_a_soft_deleted_provider_is_404(api, clinic):
    provider = ProviderFactory(clinic=clinic)
    provider.soft_delete()

    assert api.get(f"{URL}{provider.pk}/").status_code == 404


def test_detail_with_a_malformed_id_is_404(api):
    assert api.get(f"{URL}not-a-uuid/").status_code == 404


def test_filter_by_several_statuses(api, clinic):
    active = ProviderFactory(clinic=clinic, status=Provider.Status.ACTIVE)
    on_leave = ProviderFactory(clinic=clinic, status=Provider.Status.ON_LEAVE)
    ProviderFactory(clinic=clinic, status=Provider.Status.INACTIVE)

    assert ids(api.get(URL, {"status": ["ACTIVE", "ON_LEAVE"]})) == {str(active.pk), str(on_leave.pk)}


def test_filter_by_unknown_status_is_a_field_error(api):
    response = api.get(URL, {"status": "RETIRED"})

    assert response.status_code == 400
    assert error_fields(response) == ["status"]


def test_filter_by_specialty_ignores_case(api, clinic):
    cardiologist = ProviderFactory(clinic=clinic, specialty="Cardiology")
    ProviderFactory(clinic=clinic, specialty="Dermatology")

    assert ids(api.get(URL, {"specialty": "cardiology"})) == {str(cardiologist.pk)}


def test_filter_by_accepting_new_patients(api, clinic):
    ProviderFactory(clinic=clinic, accepting_new_patients=True)
    closed = ProviderFactory(clinic=clinic, accepting_new_patients=False)

    assert ids(api.get(URL, {"accepting_new_patients": "false"})) == {str(closed.pk)}


def test_search_by_first_and_last_name(api, clinic):
    ada = ProviderFactory(clinic=clinic, first_name="Ada", last_name="Lovelace")
    ProviderFactory(clinic=clinic, first_name="Ada", last_name="Byron")

    assert ids(api.get(URL, {"search": "ada love"})) == {str(ada.pk)}


def test_search_by_npi(api, clinic):
    provider = ProviderFactory(clinic=clinic)
    ProviderFactory(clinic=clinic)

    assert ids(api.get(URL, {"search": provider.npi})) == {str(provider.pk)}


def test_search_longer_than_100_characters_is_a_field_error(api):
    response = api.get(URL, {"search": " ".join(["ada"] * 30)})

    assert response.status_code == 400
    assert error_fields(response) == ["search"]


# --- creating -------------------------------------------------------------------------


def test_create_returns_the_provider_with_phone_in_e164(api, clinic):
    response = api.post(URL, new_provider(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["phone"] == "+12025550143"
    provider = Provider.objects.get(pk=body["id"])
    assert provider.clinic == clinic
    assert provider.npi == VALID_NPI
    assert provider.languages == ["en", "es"]


def test_create_is_audited_with_the_api_key_as_actor(api, api_key):
    body = api.post(URL, new_provider(), format="json").json()

    event = AuditEvent.objects.get(resource_id=body["id"])
    assert event.action == AuditEvent.Action.CREATE
    assert event.actor_api_key == api_key


def test_create_rejects_an_npi_with_a_wrong_check_digit(api):
    response = api.post(URL, new_provider(npi="1234567890"), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["npi"]
    assert "check digit" in response.json()["errors"][0]["detail"]


def test_create_rejects_an_npi_another_provider_of_the_clinic_has(api, clinic):
    ProviderFactory(clinic=clinic, npi=VALID_NPI)

    response = api.post(URL, new_provider(), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["npi"]


def test_create_accepts_an_npi_a_provider_of_another_clinic_has(api, other_clinic):
    ProviderFactory(clinic=other_clinic, npi=VALID_NPI)

    assert api.post(URL, new_provider(), format="json").status_code == 201


def test_create_rejects_a_schedule_with_an_unknown_weekday(api):
    response = api.post(URL, new_provider(weekly_schedule={"monday": [["09:00", "17:00"]]}), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["weekly_schedule"]


def test_create_rejects_a_schedule_interval_that_ends_before_it_starts(api):
    response = api.post(URL, new_provider(weekly_schedule={"mon": [["17:00", "09:00"]]}), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["weekly_schedule"]


def test_create_rejects_a_phone_that_is_not_a_number(api):
    response = api.post(URL, new_provider(phone="call me maybe"), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["phone"]


def test_create_rejects_a_language_tag_with_a_control_character(api):
    # PostgreSQL's jsonb refuses a NUL: stored, it was a 500 there.
    response = api.post(URL, new_provider(languages=["en", "e\x00s"]), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["languages"]
    assert not Provider.objects.exists()


def test_create_rejects_a_default_length_outside_5_to_480_minutes(api):
    response = api.post(URL, new_provider(default_appointment_minutes=2), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["default_appointment_minutes"]


def test_create_requires_names(api):
    body = new_provider()
    del body["first_name"], body["last_name"]

    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert sorted(error_fields(response)) == ["first_name", "last_name"]


def test_create_ignores_a_client_supplied_id(api):
    requested = "00000000-0000-4000-8000-000000000001"

    body = api.post(URL, new_provider(id=requested), format="json").json()

    assert body["id"] != requested


# --- changing and deleting -----------------------------------------------------------


def test_patch_changes_only_the_given_fields(api, clinic):
    provider = ProviderFactory(clinic=clinic, specialty="Family Medicine", accepting_new_patients=True)

    response = api.patch(f"{URL}{provider.pk}/", {"accepting_new_patients": False}, format="json")

    assert response.status_code == 200
    provider.refresh_from_db()
    assert provider.accepting_new_patients is False
    assert provider.specialty == "Family Medicine"


def test_patch_is_audited_with_the_changed_field_names(api, clinic):
    provider = ProviderFactory(clinic=clinic, status=Provider.Status.ACTIVE)

    api.patch(f"{URL}{provider.pk}/", {"status": "ON_LEAVE"}, format="json")

    event = AuditEvent.objects.get(resource_id=str(provider.pk), action=AuditEvent.Action.UPDATE)
    assert event.details == {"fields": ["status"]}


def test_patch_keeping_the_providers_own_npi_is_not_a_duplicate(api, clinic):
    provider = ProviderFactory(clinic=clinic)

    response = api.patch(f"{URL}{provider.pk}/", {"npi": provider.npi, "title": "DO"}, format="json")

    assert response.status_code == 200
    assert response.json()["title"] == "DO"


def test_patch_normalises_the_phone(api, clinic):
    provider = ProviderFactory(clinic=clinic)

    response = api.patch(f"{URL}{provider.pk}/", {"phone": "202.555.0188"}, format="json")

    assert response.json()["phone"] == "+12025550188"


def test_put_replaces_the_provider(api, clinic):
    provider = ProviderFactory(clinic=clinic)

    response = api.put(f"{URL}{provider.pk}/", new_provider(first_name="Grace", specialty=""), format="json")

    assert response.status_code == 200
    provider.refresh_from_db()
    assert (provider.first_name, provider.specialty, provider.npi) == ("Grace", "", VALID_NPI)


def test_delete_soft_deletes_and_hides_the_provider(api, clinic):
    provider = ProviderFactory(clinic=clinic)

    response = api.delete(f"{URL}{provider.pk}/")

    assert response.status_code == 204
    assert Provider.all_objects.get(pk=provider.pk).deleted_at is not None
    assert api.get(f"{URL}{provider.pk}/").status_code == 404
    assert AuditEvent.objects.filter(resource_id=str(provider.pk), action=AuditEvent.Action.DELETE).exists()


def test_a_deleted_providers_npi_can_be_reused(api, clinic):
    ProviderFactory(clinic=clinic, npi=VALID_NPI).soft_delete()

    assert api.post(URL, new_provider(), format="json").status_code == 201


def test_patch_with_an_unknown_field_is_refused_and_changes_nothing(api, clinic):
    provider = ProviderFactory.create(clinic=clinic, first_name="Ada")

    response = api.patch(f"{URL}{provider.pk}/", {"frist_name": "Grace"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "frist_name", "detail": "Unknown field.", "code": "invalid"}]
    provider.refresh_from_db()
    assert provider.first_name == "Ada"


def test_patch_tolerates_read_only_fields_echoed_back(api, clinic):
    provider = ProviderFactory.create(clinic=clinic, first_name="Ada")
    echoed = api.get(f"{URL}{provider.pk}/").json()
    echoed["first_name"] = "Grace"

    response = api.patch(f"{URL}{provider.pk}/", echoed, format="json")

    assert response.status_code == 200
    provider.refresh_from_db()
    assert provider.first_name == "Grace"


def test_boolean_filter_accepts_true_and_false(api, clinic):
    taking = ProviderFactory.create(clinic=clinic, accepting_new_patients=True)
    full = ProviderFactory.create(clinic=clinic, accepting_new_patients=False)

    yes = api.get(URL, {"accepting_new_patients": "true"}).json()["results"]
    no = api.get(URL, {"accepting_new_patients": "0"}).json()["results"]

    assert [p["id"] for p in yes] == [str(taking.pk)]
    assert [p["id"] for p in no] == [str(full.pk)]


def test_boolean_filter_with_an_unreadable_value_is_a_400(api, clinic):
    ProviderFactory.create(clinic=clinic)

    response = api.get(URL, {"accepting_new_patients": "maybe"})

    assert response.status_code == 400
    assert error_fields(response) == ["accepting_new_patients"]
