"""Benchmark: availability searches over a busy clinic.

A clinic with 8 providers (3 specialties), 3,000 patients, federal-holiday closures,
some time off, and about 70% of every provider's 20-minute slots booked for the 90 days
behind and the 90 days ahead (tens of thousands of appointments), plus a second clinic
of the same size whose rows must not slow the first one's searches.

Each scenario runs repeatedly; the script prints the median and p95 time per search and
the number of SQL queries one search makes. It builds its data in a throwaway test
database (TEST_DATABASE_NAME, as the tests do) and drops it at the end.

    NUVAE_ENV=test DATABASE_URL=postgres://postgres@127.0.0.1:5432/nuvae TEST_DATABASE_NAME=nuvae_bench \\
        .venv/bin/python bench/availability.py
    NUVAE_ENV=test .venv/bin/python bench/availability.py   # SQLite
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time as clock
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

# The repository first, in place of bench/ (whose fhir.py and chat.py would shadow packages).
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuvae.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from clinics.audit import Actor  # noqa: E402
from clinics.clinic_settings import scheduling_settings_with  # noqa: E402
from clinics.models import Clinic, Patient, Provider  # noqa: E402
from clinics.validators import npi_check_digit  # noqa: E402
from scheduling.availability import PartOfDay, slot_check, slots_search  # noqa: E402
from scheduling.models import Appointment, ProviderTimeOff  # noqa: E402
from scheduling.services import closures_seed_federal_holidays  # noqa: E402

PROVIDERS = 8
PATIENTS = 3000
DAYS = 90
MINUTES = 20
BOOKED = 0.7
RUNS = 40
SPECIALTIES = ("Family Medicine", "Internal Medicine", "Pediatrics")
SCHEDULE = {d: [["08:00", "12:00"], ["13:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


def build_clinic(slug: str, rng: random.Random) -> tuple[Clinic, list[Provider], list[Patient]]:
    clinic = Clinic.objects.create(
        name=f"Bench {slug}",
        slug=slug,
        timezone="America/New_York",
        business_hours={**SCHEDULE, "sat": [], "sun": []},
    )
    clinic.settings = scheduling_settings_with(clinic, federal_holidays=True, min_notice_minutes=120, horizon_days=90)
    clinic.save()
    closures_seed_federal_holidays(clinic=clinic, actor=Actor.system("bench"))
    providers = [
        Provider.objects.create(
            clinic=clinic,
            first_name=f"P{i}",
            last_name=f"Provider{i}",
            specialty=SPECIALTIES[i % 3],
            npi=f"1{abs(hash(slug)) % 1000:03d}{i:05d}" + npi_check_digit(f"1{abs(hash(slug)) % 1000:03d}{i:05d}"),
            weekly_schedule=SCHEDULE,
            default_appointment_minutes=MINUTES,
            accepting_new_patients=i % 4 != 3,
        )
        for i in range(PROVIDERS)
    ]
    patients = Patient.objects.bulk_create(
        Patient(
            clinic=clinic,
            first_name=f"F{i}",
            last_name=f"L{i}",
            date_of_birth=date(1960 + i % 50, 1 + i % 12, 1 + i % 28),
            phone=f"+1202555{i % 10000:04d}",
        )
        for i in range(PATIENTS)
    )
    tz = clinic.tzinfo
    today = timezone.localdate(timezone=tz)
    rows = []
    for offset in range(-DAYS, DAYS + 1):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for provider in providers:
            for start_s, end_s in SCHEDULE["mon"]:
                cursor = datetime.combine(day, time.fromisoformat(start_s), tzinfo=tz)
                closes = datetime.combine(day, time.fromisoformat(end_s), tzinfo=tz)
                while cursor + timedelta(minutes=MINUTES) <= closes:
                    if rng.random() < BOOKED:
                        past = offset < 0
                        rows.append(
                            Appointment(
                                clinic=clinic,
                                provider=provider,
                                patient=rng.choice(patients),
                                start_at=cursor,
                                end_at=cursor + timedelta(minutes=MINUTES),
                                duration_minutes=MINUTES,
                                status=Appointment.Status.COMPLETED if past else Appointment.Status.SCHEDULED,
                            )
                        )
                    cursor += timedelta(minutes=MINUTES)
    Appointment.objects.bulk_create(rows, batch_size=2000)
    start = datetime.combine(today + timedelta(days=10), time(0), tzinfo=tz)
    ProviderTimeOff.objects.create(
        clinic=clinic, provider=providers[0], starts_at=start, ends_at=start + timedelta(days=5), reason="Vacation"
    )
    return clinic, providers, patients


def measure(name: str, run: Callable[[], Any]) -> None:
    run()  # warm caches (time zone data, query plans)
    with CaptureQueriesContext(connection) as queries:
        found = run()
    timings = []
    for _ in range(RUNS):
        began = clock.perf_counter()
        run()
        timings.append((clock.perf_counter() - began) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{name:<58} median {statistics.median(timings):7.2f} ms   p95 {p95:7.2f} ms   "
        f"{len(queries.captured_queries)} queries   {found}"
    )


def main() -> None:
    creation = connection.creation
    database = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        rng = random.Random(4)
        began = clock.perf_counter()
        clinic, providers, _patients = build_clinic("bench-a", rng)
        build_clinic("bench-b", rng)
        appointments = Appointment.objects.count()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum would have done after a bulk load
        print(
            f"database {connection.vendor} ({database}); Python {platform.python_version()}; "
            f"{platform.machine()} {os.cpu_count()} cores"
        )
        print(
            f"built {appointments} appointments in two clinics of {PROVIDERS} providers in "
            f"{clock.perf_counter() - began:.1f} s; {RUNS} runs per scenario\n"
        )
        tz = clinic.tzinfo
        today = timezone.localdate(timezone=tz)
        monday = today + timedelta(days=14 - today.weekday())
        returning = Appointment.objects.filter(provider=providers[3], start_at__lt=timezone.now()).first()
        assert returning is not None
        patient = returning.patient

        def count(result: Any) -> str:
            alternatives = sum(len(a.slots) for a in result.alternatives)
            return f"{len(result.slots)} slots" + (f", {alternatives} alternatives" if alternatives else "")

        measure("earliest, any provider, limit 10", lambda: count(slots_search(clinic=clinic, limit=10)))
        measure(
            "earliest, one specialty, afternoons, limit 5",
            lambda: count(
                slots_search(clinic=clinic, specialty="pediatrics", part_of_day=PartOfDay.AFTERNOON, limit=5)
            ),
        )
        measure("one day, all providers, limit 50", lambda: count(slots_search(clinic=clinic, on=monday, limit=50)))
        measure(
            "two weeks, returning patient, 3 per day, limit 30",
            lambda: count(
                slots_search(
                    clinic=clinic,
                    patient=patient,
                    start_date=monday,
                    end_date=monday + timedelta(days=13),
                    per_day=3,
                    limit=30,
                )
            ),
        )
        busy = (
            Appointment.objects.filter(
                provider=providers[1], start_at__date__gte=monday, status=Appointment.Status.SCHEDULED
            )
            .order_by("start_at")
            .first()
        )
        assert busy is not None
        local = busy.start_at.astimezone(tz)
        measure(
            "one provider, a booked exact time (alternatives)",
            lambda: count(
                slots_search(clinic=clinic, providers=[providers[1]], on=local.date(), at=local.time(), limit=5)
            ),
        )
        free = slots_search(clinic=clinic, providers=[providers[2]], on=monday, limit=1).slots[0]

        def check() -> str:
            slot_check(clinic=clinic, provider=providers[2], patient=patient, start_at=free.start, end_at=free.end)
            return "bookable"

        measure("slot_check (the booking service's re-check)", check)
        print(f"\nmeasured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    finally:
        creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
