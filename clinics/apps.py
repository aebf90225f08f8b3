from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "clinics"
    verbose_name = "Clinics and people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from clinics import receivers  # noqa: F401  (staff login audit hooks)
