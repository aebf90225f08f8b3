"""Clinic A's API key against clinic B's data, over every endpoint of the REST API v1.

Another clinic's object answers 404 (never 403: its existence is not revealed), never
appears in a list (whatever the filters or search say), and its ids are "does not
exist" when used in a create. To cover a new endpoint, add a `Resource` to RESOURCES;
`test_every_api_route_is_in_the_matrix` fails until you do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from claims.tests.factories import ClaimFactory, DenialFactory, EdiFileFactory, JobFactory
from clinics.tests.factories import PatientFactory, ProviderFactory
from contracts.tests.factories import PayerFactory
from scheduling.models import Appointment
from scheduling.tests.factories import AppointmentFactory, ClinicClosureFactory, VisitTypeFactory, next_weekday_at

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def _appointment(clinic: Any) -> Any:
    return AppointmentFactory(clinic=clinic, visit_type=VisitTypeFactory(clinic=clinic), start_at=next_weekday_at(10))


def _provider_body() -> dict[str, Any]:
    return {"first_name": "Eve", "last_name": "Intruder", "npi": "1234567893"}


def _patient_body() -> dict[str, Any]:
    return {"first_name": "Eve", "last_name": "Intruder", "date_of_birth": "1980-01-01"}


@dataclass(frozen=True)
class Resource:
    """One API resource: how to make a row of it for a clinic, which operations address
    a row (method, route action, body), and list filters that name the row or its parents."""

    basename: str
    path: str
    make: Callable[[Any], Any]
    # (method, action, body factory); action "detail" is the row's own URL.
    operations: tuple[tuple[str, str, Callable[[Any], dict[str, Any]] | None], ...] = (("get", "detail", None),)
    # label -> query parameters naming the given row (or its parents)
    filters: dict[str, Callable[[Any], dict[str, Any]]] = field(default_factory=dict)
    # False for resources read by id only (no list route)
    listable: bool = True
    # (row, action) -> URL, for routes not shaped `<path><pk>/<action>/` (FHIR's)
    url: Callable[[Any, str], str] | None = None


RESOURCES = [
    Resource(
        "provider", "providers/", lambda c: ProviderFactory(clinic=c),
        operations=(
            ("get", "detail", None),
            ("patch", "detail", lambda obj: {"title": "DO"}),
            ("put", "detail", lambda obj: _provider_body()),
            ("delete", "detail", None),
        ),
        filters={
            "search-name": lambda p: {"search": f"{p.first_name} {p.last_name}"},
            "search-npi": lambda p: {"search": p.npi},
            "npi": lambda p: {"npi": p.npi},
            "specialty": lambda p: {"specialty": p.specialty},
        },
    ),
    Resource(
        "patient", "patients/", lambda c: PatientFactory(clinic=c),
        operations=(
            ("get", "detail", None),
            ("patch", "detail", lambda obj: {"notes": "changed"}),
            ("put", "detail", lambda obj: _patient_body()),
            ("delete", "detail", None),
        ),
        filters={
            "search-name": lambda p: {"search": f"{p.first_name} {p.last_name}"},
            "search-mrn": lambda p: {"search": p.mrn},
            "search-phone": lambda p: {"search": p.phone},
            "mrn": lambda p: {"mrn": p.mrn},
            "phone": lambda p: {"phone": p.phone},
            "date_of_birth": lambda p: {"date_of_birth": p.date_of_birth.isoformat()},
        },
    ),
    Resource(
        "appointment", "appointments/", _appointment,
        operations=(
            ("get", "detail", None),
            ("patch", "detail", lambda obj: {"notes": "changed"}),
            ("post", "cancel", lambda obj: {"reason": "intruder"}),
            ("post", "reschedule", lambda obj: {"start": (obj.start_at + dt.timedelta(days=1)).isoformat()}),
        ),
        filters={
            "provider": lambda a: {"provider": str(a.provider_id)},
            "patient": lambda a: {"patient": str(a.patient_id)},
            "visit_type": lambda a: {"visit_type": str(a.visit_type_id)},
            "date-range": lambda a: {"start_after": (a.start_at - dt.timedelta(hours=1)).isoformat(),
                                     "start_before": (a.start_at + dt.timedelta(hours=1)).isoformat()},
        },
    ),
    Resource("visit-type", "visit-types/", lambda c: VisitTypeFactory(clinic=c)),
    Resource(
        "payer", "payers/", lambda c: PayerFactory(clinic=c),
        filters={
            "search-name": lambda p: {"search": p.name},
            "search-payer-id": lambda p: {"search": p.payer_id},
        },
    ),
    Resource(
        "claim", "claims/", lambda c: ClaimFactory(clinic=c),
        filters={
            "payer": lambda c: {"payer": str(c.payer_id)},
            "patient": lambda c: {"patient": str(c.patient_id)},
            "provider": lambda c: {"provider": str(c.billing_provider_id)},
            "patient_control_number": lambda c: {"patient_control_number": c.patient_control_number},
        },
    ),
    Resource(
        "denial", "denials/", lambda c: DenialFactory(claim=ClaimFactory(clinic=c)),
        filters={
            "claim": lambda d: {"claim": str(d.claim_id)},
            "payer": lambda d: {"payer": str(d.claim.payer_id)},
            "carc_code": lambda d: {"carc_code": d.carc_code},
        },
    ),
    Resource(
        "fhir-patient", "fhir/Patient/", lambda c: PatientFactory(clinic=c),
        operations=(("get", "detail", None), ("get", "everything", None)),
        listable=False,
        url=lambda obj, action: f"{API}fhir/Patient/{obj.pk}" + ("/$everything" if action == "everything" else ""),
    ),
    Resource(
        "edi-file", "edi/files/",
        lambda c: EdiFileFactory(clinic=c, acknowledgement="ISA*00*~ST*999*0001*005010X231~IK5*A~AK9*A*1*1*1~"),
        operations=(("get", "detail", None), ("get", "acknowledgement", None)),
    ),
    Resource("edi-job", "edi/jobs/", lambda c: JobFactory(clinic=c)),
]

BY_BASENAME = {resource.basename: resource for resource in RESOURCES}

# Routes that hold no tenant rows (nothing of another clinic to reach): they only need a
# key. name -> (method, path, body); each must answer 401 without one.
AUTH_ONLY_ROUTES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "phi-deidentify": ("post", "phi/deidentify/", {"text": "MRN 4481234"}),
}


def _url(resource: Resource, obj: Any, action: str) -> str:
    if resource.url is not None:
        return resource.url(obj, action)
    base = f"{API}{resource.path}{obj.pk}/"
    return base if action == "detail" else f"{base}{action}/"


def _results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- the matrix covers every route ---------------------------------------------------


def _route_names(patterns: list[Any]) -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _route_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_api_route_is_in_the_matrix():
    # No id: see test_clinic_profile_* and test_availability_*.
    covered = {"clinic-profile", "clinic-profile-no-slash", "availability", "availability-no-slash"}
    covered.add("chat")  # see test_another_clinics_chat_session_is_not_found
    covered |= set(AUTH_ONLY_ROUTES)
    for resource in RESOURCES:
        covered.add(f"{resource.basename}-list")
        covered |= {f"{resource.basename}-{action}" for _, action, _ in resource.operations}

    routes = _route_names(get_resolver("nuvae.api_urls").url_patterns)

    assert {"provider-list", "appointment-reschedule", "denial-detail"} <= routes  # the walk found the routes
    assert routes <= covered, f"add these routes to RESOURCES: {sorted(routes - covered)}"


# --- lists -----------------------------------------------------------------------------


@pytest.mark.parametrize("resource", [r for r in RESOURCES if r.listable], ids=lambda r: r.basename)
def test_list_never_shows_another_clinics_rows(api, clinic, other_clinic, resource):
    mine = resource.make(clinic)
    theirs = resource.make(other_clinic)

    listed = {row["id"] for row in _results(api.get(f"{API}{resource.path}"))}

    assert str(mine.pk) in listed
    assert str(theirs.pk) not in listed


FILTER_CASES = [
    pytest.param(resource, label, id=f"{resource.basename}-{label}")
    for resource in RESOURCES
    for label in resource.filters
]


@pytest.mark.parametrize(("resource", "label"), FILTER_CASES)
def test_filters_naming_another_clinics_rows_never_find_them(
    api, other_api, clinic, other_clinic, resource, label
):
    mine = resource.make(clinic)
    theirs = resource.make(other_clinic)
    params = resource.filters[label](theirs)
    # The filter really names B's row: B's own key finds it with it.
    assert str(theirs.pk) in {row["id"] for row in _results(other_api.get(f"{API}{resource.path}", params))}

    response = api.get(f"{API}{resource.path}", params)

    # A value may be refused (400); otherwise only A's own rows can match (a shared
    # value such as a specialty or CARC code may match A's row too).
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert {row["id"] for row in response.json()["results"]} <= {str(mine.pk)}


# --- detail and every operation on a row ---------------------------------------------


OPERATION_CASES = [
    pytest.param(resource, method, action, body, id=f"{resource.basename}-{method}-{action}")
    for resource in RESOURCES
    for method, action, body in resource.operations
]


@pytest.mark.parametrize(("resource", "method", "action", "body"), OPERATION_CASES)
def test_operations_on_another_clinics_row_are_404(api, other_clinic, resource, method, action, body):
    theirs = resource.make(other_clinic)
    updated_before = theirs.updated_at

    response = getattr(api, method)(_url(resource, theirs, action), body(theirs) if body else None, format="json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    row = type(theirs)._default_manager.get(pk=theirs.pk)  # still there (not soft-deleted)
    assert row.updated_at == updated_before


@pytest.mark.parametrize(("resource", "method", "action", "body"), OPERATION_CASES)
def test_operations_on_a_missing_row_answer_like_another_clinics_row(api, clinic, resource, method, action, body):
    """Same status and shape as above: a caller cannot tell "elsewhere" from "nowhere"."""
    ghost = resource.make(clinic)
    url = _url(resource, ghost, action).replace(str(ghost.pk), "00000000-0000-4000-8000-000000000000")

    response = getattr(api, method)(url, body(ghost) if body else None, format="json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_another_clinics_appointment_is_not_cancelled(api, other_clinic):
    theirs = _appointment(other_clinic)

    api.post(f"{API}appointments/{theirs.pk}/cancel/", {"reason": "intruder"}, format="json")

    theirs.refresh_from_db()
    assert theirs.status == Appointment.Status.SCHEDULED


def test_another_clinics_appointment_is_not_rescheduled(api, other_clinic):
    theirs = _appointment(other_clinic)

    api.post(f"{API}appointments/{theirs.pk}/reschedule/",
             {"start": (theirs.start_at + dt.timedelta(days=1)).isoformat()}, format="json")

    theirs.refresh_from_db()
    assert theirs.status == Appointment.Status.SCHEDULED
    assert Appointment.objects.count() == 1


# --- clinic profile ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["clinic", "clinic/"])
def test_clinic_profile_is_always_the_keys_own(api, other_api, clinic, other_clinic, path):
    assert api.get(f"{API}{path}").json()["id"] == str(clinic.pk)
    assert other_api.get(f"{API}{path}").json()["id"] == str(other_clinic.pk)


# --- availability ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["availability", "availability/"])
def test_availability_offers_only_the_keys_own_providers(api, other_api, clinic, other_clinic, path):
    mine, theirs = ProviderFactory(clinic=clinic), ProviderFactory(clinic=other_clinic)
    params = {"date": next_weekday_at(9).date().isoformat()}

    offered = {s["provider"] for s in api.get(f"{API}{path}", params).json()["slots"]}
    offered_to_them = {s["provider"] for s in other_api.get(f"{API}{path}", params).json()["slots"]}

    assert (offered, offered_to_them) == ({str(mine.pk)}, {str(theirs.pk)})


@pytest.mark.parametrize(
    ("param", "make"),
    [
        ("provider", lambda c: ProviderFactory(clinic=c)),
        ("visit_type", lambda c: VisitTypeFactory(clinic=c)),
        ("patient", lambda c: PatientFactory(clinic=c)),
    ],
)
def test_availability_naming_another_clinics_row_says_it_does_not_exist(api, other_clinic, param, make):
    theirs = make(other_clinic)

    response = api.get(f"{API}availability/", {param: str(theirs.pk)})

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"].split(".")[0] == param
    assert error["detail"].endswith(f'"{theirs.pk}" does not exist.')


def test_another_clinics_appointments_and_closures_do_not_block_slots(api, clinic, other_clinic):
    ProviderFactory(clinic=clinic)
    day = next_weekday_at(9).date()
    AppointmentFactory(clinic=other_clinic, start_at=next_weekday_at(9))
    ClinicClosureFactory(clinic=other_clinic, start_date=day, end_date=day)

    slots = api.get(f"{API}availability/", {"date": day.isoformat(), "time": "09:00"}).json()["slots"]

    assert len(slots) == 1


# --- routes without tenant rows ----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(AUTH_ONLY_ROUTES))
def test_auth_only_route_needs_a_key(client, clinic, name):
    method, path, body = AUTH_ONLY_ROUTES[name]

    response = getattr(client, method)(f"{API}{path}", body, content_type="application/json")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


# --- creates naming another clinic's rows ---------------------------------------------


@pytest.fixture
def booking(clinic):
    return {
        "provider": str(ProviderFactory(clinic=clinic).pk),
        "patient": str(PatientFactory(clinic=clinic).pk),
        "start": next_weekday_at(15).isoformat(),
    }


@pytest.mark.parametrize(
    ("field_name", "make"),
    [
        ("provider", lambda c: ProviderFactory(clinic=c)),
        ("patient", lambda c: PatientFactory(clinic=c)),
        ("visit_type", lambda c: VisitTypeFactory(clinic=c)),
    ],
)
def test_booking_with_another_clinics_row_says_it_does_not_exist(api, other_clinic, booking, field_name, make):
    theirs = make(other_clinic)

    response = api.post(f"{API}appointments/", {**booking, field_name: str(theirs.pk)}, format="json")

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == field_name
    assert error["detail"].endswith(f'"{theirs.pk}" does not exist.')
    assert not Appointment.objects.exists()


def test_booking_with_another_clinics_id_reads_exactly_like_an_unknown_id(api, other_clinic, booking):
    theirs = ProviderFactory(clinic=other_clinic)
    unknown = "00000000-0000-4000-8000-000000000000"

    foreign = api.post(f"{API}appointments/", {**booking, "provider": str(theirs.pk)}, format="json").json()
    missing = api.post(f"{API}appointments/", {**booking, "provider": unknown}, format="json").json()

    assert foreign["errors"][0]["detail"].replace(str(theirs.pk), "?") == missing["errors"][0]["detail"].replace(
        unknown, "?"
    )


def test_rescheduling_to_another_clinics_provider_says_it_does_not_exist(api, clinic, other_clinic):
    mine = _appointment(clinic)
    theirs = ProviderFactory(clinic=other_clinic)

    response = api.post(
        f"{API}appointments/{mine.pk}/reschedule/",
        {"start": (mine.start_at + dt.timedelta(days=1)).isoformat(), "provider": str(theirs.pk)},
        format="json",
    )

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["provider"]
    mine.refresh_from_db()
    assert mine.status == Appointment.Status.SCHEDULED


def test_another_clinics_chat_session_is_not_found(api, other_api, clinic, other_clinic):
    theirs = other_api.post(f"{API}chat", {"message": "What are your hours?"}, format="json").json()["session_id"]

    response = api.post(f"{API}chat", {"message": "cancel it", "session_id": theirs}, format="json")

    assert response.status_code == 404
