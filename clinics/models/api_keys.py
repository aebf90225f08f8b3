"""API keys (hashed, shown once) and the idempotency records of API POSTs."""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from clinics.models.base import TenantModel

# \Z rather than $: "$" would also accept a trailing newline.
KEY_PATTERN = re.compile(r"^ar_(live|test)_[A-Za-z0-9_-]{43}\Z")
PREFIX_LENGTH = 16  # "ar_live_" plus the first 8 random characters: enough to tell keys apart


def hash_key(raw_key: str) -> str:
    # Keys carry 256 bits of randomness, so a plain SHA-256 is not brute-forceable and
    # lets every request find its key with one indexed lookup.
    return hashlib.sha256(raw_key.encode("ascii")).hexdigest()


def generate_raw_key(environment: str) -> str:
    # token_urlsafe(32) encodes 32 random bytes as exactly 43 url-safe characters.
    return f"ar_{environment}_{secrets.token_urlsafe(32)}"


class ApiKey(TenantModel):
    class Environment(models.TextChoices):
        LIVE = "live", "Live"
        TEST = "test", "Test"

    name = models.CharField(max_length=100)
    environment = models.CharField(max_length=4, choices=Environment.choices, default=Environment.LIVE)
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"
        indexes = [models.Index(fields=["clinic", "revoked_at"], name="apikey_clinic_revoked")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired


class IdempotencyRecord(TenantModel):
    """The first response to a POST with an Idempotency-Key, replayed for retries."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=512)
    request_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=State.choices, default=State.IN_PROGRESS)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    response_headers = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clinic", "key"], name="idempotency_key_unique_per_clinic")]
