"""Clinical records (read-only: the EHR owns them), match suggestions, and the patient
chart: a patient's page with every kind of record, newest first, and links to the full
lists filtered to that patient."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from unfold.contrib.filters.admin import ChoicesDropdownFilter, DropdownFilter
from unfold.decorators import display

from clinics.admin_base import CHANGE, READ, Area, TenantModelAdmin, actor_for, clinics_where, scope_to_clinics
from clinics.admin_filters import values_filter
from clinics.models import Patient
from fhir_sync.admin.integration import pretty_json
from fhir_sync.models import (
    AllergyIntolerance,
    Condition,
    Coverage,
    Encounter,
    MedicationRequest,
    Observation,
    PatientChart,
    PatientMatchSuggestion,
    Procedure,
)
from fhir_sync.selectors import RECORD_MODELS, patient_clinical_summary

CHART_ROWS = 10


class PatientFilter(DropdownFilter):
    """`?patient=<id>`: the records of one patient (the chart links here)."""

    title = "patient"
    parameter_name = "patient"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        value = self.value()
        if not value:
            return []
        patient = (
            scope_to_clinics(Patient.objects.all(), _visible_clinics(request, model_admin))
            .filter(pk=_uuid(value))
            .first()
        )
        return [(str(patient.pk), patient.full_name)] if patient else []

    def has_output(self) -> bool:
        return bool(self.value())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(patient_id=_uuid(value)) if value else queryset


def _uuid(value: Any) -> Any:
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _visible_clinics(request: HttpRequest, model_admin: Any) -> list[Any]:
    ids = model_admin.clinic_ids_for(request, "view")
    if ids is None:
        from clinics.models import Clinic

        return list(Clinic.objects.values_list("pk", flat=True))
    return ids


def _chart_link(patient: Patient) -> str:
    url = reverse("admin:fhir_sync_patientchart_change", args=[patient.pk])
    return format_html('<a class="text-primary-600" href="{}">{}</a>', url, patient.full_name)


class ClinicalRecordAdmin(TenantModelAdmin):
    area = Area.PATIENTS
    operations = READ
    list_select_related: tuple[str, ...] = ("patient", "clinic")
    search_fields = ("patient__last_name", "patient__first_name", "patient__mrn", "code", "display")
    search_help_text = "Patient name or MRN, code or description"
    list_per_page = 100
    record_fields: ClassVar[tuple[str, ...]] = ()

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [PatientFilter, *super().get_list_filter(request)]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            "clinic",
            "patient_chart",
            "status",
            "code",
            "code_system",
            "display",
            *self.record_fields,
            "fhir_source",
            "raw_json",
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    @display(description="Patient", ordering="patient__last_name")
    def patient_chart(self, obj: Any) -> str:
        return _chart_link(obj.patient)

    @display(description="Source")
    def fhir_source(self, obj: Any) -> str:
        return f"{obj.resource.source} · {obj.resource}"

    @display(description="FHIR resource (as received)")
    def raw_json(self, obj: Any) -> str:
        return pretty_json(obj.resource.raw)


@admin.register(Encounter)
class EncounterAdmin(ClinicalRecordAdmin):
    list_display = ("period_start", "patient_chart", "display", "class_code", "status", "provider", "reason_display")
    list_select_related = ("patient", "clinic", "provider")
    list_filter = (values_filter("class_code", "class"), values_filter("status", "status"))
    date_hierarchy = "period_start"
    record_fields = (
        "class_code",
        "period_start",
        "period_end",
        "reason_code",
        "reason_display",
        "provider",
        "participants",
        "service_provider",
    )


@admin.register(Condition)
class ConditionAdmin(ClinicalRecordAdmin):
    list_display = ("onset_at", "patient_chart", "display", "icd10_code", "snomed_code", "clinical_status")
    list_filter = (values_filter("clinical_status", "clinical status"), ("code_system", ChoicesDropdownFilter))
    record_fields = (
        "icd10_code",
        "snomed_code",
        "clinical_status",
        "verification_status",
        "onset_at",
        "abated_at",
        "recorded_at",
        "encounter",
    )


@admin.register(Procedure)
class ProcedureAdmin(ClinicalRecordAdmin):
    list_display = ("performed_start", "patient_chart", "display", "cpt_code", "hcpcs_code", "snomed_code", "status")
    list_filter = (values_filter("status", "status"), ("code_system", ChoicesDropdownFilter))
    record_fields = ("cpt_code", "hcpcs_code", "snomed_code", "performed_start", "performed_end", "encounter")


@admin.register(Observation)
class ObservationAdmin(ClinicalRecordAdmin):
    list_display = ("effective_at", "patient_chart", "display", "code", "value", "category")
    list_filter = (values_filter("category", "category"), ("code_system", ChoicesDropdownFilter))
    record_fields = ("category", "effective_at", "value_quantity", "unit", "value_text", "components", "encounter")

    @display(description="Value")
    def value(self, obj: Observation) -> str:
        if obj.value_quantity is not None:
            return f"{obj.value_quantity:g} {obj.unit}".strip()
        return obj.value_text


@admin.register(AllergyIntolerance)
class AllergyIntoleranceAdmin(ClinicalRecordAdmin):
    list_display = ("display", "patient_chart", "criticality", "clinical_status", "category")
    list_filter = (values_filter("clinical_status", "clinical status"), values_filter("criticality", "criticality"))
    record_fields = (
        "clinical_status",
        "verification_status",
        "allergy_type",
        "category",
        "criticality",
        "onset_at",
        "recorded_at",
        "reactions",
    )


@admin.register(Coverage)
class CoverageAdmin(ClinicalRecordAdmin):
    list_display = ("patient_chart", "payer", "payor_display", "member_id", "plan_name", "status", "period_start")
    list_select_related = ("patient", "clinic", "payer")
    list_filter = (values_filter("status", "status"),)
    record_fields = (
        "payer",
        "payor_display",
        "member_id",
        "plan_name",
        "group",
        "relationship",
        "period_start",
        "period_end",
    )


@admin.register(MedicationRequest)
class MedicationRequestAdmin(ClinicalRecordAdmin):
    list_display = ("authored_at", "patient_chart", "display", "status", "intent", "requester_display")
    list_filter = (values_filter("status", "status"), values_filter("intent", "intent"))
    record_fields = ("intent", "authored_at", "requester", "requester_display", "dosage_text", "encounter")


@admin.register(PatientMatchSuggestion)
class PatientMatchSuggestionAdmin(TenantModelAdmin):
    area = Area.PATIENTS
    operations = READ
    list_display = ("created_at", "patient", "candidate", "reason", "status")
    list_select_related = ("patient", "candidate", "clinic")
    list_filter = (("status", ChoicesDropdownFilter),)
    search_fields = ("patient__last_name", "candidate__last_name", "reason")
    fields = ("clinic", "patient", "candidate", "reason", "status", "resolved_by", "resolved_at")
    readonly_fields = fields
    actions = ("mark_same_person", "mark_different")

    def has_resolve_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(clinics_where(request, Area.PATIENTS, CHANGE))

    def _resolve(self, request: HttpRequest, queryset: QuerySet[Any], status: str) -> None:
        from fhir_sync.services import match_suggestion_resolve

        if not request.user.is_superuser:
            queryset = scope_to_clinics(queryset, clinics_where(request, Area.PATIENTS, CHANGE))
        count = 0
        for suggestion in queryset.filter(status=PatientMatchSuggestion.Status.OPEN):
            match_suggestion_resolve(suggestion=suggestion, status=status, actor=actor_for(request))
            count += 1
        self.message_user(request, f"Answered {count} suggestion(s).", messages.SUCCESS)

    @admin.action(description="Same person (merge the records by hand)", permissions=["resolve"])
    def mark_same_person(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._resolve(request, queryset, PatientMatchSuggestion.Status.SAME_PERSON)

    @admin.action(description="Different people", permissions=["resolve"])
    def mark_different(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._resolve(request, queryset, PatientMatchSuggestion.Status.DIFFERENT)


# --- the chart -------------------------------------------------------------------------

_COLUMNS: dict[str, tuple[tuple[str, Any], ...]] = {
    "encounters": (
        ("Start", lambda r: r.period_start),
        ("Type", lambda r: r.display),
        ("Class", lambda r: r.class_code),
        ("Provider", lambda r: r.provider or ""),
        ("Reason", lambda r: r.reason_display),
    ),
    "conditions": (
        ("Onset", lambda r: r.onset_at),
        ("Condition", lambda r: r.display),
        ("ICD-10-CM", lambda r: r.icd10_code),
        ("SNOMED", lambda r: r.snomed_code),
        ("Status", lambda r: r.clinical_status),
    ),
    "procedures": (
        ("Performed", lambda r: r.performed_start),
        ("Procedure", lambda r: r.display),
        ("CPT", lambda r: r.cpt_code),
        ("SNOMED", lambda r: r.snomed_code),
    ),
    "observations": (
        ("When", lambda r: r.effective_at),
        ("Observation", lambda r: r.display),
        ("LOINC", lambda r: r.loinc_code),
        ("Value", lambda r: f"{r.value_quantity:g} {r.unit}" if r.value_quantity is not None else r.value_text),
    ),
    "allergies": (
        ("Allergy", lambda r: r.display),
        ("Criticality", lambda r: r.criticality),
        ("Status", lambda r: r.clinical_status),
    ),
    "coverage": (
        ("Payer", lambda r: r.payer or r.payor_display),
        ("Member id", lambda r: r.member_id),
        ("Plan", lambda r: r.plan_name),
        ("From", lambda r: r.period_start),
    ),
    "medication_requests": (
        ("Written", lambda r: r.authored_at),
        ("Medication", lambda r: r.display),
        ("Status", lambda r: r.status),
    ),
}


def _table(rows: list[Any], columns: tuple[tuple[str, Any], ...]) -> str:
    head = format_html_join("", '<th class="text-left pr-4">{}</th>', ((title,) for title, _ in columns))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (format_html_join("", '<td class="pr-4">{}</td>', ((value(row) or "",) for _, value in columns)),)
            for row in rows
        ),
    )
    return format_html('<table class="text-sm"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>', head, body)


def _section(kind: str) -> Any:
    model = RECORD_MODELS[kind]

    @display(description=str(model._meta.verbose_name_plural).capitalize())
    def section(self: Any, obj: Patient) -> str:
        summary = self._summary(obj)
        rows, count = getattr(summary, kind), summary.counts[kind]
        if not count:
            return "None received."
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"?patient={obj.pk}"
        link = format_html(
            '<p class="mt-2"><a class="text-primary-600" href="{}">All {} {} →</a></p>',
            url,
            count,
            opts.verbose_name_plural,
        )
        return format_html("{}{}", _table(rows, _COLUMNS[kind]), link)

    section.__name__ = f"{kind}_section"
    return section


@admin.register(PatientChart)
class PatientChartAdmin(TenantModelAdmin):
    """The patient's page for clinical records (the patient's own page stays in clinics)."""

    area = Area.PATIENTS
    operations = READ
    list_display = ("chart_name", "date_of_birth", "mrn")
    list_select_related = ("clinic",)
    search_fields = ("first_name", "last_name", "mrn")
    ordering = ("last_name", "first_name")
    sections = tuple(f"{kind}_section" for kind in RECORD_MODELS)
    fieldsets = (
        (None, {"fields": ("clinic", "patient_page", "date_of_birth", "mrn")}),
        ("Clinical records (newest first)", {"fields": sections}),
    )
    readonly_fields = ("clinic", "patient_page", "date_of_birth", "mrn", *sections)

    locals().update({f"{kind}_section": _section(kind) for kind in RECORD_MODELS})

    @display(description="Patient", ordering="last_name")
    def chart_name(self, obj: Patient) -> str:
        return f"{obj.last_name}, {obj.first_name}"

    @display(description="Patient record")
    def patient_page(self, obj: Patient) -> str:
        url = reverse("admin:clinics_patient_change", args=[obj.pk])
        return format_html('<a class="text-primary-600" href="{}">{}</a>', url, obj.full_name)

    def _summary(self, obj: Patient) -> Any:
        cached = getattr(obj, "_clinical_summary", None)
        if cached is None:
            cached = patient_clinical_summary(clinic=obj.clinic, patient=obj, limit=CHART_ROWS)
            obj._clinical_summary = cached  # type: ignore[attr-defined]
        return cached
