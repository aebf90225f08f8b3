"""Webhook signatures: `X-Nuvae-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`.

`v1` is HMAC-SHA256, keyed with the source's secret, over the bytes
`"{t}." + raw body`. A sender rotating its secret may send one `v1` per secret; any one
that matches a secret the source holds is enough. The timestamp binds the signature to
a moment: more than `TOLERANCE_SECONDS` away from our clock (either way) is refused, so
a captured request cannot be replayed later, and the delivery id stops it being
replayed within the window.

Pure functions, no Django: `scripts/fhir_send.py` signs with the same code.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from dataclasses import dataclass

SIGNATURE_HEADER = "X-Nuvae-Signature"
SOURCE_HEADER = "X-Nuvae-Source"
DELIVERY_HEADER = "X-Nuvae-Delivery"
TOLERANCE_SECONDS = 300
SCHEME = "v1"

_HEX64 = re.compile(r"[0-9a-f]{64}")
_MAX_SIGNATURES = 8  # a header with more is not a sender rotating secrets


class SignatureError(Exception):
    """Why a signature was refused: `reason` is a short slug (kept in the delivery log)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ParsedSignature:
    timestamp: int
    signatures: tuple[str, ...]


def compute(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def header_value(secrets: list[str] | str, body: bytes, timestamp: int | None = None) -> str:
    """The header a sender puts on `body` (one `v1` per secret)."""
    if isinstance(secrets, str):
        secrets = [secrets]
    t = int(time.time()) if timestamp is None else timestamp
    return ",".join([f"t={t}", *(f"{SCHEME}={compute(secret, t, body)}" for secret in secrets)])


def parse(value: str | None) -> ParsedSignature:
    if not value:
        raise SignatureError("missing", f"The {SIGNATURE_HEADER} header is missing.")
    timestamp: int | None = None
    signatures: list[str] = []
    for part in value.split(","):
        key, sep, item = part.strip().partition("=")
        if not sep:
            raise SignatureError("malformed", f"{SIGNATURE_HEADER} must be t=<unix seconds>,v1=<hex>.")
        if key == "t":
            if timestamp is not None or not (item.isascii() and item.isdigit()) or len(item) > 12:
                raise SignatureError("malformed", "The signature timestamp must appear once, in unix seconds.")
            timestamp = int(item)
        elif key == SCHEME:
            if not _HEX64.fullmatch(item):
                raise SignatureError("malformed", "A v1 signature is 64 lowercase hex characters.")
            signatures.append(item)
        # Other schemes are ignored, so a newer sender can add one without breaking us.
    if timestamp is None or not signatures:
        raise SignatureError("malformed", f"{SIGNATURE_HEADER} needs a timestamp (t=) and a v1 signature.")
    if len(signatures) > _MAX_SIGNATURES:
        raise SignatureError("malformed", "Too many signatures in one header.")
    return ParsedSignature(timestamp, tuple(signatures))


def verify(value: str | None, body: bytes, secrets: list[str], *, now: float | None = None) -> ParsedSignature:
    """The parsed header when one of its signatures matches one of `secrets`, else SignatureError."""
    parsed = parse(value)
    current = time.time() if now is None else now
    if parsed.timestamp < current - TOLERANCE_SECONDS:
        raise SignatureError("stale", "The signature timestamp is more than 5 minutes old.")
    if parsed.timestamp > current + TOLERANCE_SECONDS:
        raise SignatureError("future", "The signature timestamp is more than 5 minutes ahead.")
    matched = False
    for secret in secrets:
        expected = compute(secret, parsed.timestamp, body)
        for candidate in parsed.signatures:
            # Every pair is compared (no early exit): the time taken says nothing about
            # which secret or position came close.
            matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise SignatureError("mismatch", "No signature matches this source's secrets.")
    return parsed
