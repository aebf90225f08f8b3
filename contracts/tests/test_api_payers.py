"""/api/v1/payers/: the clinic's payers, read-only."""

from __future__ import annotations

import pytest

from clinics.tests.api_support import result_id_set as ids
from contracts.models import Payer
from contracts.tests.factories import PayerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/payers/"


def test_list_shows_the_clinics_payers(api, clinic):
    payers = PayerFactory.create_batch(2, clinic=clinic)

    assert ids(api.get(URL)) == {str(p.pk) for p in payers}


def test_detail_shows_appeal_contacts_and_deadlines(api, clinic):
    payer = PayerFactory(
        clinic=clinic, name="Acme Health", payer_id="60054", payer_type=Payer.PayerType.COMMERCIAL,
        appeal_address_line1="PO Box 14079", appeal_city="Lexington", appeal_state="KY",
        appeal_postal_code="40512", fax="+18595550100", portal_url="https://payer.example.org/appeals",
        timely_filing_days=90, appeal_deadline_days=180,
    )

    body = api.get(f"{URL}{payer.pk}/").json()

    assert (body["name"], body["payer_id"], body["payer_type"]) == ("Acme Health", "60054", "commercial")
    assert body["appeal_address"] == {
        "line1": "PO Box 14079", "line2": "", "city": "Lexington", "state": "KY", "postal_code": "40512",
    }
    assert (body["timely_filing_days"], body["appeal_deadline_days"]) == (90, 180)
    assert body["portal_url"] == "https://payer.example.org/appeals"


def test_filter_by_payer_type(api, clinic):
    medicare = PayerFactory(clinic=clinic, payer_type=Payer.PayerType.MEDICARE)
    medicaid = PayerFactory(clinic=clinic, payer_type=Payer.PayerType.MEDICAID)
    PayerFactory(clinic=clinic, payer_type=Payer.PayerType.COMMERCIAL)

    assert ids(api.get(URL, {"payer_type": ["medicare", "medicaid"]})) == {str(medicare.pk), str(medicaid.pk)}


def test_filter_by_unknown_payer_type_is_a_field_error(api):
    response = api.get(URL, {"payer_type": "martian"})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["payer_type"]


def test_search_by_part_of_the_name(api, clinic):
    acme = PayerFactory(clinic=clinic, name="Acme Health Plan")
    PayerFactory(clinic=clinic, name="Blue Shield")

    assert ids(api.get(URL, {"search": "acme"})) == {str(acme.pk)}


def test_search_by_x12_payer_id(api, clinic):
    payer = PayerFactory(clinic=clinic, payer_id="60054")
    PayerFactory(clinic=clinic, payer_id="60055")

    assert ids(api.get(URL, {"search": "60054"})) == {str(payer.pk)}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_payers_are_read_only(api, clinic, method):
    payer = PayerFactory(clinic=clinic)
    url = URL if method == "post" else f"{URL}{payer.pk}/"

    assert getattr(api, method)(url, {"name": "X"}, format="json").status_code == 405
