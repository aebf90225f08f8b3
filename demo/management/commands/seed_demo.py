"""`manage.py seed_demo`: load the demo data set (idempotent) and print how to try it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.seed import seed_demo
from demo.seed.data import ADMIN_USERNAME, DEMO_PASSWORD
from demo.seed.widget import demo_origins

SAMPLE_BUNDLE = "fhir_sync/tests/fixtures/synthea/Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json.gz"


class Command(BaseCommand):
    help = (
        "Create the demo clinics, staff, providers, patients, payers, appointments, claims, remittances and "
        "denials. Safe to run again: it only adds what is missing. Refuses to run in staging or production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Where the server answers, for the printed links."
        )
        parser.add_argument(
            "--force", action="store_true",
            help="Run even in a deployed environment (it creates users and API keys with published secrets).",
        )

    def handle(self, *args: Any, base_url: str, force: bool, **options: Any) -> None:
        if settings.IS_DEPLOYED and not force:
            raise CommandError(
                f"Refusing to seed demo data in the {settings.ENVIRONMENT} environment: it creates an admin "
                "and API keys whose secrets are published in the README. Pass --force if you really mean it."
            )
        if settings.IS_DEPLOYED:
            self.stderr.write(self.style.WARNING("--force: seeding demo data with published credentials."))
        clinics, created = seed_demo(origins=demo_origins(base_url))
        self._report(clinics, created, base_url.rstrip("/"))

    def _report(self, clinics: list[Any], created: Any, base: str) -> None:
        out = self.stdout.write
        if created:
            out("Created " + ", ".join(f"{count} {name}" for name, count in sorted(created.items())) + ".")
        else:
            out("Demo data already present; nothing to add.")
        out("")
        out(self.style.SUCCESS("Nuvae demo"))
        out(f"  Admin          {base}/admin/")
        out(f"  API docs       {base}/api/docs/   (ReDoc: {base}/api/redoc/)")
        out(f"  Health         {base}/health")
        out("")
        out(f"  Admin login    {ADMIN_USERNAME} / {DEMO_PASSWORD}   (superuser; demo only)")
        staff = ", ".join(f"{c.spec.slug}.{key}" for c in clinics for key, _ in c.spec.staff)
        out(f"  Staff logins   {staff}   (same password)")
        out("")
        out("  Demo API keys (test keys, published: never use them in production)")
        for clinic in clinics:
            note = "" if clinic.api_key_usable else "   (revoked or expired: create another with create_api_key)"
            out(f"    {clinic.spec.slug:<8} {clinic.api_key}{note}")
        out("")
        out("  Demo FHIR sources (published secrets: never use them in production)")
        for clinic in clinics:
            out(f"    {clinic.spec.slug:<8} source {clinic.fhir_source_id}  secret {clinic.fhir_secret}")
        out("")
        out(f"  Chat widget    {base}/widget/demo/   (widget keys: " + ", ".join(
            f"{c.spec.slug} {c.widget_key}" for c in clinics) + ")")
        first = clinics[0]
        out("")
        out(f'  Try: curl -H "Authorization: Bearer {first.api_key}" {base}/api/v1/clinic/')
        out(f"  Send FHIR: .venv/bin/python scripts/fhir_send.py {SAMPLE_BUNDLE} \\")
        out(f"             --source {first.fhir_source_id} --secret {first.fhir_secret} --url {base}/hooks/fhir --send")
