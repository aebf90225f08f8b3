"""Users and groups under the theme.

Users are not tenant-owned (one person can work for several clinics), so their admin is
for superusers only: a clinic admin who could edit users could edit another clinic's
staff or make someone a superuser. Clinic admins manage who works for their clinic and
in which role through memberships.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from clinics.admin.tenancy import MembershipForm, owner_clinic_ids
from clinics.admin_base import Area, TenantTabularInline, actor_for, save_formset_audited
from clinics.models import Membership
from clinics.services import object_delete, object_save

User = get_user_model()


class SuperuserOnlyMixin:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


class UserMembershipInline(TenantTabularInline):
    model = Membership
    area = Area.STAFF
    form = MembershipForm
    fk_name = "user"
    fields = ("clinic", "role")
    clinic_from_parent = False
    verbose_name_plural = "Clinics"

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.owner_clinic_ids = owner_clinic_ids(request)
        return formset


for model in (User, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class UserAdmin(SuperuserOnlyMixin, BaseUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    inlines = (UserMembershipInline,)
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_superuser", "is_active")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The audit row lists changed field names only, so a new password hash never lands there.
        object_save(actor=actor_for(request), instance=obj, changed_fields=form.changed_data if change else None)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        object_delete(actor=actor_for(request), instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            object_delete(actor=actor_for(request), instance=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        save_formset_audited(request, formset)


@admin.register(Group)
class GroupAdmin(SuperuserOnlyMixin, BaseGroupAdmin, ModelAdmin):
    pass
