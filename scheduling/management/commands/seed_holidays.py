"""`manage.py seed_holidays`: create the coming year's US federal-holiday closures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinics.audit import Actor
from clinics.clinic_settings import SCHEDULING_KEY, scheduling_settings
from clinics.models import Clinic
from scheduling.services import closures_seed_federal_holidays


class Command(BaseCommand):
    help = (
        "Create closures for the US federal holidays of the next 365 days, for every clinic that opted in "
        f"(settings.{SCHEDULING_KEY}.federal_holidays) or the one named. Safe to run again: existing days "
        "are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinic", help="The clinic's slug (it must have opted in).")

    def handle(self, *args: Any, clinic: str | None, **options: Any) -> None:
        if clinic:
            found = Clinic.objects.filter(slug=clinic).first()
            if found is None:
                raise CommandError(f"No clinic with slug {clinic!r}.")
            if not scheduling_settings(found).federal_holidays:
                raise CommandError(
                    f"{found.name} has not opted in: set settings.{SCHEDULING_KEY}.federal_holidays to true."
                )
            clinics = [found]
        else:
            clinics = list(Clinic.objects.filter(**{f"settings__{SCHEDULING_KEY}__federal_holidays": True}))
        actor = Actor.system("manage.py seed_holidays")
        for each in clinics:
            created = closures_seed_federal_holidays(clinic=each, actor=actor)
            self.stdout.write(f"{each.name}: {len(created)} holiday closure(s) added.")
        if not clinics:
            self.stdout.write("No clinic has opted in to federal-holiday closures.")
