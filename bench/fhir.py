#!/usr/bin/env python3
"""FHIR ingestion throughput: end to end (signature, delivery log, JSON, R4B validation,
reference checks, upsert, matching, clinical records, audit, commit) beside
`fhir.resources` validation alone on the same bundles, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nuvae .venv/bin/python bench/fhir.py [--copies 12]

Inputs: every Synthea bundle in fhir_sync/tests/fixtures/synthea/, then one generated
large bundle (the patient bundles repeated `--copies` times with fresh ids, so each copy
is a new patient). Everything is written into a scratch database (`TEST_DATABASE_NAME`,
default test_nuvae_bench), created and dropped by the run; your data is not touched.
Target: end to end at least half the speed of validation alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Python puts this script's folder first on the path, where this file would shadow the
# `fhir` package (fhir.resources): the project root goes there instead.
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuvae.settings")
os.environ.setdefault("NUVAE_ENV", "test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from fhir.resources.R4B import get_fhir_model_class  # noqa: E402

SYNTHEA = ROOT / "fhir_sync" / "tests" / "fixtures" / "synthea"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _renamer(copy: int) -> Any:
    def rename(match: re.Match[str]) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_OID, f"{copy}:{match.group(0)}"))

    return rename


def load_inputs(copies: int) -> list[tuple[str, bytes]]:
    inputs = [(p.name.removesuffix(".json.gz"), gzip.decompress(p.read_bytes())) for p in sorted(SYNTHEA.glob("*.gz"))]
    patients = [body.decode() for name, body in inputs if "Information" not in name]
    entries = []
    for copy in range(copies):
        for text in patients:
            # New ids (and MRNs) per copy: each copy is another patient with their records.
            renamed = _UUID.sub(_renamer(copy), text)
            for entry in json.loads(renamed)["entry"]:
                for identifier in entry["resource"].get("identifier", []):
                    identifier["value"] = f"{identifier['value']}-{copy}"  # SSNs, licences: per copy too
                entries.append(entry)
    large = json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": entries}).encode()
    return [*inputs, (f"generated ({copies} x {len(patients)} patients)", large)]


def validate_only(body: bytes) -> int:
    bundle = json.loads(body)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return len(bundle["entry"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=12, help="copies of the patient bundles in the large one")
    parser.add_argument("--profile", action="store_true", help="print where end-to-end time goes (largest input)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/fhir.py measures PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2

    from clinics.tests.factories import ClinicFactory
    from fhir_sync import signing
    from fhir_sync.models import FhirDelivery, FhirResource
    from fhir_sync.services import fhir_delivery_receive, fhir_source_create

    inputs = load_inputs(args.copies)
    settings.FHIR_ASYNC_ENTRY_THRESHOLD = 10**9  # measure the work, not the queue
    name = os.environ.get("TEST_DATABASE_NAME") or "test_nuvae_bench"
    settings.DATABASES["default"]["TEST"]["NAME"] = name
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from clinics.audit import Actor

        clinic = ClinicFactory.create(slug="bench", name="Bench clinic")
        source, secret = fhir_source_create(clinic=clinic, name="Bench EHR", actor=Actor.system("bench"))
        print(
            f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cpus, "
            f"PostgreSQL {connection.cursor().connection.info.server_version}"
        )
        print(f"{'input':<48} {'resources':>9} {'validate r/s':>13} {'end-to-end r/s':>15} {'ratio':>6}")
        totals = [0.0, 0.0, 0.0]
        for label, body in inputs:
            started = time.perf_counter()
            count = validate_only(body)
            validation = time.perf_counter() - started

            headers = {
                "Content-Type": "application/fhir+json",
                signing.SOURCE_HEADER: str(source.pk),
                signing.SIGNATURE_HEADER: signing.header_value(secret, body),
            }
            profiler = None
            if args.profile and label == inputs[-1][0]:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            started = time.perf_counter()
            answer = fhir_delivery_receive(headers=headers, body=body)
            end_to_end = time.perf_counter() - started
            if profiler is not None:
                import pstats

                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            if answer.status != 200:
                print(f"{label}: HTTP {answer.status} {json.dumps(answer.body)[:300]}", file=sys.stderr)
                return 1
            totals[0] += count
            totals[1] += validation
            totals[2] += end_to_end
            print(
                f"{label[:48]:<48} {count:>9} {count / validation:>13.0f} {count / end_to_end:>15.0f} "
                f"{validation / end_to_end:>6.2f}"
            )
        resources, validating, ingesting = totals
        print(
            f"{'all':<48} {int(resources):>9} {resources / validating:>13.0f} {resources / ingesting:>15.0f} "
            f"{validating / ingesting:>6.2f}"
        )
        print(f"stored: {FhirResource.objects.count()} resources from {FhirDelivery.objects.count()} deliveries")
        print("target: ratio (end-to-end speed / validation speed) >= 0.50")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
