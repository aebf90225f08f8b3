"""The availability search: schedules, hours, time zones, closures, time off, notice,
horizon, parts of day, exact times, caps, alternatives and the new-patient rules.

Every search is given a fixed `now`; the factories' clinic is in New York with business
hours 08:00-17:00 on weekdays and providers who work 09:00-12:00 and 13:00-17:00.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest

from clinics.clinic_settings import scheduling_settings_with
from clinics.models import Clinic, Patient, Provider
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.availability import AlternativeKind, PartOfDay, Refusal, Slot, slots_search
from scheduling.models import Appointment, ClinicClosure
from scheduling.tests.factories import (
    AppointmentFactory,
    ClinicClosureFactory,
    ProviderTimeOffFactory,
    VisitTypeFactory,
)

pytestmark = pytest.mark.django_db

NY = zoneinfo.ZoneInfo("America/New_York")
UTC = dt.UTC
# Monday 8 March 2027, 07:00 in New York: the week before clocks spring forward (Sunday 14 March).
NOW = dt.datetime(2027, 3, 8, 12, 0, tzinfo=UTC)
TUESDAY = dt.date(2027, 3, 9)
WEDNESDAY = dt.date(2027, 3, 10)
MORNING = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
AFTERNOON = ["13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]


def local(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=NY)


def times(slots: list[Slot]) -> list[str]:
    return [f"{s.start:%H:%M}" for s in slots]


def search(clinic: Clinic, **kwargs: Any) -> Any:
    kwargs.setdefault("now", NOW)
    kwargs.setdefault("minutes", 30)
    kwargs.setdefault("limit", 100)
    return slots_search(clinic=clinic, **kwargs)


def configure(clinic: Clinic, **options: Any) -> None:
    clinic.settings = scheduling_settings_with(clinic, **options)
    clinic.save()


@pytest.fixture
def provider(clinic: Clinic) -> Provider:
    return ProviderFactory.create(clinic=clinic, first_name="Ada", last_name="Adams", specialty="Family Medicine")


# --- schedules and hours ---------------------------------------------------------------------


def test_slots_fill_the_weekly_schedule_at_the_visit_length(clinic: Clinic, provider: Provider) -> None:
    assert times(search(clinic, on=TUESDAY).slots) == MORNING + AFTERNOON


def test_slots_are_aware_in_the_clinic_zone_and_last_the_visit(clinic: Clinic, provider: Provider) -> None:
    slot = search(clinic, on=TUESDAY, minutes=45).slots[0]
    assert (slot.start, slot.end, slot.minutes, slot.provider_id) == (
        local(TUESDAY, "09:00"),
        local(TUESDAY, "09:45"),
        45,
        provider.pk,
    )
    assert slot.start.tzinfo == NY


def test_a_visit_type_sets_the_length(clinic: Clinic, provider: Provider) -> None:
    hour = VisitTypeFactory.create(clinic=clinic, minutes=60)
    result = search(clinic, on=TUESDAY, minutes=None, visit_type=hour)
    assert times(result.slots) == ["09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00"]
    assert result.slots[0].visit_type_id == hour.pk


def test_without_a_length_each_provider_default_is_used(clinic: Clinic) -> None:
    ProviderFactory.create(clinic=clinic, default_appointment_minutes=90, weekly_schedule={"tue": [["09:00", "12:00"]]})
    assert times(search(clinic, on=TUESDAY, minutes=None).slots) == ["09:00", "10:30"]


def test_business_hours_narrow_the_schedule(clinic: Clinic, provider: Provider) -> None:
    clinic.business_hours = {**clinic.business_hours, "tue": [["10:00", "15:00"]]}
    clinic.save()
    assert times(search(clinic, on=TUESDAY).slots) == [
        "10:00",
        "10:30",
        "11:00",
        "11:30",
        "13:00",
        "13:30",
        "14:00",
        "14:30",
    ]


def test_no_slots_on_a_day_the_provider_does_not_work(clinic: Clinic, provider: Provider) -> None:
    assert search(clinic, on=dt.date(2027, 3, 13), alternatives=False).slots == []  # a Saturday


def test_the_slot_step_setting_lays_out_starts(clinic: Clinic, provider: Provider) -> None:
    configure(clinic, slot_step_minutes=15)
    assert times(search(clinic, on=TUESDAY).slots)[:4] == ["09:00", "09:15", "09:30", "09:45"]


def test_inactive_and_deleted_providers_are_not_offered(clinic: Clinic, provider: Provider) -> None:
    ProviderFactory.create(clinic=clinic, status=Provider.Status.ON_LEAVE)
    ProviderFactory.create(clinic=clinic).soft_delete()
    assert {s.provider_id for s in search(clinic, on=TUESDAY).slots} == {provider.pk}


# --- daylight saving ------------------------------------------------------------------------------


def test_spring_forward_keeps_local_hours(clinic: Clinic, provider: Provider) -> None:
    # Clocks go from EST (UTC-5) to EDT (UTC-4) on Sunday 14 March 2027.
    before = search(clinic, on=dt.date(2027, 3, 12)).slots[0]
    after = search(clinic, on=dt.date(2027, 3, 15)).slots[0]
    assert (f"{before.start:%H:%M}", f"{after.start:%H:%M}") == ("09:00", "09:00")
    assert (before.start.astimezone(UTC).hour, after.start.astimezone(UTC).hour) == (14, 13)


def test_fall_back_keeps_local_hours(clinic: Clinic, provider: Provider) -> None:
    # Clocks go from EDT back to EST on Sunday 7 November 2027.
    now = dt.datetime(2027, 11, 1, 12, 0, tzinfo=UTC)
    before = search(clinic, on=dt.date(2027, 11, 5), now=now).slots[0]
    after = search(clinic, on=dt.date(2027, 11, 8), now=now).slots[0]
    assert (f"{before.start:%H:%M}", f"{after.start:%H:%M}") == ("09:00", "09:00")
    assert (before.start.astimezone(UTC).hour, after.start.astimezone(UTC).hour) == (13, 14)


def test_a_range_across_the_change_has_the_same_local_times_each_day(clinic: Clinic, provider: Provider) -> None:
    slots = search(clinic, start_date=dt.date(2027, 3, 12), end_date=dt.date(2027, 3, 15), at=dt.time(9, 0)).slots
    assert [(s.start.date(), f"{s.start:%H:%M}") for s in slots] == [
        (dt.date(2027, 3, 12), "09:00"),
        (dt.date(2027, 3, 15), "09:00"),
    ]


@pytest.fixture
def night_clinic(clinic: Clinic) -> Clinic:
    clinic.business_hours = {"sun": [["00:00", "04:00"]]}
    clinic.save()
    ProviderFactory.create(clinic=clinic, weekly_schedule={"sun": [["00:00", "04:00"]]})
    return clinic


def test_the_skipped_hour_is_never_offered(night_clinic: Clinic) -> None:
    slots = search(night_clinic, on=dt.date(2027, 3, 14)).slots
    # 00:00-04:00 local is three real hours that night: 02:00-02:59 does not exist.
    assert times(slots) == ["00:00", "00:30", "01:00", "01:30", "03:00", "03:30"]
    assert all(s.minutes == 30 for s in slots)


def test_the_repeated_hour_is_offered_twice(night_clinic: Clinic) -> None:
    slots = search(night_clinic, on=dt.date(2027, 11, 7), now=dt.datetime(2027, 11, 1, tzinfo=UTC)).slots
    # Five real hours: 01:00-01:59 happens once in EDT and again in EST.
    assert times(slots) == ["00:00", "00:30", "01:00", "01:30", "01:00", "01:30", "02:00", "02:30", "03:00", "03:30"]
    assert len({s.start.astimezone(UTC) for s in slots}) == 10


# --- what makes time busy ----------------------------------------------------------------------------


def test_an_appointment_removes_the_slots_it_overlaps(clinic: Clinic, provider: Provider) -> None:
    AppointmentFactory.create(clinic=clinic, provider=provider, start_at=local(TUESDAY, "10:00"), duration_minutes=45)
    assert times(search(clinic, on=TUESDAY, part_of_day="morning").slots) == ["09:00", "09:30", "11:00", "11:30"]


@pytest.mark.parametrize(
    "status", [Appointment.Status.CANCELLED, Appointment.Status.RESCHEDULED, Appointment.Status.NO_SHOW]
)
def test_an_inactive_appointment_frees_its_slot(clinic: Clinic, provider: Provider, status: str) -> None:
    AppointmentFactory.create(clinic=clinic, provider=provider, start_at=local(TUESDAY, "09:00"), status=status)
    assert times(search(clinic, on=TUESDAY).slots)[0] == "09:00"


def test_another_providers_appointment_does_not_block(clinic: Clinic, provider: Provider) -> None:
    AppointmentFactory.create(clinic=clinic, start_at=local(TUESDAY, "09:00"))
    assert times(search(clinic, on=TUESDAY, providers=[provider]).slots)[0] == "09:00"


def test_a_whole_day_closure_has_no_slots(clinic: Clinic, provider: Provider) -> None:
    ClinicClosureFactory.create(clinic=clinic, start_date=TUESDAY, end_date=TUESDAY)
    assert search(clinic, on=TUESDAY, alternatives=False).slots == []


def test_a_closure_over_several_days_closes_each(clinic: Clinic, provider: Provider) -> None:
    ClinicClosureFactory.create(clinic=clinic, start_date=TUESDAY, end_date=dt.date(2027, 3, 11))
    slots = search(clinic, start_date=TUESDAY, end_date=dt.date(2027, 3, 12), at=dt.time(9, 0)).slots
    assert [s.start.date() for s in slots] == [dt.date(2027, 3, 12)]


def test_a_closure_unticked_by_staff_closes_nothing(clinic: Clinic, provider: Provider) -> None:
    ClinicClosureFactory.create(clinic=clinic, start_date=TUESDAY, end_date=TUESDAY, active=False)
    assert len(search(clinic, on=TUESDAY).slots) == 14


def test_a_partial_closure_removes_only_its_hours(clinic: Clinic, provider: Provider) -> None:
    ClinicClosureFactory.create(
        clinic=clinic, start_date=TUESDAY, end_date=TUESDAY, start_time=dt.time(13, 0), end_time=dt.time(15, 0)
    )
    assert times(search(clinic, on=TUESDAY, part_of_day="afternoon").slots) == ["15:00", "15:30", "16:00", "16:30"]


def test_another_clinics_closure_does_not_close_this_one(
    clinic: Clinic, other_clinic: Clinic, provider: Provider
) -> None:
    ClinicClosureFactory.create(clinic=other_clinic, start_date=TUESDAY, end_date=TUESDAY)
    assert len(search(clinic, on=TUESDAY).slots) == 14


def test_time_off_removes_the_providers_slots(clinic: Clinic, provider: Provider) -> None:
    ProviderTimeOffFactory.create(
        clinic=clinic, provider=provider, starts_at=local(TUESDAY, "11:00"), ends_at=local(WEDNESDAY, "14:00")
    )
    result = search(clinic, start_date=TUESDAY, end_date=WEDNESDAY)
    assert [f"{s.start:%a %H:%M}" for s in result.slots] == (
        [f"Tue {t}" for t in MORNING[:4]]
        + ["Wed 14:00", "Wed 14:30", "Wed 15:00", "Wed 15:30", "Wed 16:00", "Wed 16:30"]
    )


# --- notice and horizon ------------------------------------------------------------------------------


def test_minimum_notice_hides_the_next_hours(clinic: Clinic, provider: Provider) -> None:
    now = local(TUESDAY, "08:00")  # default notice: two hours
    assert times(search(clinic, on=TUESDAY, now=now).slots)[:2] == ["10:00", "10:30"]


def test_zero_notice_offers_the_next_start(clinic: Clinic, provider: Provider) -> None:
    configure(clinic, min_notice_minutes=0)
    assert times(search(clinic, on=TUESDAY, now=local(TUESDAY, "09:10")).slots)[0] == "09:30"


def test_nothing_is_offered_beyond_the_horizon(clinic: Clinic, provider: Provider) -> None:
    configure(clinic, horizon_days=10)
    last = dt.date(2027, 3, 18)  # Monday 8 March + 10 days (a Thursday)
    assert search(clinic, on=last).slots
    assert search(clinic, on=last + dt.timedelta(days=1), alternatives=False).slots == []


def test_an_open_search_stops_at_the_horizon(clinic: Clinic, provider: Provider) -> None:
    configure(clinic, horizon_days=10)
    result = search(clinic, at=dt.time(9, 0))
    assert (result.first_date, result.last_date) == (dt.date(2027, 3, 8), dt.date(2027, 3, 18))
    assert [s.start.day for s in result.slots] == [8, 9, 10, 11, 12, 15, 16, 17, 18]


# --- what was asked for ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "expected"),
    [(PartOfDay.MORNING, MORNING), ("afternoon", AFTERNOON), ("evening", ["17:00", "17:30", "18:00", "18:30"])],
)
def test_part_of_day(clinic: Clinic, part: str, expected: list[str]) -> None:
    clinic.business_hours = {**clinic.business_hours, "tue": [["08:00", "19:00"]]}
    clinic.save()
    ProviderFactory.create(clinic=clinic, weekly_schedule={"tue": [["09:00", "12:00"], ["13:00", "19:00"]]})
    assert times(search(clinic, on=TUESDAY, part_of_day=part).slots) == expected


def test_exact_time_off_the_grid(clinic: Clinic, provider: Provider) -> None:
    assert times(search(clinic, on=TUESDAY, at=dt.time(14, 15)).slots) == ["14:15"]


def test_earliest_orders_providers_by_time_then_name(clinic: Clinic, provider: Provider) -> None:
    zed = ProviderFactory.create(clinic=clinic, first_name="Zed", last_name="Zimmer")
    AppointmentFactory.create(
        clinic=clinic, provider=provider, start_at=local(dt.date(2027, 3, 8), "09:00"), duration_minutes=60
    )
    slots = search(clinic, limit=4).slots  # now is 07:00: the first bookable start is 09:00
    assert [(f"{s.start:%H:%M}", s.provider_id) for s in slots] == [
        ("09:00", zed.pk),
        ("09:30", zed.pk),
        ("10:00", provider.pk),
        ("10:00", zed.pk),
    ]


def test_results_are_capped_at_the_limit(clinic: Clinic, provider: Provider) -> None:
    assert len(search(clinic, limit=3).slots) == 3


def test_per_day_spreads_results_over_the_days(clinic: Clinic, provider: Provider) -> None:
    slots = search(clinic, start_date=TUESDAY, end_date=dt.date(2027, 3, 11), per_day=2).slots
    assert [f"{s.start:%d %H:%M}" for s in slots] == [
        "09 09:00",
        "09 09:30",
        "10 09:00",
        "10 09:30",
        "11 09:00",
        "11 09:30",
    ]


def test_search_by_specialty_in_any_case(clinic: Clinic, provider: Provider) -> None:
    cardio = ProviderFactory.create(clinic=clinic, specialty="Cardiology")
    assert {s.provider_id for s in search(clinic, on=TUESDAY, specialty="cardiology").slots} == {cardio.pk}


def test_search_by_provider_ids(clinic: Clinic, provider: Provider) -> None:
    ProviderFactory.create(clinic=clinic)
    assert {s.provider_id for s in search(clinic, on=TUESDAY, providers=[provider.pk]).slots} == {provider.pk}


def test_another_clinics_provider_is_never_offered(clinic: Clinic, other_clinic: Clinic) -> None:
    theirs = ProviderFactory.create(clinic=other_clinic)
    assert search(clinic, on=TUESDAY, providers=[theirs.pk]).slots == []


def test_a_visit_type_with_a_specialty_is_offered_by_that_specialty_only(clinic: Clinic, provider: Provider) -> None:
    sports = ProviderFactory.create(clinic=clinic, specialty="Sports Medicine")
    physical = VisitTypeFactory.create(clinic=clinic, specialty="sports medicine")
    assert {s.provider_id for s in search(clinic, on=TUESDAY, visit_type=physical).slots} == {sports.pk}


# --- new and returning patients --------------------------------------------------------------------


@pytest.fixture
def closed_list(clinic: Clinic) -> Provider:
    return ProviderFactory.create(clinic=clinic, first_name="Zoe", last_name="Zhou", accepting_new_patients=False)


def _seen(clinic: Clinic, provider: Provider, patient: Patient, status: str = Appointment.Status.COMPLETED) -> None:
    AppointmentFactory.create(
        clinic=clinic, provider=provider, patient=patient, start_at=local(dt.date(2027, 2, 1), "10:00"), status=status
    )


def test_without_a_patient_providers_closed_to_new_patients_are_left_out(
    clinic: Clinic, provider: Provider, closed_list: Provider
) -> None:
    result = search(clinic, on=TUESDAY)
    assert {s.provider_id for s in result.slots} == {provider.pk}
    assert result.excluded == {closed_list.pk: Refusal.NEW_PATIENTS_NOT_ACCEPTED}


def test_a_returning_patient_is_offered_a_provider_closed_to_new_patients(
    clinic: Clinic, closed_list: Provider
) -> None:
    patient = PatientFactory.create(clinic=clinic)
    _seen(clinic, closed_list, patient)
    assert {s.provider_id for s in search(clinic, on=TUESDAY, patient=patient).slots} == {closed_list.pk}


def test_a_patient_seen_by_another_provider_is_new_to_this_one(
    clinic: Clinic, provider: Provider, closed_list: Provider
) -> None:
    patient = PatientFactory.create(clinic=clinic)
    _seen(clinic, provider, patient)
    assert closed_list.pk not in {s.provider_id for s in search(clinic, on=TUESDAY, patient=patient).slots}


@pytest.mark.parametrize("status", [Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW])
def test_a_visit_that_did_not_happen_does_not_make_a_patient_returning(
    clinic: Clinic, closed_list: Provider, status: str
) -> None:
    patient = PatientFactory.create(clinic=clinic)
    _seen(clinic, closed_list, patient, status=status)
    assert search(clinic, on=TUESDAY, patient=patient, alternatives=False).slots == []


def test_new_patient_false_without_a_patient_offers_everyone(
    clinic: Clinic, provider: Provider, closed_list: Provider
) -> None:
    found = {s.provider_id for s in search(clinic, on=TUESDAY, new_patient=False).slots}
    assert found == {provider.pk, closed_list.pk}


def test_a_new_patient_visit_type_is_not_offered_to_a_returning_patient(clinic: Clinic, provider: Provider) -> None:
    patient = PatientFactory.create(clinic=clinic)
    _seen(clinic, provider, patient)
    new_visit = VisitTypeFactory.create(clinic=clinic, new_patient_only=True)
    result = search(clinic, on=TUESDAY, patient=patient, visit_type=new_visit)
    assert (result.slots, result.excluded) == ([], {provider.pk: Refusal.VISIT_TYPE_NEW_PATIENTS_ONLY})


# --- alternatives -----------------------------------------------------------------------------------


def _kinds(result: Any) -> list[AlternativeKind]:
    return [a.kind for a in result.alternatives]


def test_a_taken_exact_time_offers_other_times_that_day_first(clinic: Clinic, provider: Provider) -> None:
    AppointmentFactory.create(clinic=clinic, provider=provider, start_at=local(TUESDAY, "15:00"))
    result = search(clinic, on=TUESDAY, at=dt.time(15, 0), limit=3)
    assert result.slots == []
    assert _kinds(result)[:2] == [AlternativeKind.OTHER_TIMES_SAME_DAYS, AlternativeKind.SAME_TIME_OTHER_DAYS]
    assert times(result.alternatives[0].slots) == ["09:00", "09:30", "10:00"]


def test_same_time_other_days_are_the_nearest_days(clinic: Clinic, provider: Provider) -> None:
    AppointmentFactory.create(clinic=clinic, provider=provider, start_at=local(WEDNESDAY, "15:00"))
    result = search(clinic, on=WEDNESDAY, at=dt.time(15, 0), limit=2)
    same_time = next(a for a in result.alternatives if a.kind == AlternativeKind.SAME_TIME_OTHER_DAYS)
    assert [(s.start.date(), f"{s.start:%H:%M}") for s in same_time.slots] == [
        (TUESDAY, "15:00"),
        (dt.date(2027, 3, 11), "15:00"),
    ]


def test_a_busy_named_provider_offers_others_of_the_specialty(clinic: Clinic, provider: Provider) -> None:
    colleague = ProviderFactory.create(clinic=clinic, specialty="family medicine")
    ProviderFactory.create(clinic=clinic, specialty="Dermatology")
    ProviderTimeOffFactory.create(
        clinic=clinic, provider=provider, starts_at=local(TUESDAY, "00:00"), ends_at=local(WEDNESDAY, "00:00")
    )
    result = search(clinic, on=TUESDAY, providers=[provider])
    other = next(a for a in result.alternatives if a.kind == AlternativeKind.OTHER_PROVIDERS)
    assert {s.provider_id for s in other.slots} == {colleague.pk}
    assert all(s.start.date() == TUESDAY for s in other.slots)


def test_a_closed_day_offers_the_nearest_open_days(clinic: Clinic, provider: Provider) -> None:
    ClinicClosureFactory.create(clinic=clinic, start_date=WEDNESDAY, end_date=WEDNESDAY)
    result = search(clinic, on=WEDNESDAY, limit=3)
    assert _kinds(result) == [AlternativeKind.WIDER_RANGE]
    assert {s.start.date() for s in result.alternatives[0].slots} <= {TUESDAY, dt.date(2027, 3, 11)}


def test_a_date_beyond_the_horizon_offers_the_last_bookable_days(clinic: Clinic, provider: Provider) -> None:
    configure(clinic, horizon_days=10)
    result = search(clinic, on=dt.date(2027, 3, 22), limit=2)
    assert result.slots == []
    assert [s.start.date() for s in result.alternatives[0].slots] == [dt.date(2027, 3, 18)] * 2


def test_alternatives_are_not_computed_when_slots_are_found(clinic: Clinic, provider: Provider) -> None:
    assert search(clinic, on=TUESDAY).alternatives == []


# --- cost ------------------------------------------------------------------------------------------


def test_a_search_reads_each_kind_of_data_once(clinic: Clinic, django_assert_num_queries: Any) -> None:
    providers = [ProviderFactory.create(clinic=clinic) for _ in range(2)]
    patient = PatientFactory.create(clinic=clinic)
    for index, provider in enumerate(providers):
        for day in range(9, 12):
            AppointmentFactory.create(
                clinic=clinic,
                provider=provider,
                patient=patient,
                start_at=local(dt.date(2027, 3, day), f"{9 + index}:00"),
                duration_minutes=60,
            )
    ClinicClosureFactory.create(clinic=clinic, start_date=dt.date(2027, 3, 12), end_date=dt.date(2027, 3, 12))
    # providers, the patient's history, then appointments, time off and closures of one window
    with django_assert_num_queries(5):
        result = slots_search(
            clinic=clinic,
            patient=patient,
            start_date=TUESDAY,
            end_date=dt.date(2027, 3, 12),
            minutes=30,
            limit=100,
            now=NOW,
        )
    # two providers, three open days of 14 half hours, one hour booked each day; Friday closed
    assert len(result.slots) == 2 * 3 * 14 - 2 * 3 * 2


def test_closure_source_defaults_to_manual(clinic: Clinic) -> None:
    assert ClinicClosureFactory.create(clinic=clinic).source == ClinicClosure.Source.MANUAL
