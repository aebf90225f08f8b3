"""The demo API keys: derived from the clinic slug so they are the same on every machine
and every run. That makes them public knowledge, which is why `seed_demo` refuses to run
in a deployed environment."""

from __future__ import annotations

import base64
import hashlib
import uuid


def demo_api_key(slug: str) -> str:
    digest = hashlib.sha256(b"nuvae-demo:" + slug.encode("ascii")).digest()
    # 32 bytes encode to 43 url-safe characters plus one "=" of padding: the same shape as
    # a random key (`ar_test_` + 43 characters).
    return "ar_test_" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:43]


def demo_fhir_source_id(slug: str) -> uuid.UUID:
    """The demo FHIR source of a clinic: the same id everywhere, so the README's commands work."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://nuvae.dev/demo/fhir-source/{slug}")


def demo_fhir_secret(slug: str) -> str:
    digest = hashlib.sha256(b"nuvae-demo-fhir:" + slug.encode("ascii")).digest()
    return "whsec_demo_" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
