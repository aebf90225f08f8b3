"""Writing audit events. Every service that changes PHI or money calls `audit_record`
inside its transaction, so the change and its record commit or roll back together.

`details` holds ids, field names and counts: never PHI values (names, dates of birth,
phone numbers, message text) and never secrets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

from clinics.models import ApiKey, AuditEvent, Clinic
from nuvae.lib import context

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class Actor:
    type: str
    user: Any = None
    api_key: ApiKey | None = None
    label: str = ""

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(type=AuditEvent.ActorType.SYSTEM, label=label)

    @classmethod
    def for_user(cls, user: AbstractBaseUser | AnonymousUser) -> Actor:
        return cls(type=AuditEvent.ActorType.USER, user=user, label=str(user.get_username())[:200])

    @classmethod
    def for_api_key(cls, api_key: ApiKey) -> Actor:
        return cls(type=AuditEvent.ActorType.API_KEY, api_key=api_key, label=f"api key {api_key.prefix}")

    @property
    def user_id(self) -> Any:
        return getattr(self.user, "pk", None)


def audit_record(
    *,
    actor: Actor,
    action: str,
    clinic: Clinic | None = None,
    resource: models.Model | None = None,
    resource_type: str = "",
    resource_id: str = "",
    details: dict[str, Any] | None = None,
    severity: str = AuditEvent.Severity.INFO,
) -> AuditEvent:
    if resource is not None:
        resource_type = resource_type or resource._meta.label
        resource_id = resource_id or str(resource.pk)
    ctx = context.current()
    return AuditEvent.objects.create(
        clinic=clinic,
        actor_type=actor.type,
        actor_user=actor.user if actor.user_id is not None else None,
        actor_api_key=actor.api_key,
        actor_label=actor.label,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        details=details or {},
        ip=context.ip_or_none(ctx.ip),  # bind() callers (tasks, consumers) bypass client_ip()
        user_agent=ctx.user_agent,
        request_id=ctx.request_id,
        severity=severity,
    )
