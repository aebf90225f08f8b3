"""The demo API keys: derived from the clinic slug so they are the same on every machine
and every run. That makes them public knowledge, which is why `seed_demo` refuses to run
in a deployed environment."""

from __future__ import annotations

import base64
import hashlib


def demo_api_key(slug: str) -> str:
    digest = hashlib.sha256(b"nuvae-demo:" + slug.encode("ascii")).digest()
    # 32 bytes encode to 43 url-safe characters plus one "=" of padding: the same shape as
    # a random key (`ar_test_` + 43 characters).
    return "ar_test_" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:43]
