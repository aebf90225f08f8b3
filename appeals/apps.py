from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    default_auto_field = "django.db.models.BigAutoField"
