"""`manage.py revoke_api_key`: revoke a key by its visible prefix or its id."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinics.management.commands._common import command_actor
from clinics.models import ApiKey
from clinics.services import api_key_revoke


class Command(BaseCommand):
    help = "Revoke an API key, found by its prefix (as shown in the admin, e.g. ar_live_AbCd1234) or its id."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--prefix", help="The start of the key; must match exactly one key.")
        which.add_argument("--id", dest="key_id", help="The key's id (UUID).")

    def handle(self, *args: Any, prefix: str | None, key_id: str | None, **options: Any) -> None:
        key = self._find_by_id(key_id) if key_id else self._find_by_prefix(prefix or "")
        if key.revoked_at is not None:
            revoked = f"{key.revoked_at:%Y-%m-%d}"
            self.stdout.write(f"Key {key.prefix}… of {key.clinic.name} was already revoked on {revoked}.")
            return
        api_key_revoke(actor=command_actor("revoke_api_key"), api_key=key)
        self.stdout.write(self.style.SUCCESS(f"Revoked key {key.prefix}… ({key.name}) of {key.clinic.name}."))

    def _find_by_id(self, value: str) -> ApiKey:
        try:
            pk = uuid.UUID(value)
        except ValueError:
            raise CommandError(f"{value!r} is not a key id (a UUID).") from None
        key = ApiKey.objects.select_related("clinic").filter(pk=pk).first()
        if key is None:
            raise CommandError(f"No API key with id {value}.")
        return key

    def _find_by_prefix(self, value: str) -> ApiKey:
        value = value.strip()
        # At least "ar_live_"/"ar_test_" and one character: a bare "ar_" would match every key.
        if len(value) < 9 or not value.startswith(("ar_live_", "ar_test_")):
            raise CommandError("A prefix starts with ar_live_ or ar_test_ and has at least one more character.")
        # Prefixes are stored truncated; a full key given by mistake still finds its prefix.
        matches = list(ApiKey.objects.select_related("clinic").filter(prefix__startswith=value[:16])[:11])
        if not matches:
            raise CommandError(f"No API key starts with {value!r}.")
        if len(matches) > 1:
            listed = ", ".join(f"{k.prefix}… ({k.clinic.slug}, id {k.pk})" for k in matches[:10])
            raise CommandError(f"{value!r} matches more than one key: {listed}. Give a longer prefix or --id.")
        return matches[0]
