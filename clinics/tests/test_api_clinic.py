"""GET /api/v1/clinic: the API key's own clinic."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/clinic", "/api/v1/clinic/"])
def test_clinic_profile_is_the_keys_own_clinic(api, clinic, other_clinic, url):
    response = api.get(url)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(clinic.pk)
    assert body["slug"] == "alpha"
    assert body["name"] == "Alpha Family Practice"


def test_clinic_profile_shows_contact_time_zone_hours_and_settings(api, clinic):
    clinic.address_line1, clinic.city, clinic.state, clinic.postal_code = "1 Main St", "Springfield", "IL", "62701"
    clinic.timezone = "America/Chicago"
    clinic.save()

    body = api.get("/api/v1/clinic").json()

    assert body["timezone"] == "America/Chicago"
    assert body["business_hours"]["mon"] == [["08:00", "17:00"]]
    assert body["business_hours"]["sun"] == []
    assert body["address"] == {
        "line1": "1 Main St", "line2": "", "city": "Springfield", "state": "IL", "postal_code": "62701",
        "country": "US",
    }
    assert body["email"] == "desk@alpha.example.org"
    assert body["phone"] == "+12025550100"
    assert body["status"] == "ACTIVE"
    assert body["rate_limit_tier"] == "standard"
    assert body["ehr_provider"] == "none"
    assert body["default_reminder_hours"] == 24
    assert "settings" not in body  # internal configuration is not part of the profile


def test_clinic_profile_of_another_key_is_that_keys_clinic(other_api, other_clinic):
    assert other_api.get("/api/v1/clinic/").json()["id"] == str(other_clinic.pk)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_clinic_profile_is_read_only(api, method):
    response = getattr(api, method)("/api/v1/clinic/", {"name": "Renamed"}, format="json")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


def test_clinic_profile_needs_a_key(client, clinic):
    assert client.get("/api/v1/clinic/").status_code == 401


def test_clinic_profile_shows_a_change_made_after_the_key_was_cached(api, clinic):
    assert api.get("/api/v1/clinic/").json()["timezone"] == "America/New_York"
    clinic.timezone = "America/Denver"
    clinic.save()

    assert api.get("/api/v1/clinic/").json()["timezone"] == "America/Denver"
