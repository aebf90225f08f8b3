"""The clinic of new objects, and related choices in admin forms, stay inside the user's clinics."""

from __future__ import annotations

import pytest

from clinics.models import Membership, Patient
from clinics.tests.admin_support import admin_url, changeform_data, client_for_user, staff_of
from clinics.tests.factories import ClinicFactory, MembershipFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_clinic_admin(clinic, other_clinic):
    user = staff_of(clinic, Membership.Role.ADMIN)
    MembershipFactory(user=user, clinic=other_clinic, role=Membership.Role.ADMIN)
    return user


def test_single_clinic_staff_get_no_clinic_field(staff_user):
    response = client_for_user(staff_user).get(admin_url(Patient, "add"))

    assert "clinic" not in response.context["adminform"].form.fields


def test_single_clinic_staff_create_in_their_clinic(staff_user, clinic):
    client = client_for_user(staff_user)
    url = admin_url(Patient, "add")

    client.post(url, changeform_data(client.get(url), first_name="Bo", last_name="Lee", date_of_birth="1990-01-02"))

    assert Patient.objects.get(last_name="Lee").clinic == clinic


def test_multi_clinic_staff_choose_among_their_clinics_only(two_clinic_admin, clinic, other_clinic):
    ClinicFactory(name="Gamma")

    response = client_for_user(two_clinic_admin).get(admin_url(Patient, "add"))

    choices = set(response.context["adminform"].form.fields["clinic"].queryset)
    assert choices == {clinic, other_clinic}


def test_clinic_is_read_only_on_existing_objects(staff_user, clinic):
    patient = PatientFactory(clinic=clinic)

    response = client_for_user(staff_user).get(admin_url(Patient, "change", patient.pk))

    assert "clinic" not in response.context["adminform"].form.fields
    assert "clinic" in response.context["adminform"].readonly_fields


def test_unique_constraint_with_the_hidden_clinic_is_a_form_error(staff_user, clinic):
    PatientFactory(clinic=clinic, mrn="MRN-1")
    client = client_for_user(staff_user)
    url = admin_url(Patient, "add")

    response = client.post(url, changeform_data(client.get(url), first_name="Bo", last_name="Lee",
                                                date_of_birth="1990-01-02", mrn="MRN-1"))

    # (clinic, MRN) is unique, and the clinic is not on the form: still a form error, not a
    # 500, and in words on the MRN rather than "Constraint … is violated".
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["mrn"] == ["Another patient of this clinic has this MRN."]
    assert Patient.objects.filter(mrn="MRN-1").count() == 1


def test_membership_user_choices_are_the_clinics_colleagues(staff_user, clinic, other_clinic):
    colleague = staff_of(clinic, Membership.Role.BILLER)
    stranger = staff_of(other_clinic, Membership.Role.BILLER)
    UserFactory(username="nobody")

    response = client_for_user(staff_user).get(admin_url(Membership, "add"))

    choices = set(response.context["adminform"].form.fields["user"].queryset)
    assert colleague in choices
    assert stranger not in choices
