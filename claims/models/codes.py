"""Reference code sets: CARC, RARC, ICD-10-CM, HCPCS Level II (no CPT descriptions: the
AMA licenses them). Shared by every clinic, loaded by `manage.py load_codes`."""

from __future__ import annotations

from django.db import models


class CodeSystem(models.TextChoices):
    CARC = "CARC", "Claim adjustment reason code"
    RARC = "RARC", "Remittance advice remark code"
    ICD10CM = "ICD10CM", "ICD-10-CM"
    HCPCS = "HCPCS", "HCPCS Level II"
    HCPCS_MODIFIER = "HCPCSMOD", "HCPCS modifier"
    PLB = "PLB", "Provider-level adjustment reason"


class Code(models.Model):
    system = models.CharField(max_length=8, choices=CodeSystem.choices)
    code = models.CharField(max_length=10)
    description = models.TextField()
    short_description = models.CharField(max_length=120, blank=True)
    effective_from = models.DateField(null=True, blank=True)
    effective_to = models.DateField(null=True, blank=True)
    billable = models.BooleanField(default=True, help_text="ICD-10-CM: a code, not a category header")
    source = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["system", "code"]
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="code_unique_in_system")]

    def __str__(self) -> str:
        return f"{self.system} {self.code}"
