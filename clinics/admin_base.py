"""Tenancy, roles and audit for every app's admin.

Every tenant-owned model's admin derives from `TenantModelAdmin` (inlines from
`TenantTabularInline` / `TenantStackedInline`), so one piece of code decides, for all of
them, what a staff user sees and may change.

Who gets in
-----------
Django's admin lets in active users with `is_staff=True`. For those who are not
superusers, *what* they may do is decided here, from their clinic memberships and the
role matrix (`clinics.admin_roles`). Django's model permissions (`auth.Permission`,
groups) are neither needed nor consulted for them: granting `claims.change_claim` to a front-desk user
changes nothing, and a biller needs no permission rows at all. Superusers may do
everything an admin's `operations` allow, in every clinic.

The role matrix
---------------
Each admin belongs to one work `Area`; each membership role grants operations per area,
in that membership's clinic only. The matrix and its table are in `clinics.admin_roles`:
front desk works patients and the schedule, billers work billing, owners and admins
everything of their clinic (staff, API keys, the audit log included); superusers all.

Scoping
-------
Change lists, detail pages, autocomplete results (they go through the related admin's
`get_queryset`), foreign-key choices in forms and filter choices all come from querysets
filtered to the clinics the role allows; another clinic's object is simply not found.

Audit
-----
Saves and deletes go through `clinics.services.object_save` / `object_delete` (or a
model's own service, in that admin), so each one writes an `AuditEvent` with the staff
user as actor, and soft-deleted models are soft-deleted.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from typing import Any, ClassVar

from django.db import models, transaction
from django.http import HttpRequest
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.text import capfirst
from unfold.admin import ModelAdmin, StackedInline, TabularInline

from clinics.admin_fields import INTEGER_LIST_FIELDS, CommaListField, WeeklyHoursField
from clinics.admin_filters import ScopedRelatedFilter
from clinics.admin_forms import TenantAdminForm
from clinics.admin_roles import (
    ADD,
    CHANGE,
    DELETE,
    EDIT,
    FULL,
    READ,
    VIEW,
    Area,
    clinic_id_of,
    clinics_where,
    has_clinic_field,
    is_admin_user,
    roles_by_clinic,
    scope_to_clinics,
)
from clinics.audit import Actor
from clinics.models import Clinic, SoftDeleteModel
from clinics.services import object_delete, object_save
from clinics.validators import validate_weekly_hours

__all__ = [
    "ADD", "CHANGE", "DELETE", "EDIT", "FULL", "READ", "VIEW", "Area", "ReadOnlyInlineMixin", "TenantAccessMixin",
    "TenantAdminForm", "TenantModelAdmin", "TenantStackedInline", "TenantTabularInline",
    "actor_for", "clinic_id_of", "clinics_where", "rendered", "roles_by_clinic", "save_formset_audited",
    "scope_to_clinics", "staff_timezone",
]


def actor_for(request: HttpRequest) -> Actor:
    return Actor.for_user(request.user)


class TenantAccessMixin:
    """Permissions and querysets from the role matrix; shared by model admins and inlines."""

    area: ClassVar[Area]
    #: What anyone (superusers included) may do with this model through the admin.
    operations: ClassVar[frozenset[str]] = FULL

    # Filled in by Django's ModelAdmin / InlineModelAdmin.
    model: type[models.Model]

    def allows(self, request: HttpRequest, operation: str, obj: Any = None) -> bool:
        if operation not in self.operations or not is_admin_user(request):
            return False
        if request.user.is_superuser:
            return True
        clinic_ids = clinics_where(request, self.area, operation)
        if obj is None:
            return bool(clinic_ids)
        return clinic_id_of(obj) in clinic_ids

    def clinic_ids_for(self, request: HttpRequest, *operations: str) -> list[Any] | None:
        """Clinics where the user may do any of `operations` here; None means every clinic."""
        if request.user.is_superuser:
            return None
        ids: list[Any] = []
        for operation in operations:
            if operation in self.operations:
                ids += [i for i in clinics_where(request, self.area, operation) if i not in ids]
        return ids

    def restrict(self, request: HttpRequest, queryset: models.QuerySet[Any], operation: str) -> models.QuerySet[Any]:
        """The part of `queryset` the user may apply `operation` to (for actions)."""
        if operation not in self.operations:
            return queryset.none()
        ids = self.clinic_ids_for(request, operation)
        return queryset if ids is None else scope_to_clinics(queryset, ids)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return self.restrict(request, queryset, VIEW)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return any(self.allows(request, op) for op in (VIEW, ADD, CHANGE, DELETE))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allows(request, VIEW, obj) or self.allows(request, CHANGE, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # For inlines Django passes the parent object: adding rows to it needs the right
        # in the parent's clinic.
        return self.allows(request, ADD, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allows(request, CHANGE, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allows(request, DELETE, obj)

    # --- choices in forms ---------------------------------------------------------------

    def scope_choices(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        ids = self.clinic_ids_for(request, ADD, CHANGE)
        return queryset if ids is None else scope_to_clinics(queryset, ids)

    def _scope_related(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        if "queryset" not in kwargs:
            related = db_field.remote_field.model
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)  # type: ignore[attr-defined]
            if queryset is None:
                queryset = related._default_manager.using(kwargs.get("using")).all()
            kwargs["queryset"] = self.scope_choices(request, queryset)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scope_related(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scope_related(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Lists of codes (diagnoses, modifiers, RARCs, languages) are typed as
        # "E119, I10", and weekly hours one line per day, rather than as raw JSON.
        if isinstance(db_field, models.JSONField) and callable(db_field.default):
            if isinstance(db_field.default(), list):
                return CommaListField(
                    integers=db_field.name in INTEGER_LIST_FIELDS,
                    required=not db_field.blank,
                    label=capfirst(db_field.verbose_name),
                    help_text=db_field.help_text or "Separate values with commas.",
                )
            if validate_weekly_hours in db_field.validators:
                return WeeklyHoursField(required=not db_field.blank, label=capfirst(db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


# --- audited writes of inlines ---------------------------------------------------------


def save_formset_audited(request: HttpRequest, formset: Any) -> None:
    """Save an inline formset row by row through the audited services."""
    actor = actor_for(request)
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        object_delete(actor=actor, instance=obj)
    changed = {id(obj): fields for obj, fields in formset.changed_objects}
    parent_clinic_id = clinic_id_of(formset.instance)
    for obj in instances:
        if has_clinic_field(type(obj)) and obj.clinic_id is None:
            obj.clinic_id = parent_clinic_id
        object_save(actor=actor, instance=obj, changed_fields=changed.get(id(obj)))
    formset.save_m2m()


def _without(fieldsets: Sequence[Any], name: str) -> list[Any]:
    result = []
    for title, options in fieldsets:
        fields = [
            tuple(f for f in line if f != name) if isinstance(line, list | tuple) else line
            for line in options.get("fields", ())
            if line != name
        ]
        result.append((title, {**options, "fields": [f for f in fields if f != ()]}))
    return result


def _swapped(fieldsets: Sequence[Any], swaps: dict[str, str]) -> list[Any]:
    result = []
    for title, options in fieldsets:
        fields = [
            tuple(swaps.get(f, f) for f in line) if isinstance(line, list | tuple) else swaps.get(line, line)
            for line in options.get("fields", ())
        ]
        result.append((title, {**options, "fields": fields}))
    return result


# Typed addresses without a scheme are taken as https (Django 6's default, chosen now).
URL_OVERRIDES: dict[Any, dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


def staff_timezone(request: HttpRequest) -> Any:
    """The time zone staff read and type times in: their clinics' one, when they share one."""
    if request.user.is_superuser:
        return None
    zones = set(Clinic.objects.filter(pk__in=list(roles_by_clinic(request))).values_list("timezone", flat=True))
    return zoneinfo.ZoneInfo(zones.pop()) if len(zones) == 1 else None


def rendered(response: Any) -> Any:
    """The response with its template rendered now, inside the caller's time-zone override.

    A TemplateResponse renders after the view returns, when the override is gone: form
    inputs would then show UTC times that the next POST reads as local ones (each save of
    an unchanged form moving them by the clinic's offset), and read-only times would be UTC.
    """
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.render()
    return response


class TenantModelAdmin(TenantAccessMixin, ModelAdmin):
    """Base admin for tenant-owned models. Subclasses set `area` (and may cap `operations`)."""

    form = TenantAdminForm
    formfield_overrides = URL_OVERRIDES
    list_filter_submit = True
    list_per_page = 50
    show_full_result_count = False
    #: Where the clinic is shown and filtered when the user works for several clinics.
    clinic_column: ClassVar[str | None] = "clinic"
    #: {field: display method} shown instead of a field (raw JSON, say) to users who may
    #: only view the object.
    read_only_displays: ClassVar[dict[str, str]] = {}

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        with timezone.override(staff_timezone(request)):
            return rendered(super().changelist_view(request, extra_context))

    def changeform_view(
        self, request: HttpRequest, object_id: Any = None, form_url: str = "", extra_context: Any = None
    ) -> Any:
        # A front desk in Denver types 9:00 and means 9:00 in Denver.
        with timezone.override(staff_timezone(request)):
            return rendered(super().changeform_view(request, object_id, form_url, extra_context))

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        with timezone.override(staff_timezone(request)):
            return rendered(super().history_view(request, object_id, extra_context))

    def _preset_clinic_id(self, request: HttpRequest) -> Any:
        if not has_clinic_field(self.model) or request.user.is_superuser:
            return None
        ids = self.clinic_ids_for(request, ADD) or []
        return ids[0] if len(ids) == 1 else None

    def sees_several_clinics(self, request: HttpRequest) -> bool:
        ids = self.clinic_ids_for(request, VIEW)
        return ids is None or len(ids) > 1

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        # modelform_factory builds a new class on every call: setting it here is safe.
        form.preset_clinic_id = self._preset_clinic_id(request) if obj is None else None
        return form

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        exclude = list(super().get_exclude(request, obj) or [])
        if obj is None and self._preset_clinic_id(request) is not None:
            exclude.append("clinic")
        return exclude or None

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and self._preset_clinic_id(request) is not None:
            return _without(fieldsets, "clinic")
        if obj is not None and self.read_only_displays and not self.has_change_permission(request, obj):
            return _swapped(fieldsets, self.read_only_displays)
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        readonly += [name for name in self.read_only_displays.values() if name not in readonly]
        # A row never moves between clinics: everything it points to belongs to its clinic.
        if obj is not None and has_clinic_field(self.model) and "clinic" not in readonly:
            readonly.append("clinic")
        return readonly

    def get_list_display(self, request: HttpRequest) -> Any:
        columns = list(super().get_list_display(request))
        if self.clinic_column and self.clinic_column not in columns and self.sees_several_clinics(request):
            columns.append(self.clinic_column)
        return columns

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = list(super().get_list_filter(request))
        if self.clinic_column and self.sees_several_clinics(request):
            filters.append((self.clinic_column, ScopedRelatedFilter))
        return filters

    def get_list_select_related(self, request: HttpRequest) -> Any:
        related = super().get_list_select_related(request)
        if self.clinic_column and self.sees_several_clinics(request) and isinstance(related, list | tuple):
            return [*related, self.clinic_column]
        return related

    # --- writes, all audited ------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        object_save(actor=actor_for(request), instance=obj, changed_fields=form.changed_data if change else None)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        object_delete(actor=actor_for(request), instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in self.restrict(request, queryset, DELETE):
                object_delete(actor=actor_for(request), instance=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        save_formset_audited(request, formset)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        if not issubclass(self.model, SoftDeleteModel):
            return super().get_deleted_objects(objs, request)
        # Soft deletion removes nothing else, so nothing else is listed or protected.
        objs = list(objs)
        lacking = {self.model._meta.verbose_name for obj in objs if not self.has_delete_permission(request, obj)}
        count = {self.model._meta.verbose_name_plural: len(objs)}
        return [str(obj) for obj in objs], count, lacking, []


class TenantInlineMixin(TenantAccessMixin):
    form = TenantAdminForm
    formfield_overrides = URL_OVERRIDES
    extra = 0
    #: Rows take their parent's clinic (no clinic field). False where the parent is not
    #: tenant-owned (a user's memberships).
    clinic_from_parent: ClassVar[bool] = True

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        # A fresh form class per call (inlineformset_factory): the parent's clinic can go on it.
        formset.form.preset_clinic_id = clinic_id_of(obj) if obj is not None else None
        return formset

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        exclude = list(super().get_exclude(request, obj) or [])  # type: ignore[misc]
        # An inline row belongs to its parent's clinic (set on save).
        if self.clinic_from_parent and has_clinic_field(self.model) and "clinic" not in exclude:
            exclude.append("clinic")
        return exclude

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        return [f for f in fields if f != "clinic"] if self.clinic_from_parent else fields


class TenantTabularInline(TenantInlineMixin, TabularInline):
    pass


class TenantStackedInline(TenantInlineMixin, StackedInline):
    pass


class ReadOnlyInlineMixin:
    """An inline that shows related rows (with links) but never edits them."""

    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
