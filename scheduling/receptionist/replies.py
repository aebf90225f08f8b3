"""Reply templates. Times are always written in the clinic's time zone, with its name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from clinics.models import Clinic

DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
GREETING = "Hello! I can book, reschedule, cancel or look up an appointment, or answer questions about the clinic."
ASK_PROVIDER = (
    "Which provider would you like to see? You can name one, a specialty, or say anyone. We have: {providers}."
)
ASK_DATE = 'What day would suit you? You can say a date, a weekday, "next week" or "earliest".'
ASK_PROVIDER_AGAIN = (
    'Sorry, which provider? Please say a name from this list, or "anyone" for the first available: {providers}.'
)
ASK_NEW_DATE = 'When would you like to move it to? You can say a date, a weekday or "earliest".'
ASK_PATIENT = "To {purpose}, I need your full name, date of birth and phone number, please."
ASK_PATIENT_AGAIN = "I couldn't find a patient matching those details. Please check your full name and date of birth."
NOT_FOUND_ASK_PHONE = (
    "I couldn't find a patient with that name and date of birth. If you're new, please give your phone "
    "number and I'll register you; otherwise, please check your name and date of birth."
)
NOT_FOUND_ASK_NAME = (
    "I couldn't find a patient with that phone number and date of birth. If you're new, please give your "
    "full name and I'll register you; otherwise, please check your phone number and date of birth."
)
ASK_REASON = 'What is the reason for the visit? (A few words is fine, or say "skip".)'
ASK_REASON_AGAIN = 'Please tell me the reason for the visit in a few words, or say "skip" to leave it out.'
CONSENT_THANKS = "Thank you. How can I help you today?"
UNKNOWN = "Sorry, I didn't catch that. I can book, reschedule, cancel or check an appointment."
OUT_OF_SCOPE = (
    "I can only help with appointments and questions about the clinic. Would you like to book, "
    "reschedule or cancel an appointment?"
)
GOODBYE = "Thank you for contacting us. Goodbye!"
NOTHING_TO_DO = "Is there anything else I can help you with?"
SAFE_FALLBACK = "Sorry, I can't show that here. A member of our team can help: please call the clinic."


def local(clinic: Clinic, when: datetime) -> str:
    at = when.astimezone(clinic.tzinfo)
    hour = at.strftime("%I:%M %p").lstrip("0")
    return f"{at:%A, %B} {at.day} at {hour} {at.tzname()}"


def provider_list(providers: list[Any]) -> str:
    return "; ".join(f"{p.display_name} ({p.specialty})" if p.specialty else p.display_name for p in providers)


def slots_text(clinic: Clinic, slots: list[dict[str, Any]], *, intro: str) -> str:
    lines = [intro]
    for number, slot in enumerate(slots, start=1):
        lines.append(f"{number}. {local(clinic, datetime.fromisoformat(slot['start']))} with {slot['provider_name']}")
    lines.append("Which one would you like? Say the number or the time.")
    return "\n".join(lines)


def handoff(clinic: Clinic) -> str:
    hours = hours_text(clinic)
    phone = f" at {clinic.phone}" if clinic.phone else ""
    return (
        f"I've passed this conversation to our front desk; a member of our team will contact you during "
        f"opening hours ({hours}). You can also call us{phone}."
    )


def hours_text(clinic: Clinic) -> str:
    parts = []
    for day in DAY_NAMES:
        intervals = clinic.business_hours.get(day) or []
        if intervals:
            parts.append(f"{day.capitalize()} " + ", ".join(f"{a}-{b}" for a, b in intervals))
    return "; ".join(parts) or "by appointment"
