"""The door from the apps to the safety pipeline (`nuvae.lib.safety`).

The pipeline itself stores nothing; these functions read the clinic's policy, run it,
and record what it found as audit events (inside the caller's transaction), without the
message text or any identifier's value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from clinics.audit import Actor, audit_record
from clinics.models import Clinic, Provider
from nuvae.lib.safety.pipeline import Conversation, SafetyResult, check_input, check_output
from nuvae.lib.safety.policy import SafetyPolicy
from nuvae.lib.safety.types import CrisisAssessment, CrisisTier


def clinic_policy(clinic: Clinic) -> SafetyPolicy:
    return SafetyPolicy.from_settings(clinic.settings)


def clinic_public_values(clinic: Clinic, providers: Iterable[Provider] | None = None) -> frozenset[str]:
    """Names and numbers that identify the clinic and its staff, not a patient. `providers`
    (all of the clinic's, active or not) saves the query when the caller has them."""
    values: set[str] = {clinic.name, clinic.phone, clinic.email, clinic.address_line1, clinic.postal_address}
    rows = (
        Provider.objects.filter(clinic=clinic).values_list("first_name", "last_name", "phone", "email")
        if providers is None
        else [(p.first_name, p.last_name, p.phone, p.email) for p in providers]
    )
    for first, last, phone, email in rows:
        values.update({f"{first} {last}", last, phone, email})
    return frozenset(v for v in values if v)


def record_findings(
    *, clinic: Clinic, actor: Actor, result: SafetyResult, resource_type: str = "", resource_id: str = ""
) -> int:
    """Record the result's audit notes; returns how many were recorded."""
    notes = result.audit_notes()
    for note in notes:
        audit_record(
            actor=actor,
            action=note.action,
            clinic=clinic,
            resource_type=resource_type,
            resource_id=resource_id,
            details={"direction": result.direction, **note.details},
            severity=note.severity,
        )
    return len(notes)


def safety_check_input(
    *,
    clinic: Clinic,
    actor: Actor,
    text: str,
    conversation: Conversation | None = None,
    crisis_confirm: Callable[[str, CrisisAssessment], CrisisTier | None] | None = None,
    resource_type: str = "",
    resource_id: str = "",
) -> SafetyResult:
    result = check_input(
        text,
        policy=clinic_policy(clinic),
        conversation=conversation or Conversation(public_values=clinic_public_values(clinic)),
        crisis_confirm=crisis_confirm,
    )
    record_findings(clinic=clinic, actor=actor, result=result, resource_type=resource_type, resource_id=resource_id)
    return result


def safety_check_output(
    *,
    clinic: Clinic,
    actor: Actor,
    text: str,
    conversation: Conversation | None = None,
    resource_type: str = "",
    resource_id: str = "",
) -> SafetyResult:
    result = check_output(
        text,
        policy=clinic_policy(clinic),
        conversation=conversation or Conversation(public_values=clinic_public_values(clinic)),
    )
    record_findings(clinic=clinic, actor=actor, result=result, resource_type=resource_type, resource_id=resource_id)
    return result
