"""The flow manager: what the receptionist does with an understood message, by state.

Flows: `book`, `cancel`, `reschedule`, `check`. Identity (full name + date of birth, or
phone + date of birth, via `clinics.selectors.patient_verify`) comes before anything is
disclosed, changed or cancelled; a new patient is registered with name, date of birth and
phone; an ambiguous match is never booked against (asked again, then handed off).

A patient verified or registered earlier in the same conversation stays identified for
its later requests (the same name and date of birth, typed again into the same chat, would
prove nothing more); details of someone else given later are verified afresh. Right after
a booking, "cancel it" / "move it" mean the appointment just booked, and the confirmation
names its provider, date and time before anything changes.

A question about the clinic in the middle of a flow is answered and the pending question
asked again; nothing collected is lost.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError

from clinics.audit import Actor
from clinics.models import Clinic, Patient
from clinics.selectors import provider_list
from scheduling import services
from scheduling.availability import slots_search
from scheduling.models import Appointment, HandoffRequest
from scheduling.receptionist import replies
from scheduling.receptionist.identity import PURPOSES, PatientIdentity
from scheduling.receptionist.session import Session
from scheduling.receptionist.states import RESTING_STATES, Intent, InvalidTransitionError, State, check_move
from scheduling.receptionist.understanding import Context, Understood
from scheduling.selectors import appointment_list, appointments_upcoming

logger = logging.getLogger(__name__)

MAX_FAILURES = 3
SLOTS_SHOWN = 5
_RESTING = RESTING_STATES
_NEW_FLOW = {Intent.CANCELLATION: "cancel", Intent.RESCHEDULE: "reschedule", Intent.CHECK_APPOINTMENT: "check"}
# Intents that carry on the current flow (anything else starts or ends one).
_ANSWERS = {Intent.SCHEDULING, Intent.CORRECTION, Intent.CONFIRMATION, Intent.DENIAL}
# Agreement words in front of an answer ("ok, my knee"): on their own, no answer at all.
_YES_LEAD = re.compile(
    r"^\W*(?:(?:y|yes|yeah|yep|yup|sure|ok|okay|correct|perfect|please|go\s+ahead|sounds\s+good)"
    r"\b\W*)+",
    re.I,
)
_NO_REASON = re.compile(
    r"^\W*(?:skip|no|nope|none|nothing|n/?a|not\s+really|no\s+reason|rather\s+not(?:\s+say)?|"
    r"prefer\s+not(?:\s+to\s+say)?)\W*(?:thanks?|thank\s+you)?\W*$",
    re.I,
)


class Flow(PatientIdentity):
    def __init__(
        self,
        *,
        clinic: Clinic,
        session: Session,
        patient: Patient | None,
        actor: Actor,
        now: datetime,
        channel: str,
        context: Context | None,
    ) -> None:
        self.clinic, self.session, self.patient, self.actor = clinic, session, patient, actor
        self.now, self.channel, self.context = now, channel, context
        self.handoff_reason = ""
        self.private: dict[str, Any] = {}

    # --- states ----------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return State(self.session.state)

    def move(self, target: State) -> bool:
        try:
            check_move(self.state, target)
        except InvalidTransitionError:
            return False
        self.session.previous_state, self.session.state = self.session.state, target.value
        return True

    # --- entry -----------------------------------------------------------------------------

    def handle(self, u: Understood, text: str) -> str:
        s = self.session
        if u.intent == Intent.HANDOFF:
            return self.hand_off(HandoffRequest.Reason.REQUESTED)
        if u.intent == Intent.GOODBYE:
            self.move(State.COMPLETED)
            # The patient has left: whoever writes next in this session proves who they are.
            self.forget_patient()
            return replies.GOODBYE
        if u.intent == Intent.INFORMATION:
            pending = self.pending_question()
            answer = self.information(u.info_topic)
            return f"{answer}\n{pending}" if pending else answer
        if u.intent == Intent.OUT_OF_SCOPE:
            return replies.OUT_OF_SCOPE
        if u.intent == Intent.GREETING and self.state in _RESTING:
            return replies.GREETING
        if u.intent in _NEW_FLOW and s.flow != _NEW_FLOW[u.intent]:
            self.start(_NEW_FLOW[u.intent])
        elif u.intent == Intent.SCHEDULING and (self.state in _RESTING or not s.flow):
            self.start("book")
        elif not s.flow or (u.intent == Intent.UNKNOWN and self.state not in (State.COLLECT_REASON,)):
            return self.not_understood()
        self.private["stalled"] = self.stalled(u)
        if not self.private["stalled"]:
            s.failures = 0
        self.merge(u)
        if self.state == State.COLLECT_REASON and s.flow == "book" and not u.reason:
            question = self.take_reason(u, text)
            if question is not None:
                return question
        return self.advance(u)

    def take_reason(self, u: Understood, text: str) -> str | None:
        """The answer to "what is the reason for the visit?", or the question again.

        A bare "yes" is not a reason (the patient is agreeing, not answering): the question
        is asked once more, and a second "yes" skips it. A message that changes the time or
        the provider is a correction, not a reason."""
        c = self.session.collected
        if self.changed_when(u) or self.changed_where(u):
            return None
        answer = _YES_LEAD.sub("", text).strip()
        if not answer:
            if c.pop("_reason_asked_again", False):
                c["reason"] = ""
                return None
            c["_reason_asked_again"] = True
            return replies.ASK_REASON_AGAIN
        c.pop("_reason_asked_again", None)
        c["reason"] = "" if _NO_REASON.match(answer) else answer[:500]
        return None

    def start(self, flow: str) -> None:
        s, was = self.session, self.state
        s.flow = flow
        s.collected = {}
        s.slots_shown, s.slot_selected, s.appointments_shown, s.target_appointment_id = [], None, [], None
        if was == State.ERROR:
            self.move(State.IDLE)
        if flow != "book":
            # Anything about an existing appointment passes the identity step first (a
            # patient identified earlier in this conversation passes it without a question).
            self.move(State.COLLECT_PATIENT_INFO)
            if was == State.BOOKED and s.booking_id:
                s.collected["_just_booked"] = s.booking_id

    def not_understood(self, reply: str = replies.UNKNOWN) -> str:
        self.session.failures += 1
        if self.session.failures >= MAX_FAILURES:
            return self.hand_off(HandoffRequest.Reason.REPEATED_FAILURES)
        return reply

    def stalled(self, u: Understood) -> bool:
        """An answer to "which provider?" that names none, nor "anyone", nor a listed one by
        its place, nor anything else to keep: it counts as a message not understood, so the
        question is not asked forever."""
        if self.state != State.COLLECT_PROVIDER or self.session.flow != "book" or u.intent not in _ANSWERS:
            return False
        return not (
            u.provider_ids
            or u.any_provider
            or u.has_when
            or self.offered_provider(u.pick) is not None
            or u.visit_type_id
            or u.reason
            or u.full_name
            or u.date_of_birth
            or u.phone
        )

    def offered_provider(self, pick: int | None) -> str | None:
        """The provider at place `pick` (1-based, -1 the last) in the list last offered."""
        if pick is None:
            return None
        active = [str(p.pk) for p in self.context.providers] if self.context else []
        offered = [pk for pk in self.session.collected.get("_providers_offered", active) if pk in active]
        index = len(offered) - 1 if pick == -1 else pick - 1
        return offered[index] if 0 <= index < len(offered) else None

    def ask_provider(self, *, again: bool = False) -> str:
        providers = self.context.providers if self.context else []
        self.session.collected["_providers_offered"] = [str(p.pk) for p in providers]
        template = replies.ASK_PROVIDER_AGAIN if again else replies.ASK_PROVIDER
        return template.format(providers=replies.provider_list(providers))

    def pending_question(self) -> str:
        """The question the conversation is waiting on, asked again after an aside; "" at rest."""
        s, state = self.session, self.state
        if state == State.COLLECT_PROVIDER:
            return self.ask_provider()
        if state == State.COLLECT_DATE:
            return replies.ASK_NEW_DATE if s.flow == "reschedule" else replies.ASK_DATE
        if state == State.COLLECT_PATIENT_INFO:
            return replies.ASK_PATIENT.format(purpose=PURPOSES.get(s.flow, PURPOSES["book"]))
        if state == State.COLLECT_REASON:
            return replies.ASK_REASON
        if state == State.SHOWING_SLOTS and s.slots_shown:
            return replies.slots_text(self.clinic, s.slots_shown, intro="The openings I found:")
        if state == State.SHOWING_SLOTS and s.appointments_shown and self.patient is not None:
            shown = appointment_list(clinic=self.clinic).filter(patient=self.patient, pk__in=s.appointments_shown)
            by_pk = {str(a.pk): a for a in shown.select_related("provider")}
            return self.which_appointment([by_pk[pk] for pk in s.appointments_shown if pk in by_pk])
        if state == State.CONFIRM_BOOKING and s.flow == "cancel" and s.target_appointment_id and self.patient:
            target = (
                appointment_list(clinic=self.clinic)
                .filter(patient=self.patient, pk=s.target_appointment_id)
                .select_related("provider")
                .first()
            )
            return self.cancel_question(target) if target is not None else ""
        if state == State.CONFIRM_BOOKING and s.slot_selected is not None and s.slots_shown:
            return self.confirm_question()
        return ""

    def hand_off(self, reason: str) -> str:
        self.move(State.HANDED_OFF)
        self.handoff_reason = reason
        return replies.handoff(self.clinic)

    def information(self, topic: str) -> str:
        clinic = self.clinic
        if topic == "address":
            # No full stop after the address: "…, NY." would not read as the clinic's own
            # address to the output check (the state's abbreviation takes the dot).
            address = clinic.postal_address
            return f"Our address: {address}" if address else "Our address is on our website."
        if topic == "providers":
            providers = list(provider_list(clinic=clinic).filter(status="ACTIVE").order_by("last_name"))
            return f"Our providers: {replies.provider_list(providers)}."
        if topic == "visit_types":
            types = self.context.visit_types if self.context else []
            listed = "; ".join(f"{v.name} ({v.minutes} min)" for v in types) or "general appointments"
            return f"We offer: {listed}."
        if topic == "phone":
            return f"You can call us at {clinic.phone}."
        return f"Our opening hours ({clinic.tzinfo}): {replies.hours_text(clinic)}."

    # --- slots -----------------------------------------------------------------------------

    def merge(self, u: Understood) -> None:
        """Write what the message says into the collected data, changing only that."""
        c = self.session.collected
        asked_provider = self.state == State.COLLECT_PROVIDER
        if u.provider_ids:
            c["provider_ids"] = [str(p) for p in u.provider_ids]
            c.pop("any_provider", None)
        elif asked_provider and (u.any_provider or u.earliest):
            # "anyone", "whoever is first available", "the earliest you have"
            c["any_provider"] = True
        elif u.any_provider and self.state in _RESTING:
            c["any_provider"] = True
        elif asked_provider and self.offered_provider(u.pick) is not None:
            # "the first one": the first provider in the list just offered
            c["provider_ids"] = [self.offered_provider(u.pick)]
            self.private["provider_by_place"] = True
        picking = self.state == State.SHOWING_SLOTS and u.pick is not None
        if u.on and not picking:
            c["date"] = u.on.isoformat()
            c.pop("week", None)
            c.pop("earliest", None)
        elif u.week and not picking:
            c["week"] = [u.week.first.isoformat(), u.week.last.isoformat()]
            c.pop("date", None)
            c.pop("earliest", None)
        if u.earliest:
            c["earliest"] = True
            c.pop("date", None)
            c.pop("week", None)
        if u.at and self.pick(u) is None:
            c["time"] = u.at.isoformat("minutes")
            c.pop("part_of_day", None)
        if u.part_of_day and not picking:
            c["part_of_day"] = u.part_of_day
            c.pop("time", None)
        if asked_provider and c.get("any_provider") and not (
            c.get("date") or c.get("week") or c.get("earliest") or c.get("time")
        ):
            # Anyone, and no day said: the earliest openings with any provider.
            c["earliest"] = True
        if u.visit_type_id:
            c["visit_type_id"] = str(u.visit_type_id)
        if u.reason and self.session.flow == "book":
            c["reason"] = u.reason[:500]
        for key, value in (
            ("full_name", u.full_name),
            ("phone", u.phone),
            ("date_of_birth", u.date_of_birth.isoformat() if u.date_of_birth else ""),
        ):
            if value:
                self.session.collected.setdefault("_identity", {})[key] = value

    # --- advancing -------------------------------------------------------------------------

    def advance(self, u: Understood) -> str:
        s = self.session
        if s.flow == "book":
            return self.advance_book(u)
        return self.advance_existing(u)

    def advance_book(self, u: Understood) -> str:
        s, c = self.session, self.session.collected
        if self.state == State.CONFIRM_BOOKING and not self.changed_when(u):
            if u.affirmative or u.intent == Intent.CONFIRMATION:
                return self.book()
            if u.negative or u.intent == Intent.DENIAL:
                self.move(State.COLLECT_DATE)
                s.slot_selected = None
                return "No problem. " + replies.ASK_DATE
        if self.state == State.SHOWING_SLOTS and not self.changed_where(u):
            chosen = self.pick(u)
            if chosen is not None:
                s.slot_selected = chosen
            elif not self.changed_when(u):
                return "Please pick one of the times by its number, or tell me another day."
        if s.slot_selected is None or self.changed_when(u) or self.changed_where(u):
            s.slot_selected = None
            if not c.get("provider_ids") and not c.get("any_provider"):
                providers = self.context.providers if self.context else []
                if len(providers) > 1:
                    if self.private.get("stalled"):
                        return self.not_understood(self.ask_provider(again=True))
                    self.move(State.COLLECT_PROVIDER)
                    return self.ask_provider()
                c["any_provider"] = True
            if not (c.get("date") or c.get("week") or c.get("earliest") or c.get("time")):
                self.move(State.COLLECT_DATE)
                return self.chosen_provider() + replies.ASK_DATE
            return self.search()
        question = self.identity("book")
        if question is not None:
            return question
        if "reason" not in c:
            self.move(State.COLLECT_REASON)
            return replies.ASK_REASON
        return self.confirm()

    def chosen_provider(self) -> str:
        """ "OK, Ana Lee, MD. " when the provider was chosen by its place in the list, so the
        patient sees whom "the first one" meant."""
        if not self.private.get("provider_by_place") or not self.context:
            return ""
        ids = self.session.collected.get("provider_ids", [])
        chosen = next((p for p in self.context.providers if [str(p.pk)] == ids), None)
        return f"OK, {chosen.display_name}. " if chosen is not None else ""

    def changed_when(self, u: Understood) -> bool:
        return bool(u.on or u.week or u.part_of_day or u.earliest or (u.at and self.pick(u) is None))

    def changed_where(self, u: Understood) -> bool:
        return bool(u.provider_ids) and [str(p) for p in u.provider_ids] != self.session.collected.get("_searched_ids")

    def pick(self, u: Understood) -> int | None:
        shown = self.session.slots_shown
        if not shown or self.state not in (State.SHOWING_SLOTS, State.CONFIRM_BOOKING):
            return None
        if u.pick is not None:
            index = len(shown) - 1 if u.pick == -1 else u.pick - 1
            return index if 0 <= index < len(shown) else None
        if u.at is not None:
            for index, slot in enumerate(shown):
                start = datetime.fromisoformat(slot["start"]).astimezone(self.clinic.tzinfo)
                if (start.hour, start.minute) == (u.at.hour, u.at.minute) and (u.on is None or start.date() == u.on):
                    return index
        return None

    def search(self) -> str:
        s, c = self.session, self.session.collected
        self.move(State.SEARCHING)
        kwargs: dict[str, Any] = {"clinic": self.clinic, "now": self.now, "limit": SLOTS_SHOWN}
        if c.get("provider_ids"):
            kwargs["providers"] = c["provider_ids"]
        if c.get("date"):
            kwargs["on"] = date.fromisoformat(c["date"])
        elif c.get("week"):
            kwargs["start_date"], kwargs["end_date"] = (date.fromisoformat(d) for d in c["week"])
        if c.get("time"):
            kwargs["at"] = time.fromisoformat(c["time"])
        elif c.get("part_of_day"):
            kwargs["part_of_day"] = c["part_of_day"]
        if c.get("visit_type_id") and self.context:
            kwargs["visit_type"] = next((v for v in self.context.visit_types if str(v.pk) == c["visit_type_id"]), None)
        if self.patient is not None:
            kwargs["patient"] = self.patient
        if kwargs.get("on") is None and kwargs.get("start_date") is None:
            kwargs["per_day"] = 2
        result = slots_search(**kwargs)
        slots, intro = result.slots, "Here are the openings I found:"
        if not slots:
            for alternative in result.alternatives:
                if alternative.slots:
                    slots, intro = alternative.slots, "Nothing is open then. The nearest openings are:"
                    break
        c["_searched_ids"] = c.get("provider_ids")
        if not slots:
            self.move(State.COLLECT_DATE)
            s.slots_shown = []
            return "Sorry, there is no availability then. " + replies.ASK_DATE
        s.slots_shown = [
            {
                "number": i,
                "provider_id": str(slot.provider_id),
                "provider_name": slot.provider_name,
                "start": slot.start.isoformat(),
                "end": slot.end.isoformat(),
            }
            for i, slot in enumerate(slots[:SLOTS_SHOWN], start=1)
        ]
        self.move(State.SHOWING_SLOTS)
        return replies.slots_text(self.clinic, s.slots_shown, intro=intro)

    def slot(self) -> dict[str, Any]:
        if self.session.slot_selected is None:  # pragma: no cover - the flow selects first
            raise InvalidTransitionError("no slot selected")
        return self.session.slots_shown[self.session.slot_selected]

    def confirm(self) -> str:
        self.move(State.CONFIRM_BOOKING)
        return self.confirm_question()

    def confirm_question(self) -> str:
        slot = self.slot()
        when = replies.local(self.clinic, datetime.fromisoformat(slot["start"]))
        if self.session.flow == "reschedule":
            return f"To confirm: move your appointment to {slot['provider_name']} on {when}? (yes or no)"
        return f"To confirm: an appointment with {slot['provider_name']} on {when}. Shall I book it? (yes or no)"

    def cancel_question(self, target: Appointment) -> str:
        when = replies.local(self.clinic, target.start_at)
        return f"Cancel your appointment with {target.provider.display_name} on {when}? (yes or no)"

    def which_appointment(self, appointments: list[Appointment]) -> str:
        lines = [
            f"{i}. {a.provider.display_name} on {replies.local(self.clinic, a.start_at)}"
            for i, a in enumerate(appointments, start=1)
        ]
        return "Which appointment?\n" + "\n".join(lines)

    def book(self) -> str:
        s, slot = self.session, self.slot()
        provider = provider_list(clinic=self.clinic).filter(pk=slot["provider_id"]).first()
        start = datetime.fromisoformat(slot["start"])
        try:
            if s.flow == "reschedule" and s.target_appointment_id:
                old = appointment_list(clinic=self.clinic).get(pk=s.target_appointment_id)
                appointment = services.appointment_reschedule(
                    appointment=old, start_at=start, actor=self.actor, provider=provider, booked_via=self.channel
                )
                s.outcome = "rescheduled"
            else:
                visit_type = None
                if s.collected.get("visit_type_id") and self.context:
                    visit_type = next(
                        (v for v in self.context.visit_types if str(v.pk) == s.collected["visit_type_id"]), None
                    )
                if provider is None or self.patient is None:
                    raise ValidationError("The provider or patient is gone.")
                appointment = services.appointment_book(
                    clinic=self.clinic,
                    provider=provider,
                    patient=self.patient,
                    start_at=start,
                    actor=self.actor,
                    visit_type=visit_type,
                    reason=s.collected.get("reason", ""),
                    booked_via=self.channel,
                    is_new_patient=bool(s.collected.get("new_patient")),
                )
                s.outcome = "booked"
        except (services.AppointmentConflict, services.SlotUnavailable, ValidationError):
            s.slot_selected = None
            return "Sorry, that time was just taken. " + self.search()
        s.booking_id = str(appointment.pk)
        self.move(State.BOOKED)
        when = replies.local(self.clinic, appointment.start_at)
        verb = "moved" if s.flow == "reschedule" else "booked"
        s.flow = ""
        return f"You're {verb}: {slot['provider_name']} on {when}. " + replies.NOTHING_TO_DO

    # --- existing appointments -------------------------------------------------------------

    def advance_existing(self, u: Understood) -> str:
        s = self.session
        question = self.identity(s.flow)
        if question is not None:
            return question
        if self.patient is None:  # pragma: no cover - identity() returned None
            raise InvalidTransitionError("no patient")
        if s.flow == "reschedule" and s.target_appointment_id:
            if self.state == State.CONFIRM_BOOKING and not self.changed_when(u):
                if u.affirmative or u.intent == Intent.CONFIRMATION:
                    return self.book()
                if u.negative or u.intent == Intent.DENIAL:
                    self.move(State.COLLECT_DATE)
                    return "No problem. " + replies.ASK_DATE
            return self.advance_book_time(u)
        upcoming = appointments_upcoming(clinic=self.clinic, patient=self.patient, after=self.now)
        if not upcoming:
            self.move(State.COMPLETED)
            s.flow = ""
            return "You have no upcoming appointments with us. Would you like to book one?"
        if s.flow == "check":
            lines = [f"- {a.provider.display_name} on {replies.local(self.clinic, a.start_at)}" for a in upcoming]
            self.move(State.COMPLETED)
            s.flow = ""
            s.outcome = "answered"
            return "Your upcoming appointments:\n" + "\n".join(lines)
        target = self.target(u, upcoming)
        if target is None:
            s.appointments_shown = [str(a.pk) for a in upcoming]
            self.move(State.SHOWING_SLOTS)
            return self.which_appointment(upcoming)
        s.target_appointment_id = str(target.pk)
        when = replies.local(self.clinic, target.start_at)
        if s.flow == "cancel":
            if self.state == State.CONFIRM_BOOKING and (u.affirmative or u.intent == Intent.CONFIRMATION):
                services.appointment_cancel(
                    appointment=target,
                    actor=self.actor,
                    reason="Cancelled in chat",
                    cancelled_by=Appointment.CancelledBy.PATIENT,
                )
                self.move(State.CANCELLED)
                s.outcome, s.flow = "cancelled", ""
                return (
                    f"Your appointment with {target.provider.display_name} on {when} is cancelled. "
                    + replies.NOTHING_TO_DO
                )
            if self.state == State.CONFIRM_BOOKING and (u.negative or u.intent == Intent.DENIAL):
                self.move(State.COMPLETED)
                s.flow = ""
                return "All right, I've kept your appointment. " + replies.NOTHING_TO_DO
            self.move(State.CONFIRM_BOOKING)
            return self.cancel_question(target)
        # reschedule: same provider unless another one is named
        s.collected.setdefault("provider_ids", [str(target.provider_id)])
        return self.advance_book_time(u, intro=f"Your appointment is with {target.provider.display_name} on {when}. ")

    def advance_book_time(self, u: Understood, intro: str = "") -> str:
        s, c = self.session, self.session.collected
        if self.state == State.SHOWING_SLOTS and s.slots_shown and not self.changed_where(u):
            chosen = self.pick(u)
            if chosen is not None:
                s.slot_selected = chosen
                return self.confirm()
        if not (c.get("date") or c.get("week") or c.get("earliest") or c.get("time")):
            self.move(State.COLLECT_DATE)
            return intro + replies.ASK_NEW_DATE
        return intro + self.search()

    def target(self, u: Understood, upcoming: list[Appointment]) -> Appointment | None:
        s = self.session
        if s.target_appointment_id:
            chosen = next((a for a in upcoming if str(a.pk) == s.target_appointment_id), None)
            if chosen is not None:
                return chosen
            s.target_appointment_id = None  # no longer upcoming: choose again
        if len(upcoming) == 1:
            return upcoming[0]
        just_booked = s.collected.get("_just_booked")
        if just_booked and not s.appointments_shown:
            # "Cancel it" right after booking: the appointment just booked (the question
            # that follows names it; "no" keeps it).
            chosen = next((a for a in upcoming if str(a.pk) == just_booked), None)
            if chosen is not None:
                return chosen
        if s.appointments_shown and u.pick is not None:
            index = len(s.appointments_shown) - 1 if u.pick == -1 else u.pick - 1
            if 0 <= index < len(s.appointments_shown):
                return next((a for a in upcoming if str(a.pk) == s.appointments_shown[index]), None)
        return None
