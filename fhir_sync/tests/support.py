"""Fixtures on disk and a signed client for the webhook tests."""

from __future__ import annotations

import copy
import gzip
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.test import Client

from fhir_sync import signing

FIXTURES = Path(__file__).parent / "fixtures"
SYNTHEA = FIXTURES / "synthea"
HL7 = FIXTURES / "hl7"
SYNTHEA_PATIENT_BUNDLES = sorted(p.name for p in SYNTHEA.glob("*.json.gz") if "Information" not in p.name)
SYNTHEA_BUNDLES = sorted(p.name for p in SYNTHEA.glob("*.json.gz"))
SMALLEST_SYNTHEA = "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json.gz"

_cache: dict[str, bytes] = {}


def synthea_bytes(name: str) -> bytes:
    if name not in _cache:
        _cache[name] = gzip.decompress((SYNTHEA / name).read_bytes())
    return _cache[name]


def synthea(name: str = SMALLEST_SYNTHEA) -> dict[str, Any]:
    return json.loads(synthea_bytes(name))


def hl7(name: str) -> dict[str, Any]:
    return json.loads((HL7 / name).read_text())


def type_counts(bundle: dict[str, Any]) -> Counter[str]:
    return Counter(e["resource"]["resourceType"] for e in bundle["entry"])


def bundle_of(*resources: dict[str, Any], kind: str = "transaction") -> dict[str, Any]:
    entries = []
    for resource in resources:
        entries.append(
            {
                "fullUrl": f"urn:uuid:{resource['id']}"
                if len(resource.get("id", "")) == 36
                else f"https://ehr.example.org/fhir/{resource['resourceType']}/{resource['id']}",
                "resource": copy.deepcopy(resource),
                "request": {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"},
            }
        )
    return {"resourceType": "Bundle", "type": kind, "entry": entries}


def signed_headers(
    source: Any,
    body: bytes,
    *,
    secrets: list[str] | None = None,
    timestamp: int | None = None,
    delivery_id: str | None = None,
) -> dict[str, Any]:
    headers: dict[str, Any] = {
        "HTTP_X_NUVAE_SOURCE": str(source.pk),
        "HTTP_X_NUVAE_SIGNATURE": signing.header_value(
            secrets or [source.secret], body, timestamp if timestamp is not None else int(time.time())
        ),
    }
    if delivery_id:
        headers["HTTP_X_NUVAE_DELIVERY"] = delivery_id
    return headers


def post_signed(
    source: Any,
    payload: dict[str, Any] | bytes,
    *,
    path: str = "/hooks/fhir",
    content_type: str = "application/fhir+json",
    client: Client | None = None,
    **kwargs: Any,
) -> Any:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return (client or Client()).post(path, body, content_type=content_type, **signed_headers(source, body, **kwargs))
