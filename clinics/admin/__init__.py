"""The clinics app's admin: tenancy (clinics, staff, API keys), people, the audit log, and
the platform's own models (users, groups, beat schedules) restyled for the theme."""

from clinics.admin import audit, auth, consent, keys, people, schedules, tenancy

__all__ = ["audit", "auth", "consent", "keys", "people", "schedules", "tenancy"]
