"""`manage.py create_clinic`: create a tenant, validated like every other write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinics.management.commands._common import command_actor, command_error
from clinics.models import Clinic
from clinics.services import clinic_create


class Command(BaseCommand):
    help = "Create a clinic (the tenant). Then create an API key for it with create_api_key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="Display name, e.g. 'Maple Street Family Medicine'.")
        parser.add_argument("--slug", required=True, help="Unique short id used in URLs and commands, e.g. maple.")
        parser.add_argument("--timezone", default="America/New_York", help="IANA time zone (default %(default)s).")
        parser.add_argument(
            "--tier", default=Clinic.RateLimitTier.STANDARD, choices=Clinic.RateLimitTier.values,
            help="API rate-limit tier (default %(default)s).",
        )
        parser.add_argument("--email", default="", help="Front-desk email address.")
        parser.add_argument("--phone", default="", help="Front-desk phone number (stored as E.164).")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"].strip()
        if Clinic.objects.filter(slug=slug).exists():
            raise CommandError(f"A clinic with slug {slug!r} already exists.")
        try:
            clinic = clinic_create(
                actor=command_actor("create_clinic"), name=options["name"].strip(), slug=slug,
                timezone=options["timezone"], rate_limit_tier=options["tier"], email=options["email"],
                phone=options["phone"],
            )
        except ValidationError as exc:
            raise command_error(exc) from None
        self.stdout.write(self.style.SUCCESS(f"Created clinic {clinic.name} (slug {clinic.slug}, id {clinic.pk})."))
        self.stdout.write(f"Next: manage.py create_api_key --clinic {clinic.slug} --env live")
