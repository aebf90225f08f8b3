from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for trying Nuvae locally. The only app allowed to import every other app;
    no app imports it (an import-linter contract keeps it so)."""

    name = "demo"
    verbose_name = "Demo data"
