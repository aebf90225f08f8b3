#!/usr/bin/env python3
"""Sign a FHIR JSON file for Nuvae's webhook and print the curl command that sends it
(or send it with --send).

    .venv/bin/python scripts/fhir_send.py BUNDLE.json[.gz] --source SOURCE_ID --secret SECRET \\
        [--url http://localhost:8000/hooks/fhir] [--delivery-id ID] [--send]

The secret may come from the NUVAE_FHIR_SECRET environment variable instead (it then
stays out of your shell history). A `.gz` file is decompressed first and the exact bytes
signed are written next to the printed command, because curl must send those bytes.
The signature (`X-Nuvae-Signature: t=<unix>,v1=<hex>`) is valid for 5 minutes.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shlex
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fhir_sync import signing  # after the path is set; plain Python, no Django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sign a FHIR resource or Bundle for POST /hooks/fhir.")
    parser.add_argument("file", type=Path, help="a FHIR JSON file (.json or .json.gz)")
    parser.add_argument("--source", required=True, help="the FHIR source id (X-Nuvae-Source)")
    parser.add_argument(
        "--secret",
        default=os.environ.get("NUVAE_FHIR_SECRET"),
        help="the source's signing secret (default: $NUVAE_FHIR_SECRET)",
    )
    parser.add_argument("--url", default="http://localhost:8000/hooks/fhir")
    parser.add_argument("--delivery-id", help="X-Nuvae-Delivery (default: the server uses the body's hash)")
    parser.add_argument("--send", action="store_true", help="send it now instead of printing curl")
    args = parser.parse_args(argv)
    if not args.secret:
        parser.error("give --secret or set NUVAE_FHIR_SECRET")

    body = args.file.read_bytes()
    path = args.file
    if args.file.suffix == ".gz":
        body = gzip.decompress(body)
        with tempfile.NamedTemporaryFile(prefix="nuvae-fhir-", suffix=".json", delete=False) as handle:
            handle.write(body)
            path = Path(handle.name)
    headers = {
        "Content-Type": "application/fhir+json",
        signing.SOURCE_HEADER: args.source,
        signing.SIGNATURE_HEADER: signing.header_value(args.secret, body),
    }
    if args.delivery_id:
        headers[signing.DELIVERY_HEADER] = args.delivery_id

    if not args.send:
        parts = ["curl", "-sS", "-X", "POST", args.url]
        for name, value in headers.items():
            parts += ["-H", f"{name}: {value}"]
        parts += ["--data-binary", f"@{path}"]
        print(" ".join(shlex.quote(p) for p in parts))
        return 0

    request = urllib.request.Request(args.url, data=body, headers=headers, method="POST")  # noqa: S310 - a URL the user typed
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    print(f"HTTP {status}")
    print(text[:4000])
    return 0 if status < 400 else 1


if __name__ == "__main__":
    raise SystemExit(main())
