"""Benchmark of the X12 reader and importer, beside pyx12's loop-aware reader.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nuvae .venv/bin/python bench/edi.py [--claims 10000]

Generates an 837P with N claims (1-4 lines each) and the 835 that answers it, then measures
on the same files in the same run:

1. parse only: Nuvae's loop-aware reader (`claims.edi.parser.parse`), claims/s and segments/s;
2. pyx12 4.0's `X12ContextReader.iter_segments()` (loop-aware, with its implementation-guide
   maps), segments/s; `--pyx12-seconds` caps its run (the rate is over the segments it read);
3. parse + import into the database: the 837 through `edi_file_import` (claims, lines,
   patients, payer, provider), then the 835 (payments matched to those claims, line payments,
   adjustments, denials, statuses), claims/s. A throw-away test database is created from
   DATABASE_URL's server and dropped afterwards.

Prints a table (and `--json` for machines). Nothing here is asserted: figures go to
docs/PERFORMANCE.md with the command that produced them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/fhir.py would stand in for the fhir package


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuvae.settings")
    os.environ.setdefault("NUVAE_ENV", "test")
    os.environ.setdefault("TEST_DATABASE_NAME", "nuvae_bench_edi")
    import django

    django.setup()


def _timed(func: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def bench_parse(text: str, repeat: int) -> dict[str, float]:
    from claims.edi.parser import parse

    best = float("inf")
    parsed = None
    for _ in range(repeat):
        parsed, seconds = _timed(parse, text)
        best = min(best, seconds)
    assert parsed is not None
    units = len(parsed.claims()) or sum(len(r.claims) for r in parsed.remittances())
    return {
        "seconds": best,
        "claims": units,
        "segments": parsed.segment_count,
        "claims_per_s": units / best,
        "segments_per_s": parsed.segment_count / best,
    }


def bench_pyx12(text: str, cap_seconds: float) -> dict[str, float]:
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    start = time.perf_counter()
    reader = pyx12.x12context.X12ContextReader(
        pyx12.params.params(), pyx12.error_handler.errh_null(), io.StringIO(text)
    )
    segments = claims = 0
    complete = True
    for node in reader.iter_segments():
        segments += 1
        if node.seg_data.get_seg_id() in ("CLM", "CLP"):
            claims += 1
        if cap_seconds and segments % 200 == 0 and time.perf_counter() - start > cap_seconds:
            complete = False
            break
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "claims": claims,
        "segments": segments,
        "complete": complete,
        "claims_per_s": claims / seconds,
        "segments_per_s": segments / seconds,
    }


def bench_import(text_837: str, text_835: str) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    old = setup_databases(verbosity=0, interactive=False)
    try:
        from claims.models import Claim, ClaimLine, ClaimPayment, Denial, EdiFile
        from claims.services import edi_file_import, edi_file_receive
        from clinics.audit import Actor
        from clinics.models import Clinic

        clinic = Clinic.objects.create(name="Bench clinic", slug="bench")
        actor = Actor.system("bench")
        results: dict[str, Any] = {"vendor": connection.vendor}
        for kind, text in (("837", text_837), ("835", text_835)):

            def run(content: str = text, kind: str = kind) -> EdiFile:
                edi_file, _ = edi_file_receive(
                    clinic=clinic,
                    name=f"bench.{kind}",
                    content=content.encode(),
                    source=EdiFile.Source.API,
                    actor=actor,
                )
                return edi_file_import(clinic=clinic, edi_file=edi_file, actor=actor)

            edi_file, seconds = _timed(run)
            results[kind] = {
                "seconds": seconds,
                "status": edi_file.status,
                "units": edi_file.units_imported,
                "claims_per_s": edi_file.units_imported / seconds,
            }
        results["rows"] = {
            "claims": Claim.objects.count(),
            "lines": ClaimLine.objects.count(),
            "payments_matched": ClaimPayment.objects.filter(claim__isnull=False).count(),
            "denials": Denial.objects.count(),
        }
        return results
    finally:
        teardown_databases(old, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="parse runs; the best is kept")
    parser.add_argument("--pyx12-seconds", type=float, default=60.0, help="cap on each pyx12 run (0: no cap)")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    _django()

    from claims.edi.generate import make_claims, render_835, render_837

    claims = make_claims(args.claims)
    files = {"837": render_837(claims), "835": render_835(claims)}
    report: dict[str, Any] = {"claims": args.claims, "bytes": {k: len(v) for k, v in files.items()}}
    for kind, text in files.items():
        ours = bench_parse(text, args.repeat)
        theirs = bench_pyx12(text, args.pyx12_seconds)
        report[kind] = {
            "nuvae": ours,
            "pyx12": theirs,
            "speedup_segments": ours["segments_per_s"] / theirs["segments_per_s"],
        }
    if not args.skip_import:
        report["import"] = bench_import(files["837"], files["835"])

    if args.json:
        print(json.dumps(report, indent=2, default=str))
        return
    print(f"{args.claims} claims; 837 {report['bytes']['837']:,} bytes, 835 {report['bytes']['835']:,} bytes")
    print(f"{'':14}{'segments':>10}{'seconds':>10}{'claims/s':>12}{'segments/s':>13}")
    for kind in ("837", "835"):
        for who in ("nuvae", "pyx12"):
            row = report[kind][who]
            note = "" if row.get("complete", True) else "  (capped)"
            print(
                f"{kind} {who:10}{row['segments']:>10,}{row['seconds']:>10.2f}{row['claims_per_s']:>12,.0f}"
                f"{row['segments_per_s']:>13,.0f}{note}"
            )
        print(f"{kind} loop-aware parse: {report[kind]['speedup_segments']:,.0f}x pyx12 (segments/s)")
    if "import" in report:
        result = report["import"]
        for kind in ("837", "835"):
            row = result[kind]
            print(
                f"import {kind} into {result['vendor']}: {row['units']:,} units in {row['seconds']:.2f} s = "
                f"{row['claims_per_s']:,.0f} claims/s ({row['status']})"
            )
        print(f"rows: {result['rows']}")


if __name__ == "__main__":
    main()
