"""US federal holidays seeded as closures: opt-in, the coming year, idempotent; the
service, the daily task and the management command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clinics.audit import Actor
from clinics.clinic_settings import scheduling_settings_with
from clinics.models import Clinic
from scheduling.models import ClinicClosure
from scheduling.services import closures_seed_federal_holidays, federal_holidays
from scheduling.tasks import seed_federal_holidays_task

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system()
TODAY = dt.date(2026, 11, 21)


def opt_in(clinic: Clinic) -> Clinic:
    clinic.settings = scheduling_settings_with(clinic, federal_holidays=True)
    clinic.save()
    return clinic


def test_federal_holidays_of_a_range() -> None:
    assert federal_holidays(first=dt.date(2027, 11, 1), last=dt.date(2027, 12, 31)) == [
        (dt.date(2027, 11, 11), "Veterans Day"),
        (dt.date(2027, 11, 25), "Thanksgiving Day"),
        (dt.date(2027, 12, 24), "Christmas Day (observed)"),
        (dt.date(2027, 12, 25), "Christmas Day"),
        (dt.date(2027, 12, 31), "New Year's Day (observed)"),
    ]


def test_nothing_is_seeded_for_a_clinic_that_did_not_opt_in(clinic: Clinic) -> None:
    assert closures_seed_federal_holidays(clinic=clinic, actor=SYSTEM, today=TODAY) == []
    assert not ClinicClosure.objects.exists()


def test_the_coming_year_is_seeded_as_whole_day_holiday_closures(clinic: Clinic) -> None:
    created = closures_seed_federal_holidays(clinic=opt_in(clinic), actor=SYSTEM, today=TODAY)
    days = [c.start_date for c in created]
    assert days == [d for d, _ in federal_holidays(first=TODAY, last=TODAY + dt.timedelta(days=365))]
    assert (days[0], days[-1]) == (dt.date(2026, 11, 26), dt.date(2027, 11, 11))
    first = ClinicClosure.objects.get(start_date=dt.date(2026, 11, 26))
    assert (first.name, first.end_date, first.all_day, first.source, first.active) == (
        "Thanksgiving Day",
        dt.date(2026, 11, 26),
        True,
        ClinicClosure.Source.HOLIDAY,
        True,
    )


def test_seeding_twice_adds_nothing(clinic: Clinic) -> None:
    closures_seed_federal_holidays(clinic=opt_in(clinic), actor=SYSTEM, today=TODAY)
    count = ClinicClosure.objects.count()
    assert closures_seed_federal_holidays(clinic=clinic, actor=SYSTEM, today=TODAY) == []
    assert ClinicClosure.objects.count() == count


def test_a_holiday_the_clinic_chose_to_open_on_stays_open(clinic: Clinic) -> None:
    closures_seed_federal_holidays(clinic=opt_in(clinic), actor=SYSTEM, today=TODAY)
    ClinicClosure.objects.filter(start_date=dt.date(2027, 10, 11)).update(active=False)  # Columbus Day
    closures_seed_federal_holidays(clinic=clinic, actor=SYSTEM, today=TODAY)
    assert list(ClinicClosure.objects.filter(start_date=dt.date(2027, 10, 11)).values_list("active", flat=True)) == [
        False
    ]


def test_a_year_later_the_next_holidays_are_added(clinic: Clinic) -> None:
    closures_seed_federal_holidays(clinic=opt_in(clinic), actor=SYSTEM, today=TODAY)
    created = closures_seed_federal_holidays(clinic=clinic, actor=SYSTEM, today=dt.date(2026, 12, 1))
    assert [c.start_date for c in created] == [dt.date(2027, 11, 25)]


def test_the_task_seeds_every_clinic_that_opted_in(clinic: Clinic, other_clinic: Clinic) -> None:
    opt_in(clinic)
    assert seed_federal_holidays_task.apply().get() > 0
    assert set(ClinicClosure.objects.values_list("clinic_id", flat=True)) == {clinic.pk}


def test_the_command_refuses_a_clinic_that_did_not_opt_in(clinic: Clinic) -> None:
    with pytest.raises(CommandError, match="has not opted in"):
        call_command("seed_holidays", clinic=clinic.slug)


def test_the_command_seeds_the_clinic_named(clinic: Clinic) -> None:
    out = StringIO()
    call_command("seed_holidays", clinic=opt_in(clinic).slug, stdout=out)
    assert ClinicClosure.objects.filter(clinic=clinic, source=ClinicClosure.Source.HOLIDAY).exists()
    assert out.getvalue().startswith(f"{clinic.name}: ")
