"""The bundled code sets, so a new install (and the demo) describes CARC/RARC codes and
checks ICD-10-CM and HCPCS codes from the start. `manage.py load_codes` refreshes them."""

from typing import Any

from django.db import migrations


def forward(apps: Any, schema_editor: Any) -> None:
    from claims.codes.loader import load_codes

    load_codes(apps.get_model("claims", "Code"))


def reverse(apps: Any, schema_editor: Any) -> None:
    apps.get_model("claims", "Code").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_edi_import")]

    operations = [migrations.RunPython(forward, reverse)]
