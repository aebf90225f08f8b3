"""What each membership role may do in the admin (the matrix in clinics/admin_roles.py),
with no Django model permission granted to anyone."""

from __future__ import annotations

import pytest
from django.urls import reverse, reverse_lazy

from clinics.models import AuditEvent, Clinic, Membership, Patient, Provider
from clinics.tests.admin_support import admin_url, changeform_data, client_for_user, staff_of
from clinics.tests.factories import MembershipFactory, PatientFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db

# Other apps' admins are named by URL: the clinics app (tests included) imports no other app.
CLAIMS = reverse_lazy("admin:claims_claim_changelist")
DENIALS = reverse_lazy("admin:claims_denial_changelist")
APPOINTMENTS = reverse_lazy("admin:scheduling_appointment_changelist")
BOOK_APPOINTMENT = reverse_lazy("admin:scheduling_appointment_add")


def test_staff_users_have_no_django_model_permissions(clinic):
    biller = staff_of(clinic, Membership.Role.BILLER)

    assert biller.get_all_permissions() == set()
    assert client_for_user(biller).get(reverse("admin:claims_claim_add")).status_code == 200


def test_front_desk_cannot_open_billing(clinic):
    client = client_for_user(staff_of(clinic, Membership.Role.FRONT_DESK))

    assert client.get(CLAIMS).status_code == 403
    assert client.get(DENIALS).status_code == 403


def test_front_desk_books_appointments_and_edits_patients(clinic):
    client = client_for_user(staff_of(clinic, Membership.Role.FRONT_DESK))

    assert client.get(BOOK_APPOINTMENT).status_code == 200
    assert client.get(admin_url(Patient, "add")).status_code == 200


def test_front_desk_sees_providers_read_only(clinic):
    provider = ProviderFactory(clinic=clinic, bio="Old bio")
    client = client_for_user(staff_of(clinic, Membership.Role.FRONT_DESK))
    url = admin_url(Provider, "change", provider.pk)

    page = client.get(url)
    posted = client.post(url, {"bio": "New bio"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert client.get(admin_url(Provider, "add")).status_code == 403
    assert posted.status_code == 403
    provider.refresh_from_db()
    assert provider.bio == "Old bio"


def test_front_desk_cannot_delete_patients(clinic):
    patient = PatientFactory(clinic=clinic)
    client = client_for_user(staff_of(clinic, Membership.Role.FRONT_DESK))

    assert client.post(admin_url(Patient, "delete", patient.pk), {"post": "yes"}).status_code == 403
    assert Patient.objects.filter(pk=patient.pk).exists()


def test_biller_views_patients_but_cannot_add_them(clinic):
    client = client_for_user(staff_of(clinic, Membership.Role.BILLER))

    assert client.get(admin_url(Patient, "changelist")).status_code == 200
    assert client.get(admin_url(Patient, "add")).status_code == 403


def test_biller_has_no_schedule_or_audit_log(clinic):
    client = client_for_user(staff_of(clinic, Membership.Role.BILLER))

    assert client.get(APPOINTMENTS).status_code == 403
    assert client.get(admin_url(AuditEvent, "changelist")).status_code == 403
    assert client.get(admin_url(Membership, "changelist")).status_code == 403


def test_owner_reads_the_audit_log(clinic):
    client = client_for_user(staff_of(clinic, Membership.Role.OWNER))

    assert client.get(admin_url(AuditEvent, "changelist")).status_code == 200


def test_admin_of_a_clinic_edits_it_but_not_its_platform_settings(staff_user, clinic):
    client = client_for_user(staff_user)
    url = admin_url(Clinic, "change", clinic.pk)

    response = client.post(url, changeform_data(client.get(url), name="Alpha Health", status="SUSPENDED"))

    assert response.status_code == 302
    clinic.refresh_from_db()
    assert (clinic.name, clinic.status) == ("Alpha Health", Clinic.Status.ACTIVE)


def test_only_superusers_create_clinics(staff_user, superuser):
    assert client_for_user(staff_user).get(admin_url(Clinic, "add")).status_code == 403
    assert client_for_user(superuser).get(admin_url(Clinic, "add")).status_code == 200


def test_admin_role_cannot_grant_the_owner_role(staff_user, clinic):
    colleague = UserFactory(username="colleague")
    MembershipFactory(user=colleague, clinic=clinic, role=Membership.Role.BILLER)
    membership = Membership.objects.get(user=colleague)
    client = client_for_user(staff_user)
    url = admin_url(Membership, "change", membership.pk)

    response = client.post(url, changeform_data(client.get(url), role=Membership.Role.OWNER))

    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    membership.refresh_from_db()
    assert membership.role == Membership.Role.BILLER


def test_owner_grants_the_owner_role(clinic):
    owner = staff_of(clinic, Membership.Role.OWNER)
    colleague = UserFactory(username="colleague")
    membership = MembershipFactory(user=colleague, clinic=clinic, role=Membership.Role.ADMIN)
    client = client_for_user(owner)
    url = admin_url(Membership, "change", membership.pk)

    response = client.post(url, changeform_data(client.get(url), role=Membership.Role.OWNER))

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.OWNER


def test_admin_role_cannot_remove_an_owner(staff_user, clinic):
    owner_membership = MembershipFactory(clinic=clinic, role=Membership.Role.OWNER)

    response = client_for_user(staff_user).post(admin_url(Membership, "delete", owner_membership.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Membership.objects.filter(pk=owner_membership.pk).exists()


def test_users_and_groups_are_for_superusers(staff_user, superuser):
    user_list = reverse("admin:auth_user_changelist")

    assert client_for_user(staff_user).get(user_list).status_code == 403
    assert client_for_user(superuser).get(user_list).status_code == 200
    assert client_for_user(superuser).get(reverse("admin:auth_user_add")).status_code == 200


def test_member_without_staff_flag_cannot_enter_the_admin(clinic):
    user = UserFactory(username="not-staff", is_staff=False)
    MembershipFactory(user=user, clinic=clinic, role=Membership.Role.OWNER)

    response = client_for_user(user).get(admin_url(Patient, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_sidebar_shows_only_the_roles_work_areas(clinic):
    html = client_for_user(staff_of(clinic, Membership.Role.FRONT_DESK)).get(reverse("admin:index")).content.decode()

    assert str(APPOINTMENTS) in html
    assert admin_url(Patient, "changelist") in html
    assert str(DENIALS) not in html
    assert admin_url(AuditEvent, "changelist") not in html


def test_admin_role_cannot_remove_an_owner_from_the_clinic_page(staff_user, clinic):
    owner_membership = MembershipFactory(clinic=clinic, role=Membership.Role.OWNER)
    client = client_for_user(staff_user)
    url = admin_url(Clinic, "change", clinic.pk)
    page = client.get(url)
    [index] = [i for i, form in enumerate(page.context["inline_admin_formsets"][0].formset.forms)
               if form.instance == owner_membership]

    response = client.post(url, changeform_data(page, **{f"memberships-{index}-DELETE": "on"}))

    assert response.status_code == 200
    assert Membership.objects.filter(pk=owner_membership.pk).exists()
