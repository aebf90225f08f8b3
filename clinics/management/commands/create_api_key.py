"""`manage.py create_api_key`: issue an API key for a clinic and print it once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clinics.management.commands._common import command_actor, command_error
from clinics.models import ApiKey, Clinic
from clinics.services import api_key_create


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Create an API key for a clinic. The key is printed once; only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinic", required=True, metavar="SLUG", help="The clinic's slug.")
        parser.add_argument("--env", required=True, choices=ApiKey.Environment.values, help="live or test.")
        parser.add_argument("--name", default="", help="What the key is for (default: 'Created with manage.py').")
        parser.add_argument(
            "--expires-days", type=_positive, default=None, metavar="N", help="Expire the key after N days."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        clinic = Clinic.objects.filter(slug=options["clinic"]).first()
        if clinic is None:
            raise CommandError(f"No clinic with slug {options['clinic']!r}. Create it with create_clinic.")
        if not clinic.is_active:
            self.stderr.write(self.style.WARNING(
                f"{clinic.name} is {clinic.get_status_display().lower()}: the key will be refused until it is active."
            ))
        expires_days = options["expires_days"]
        expires_at = timezone.now() + timedelta(days=expires_days) if expires_days else None
        try:
            key, raw = api_key_create(
                actor=command_actor("create_api_key"), clinic=clinic,
                name=options["name"].strip() or "Created with manage.py", environment=options["env"],
                expires_at=expires_at,
            )
        except ValidationError as exc:
            raise command_error(exc) from None
        self.stdout.write(self.style.SUCCESS(f"Created {key.get_environment_display().lower()} key {key.prefix}… "
                                             f"for {clinic.name} (id {key.pk})."))
        if expires_at:
            self.stdout.write(f"Expires {expires_at:%Y-%m-%d %H:%M} UTC.")
        self.stdout.write("Store it now; it cannot be shown again:")
        self.stdout.write(raw)
