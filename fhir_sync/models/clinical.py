"""Clinical records projected from FHIR resources, for appeals, the assistant and the
receptionist. Each row belongs to one `FhirResource` (its raw JSON and version) and one
clinic patient; rows are written only by ingestion and are read-only in the admin."""

from __future__ import annotations

from django.db import models

from clinics.models import TenantModel


class CodeSystem(models.TextChoices):
    ICD10CM = "icd10cm", "ICD-10-CM"
    SNOMED = "snomed", "SNOMED CT"
    LOINC = "loinc", "LOINC"
    CPT = "cpt", "CPT"
    HCPCS = "hcpcs", "HCPCS"
    RXNORM = "rxnorm", "RxNorm"
    CVX = "cvx", "CVX"
    OTHER = "other", "Other"


class ClinicalRecord(TenantModel):
    resource = models.OneToOneField("fhir_sync.FhirResource", on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey("clinics.Patient", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=32, blank=True)
    code = models.CharField(max_length=64, blank=True)
    code_system = models.CharField(max_length=8, choices=CodeSystem.choices, blank=True)
    display = models.CharField(max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display or self.code or str(self.pk)


class Encounter(ClinicalRecord):
    """`code`/`display`: the first type coding."""

    class_code = models.CharField(max_length=16, blank=True, help_text="AMB, EMER, IMP, …")
    period_start = models.DateTimeField(null=True, blank=True, db_index=True)
    period_end = models.DateTimeField(null=True, blank=True)
    reason_code = models.CharField(max_length=64, blank=True)
    reason_display = models.CharField(max_length=255, blank=True)
    provider = models.ForeignKey(
        "clinics.Provider",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The first participant matched to a provider (by NPI).",
    )
    participants = models.JSONField(default=list, blank=True, help_text="[{reference, display, provider_id}]")
    service_provider = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-period_start"]
        indexes = [models.Index(fields=["clinic", "patient", "period_start"], name="fhir_encounter_patient")]


class Condition(ClinicalRecord):
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    icd10_code = models.CharField(max_length=16, blank=True, verbose_name="ICD-10-CM", db_index=True)
    snomed_code = models.CharField(max_length=32, blank=True, verbose_name="SNOMED CT")
    clinical_status = models.CharField(max_length=16, blank=True)
    verification_status = models.CharField(max_length=24, blank=True)
    onset_at = models.DateTimeField(null=True, blank=True)
    abated_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-onset_at"]
        indexes = [models.Index(fields=["clinic", "patient"], name="fhir_condition_patient")]


class Procedure(ClinicalRecord):
    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cpt_code = models.CharField(max_length=8, blank=True, verbose_name="CPT")
    hcpcs_code = models.CharField(max_length=8, blank=True, verbose_name="HCPCS")
    snomed_code = models.CharField(max_length=32, blank=True, verbose_name="SNOMED CT")
    performed_start = models.DateTimeField(null=True, blank=True)
    performed_end = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-performed_start"]
        indexes = [models.Index(fields=["clinic", "patient"], name="fhir_procedure_patient")]


class Observation(ClinicalRecord):
    """`code` is the LOINC code when the observation has one (`code_system` says)."""

    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    category = models.CharField(max_length=32, blank=True)
    effective_at = models.DateTimeField(null=True, blank=True)
    # A measurement, not money: a float keeps what the EHR sent to double precision (the
    # exact text stays in the raw JSON).
    value_quantity = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=64, blank=True)
    value_text = models.CharField(max_length=255, blank=True, help_text="Coded, string or component values.")
    components = models.JSONField(default=list, blank=True, help_text="[{code, display, value, unit}]")

    class Meta:
        ordering = ["-effective_at"]
        indexes = [models.Index(fields=["clinic", "patient", "code"], name="fhir_observation_patient")]

    @property
    def loinc_code(self) -> str:
        return self.code if self.code_system == CodeSystem.LOINC else ""


class AllergyIntolerance(ClinicalRecord):
    clinical_status = models.CharField(max_length=16, blank=True)
    verification_status = models.CharField(max_length=24, blank=True)
    allergy_type = models.CharField(max_length=16, blank=True, help_text="allergy or intolerance")
    category = models.CharField(max_length=64, blank=True)
    criticality = models.CharField(max_length=16, blank=True)
    onset_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    reactions = models.JSONField(default=list, blank=True, help_text="Manifestations as text.")

    class Meta:
        ordering = ["display"]
        verbose_name = "allergy or intolerance"
        verbose_name_plural = "allergies and intolerances"
        indexes = [models.Index(fields=["clinic", "patient"], name="fhir_allergy_patient")]


class Coverage(ClinicalRecord):
    """`code`/`display`: the coverage type (e.g. HMO, Medicare)."""

    payer = models.ForeignKey(
        "contracts.Payer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinic's payer, when the payor could be identified (payer id or exact name).",
    )
    payor_display = models.CharField(max_length=255, blank=True)
    member_id = models.CharField(max_length=100, blank=True)
    plan_name = models.CharField(max_length=200, blank=True)
    group = models.CharField(max_length=100, blank=True)
    relationship = models.CharField(max_length=32, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start"]
        verbose_name_plural = "coverage"
        indexes = [models.Index(fields=["clinic", "patient"], name="fhir_coverage_patient")]


class MedicationRequest(ClinicalRecord):
    """`code`/`display`: the medication (RxNorm when coded)."""

    encounter = models.ForeignKey(Encounter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    intent = models.CharField(max_length=24, blank=True)
    authored_at = models.DateTimeField(null=True, blank=True)
    requester = models.ForeignKey(
        "clinics.Provider", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requester_display = models.CharField(max_length=255, blank=True)
    dosage_text = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-authored_at"]
        indexes = [models.Index(fields=["clinic", "patient"], name="fhir_medrequest_patient")]
