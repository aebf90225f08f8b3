"""Load (or reload) the CARC, RARC, ICD-10-CM and HCPCS Level II tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.codes.loader import BUNDLED, load_codes
from claims.models import Code


class Command(BaseCommand):
    help = (
        "Load code sets from a folder of CSV files (carc, rarc, plb, hcpcs, hcpcs_modifiers, icd10cm; "
        ".csv or .csv.gz). Each system found replaces its rows; CPT descriptions are never loaded."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--source", type=Path, default=BUNDLED, help="Folder with the CSV files")
        parser.add_argument(
            "--system",
            action="append",
            choices=["CARC", "RARC", "PLB", "HCPCS", "HCPCSMOD", "ICD10CM"],
            help="Only these systems",
        )

    def handle(self, *args: Any, source: Path, system: list[str] | None, **options: Any) -> None:
        if not source.is_dir():
            raise CommandError(f"{source} is not a folder.")
        with transaction.atomic():
            loaded = load_codes(Code, source, system)
        if not loaded:
            raise CommandError(f"No code files found in {source}.")
        for name, count in loaded.items():
            self.stdout.write(f"{name}: {count} codes")
