"""FHIR sync in the admin: sources and their secrets, the delivery log (with replay),
patient match suggestions, and the clinical records, each kind filterable by patient and
gathered on a patient's chart page (`PatientChart`)."""

from fhir_sync.admin import integration, records  # noqa: F401 - registers the admins
