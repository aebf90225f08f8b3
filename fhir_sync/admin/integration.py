"""Sources (secrets shown once, rotated with two valid at once) and the delivery log."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesDropdownFilter
from unfold.decorators import display

from clinics.admin_actions import ConfirmForm, confirmation_page, confirmed_data
from clinics.admin_base import CHANGE, READ, Area, TenantModelAdmin, actor_for, clinics_where, scope_to_clinics
from clinics.admin_filters import ScopedRelatedFilter, values_filter
from fhir_sync import signing
from fhir_sync.models import FhirDelivery, FhirSource
from fhir_sync.services import (
    fhir_delivery_replay,
    fhir_source_drop_previous_secret,
    fhir_source_rotate_secret,
    generate_secret,
)

OUTCOME_LABELS = {
    FhirDelivery.Outcome.PROCESSED: "success",
    FhirDelivery.Outcome.PARTIAL: "warning",
    FhirDelivery.Outcome.QUEUED: "info",
    FhirDelivery.Outcome.RECEIVED: "info",
    FhirDelivery.Outcome.DUPLICATE: "info",
    FhirDelivery.Outcome.REJECTED: "danger",
    FhirDelivery.Outcome.UNAUTHORIZED: "danger",
    FhirDelivery.Outcome.FAILED: "danger",
}
_SHOWN_BODY = 200_000  # characters of a body shown on the page (the stored body is whole)


def pretty_json(value: Any, limit: int = _SHOWN_BODY) -> str:
    text = value if isinstance(value, str) else json.dumps(value, indent=2)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(value), indent=2)
    cut = len(text) > limit
    return format_html(
        '<pre class="font-mono text-xs whitespace-pre-wrap break-all max-h-[40rem] overflow-auto">{}{}</pre>',
        text[:limit],
        "\n… (cut for display)" if cut else "",
    )


def _secret_page(model_admin: Any, request: HttpRequest, title: str, shown: list[tuple[FhirSource, str]]) -> Any:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "shown": shown,
        "source_header": signing.SOURCE_HEADER,
        "signature_header": signing.SIGNATURE_HEADER,
    }
    # admin_view marks admin pages never_cache, so the secret is not kept by browsers or proxies.
    return TemplateResponse(request, "admin/fhir_sync/fhirsource/secret_shown.html", context)


@admin.register(FhirSource)
class FhirSourceAdmin(TenantModelAdmin):
    area = Area.API_KEYS
    list_display = ("name", "base_url", "active", "secrets_state", "secret_rotated_at")
    list_filter = (("active", BooleanRadioFilter),)
    search_fields = ("name", "base_url")
    fields = ("clinic", "name", "base_url", "active", "source_id", "secrets_state", "secret_rotated_at")
    readonly_fields = ("source_id", "secrets_state", "secret_rotated_at")
    actions = ("rotate_secret", "drop_previous_secret")

    @display(description="Source id (X-Nuvae-Source)")
    def source_id(self, obj: FhirSource) -> str:
        return str(obj.pk) if obj.pk and not obj._state.adding else "-"

    @display(description="Secrets")
    def secrets_state(self, obj: FhirSource) -> str:
        if not obj.secret:
            return "-"
        return "current and previous (rotating)" if obj.previous_secret else "current only"

    def save_model(self, request: HttpRequest, obj: FhirSource, form: Any, change: bool) -> None:
        if not change:
            obj.secret = generate_secret()
            obj._shown_secret = obj.secret  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: FhirSource, post_url_continue: str | None = None) -> Any:
        secret = getattr(obj, "_shown_secret", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        return _secret_page(self, request, "FHIR source created", [(obj, secret)])

    def has_rotate_secret_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(clinics_where(request, Area.API_KEYS, CHANGE))

    has_drop_previous_secret_permission = has_rotate_secret_permission

    def _changeable(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if request.user.is_superuser:
            return queryset
        return scope_to_clinics(queryset, clinics_where(request, Area.API_KEYS, CHANGE))

    @admin.action(
        description="Rotate the secret (the old one stays valid until dropped)", permissions=["rotate_secret"]
    )
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet[FhirSource]) -> Any:
        queryset = self._changeable(request, queryset)
        form = ConfirmForm(confirmed_data(request))
        if not form.is_valid():
            return confirmation_page(
                self,
                request,
                queryset,
                form=form,
                title="Rotate signing secrets",
                submit_label="Rotate",
                message="Each source gets a new secret, shown once. Its old secret keeps working until you drop "
                "it, so the sender can switch without losing deliveries.",
            )
        shown = [(source, fhir_source_rotate_secret(source=source, actor=actor_for(request))) for source in queryset]
        return _secret_page(self, request, "New signing secrets", shown)

    @admin.action(description="Drop the previous secret", permissions=["drop_previous_secret"])
    def drop_previous_secret(self, request: HttpRequest, queryset: QuerySet[FhirSource]) -> None:
        count = 0
        for source in self._changeable(request, queryset).exclude(previous_secret=""):
            fhir_source_drop_previous_secret(source=source, actor=actor_for(request))
            count += 1
        self.message_user(request, f"Dropped the previous secret of {count} source(s).", messages.SUCCESS)


@admin.register(FhirDelivery)
class FhirDeliveryAdmin(TenantModelAdmin):
    area = Area.API_KEYS
    operations = READ
    list_display = (
        "received_at",
        "source",
        "outcome_label",
        "http_status",
        "bundle_type",
        "entry_count",
        "short_delivery_id",
        "replay_of",
    )
    list_select_related = ("source", "replay_of")
    list_filter = (
        ("outcome", ChoicesDropdownFilter),
        ("source", ScopedRelatedFilter),
        values_filter("bundle_type", "bundle type"),
    )
    search_fields = ("delivery_id", "body_sha256", "error")
    date_hierarchy = "received_at"
    fields = (
        "clinic",
        "source",
        "received_at",
        "delivery_id",
        "outcome",
        "http_status",
        "error",
        "processed_at",
        "bundle_type",
        "entry_count",
        "replay_of",
        "duplicate_of",
        "summary_view",
        "response_view",
        "headers_view",
        "content_type",
        "body_truncated",
        "body_view",
    )
    readonly_fields = fields
    actions = ("replay",)

    @display(description="Outcome", label=OUTCOME_LABELS, ordering="outcome")
    def outcome_label(self, obj: FhirDelivery) -> tuple[str, str]:
        return obj.outcome, obj.get_outcome_display()

    @display(description="Delivery id")
    def short_delivery_id(self, obj: FhirDelivery) -> str:
        return obj.delivery_id[:24] + ("…" if len(obj.delivery_id) > 24 else "")

    @display(description="Summary")
    def summary_view(self, obj: FhirDelivery) -> str:
        return pretty_json(obj.summary)

    @display(description="Answer sent")
    def response_view(self, obj: FhirDelivery) -> str:
        return pretty_json(obj.response)

    @display(description="Headers (without credentials)")
    def headers_view(self, obj: FhirDelivery) -> str:
        return pretty_json(obj.headers)

    @display(description="Body")
    def body_view(self, obj: FhirDelivery) -> str:
        return pretty_json(obj.body)

    def has_replay_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(clinics_where(request, Area.API_KEYS, CHANGE))

    @admin.action(description="Replay selected deliveries", permissions=["replay"])
    def replay(self, request: HttpRequest, queryset: QuerySet[FhirDelivery]) -> HttpResponse | None:
        if not request.user.is_superuser:
            queryset = scope_to_clinics(queryset, clinics_where(request, Area.API_KEYS, CHANGE))
        queryset = queryset.filter(source__isnull=False, body_truncated=False).select_related("source")
        form = ConfirmForm(confirmed_data(request))
        if not form.is_valid():
            return confirmation_page(
                self,
                request,
                queryset,
                form=form,
                title="Replay deliveries",
                submit_label="Replay",
                message="Each delivery is processed again as a new delivery, without its signature check. "
                "Resources already stored at the same or a newer version are left as they are.",
            )
        outcomes = []
        for delivery in queryset:
            try:
                outcomes.append(fhir_delivery_replay(delivery=delivery, actor=actor_for(request)).delivery.outcome)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
        if outcomes:
            summary = ", ".join(f"{outcomes.count(o)} {o}" for o in sorted(set(outcomes)))
            self.message_user(request, f"Replayed {len(outcomes)} deliveries: {summary}.", messages.SUCCESS)
        return None
