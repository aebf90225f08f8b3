from clinics.models.api_keys import ApiKey, IdempotencyRecord
from clinics.models.audit import AuditEvent, AuditImmutableError
from clinics.models.base import SoftDeleteModel, TenantModel, TimeStampedModel
from clinics.models.clinic import Clinic, Membership
from clinics.models.consent import Consent
from clinics.models.people import Patient, Provider

__all__ = [
    "ApiKey",
    "AuditEvent",
    "AuditImmutableError",
    "Clinic",
    "Consent",
    "IdempotencyRecord",
    "Membership",
    "Patient",
    "Provider",
    "SoftDeleteModel",
    "TenantModel",
    "TimeStampedModel",
]
