"""Clinics and the staff who work for them."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import display
from unfold.forms import PaginationInlineFormSet

from clinics.admin_base import (
    ADD,
    CHANGE,
    VIEW,
    Area,
    ReadOnlyInlineMixin,
    TenantAdminForm,
    TenantModelAdmin,
    TenantTabularInline,
    actor_for,
    roles_by_clinic,
)
from clinics.admin_fields import weekly_hours_html
from clinics.admin_forms import explain_constraints
from clinics.models import ApiKey, Clinic, Membership
from clinics.services import clinic_update, object_save

STATUS_LABELS = {Clinic.Status.ACTIVE: "success", Clinic.Status.SUSPENDED: "danger", Clinic.Status.INACTIVE: "warning"}


explain_constraints({
    "clinic_reminder_hours_at_most_two_weeks": (
        "default_reminder_hours", "Reminders go out at most 336 hours (two weeks) ahead."
    ),
})


def owner_clinic_ids(request: HttpRequest) -> list[Any] | None:
    """Clinics where the user may hand out the owner role (None: all, for superusers)."""
    if request.user.is_superuser:
        return None
    return [cid for cid, role in roles_by_clinic(request).items() if role == Membership.Role.OWNER]


class MembershipForm(TenantAdminForm):
    # The user being added does not work for the clinic yet: that is the point.
    users_must_be_members = False
    owner_clinic_ids: ClassVar[list[Any] | None] = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        clinic_id = self.target_clinic_id()
        user = data.get("user")
        if user is not None and clinic_id is not None:
            existing = Membership.objects.filter(user=user, clinic_id=clinic_id).exclude(pk=self.instance.pk).first()
            if existing is not None:
                # Said here, on the field, instead of the unique constraint's generic message.
                self.add_error("user", f"{user} already works for this clinic as {existing.get_role_display()}; "
                                       "change the role on that membership instead.")
        touches_owner = data.get("role") == Membership.Role.OWNER or (
            not self.instance._state.adding and self.initial.get("role") == Membership.Role.OWNER
        )
        # An admin cannot make anyone (themselves included) an owner, nor demote one.
        if touches_owner and self.owner_clinic_ids is not None and clinic_id not in self.owner_clinic_ids:
            self.add_error("role", "Only an owner of the clinic can grant or change the owner role.")
        return data


class MembershipFormSet(PaginationInlineFormSet):
    owner_clinic_ids: ClassVar[list[Any] | None] = None

    def clean(self) -> None:
        super().clean()
        # A deleted row skips its form's validation, so the owner rule is checked here.
        if self.owner_clinic_ids is None:
            return
        for form in self.deleted_forms:
            membership = form.instance
            if membership.pk and membership.role == Membership.Role.OWNER and (
                membership.clinic_id not in self.owner_clinic_ids
            ):
                raise ValidationError("Only an owner of the clinic can remove an owner.")


class MembershipInline(TenantTabularInline):
    model = Membership
    area = Area.STAFF
    form = MembershipForm
    formset = MembershipFormSet
    fields = ("user", "role")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.owner_clinic_ids = formset.owner_clinic_ids = owner_clinic_ids(request)
        return formset

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("user")


class ApiKeyInline(ReadOnlyInlineMixin, TenantTabularInline):
    model = ApiKey
    area = Area.API_KEYS
    fields = ("name", "prefix", "environment", "created_at", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = fields


@admin.register(Clinic)
class ClinicAdmin(TenantModelAdmin):
    area = Area.CLINIC
    # Clinics are suspended or made inactive, never deleted: their history names them.
    operations = frozenset({VIEW, ADD, CHANGE})
    clinic_column = None
    list_display = ("name", "slug", "status_label", "rate_limit_tier", "timezone", "ehr_provider")
    list_filter = (("status", ChoicesDropdownFilter), ("rate_limit_tier", ChoicesDropdownFilter))
    search_fields = ("name", "slug", "email")
    inlines = (MembershipInline, ApiKeyInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "email", "phone")}),
        ("Address", {"fields": ("address_line1", "address_line2", "city", "state", "postal_code", "country")}),
        ("Operations", {"fields": ("timezone", "business_hours", "default_reminder_hours", "ehr_provider")}),
        ("Platform", {"fields": ("status", "rate_limit_tier", "settings")}),
    )

    read_only_displays: ClassVar[dict[str, str]] = {"business_hours": "business_hours_text"}

    @display(description="Status", label=STATUS_LABELS, ordering="status")
    def status_label(self, obj: Clinic) -> tuple[str, str]:
        return obj.status, obj.get_status_display()

    @display(description="Business hours")
    def business_hours_text(self, obj: Clinic) -> str:
        return weekly_hours_html(obj.business_hours)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Status and tier are the platform's decisions (billing, abuse), not the clinic's.
            readonly += ["slug", "status", "rate_limit_tier", "settings"]
        return readonly

    def save_model(self, request: HttpRequest, obj: Clinic, form: Any, change: bool) -> None:
        if not change:
            object_save(actor=actor_for(request), instance=obj)
            return
        # clinic_update also drops cached API-key lookups when the status changes.
        current = Clinic.objects.get(pk=obj.pk)
        clinic_update(
            actor=actor_for(request), clinic=current, data={name: getattr(obj, name) for name in form.changed_data}
        )


@admin.register(Membership)
class MembershipAdmin(TenantModelAdmin):
    area = Area.STAFF
    form = MembershipForm
    list_display = ("user", "user_email", "clinic", "role", "created_at")
    list_select_related = ("user", "clinic")
    list_filter = (("role", ChoicesDropdownFilter),)
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name", "clinic__name")
    fields = ("clinic", "user", "role")

    @display(description="Email", ordering="user__email")
    def user_email(self, obj: Membership) -> str:
        return obj.user.email

    def get_autocomplete_fields(self, request: HttpRequest) -> Any:
        # The user admin (and so its search) is for superusers; staff pick from a short list.
        return ("user",) if request.user.is_superuser else ()

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.owner_clinic_ids = owner_clinic_ids(request)
        user_field = form.base_fields.get("user")
        if user_field is not None and not request.user.is_superuser:
            user_field.help_text = (
                "Someone who already works for one of your clinics. Accounts for new staff are "
                "created by a Nuvae superuser."
            )
        return form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)

    def _may_touch(self, request: HttpRequest, obj: Membership | None) -> bool:
        if obj is None or obj.role != Membership.Role.OWNER:
            return True
        owners = owner_clinic_ids(request)
        return owners is None or obj.clinic_id in owners

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        owners = owner_clinic_ids(request)
        if owners is not None:
            queryset = queryset.exclude(Q(role=Membership.Role.OWNER) & ~Q(clinic_id__in=owners))
        super().delete_queryset(request, queryset)
