"""The receptionist's identity step, a part of `flow.Flow`: who the patient is, before
anything is disclosed, changed or cancelled.

Verified by full name and date of birth, or phone and date of birth
(`clinics.selectors.patient_verify`). An ambiguous match asks for the phone, then hands
off; it is never booked against. For a booking, details that match nobody register a new
patient once name, date of birth and phone are all given (only what is missing is asked).
Three failed attempts hand off. A patient identified earlier in the conversation stays
identified, unless the details just given are someone else's.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from clinics.audit import Actor
from clinics.identity import IdentityOutcome, normalize_name
from clinics.models import Clinic, Patient
from clinics.selectors import patient_verify
from clinics.services import PatientAlreadyExists, patient_register
from scheduling.models import HandoffRequest
from scheduling.receptionist import replies
from scheduling.receptionist.session import Session
from scheduling.receptionist.states import State

MAX_IDENTITY_ATTEMPTS = 3
PURPOSES = {
    "book": "book your appointment",
    "cancel": "find your appointment",
    "reschedule": "find your appointment",
    "check": "look up your appointments",
}


class PatientIdentity:
    """Mixed into `flow.Flow`, which provides the state below and `move` / `hand_off`."""

    clinic: Clinic
    session: Session
    patient: Patient | None
    actor: Actor

    def move(self, target: State) -> bool:
        raise NotImplementedError

    def hand_off(self, reason: str) -> str:
        raise NotImplementedError

    def identity(self, purpose: str) -> str | None:
        """None once the patient is known; else the question to ask."""
        if self.patient is not None and self.someone_else():
            self.forget_patient()
        if self.patient is not None:
            self.session.collected.pop("_identity", None)
            return None
        ident = self.session.collected.get("_identity", {})
        dob = ident.get("date_of_birth")
        if dob and (ident.get("full_name") or ident.get("phone")):
            try:
                found = patient_verify(
                    clinic=self.clinic,
                    date_of_birth=date.fromisoformat(dob),
                    full_name=ident.get("full_name", ""),
                    phone=ident.get("phone", ""),
                )
            except ValidationError:
                found = None
            if found is not None and found.outcome == IdentityOutcome.VERIFIED and found.patient is not None:
                self.set_patient(found.patient)
                return None
            if found is not None and found.outcome == IdentityOutcome.AMBIGUOUS:
                self.session.identity_attempts += 1
                if (
                    ident.get("phone") and ident.get("full_name")
                ) or self.session.identity_attempts >= MAX_IDENTITY_ATTEMPTS:
                    return self.hand_off(HandoffRequest.Reason.IDENTITY)
                self.move(State.COLLECT_PATIENT_INFO)
                return "I found more than one match. Please also give your phone number."
            if purpose == "book" and ident.get("full_name") and ident.get("phone"):
                first, _, last = ident["full_name"].rpartition(" ")
                try:
                    patient = patient_register(
                        actor=self.actor,
                        clinic=self.clinic,
                        first_name=first,
                        last_name=last,
                        date_of_birth=date.fromisoformat(dob),
                        phone=ident["phone"],
                    )
                except (ValidationError, PatientAlreadyExists):
                    return self.hand_off(HandoffRequest.Reason.IDENTITY)
                self.session.collected["new_patient"] = True
                self.set_patient(patient)
                return None
            self.session.identity_attempts += 1
            if self.session.identity_attempts >= MAX_IDENTITY_ATTEMPTS:
                return self.hand_off(HandoffRequest.Reason.IDENTITY)
            self.move(State.COLLECT_PATIENT_INFO)
            if purpose == "book":
                # A new patient, perhaps: keep what was given (a correction replaces it) and
                # ask only for what registering needs besides.
                if ident.get("full_name"):
                    return replies.NOT_FOUND_ASK_PHONE
                return replies.NOT_FOUND_ASK_NAME
            self.session.collected["_identity"] = {}
            return replies.ASK_PATIENT_AGAIN
        self.move(State.COLLECT_PATIENT_INFO)
        return replies.ASK_PATIENT.format(purpose=PURPOSES[purpose])

    def set_patient(self, patient: Patient) -> None:
        self.patient = patient
        self.session.patient_id = str(patient.pk)
        self.session.collected["patient_verified"] = True
        self.session.collected.pop("_identity", None)

    def someone_else(self) -> bool:
        """Whether the name or phone and date of birth just given are another person's than
        the patient identified earlier in this conversation (a parent booking for two
        children): then that person is verified afresh, never acted for under the first."""
        ident = self.session.collected.get("_identity", {})
        patient = self.patient
        if patient is None or not ident.get("date_of_birth") or not (ident.get("full_name") or ident.get("phone")):
            return False
        if date.fromisoformat(ident["date_of_birth"]) != patient.date_of_birth:
            return True
        same_name = bool(ident.get("full_name")) and normalize_name(ident["full_name"]) == normalize_name(
            f"{patient.first_name} {patient.last_name}"
        )
        same_phone = bool(ident.get("phone")) and ident["phone"] == patient.phone
        return not (same_name or same_phone)

    def forget_patient(self) -> None:
        self.patient = None
        self.session.patient_id = None
        for key in ("patient_verified", "new_patient"):
            self.session.collected.pop(key, None)
