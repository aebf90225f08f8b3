"""Query filters of the appointment list.

The queryset is already scoped to the key's clinic by a selector: a provider or patient
id of another clinic matches nothing here.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import serializers

from clinics.api.filters import StrictBooleanFilter
from scheduling.models import Appointment, VisitType

# An unencoded "+" in a query string arrives as a space: "…T09:00:00 02:00" was meant as
# "…T09:00:00+02:00". Restore it rather than make every client remember to encode it.
_SPACE_FOR_PLUS_OFFSET = re.compile(r" (\d{2}(?::?\d{2})?)$")

_PLAIN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_UNREADABLE_BOUND = "Use an ISO 8601 date-time such as 2026-09-01T09:00:00-04:00 or a date such as 2026-09-01."

_BOUND_HELP = (
    "ISO 8601 date-time (with offset; without one it is read in the clinic's time zone) or a plain date "
    "(a whole day in the clinic's time zone)."
)


class AppointmentFilter(django_filters.FilterSet):
    start_after = django_filters.CharFilter(
        method="filter_start_after", help_text=f"Appointments starting at or after this. {_BOUND_HELP}"
    )
    start_before = django_filters.CharFilter(
        method="filter_start_before",
        help_text=f"Appointments starting before this; a plain date includes that day. {_BOUND_HELP}",
    )
    provider = django_filters.UUIDFilter(field_name="provider_id", help_text="Provider id.")
    patient = django_filters.UUIDFilter(field_name="patient_id", help_text="Patient id.")
    visit_type = django_filters.UUIDFilter(field_name="visit_type_id", help_text="Visit type id.")
    status = django_filters.MultipleChoiceFilter(choices=Appointment.Status.choices, help_text="Repeat for several.")
    external_id = django_filters.CharFilter()

    class Meta:
        model = Appointment
        fields = ["provider", "patient", "visit_type", "status", "external_id"]

    def _clinic_tz(self) -> Any:
        return self.request.user.clinic.tzinfo  # type: ignore[union-attr]

    def _parse_bound(self, name: str, value: str, *, day_end: bool) -> datetime:
        """The instant a bound names. A plain date is the start of that day, or with
        `day_end` the start of the next one (so `start_before=<date>` includes the date)."""
        text = _SPACE_FOR_PLUS_OFFSET.sub(r"+\1", value.strip())
        moment: datetime | None = None
        day: date | None = None
        try:
            # Python's fromisoformat (inside parse_datetime) reads a bare date as midnight;
            # a plain date is a whole day here, so it is recognised first.
            if _PLAIN_DATE.match(text):
                day = parse_date(text)
            else:
                moment = parse_datetime(text)
        except ValueError:
            moment, day = None, None
        try:
            if moment is not None:
                bound = timezone.make_aware(moment, self._clinic_tz()) if timezone.is_naive(moment) else moment
            elif day is not None:
                if day_end:
                    day += timedelta(days=1)
                bound = datetime.combine(day, time.min, tzinfo=self._clinic_tz())
            else:
                raise serializers.ValidationError({name: [_UNREADABLE_BOUND]})
            # The database compares in UTC. An instant with no UTC form (year 1 east of
            # Greenwich, the last day of 9999 west of it) is a 500 on SQLite and a match on
            # PostgreSQL: refuse it on both.
            return bound.astimezone(UTC)
        except OverflowError:
            raise serializers.ValidationError({name: ["The date is out of range."]}) from None

    def filter_start_after(self, queryset: QuerySet[Appointment], name: str, value: str) -> QuerySet[Appointment]:
        return queryset.filter(start_at__gte=self._parse_bound(name, value, day_end=False))

    def filter_start_before(self, queryset: QuerySet[Appointment], name: str, value: str) -> QuerySet[Appointment]:
        return queryset.filter(start_at__lt=self._parse_bound(name, value, day_end=True))


class VisitTypeFilter(django_filters.FilterSet):
    active = StrictBooleanFilter()

    class Meta:
        model = VisitType
        fields = ["active"]
