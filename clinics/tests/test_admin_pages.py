"""The clinics app's admin pages render with data, and their search and filters find what
the front desk looks for."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinics.audit import Actor, audit_record
from clinics.models import ApiKey, AuditEvent, Clinic, Membership, Patient, Provider
from clinics.tests.admin_support import admin_url, assert_pages_render, changeform_data, client_for_user, staff_of
from clinics.tests.factories import ApiKeyFactory, MembershipFactory, PatientFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db

LABELS = ["clinics.clinic", "clinics.membership", "clinics.provider", "clinics.patient"]


def build_clinic_rows(clinic, *, tag):
    """One row of each clinics model in `clinic`, keyed by model label."""
    member = UserFactory(username=f"member-{tag}")
    return {
        "clinics.clinic": clinic,
        "clinics.membership": MembershipFactory(user=member, clinic=clinic, role=Membership.Role.BILLER),
        "clinics.apikey": ApiKeyFactory(clinic=clinic, name=f"Key {tag}"),
        "clinics.provider": ProviderFactory(clinic=clinic),
        "clinics.patient": PatientFactory(clinic=clinic),
        "clinics.auditevent": audit_record(
            actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic, resource=clinic
        ),
    }


@pytest.fixture
def rows(clinic):
    return build_clinic_rows(clinic, tag="alpha")


@pytest.mark.parametrize("label", LABELS)
def test_pages_render_for_a_clinic_admin(label, rows, staff_user):
    obj = rows[label]
    if label == "clinics.clinic":
        # Clinics are created by superusers; the clinic's own admin edits it.
        client = client_for_user(staff_user)
        assert client.get(admin_url(Clinic, "changelist")).status_code == 200
        assert client.get(admin_url(Clinic, "change", obj.pk)).status_code == 200
        return
    assert_pages_render(client_for_user(staff_user), obj)


@pytest.mark.parametrize("label", LABELS)
def test_pages_render_for_a_superuser(label, rows, superuser):
    assert_pages_render(client_for_user(superuser), rows[label])


@pytest.mark.parametrize("model", [ApiKey, AuditEvent])
@pytest.mark.parametrize("who", ["staff_user", "superuser"])
def test_read_mostly_pages_render(model, who, rows, request):
    client = client_for_user(request.getfixturevalue(who))
    obj = rows[model._meta.label_lower]

    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", [Provider, Patient, Membership, ApiKey, AuditEvent])
def test_change_list_queries_do_not_grow_with_rows(model, clinic, staff_user):
    client = client_for_user(staff_user)
    build_clinic_rows(clinic, tag="one")
    with CaptureQueriesContext(connection) as few:
        client.get(admin_url(model, "changelist"))
    for tag in ("two", "three"):
        build_clinic_rows(clinic, tag=tag)
        audit_record(actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic, resource=clinic)

    with CaptureQueriesContext(connection) as many:
        client.get(admin_url(model, "changelist"))

    assert len(many) == len(few)


def _search(client, model, term):
    response = client.get(admin_url(model, "changelist"), {"q": term})
    assert response.status_code == 200
    return set(response.context["cl"].queryset)


@pytest.fixture
def ada(clinic):
    PatientFactory(clinic=clinic, first_name="Bob", last_name="Other", date_of_birth=dt.date(1975, 1, 1),
                   phone="+12025550111", mrn="MRN-B")
    return PatientFactory(clinic=clinic, first_name="Ada", last_name="Quill", date_of_birth=dt.date(1980, 4, 2),
                          phone="+12025550188", mrn="MRN-ADA")


@pytest.mark.parametrize("term", ["Quill", "ada", "MRN-ADA", "1980-04-02", "04/02/1980", "(202) 555-0188",
                                  "202.555.0188", "Quill, Ada", "quill,ada"])
def test_patient_search_finds_by_name_mrn_birth_date_or_phone(term, ada, staff_user):
    assert _search(client_for_user(staff_user), Patient, term) == {ada}


def test_patient_list_shows_phone_numbers_the_way_they_are_dialled(ada, staff_user):
    html = client_for_user(staff_user).get(admin_url(Patient, "changelist")).content.decode()

    assert "(202) 555-0188" in html
    assert "+12025550188" not in html


def test_patient_birth_date_in_the_future_is_a_form_error(clinic, staff_user):
    patient = PatientFactory(clinic=clinic, date_of_birth=dt.date(1980, 4, 2))
    client = client_for_user(staff_user)
    url = admin_url(Patient, "change", patient.pk)

    response = client.post(url, changeform_data(client.get(url), date_of_birth="2999-01-01"))

    assert response.context["adminform"].form.errors["date_of_birth"] == ["The date of birth cannot be in the future."]
    patient.refresh_from_db()
    assert patient.date_of_birth == dt.date(1980, 4, 2)


def _provider_page(client, provider):
    url = admin_url(Provider, "change", provider.pk)
    return url, client.get(url)


def test_provider_schedule_is_shown_one_line_per_day(clinic, staff_user):
    provider = ProviderFactory(clinic=clinic, weekly_schedule={"wed": [["13:00", "17:00"]],
                                                                "mon": [["08:30", "12:00"], ["13:00", "16:30"]]})

    _, page = _provider_page(client_for_user(staff_user), provider)

    field = page.context["adminform"].form["weekly_schedule"]
    assert field.value() == "mon 08:30-12:00, 13:00-16:30\nwed 13:00-17:00"


def test_provider_schedule_is_saved_from_lines_of_text(clinic, staff_user):
    provider = ProviderFactory(clinic=clinic, weekly_schedule={})
    client = client_for_user(staff_user)
    url, page = _provider_page(client, provider)

    response = client.post(url, changeform_data(page, weekly_schedule="Monday: 8:30-12:00, 13:00 - 16:30\nsat 9-12"))

    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.weekly_schedule == {"mon": [["08:30", "12:00"], ["13:00", "16:30"]], "sat": [["09:00", "12:00"]]}


@pytest.mark.parametrize(("typed", "message"), [
    ("mon 9 to 5", "Line 1 (“mon 9 to 5”): write hours as start-end, e.g. 08:30-12:00, 13:00-17:00."),
    ("mon 9-12\nsomeday 9-12", "Line 2 (“someday 9-12”): start with a weekday: mon, tue, wed, thu, fri, sat, sun."),
    ("mon 12:00-09:00", "mon: 12:00-09:00 ends before it starts."),
    ('{"mon": [["09:00", "12:00"]', "This looks like JSON but does not parse: Expecting ',' delimiter (line 1)."),
])
def test_provider_schedule_mistakes_are_explained_on_the_field(typed, message, clinic, staff_user):
    provider = ProviderFactory(clinic=clinic, weekly_schedule={})
    client = client_for_user(staff_user)
    url, page = _provider_page(client, provider)

    response = client.post(url, changeform_data(page, weekly_schedule=typed))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["weekly_schedule"] == [message]


def test_provider_languages_are_edited_as_comma_separated_text(clinic, staff_user):
    provider = ProviderFactory(clinic=clinic, languages=["en"])
    client = client_for_user(staff_user)
    url, page = _provider_page(client, provider)
    assert page.context["adminform"].form["languages"].value() == "en"

    response = client.post(url, changeform_data(page, languages="en, es"))

    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.languages == ["en", "es"]


def test_provider_schedule_reads_as_text_for_the_front_desk(clinic):
    provider = ProviderFactory(clinic=clinic, weekly_schedule={"tue": [["09:00", "12:30"]]})
    desk = staff_of(clinic, Membership.Role.FRONT_DESK)

    html = client_for_user(desk).get(admin_url(Provider, "change", provider.pk)).content.decode()

    assert "tue 09:00-12:30" in html
    assert "[[&quot;09:00&quot;" not in html


def test_provider_languages_read_as_a_list_for_the_front_desk(clinic):
    provider = ProviderFactory(clinic=clinic, languages=["en", "es"])
    desk = staff_of(clinic, Membership.Role.FRONT_DESK)

    html = client_for_user(desk).get(admin_url(Provider, "change", provider.pk)).content.decode()

    assert "en, es" in html
    assert "[&quot;en&quot;" not in html


def test_clinic_business_hours_are_edited_as_lines_of_text(clinic, staff_user):
    client = client_for_user(staff_user)
    url = admin_url(Clinic, "change", clinic.pk)

    response = client.post(url, changeform_data(client.get(url), business_hours="mon 08:00-18:00\nsun closed"))

    assert response.status_code == 302
    clinic.refresh_from_db()
    assert clinic.business_hours == {"mon": [["08:00", "18:00"]], "sun": []}


def test_provider_search_finds_by_npi(clinic, staff_user):
    provider = ProviderFactory(clinic=clinic)
    ProviderFactory(clinic=clinic)

    assert _search(client_for_user(staff_user), Provider, provider.npi) == {provider}


def test_provider_filter_by_status(clinic, staff_user):
    on_leave = ProviderFactory(clinic=clinic, status=Provider.Status.ON_LEAVE)
    ProviderFactory(clinic=clinic)

    response = client_for_user(staff_user).get(admin_url(Provider, "changelist"), {"status__exact": "ON_LEAVE"})

    assert set(response.context["cl"].queryset) == {on_leave}


def test_provider_specialty_filter_offers_own_clinics_specialties(clinic, other_clinic, staff_user):
    ProviderFactory(clinic=clinic, specialty="Cardiology")
    ProviderFactory(clinic=clinic, specialty="Dermatology")
    ProviderFactory(clinic=other_clinic, specialty="Oncology")

    response = client_for_user(staff_user).get(admin_url(Provider, "changelist"), {"specialty": "Cardiology"})

    spec = next(s for s in response.context["cl"].filter_specs if getattr(s, "parameter_name", "") == "specialty")
    assert [value for value, _ in spec.lookup_choices] == ["Cardiology", "Dermatology"]
    assert {p.specialty for p in response.context["cl"].queryset} == {"Cardiology"}


def test_patient_filter_by_sms_opt_in(clinic, staff_user):
    opted = PatientFactory(clinic=clinic, sms_opt_in=True)
    PatientFactory(clinic=clinic, sms_opt_in=False)

    response = client_for_user(staff_user).get(admin_url(Patient, "changelist"), {"sms_opt_in__exact": "1"})

    assert set(response.context["cl"].queryset) == {opted}


def test_membership_filter_by_role(clinic, staff_user):
    biller = MembershipFactory(clinic=clinic, role=Membership.Role.BILLER)

    response = client_for_user(staff_user).get(admin_url(Membership, "changelist"), {"role__exact": "biller"})

    assert set(response.context["cl"].queryset) == {biller}


def test_every_constraint_of_an_admin_model_is_explained_in_words():
    from django.db.models import CheckConstraint, UniqueConstraint

    from clinics.admin_forms import constraint_explanation
    from clinics.tests.admin_support import tenant_admins

    # Unique constraints over plain fields get Django's "… with this … already exists.";
    # check constraints and conditional unique ones would say "Constraint “name” is violated."
    models = {model for model, _ in tenant_admins()}
    models |= {inline.model for _, model_admin in tenant_admins() for inline in model_admin.inlines}
    unexplained = [
        constraint.name
        for model in models
        for constraint in model._meta.constraints
        if (isinstance(constraint, CheckConstraint) or (isinstance(constraint, UniqueConstraint)
                                                         and constraint.condition is not None))
        and constraint.violation_error_message == constraint.default_violation_error_message
        and constraint_explanation(constraint.name) is None
    ]

    assert unexplained == []


def test_adding_someone_who_already_works_here_says_so_on_the_user_field(clinic, staff_user):
    colleague = UserFactory(username="colleague")
    MembershipFactory(user=colleague, clinic=clinic, role=Membership.Role.BILLER)
    client = client_for_user(staff_user)
    url = admin_url(Membership, "add")

    response = client.post(url, changeform_data(client.get(url), user=colleague.pk, role=Membership.Role.ADMIN))

    assert response.context["adminform"].form.errors["user"] == [
        "colleague already works for this clinic as Biller; change the role on that membership instead."
    ]
    assert Membership.objects.get(user=colleague).role == Membership.Role.BILLER


def test_membership_form_tells_clinic_admins_who_creates_accounts(staff_user):
    response = client_for_user(staff_user).get(admin_url(Membership, "add"))

    assert "created by a Nuvae superuser" in response.context["adminform"].form.fields["user"].help_text


def test_clinic_column_and_filter_appear_for_several_clinics_only(clinic, other_clinic, staff_user):
    PatientFactory(clinic=clinic)
    PatientFactory(clinic=other_clinic)
    single = client_for_user(staff_user).get(admin_url(Patient, "changelist")).context["cl"]
    MembershipFactory(user=staff_user, clinic=other_clinic)
    several = client_for_user(staff_user).get(admin_url(Patient, "changelist")).context["cl"]

    assert "clinic" not in single.list_display
    assert "clinic" in several.list_display
    assert any(getattr(s, "field_path", "") == "clinic" for s in several.filter_specs)


def test_clinic_page_lists_its_keys_by_prefix_only(staff_user, clinic):
    key = ApiKeyFactory(clinic=clinic)

    html = client_for_user(staff_user).get(admin_url(Clinic, "change", clinic.pk)).content.decode()

    assert key.prefix in html
    assert key.raw not in html


@pytest.mark.parametrize("who", ["staff_user", "superuser"])
def test_admin_index_renders(who, request):
    from django.urls import reverse

    assert client_for_user(request.getfixturevalue(who)).get(reverse("admin:index")).status_code == 200


def test_platform_admins_render_for_superusers(superuser):
    from django.contrib import admin

    from clinics.tests.admin_support import PLATFORM_APPS

    client = client_for_user(superuser)
    platform = [model for model in admin.site._registry if model._meta.app_label in PLATFORM_APPS]
    for model in platform:
        for view in ("changelist", "add"):
            assert client.get(admin_url(model, view)).status_code == 200, (model, view)
    assert client.get(admin_url(type(superuser), "change", superuser.pk)).status_code == 200
    assert len(platform) >= 7  # users, groups and the five beat models
