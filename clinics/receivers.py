"""Staff login audit. Django's auth signals are the only door to these events (the login
view is Django's own), so this is the one place we subscribe to signals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from clinics.audit import Actor, audit_record
from clinics.models import AuditEvent


@receiver(user_logged_in, dispatch_uid="nuvae_audit_login")
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=Actor.for_user(user), action=AuditEvent.Action.LOGIN, resource=user)


@receiver(user_login_failed, dispatch_uid="nuvae_audit_login_failed")
def _audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The username typed is kept (it is how brute force is spotted); the password never is.
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=Actor.system("login form"),
        action=AuditEvent.Action.LOGIN_FAILED,
        resource_type="auth.User",
        details={"username": username},
        severity=AuditEvent.Severity.WARNING,
    )
