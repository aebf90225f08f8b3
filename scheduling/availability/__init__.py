"""Open slots: when a patient can see a provider, and why a given time is refused.

One set of rules serves the search (`slots_search`) and the booking services
(`slot_check`, called under the provider's lock), so a slot that is offered can be
booked and a time that would be refused is never offered.

A time is open with a provider when all of these hold:

- it lies inside one interval of the provider's weekly schedule AND of the clinic's
  business hours for that weekday (both JSON on the models, local wall-clock times);
- no active clinic closure covers it (`ClinicClosure`, whole days or part of one day);
- the provider has no time off then (`ProviderTimeOff`) and no active appointment
  (SCHEDULED, CONFIRMED, CHECKED_IN) overlapping it;
- it starts at least `min_notice_minutes` from now and on a local date no later than
  today + `horizon_days` (`clinics.clinic_settings.SchedulingSettings`);
- the patient may see the provider: a provider not accepting new patients is offered
  only to returning patients; a new-patient-only visit type only to patients new to
  that provider; a visit type with a specialty only with providers of that specialty.

Returning patient: has an appointment with that provider that started before now and
was not cancelled, rescheduled or a no-show (`returning_provider_ids`). A search with no
patient is a search for a new patient, so every slot it offers can be booked by anyone.

Time zones: days, weekdays, hours, parts of day and closures are the clinic's local ones
(`Clinic.timezone`). Interval bounds are turned into instants with PEP 495 (`fold=0`)
and slots are laid out in absolute time from each interval's start, so a day that
springs forward or falls back has as many slots as it has real minutes, and every slot
lasts exactly its length. Results carry aware datetimes in the clinic's zone.

Queries: a search reads the providers once, the patient's history once, and then, per
window of dates it examines, appointments, time off and closures once each (a search
examines few windows: a range that was asked for is read whole (up to `MAX_WINDOW_DAYS`
at a time); an open-ended "earliest" search reads `FIRST_WINDOW_DAYS` and doubles the
window until it has enough, so it rarely reads more than a few days; alternatives read
one wider window). Nothing is queried per slot or per provider.
"""

from __future__ import annotations

from scheduling.availability.check import slot_check
from scheduling.availability.opening import returning_provider_ids
from scheduling.availability.search import slots_search
from scheduling.availability.vocabulary import (
    ALTERNATIVE_DAYS_AFTER,
    ALTERNATIVE_DAYS_BEFORE,
    FIRST_WINDOW_DAYS,
    MAX_APPOINTMENT_MINUTES,
    MAX_LIMIT,
    MAX_WINDOW_DAYS,
    NOT_ESTABLISHING,
    PART_OF_DAY_BOUNDS,
    Alternative,
    AlternativeKind,
    PartOfDay,
    Refusal,
    SearchResult,
    Slot,
    SlotUnavailable,
)

__all__ = [
    "ALTERNATIVE_DAYS_AFTER",
    "ALTERNATIVE_DAYS_BEFORE",
    "FIRST_WINDOW_DAYS",
    "MAX_APPOINTMENT_MINUTES",
    "MAX_LIMIT",
    "MAX_WINDOW_DAYS",
    "NOT_ESTABLISHING",
    "PART_OF_DAY_BOUNDS",
    "Alternative",
    "AlternativeKind",
    "PartOfDay",
    "Refusal",
    "SearchResult",
    "Slot",
    "SlotUnavailable",
    "returning_provider_ids",
    "slot_check",
    "slots_search",
]
