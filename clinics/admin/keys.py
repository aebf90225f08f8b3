"""API keys: created (the raw key shown once), listed by prefix, revoked; never edited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from unfold.contrib.filters.admin import ChoicesDropdownFilter, DropdownFilter
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminSplitDateTimeWidget, UnfoldAdminTextInputWidget

from clinics.admin_actions import confirm_then_each
from clinics.admin_base import (
    ADD,
    CHANGE,
    VIEW,
    Area,
    TenantModelAdmin,
    actor_for,
    clinics_where,
    rendered,
    scope_to_clinics,
    staff_timezone,
)
from clinics.models import ApiKey, Clinic
from clinics.services import api_key_create, api_key_revoke

STATE_LABELS = {"active": "success", "revoked": "danger", "expired": "warning"}


def key_state(key: ApiKey) -> str:
    if key.is_revoked:
        return "revoked"
    if key.is_expired:
        return "expired"
    return "active"


class KeyStateFilter(DropdownFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("active", "Active"), ("revoked", "Revoked"), ("expired", "Expired")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        now = timezone.now()
        value = self.value()
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if value == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        if value == "active":
            return queryset.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True)
        return queryset


class ApiKeyCreateForm(forms.Form):
    clinic = forms.ModelChoiceField(queryset=Clinic.objects.none(), widget=UnfoldAdminSelectWidget)
    name = forms.CharField(
        max_length=100, widget=UnfoldAdminTextInputWidget, help_text="Where the key is used, e.g. “EHR sync”."
    )
    environment = forms.ChoiceField(
        choices=ApiKey.Environment.choices, initial=ApiKey.Environment.LIVE, widget=UnfoldAdminSelectWidget
    )
    expires_at = forms.SplitDateTimeField(
        required=False, widget=UnfoldAdminSplitDateTimeWidget, help_text="Leave empty for a key that does not expire."
    )

    def __init__(self, *args: Any, clinics: QuerySet[Clinic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only_clinic = clinics[0] if len(clinics) == 1 else None
        if self.only_clinic is not None:
            del self.fields["clinic"]
        else:
            field: Any = self.fields["clinic"]
            field.queryset = clinics

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.only_clinic is not None:
            data["clinic"] = self.only_clinic
        return data

    def clean_expires_at(self) -> Any:
        value = self.cleaned_data.get("expires_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError("The expiry must be in the future.")
        return value


@admin.register(ApiKey)
class ApiKeyAdmin(TenantModelAdmin):
    area = Area.API_KEYS
    # Keys are never edited or deleted (audit rows name them): they are revoked.
    operations = frozenset({VIEW, ADD})
    list_display = (
        "name", "prefix_code", "environment", "state_label", "created_at", "created_by", "last_used_at", "expires_at",
    )
    list_select_related = ("clinic", "created_by")
    list_filter = (("environment", ChoicesDropdownFilter), KeyStateFilter)
    search_fields = ("name", "prefix")
    fields = ("clinic", "name", "environment", "prefix", "created_at", "created_by", "last_used_at", "expires_at",
              "revoked_at")
    readonly_fields = fields
    actions = ("revoke",)

    @display(description="Key", ordering="prefix")
    def prefix_code(self, obj: ApiKey) -> str:
        return f"{obj.prefix}…"

    @display(description="State", label=STATE_LABELS)
    def state_label(self, obj: ApiKey) -> tuple[str, str]:
        state = key_state(obj)
        return state, state.title()

    # --- revoking ------------------------------------------------------------------------

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(clinics_where(request, Area.API_KEYS, CHANGE))

    @admin.action(description="Revoke selected API keys", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> Any:
        if not request.user.is_superuser:
            queryset = scope_to_clinics(queryset, clinics_where(request, Area.API_KEYS, CHANGE))
        actor = actor_for(request)
        return confirm_then_each(
            self, request, queryset.filter(revoked_at__isnull=True).select_related("clinic"),
            title="Revoke API keys",
            message="Requests with these keys will be refused at once. This cannot be undone.",
            submit_label="Revoke",
            apply=lambda key: api_key_revoke(actor=actor, api_key=key),
            done="Revoked {count} API key(s).",
        )

    # --- creating: the raw key is shown on the response to the POST and nowhere else -----

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        # The expiry is typed, and shown, in the clinic's time.
        with timezone.override(staff_timezone(request)):
            return rendered(self._add_key(request))

    def _add_key(self, request: HttpRequest) -> HttpResponse:
        clinic_ids = self.clinic_ids_for(request, ADD)
        clinics = Clinic.objects.all() if clinic_ids is None else Clinic.objects.filter(pk__in=clinic_ids)
        form = ApiKeyCreateForm(request.POST or None, clinics=clinics)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form}
        if request.method == "POST" and form.is_valid():
            key, raw = api_key_create(
                actor=actor_for(request),
                clinic=form.cleaned_data["clinic"],
                name=form.cleaned_data["name"],
                environment=form.cleaned_data["environment"],
                expires_at=form.cleaned_data["expires_at"],
            )
            context.update({"title": "API key created", "api_key": key, "raw_key": raw})
            # admin_view marks every admin page never_cache, this one (which carries the
            # secret) included, so browsers and proxies do not keep it.
            return TemplateResponse(request, "admin/clinics/apikey/key_created.html", context)
        context["title"] = "Create API key"
        return TemplateResponse(request, "admin/clinics/apikey/add_key.html", context)
