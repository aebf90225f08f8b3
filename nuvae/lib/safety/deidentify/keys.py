"""Keyed hashing for surrogates, hashes and date offsets.

Every value the de-identifier invents comes from HMAC-SHA256 under one secret, never
from a random generator: the same input gives the same output for as long as the
secret is the same. The REST API derives the secret per clinic from Django's
SECRET_KEY (`clinic_secret`), so surrogates are stable for a clinic across requests,
differ between clinics, and all change when SECRET_KEY is rotated.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

_CLINIC_CONTEXT = b"nuvae.deidentify.clinic.v1"


def clinic_secret(secret_key: str, clinic_id: object) -> bytes:
    """The de-identification secret of one clinic: HMAC(SECRET_KEY, context || clinic id)."""
    message = _CLINIC_CONTEXT + b"\x00" + str(clinic_id).encode("utf-8")
    return hmac.new(secret_key.encode("utf-8"), message, hashlib.sha256).digest()


def one_off_secret() -> bytes:
    """For a caller that gives no secret: surrogates are then consistent within the call only."""
    return secrets.token_bytes(32)


class Keyed:
    """HMAC-SHA256 under one secret, with a purpose label so that the digests used for
    different things (a name surrogate, a hash, a date offset) are independent."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the de-identification secret must be at least 16 bytes")
        self._secret = secret

    def digest(self, purpose: str, value: str) -> bytes:
        message = purpose.encode("utf-8") + b"\x00" + value.encode("utf-8")
        return hmac.new(self._secret, message, hashlib.sha256).digest()

    def number(self, purpose: str, value: str) -> int:
        return int.from_bytes(self.digest(purpose, value), "big")

    def hexdigest(self, purpose: str, value: str) -> str:
        return self.digest(purpose, value).hex()
