from django.apps import AppConfig


class FhirSyncConfig(AppConfig):
    name = "fhir_sync"
    verbose_name = "FHIR sync"
    default_auto_field = "django.db.models.BigAutoField"
