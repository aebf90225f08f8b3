"""The front desk's schedule: appointments by day, provider and status, and visit types.

New appointments are booked through `appointment_book` (the same overlap lock as every
other channel, `booked_via="admin"`); edits that do not move an appointment go through
`appointment_update`; confirmations, check-ins and cancellations are actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesDropdownFilter, DropdownFilter
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from clinics.admin_actions import confirmation_page, confirmed_data
from clinics.admin_base import CHANGE, Area, TenantAdminForm, TenantModelAdmin, actor_for
from clinics.admin_filters import ScopedRelatedFilter
from clinics.admin_forms import explain_constraints
from clinics.models import Provider
from scheduling.availability import SlotUnavailable, slot_check
from scheduling.models import Appointment, ClinicClosure, ProviderTimeOff, VisitType
from scheduling.services import AppointmentConflict, appointment_book, appointment_cancel, appointment_update

STATUS_LABELS = {
    Appointment.Status.SCHEDULED: "info",
    Appointment.Status.CONFIRMED: "primary",
    Appointment.Status.CHECKED_IN: "warning",
    Appointment.Status.COMPLETED: "success",
    Appointment.Status.CANCELLED: "danger",
    Appointment.Status.NO_SHOW: "danger",
    Appointment.Status.RESCHEDULED: "",
}

# Fields that never change once booked: moving an appointment is a reschedule.
BOOKED_FIELDS = (
    "provider", "patient", "start_at", "end_at", "duration_minutes", "status", "booked_via", "confirmed_at",
    "checked_in_at", "completed_at", "cancelled_at", "cancellation_reason", "cancelled_by", "reminder_sent_at",
    "reminder_count", "rescheduled_from",
)


explain_constraints({
    "visittype_minutes_range": ("minutes", "Give a length between 5 and 480 minutes."),
    "appt_duration_range": ("duration_minutes", "Give a length between 5 and 480 minutes."),
    "appt_ends_after_start": (None, "An appointment must end after it starts."),
    "closure_dates_order": ("end_date", "The last closed day cannot be before the first."),
    "closure_times_within_one_day": ("end_time", "Give both times (end after start) for part of one day, or "
                                                 "neither for whole days."),
    "closure_one_holiday_per_day": ("start_date", "This day already has a seeded holiday closure."),
    "timeoff_ends_after_start": ("ends_at", "Time off must end after it starts."),
})


@admin.register(VisitType)
class VisitTypeAdmin(TenantModelAdmin):
    area = Area.SCHEDULE
    list_display = ("name", "minutes", "new_patient_only", "specialty", "active", "description")
    list_select_related = ("clinic",)
    list_filter = (("active", BooleanRadioFilter), ("new_patient_only", BooleanRadioFilter))
    search_fields = ("name", "description", "specialty")
    fields = ("clinic", "name", "minutes", "new_patient_only", "specialty", "active", "description")


class ClosureWhenFilter(DropdownFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("upcoming", "Today and later"), ("past", "Past")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "upcoming":
            return queryset.filter(end_date__gte=today)
        if self.value() == "past":
            return queryset.filter(end_date__lt=today)
        return queryset


@admin.register(ClinicClosure)
class ClinicClosureAdmin(TenantModelAdmin):
    """Days the clinic is closed; no slot is offered or booked in them."""

    area = Area.SCHEDULE
    list_display = ("name", "start_date", "end_date", "hours", "source", "active")
    list_select_related = ("clinic",)
    list_filter = (ClosureWhenFilter, ("source", ChoicesDropdownFilter), ("active", BooleanRadioFilter))
    search_fields = ("name",)
    ordering = ("start_date",)
    date_hierarchy = "start_date"
    fields = ("clinic", "name", "start_date", "end_date", "start_time", "end_time", "active", "source")
    readonly_fields = ("source",)

    @display(description="Hours")
    def hours(self, obj: ClinicClosure) -> str:
        if obj.start_time is None or obj.end_time is None:
            return "All day"
        return f"{obj.start_time:%H:%M}-{obj.end_time:%H:%M}"


@admin.register(ProviderTimeOff)
class ProviderTimeOffAdmin(TenantModelAdmin):
    """A provider's absences; nothing is offered or booked with them meanwhile."""

    area = Area.SCHEDULE
    list_display = ("provider", "starts", "ends", "reason")
    list_select_related = ("clinic", "provider")
    list_filter = (("provider", ScopedRelatedFilter),)
    search_fields = ("provider__last_name", "provider__first_name", "reason")
    ordering = ("starts_at",)
    autocomplete_fields = ("provider",)
    fields = ("clinic", "provider", "starts_at", "ends_at", "reason")

    @display(description="From", ordering="starts_at")
    def starts(self, obj: ProviderTimeOff) -> str:
        return f"{timezone.localtime(obj.starts_at, obj.clinic.tzinfo):%a %Y-%m-%d %H:%M}"

    @display(description="Until", ordering="ends_at")
    def ends(self, obj: ProviderTimeOff) -> str:
        return f"{timezone.localtime(obj.ends_at, obj.clinic.tzinfo):%a %Y-%m-%d %H:%M}"


class DayFilter(DropdownFilter):
    title = "day"
    parameter_name = "day"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("today", "Today"), ("tomorrow", "Tomorrow"), ("week", "Next 7 days"), ("upcoming", "From today on"),
                ("past", "Past")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Days in the time zone the admin runs in for this user (their clinic's).
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        value = self.value()
        if value == "today":
            return queryset.filter(start_at__gte=start, start_at__lt=start + dt.timedelta(days=1))
        if value == "tomorrow":
            tomorrow = start + dt.timedelta(days=1)
            return queryset.filter(start_at__gte=tomorrow, start_at__lt=tomorrow + dt.timedelta(days=1))
        if value == "week":
            return queryset.filter(start_at__gte=start, start_at__lt=start + dt.timedelta(days=7))
        if value == "upcoming":
            return queryset.filter(start_at__gte=start)
        if value == "past":
            return queryset.filter(start_at__lt=timezone.now())
        return queryset


class AppointmentAddForm(TenantAdminForm):
    """Booking: the length comes from the form, else the visit type, else the provider."""

    class Meta:
        model = Appointment
        fields = ("clinic", "patient", "provider", "visit_type", "start_at", "duration_minutes", "reason", "notes",
                  "is_new_patient", "special_instructions", "external_id")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "start_at" in self.fields:
            # The admin reads typed times in the staff's clinic time zone (UTC for superusers).
            self.fields["start_at"].help_text = f"Local time ({timezone.get_current_timezone_name()})."
        if "duration_minutes" in self.fields:
            self.fields["duration_minutes"].required = False
            self.fields["duration_minutes"].help_text = "Leave empty to use the visit type's or the provider's length."
        visit_type: Any = self.fields.get("visit_type")
        if visit_type is not None:
            visit_type.queryset = visit_type.queryset.filter(active=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        provider: Provider | None = data.get("provider")
        start_at: dt.datetime | None = data.get("start_at")
        if provider is None or start_at is None or self.errors:
            return data
        if provider.status != Provider.Status.ACTIVE:
            self.add_error("provider", "This provider is not taking appointments.")
            return data
        visit_type = data.get("visit_type")
        minutes = data.get("duration_minutes") or (visit_type.minutes if visit_type else None) or (
            provider.default_appointment_minutes
        )
        data["duration_minutes"] = minutes
        self.instance.end_at = start_at + dt.timedelta(minutes=minutes)
        # A friendly early answer; appointment_book re-checks under a lock.
        busy = Appointment.objects.filter(
            provider=provider, status__in=Appointment.ACTIVE_STATUSES, start_at__lt=self.instance.end_at,
            end_at__gt=start_at,
        ).order_by("start_at").first()
        if busy is not None:
            # Say when the provider is busy, so the desk can offer the next free time.
            self.add_error("start_at", f"{provider} already has an appointment from "
                                       f"{timezone.localtime(busy.start_at):%H:%M} to "
                                       f"{timezone.localtime(busy.end_at):%H:%M}.")
            return data
        patient = data.get("patient")
        if patient is not None:
            try:
                # The rules appointment_book applies for the front desk (no notice or horizon).
                slot_check(clinic=provider.clinic, provider=provider, patient=patient, start_at=start_at,
                           end_at=self.instance.end_at, visit_type=visit_type, enforce_window=False)
            except SlotUnavailable as exc:
                self.add_error("start_at", str(exc))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=500, widget=UnfoldAdminTextInputWidget, help_text="Kept on the appointment.")
    cancelled_by = forms.ChoiceField(
        choices=Appointment.CancelledBy.choices, initial=Appointment.CancelledBy.PATIENT,
        widget=UnfoldAdminSelectWidget,
    )


@admin.register(Appointment)
class AppointmentAdmin(TenantModelAdmin):
    area = Area.SCHEDULE
    list_display = ("when", "patient", "provider", "visit_type", "minutes", "status_label", "booked_via", "reason")
    list_select_related = ("clinic", "patient", "provider", "visit_type")
    list_filter = (
        DayFilter,
        ("status", ChoicesDropdownFilter),
        ("provider", ScopedRelatedFilter),
        ("visit_type", ScopedRelatedFilter),
        ("booked_via", ChoicesDropdownFilter),
    )
    date_hierarchy = "start_at"
    ordering = ("start_at",)
    search_fields = ("patient__first_name", "patient__last_name", "patient__mrn", "patient__phone",
                     "provider__last_name", "external_id")
    search_help_text = "Patient name, MRN or phone; provider's last name; external id"
    autocomplete_fields = ("patient", "provider")
    add_form = AppointmentAddForm
    add_fieldsets = (
        (None, {"fields": ("clinic", "patient", "provider", "visit_type", "start_at", "duration_minutes")}),
        ("Details", {"fields": ("reason", "is_new_patient", "special_instructions", "notes", "external_id")}),
    )
    fieldsets = (
        (None, {"fields": ("clinic", "patient", "provider", "visit_type", "start_at", "end_at", "duration_minutes",
                           "status")}),
        ("Details", {"fields": ("reason", "is_new_patient", "special_instructions", "notes", "external_id",
                                "booked_via")}),
        ("History", {"fields": ("confirmed_at", "checked_in_at", "completed_at", "cancelled_at",
                                "cancellation_reason", "cancelled_by", "reminder_sent_at", "reminder_count",
                                "rescheduled_from")}),
    )
    actions = ("confirm", "check_in", "complete", "mark_no_show", "cancel")

    @display(description="When", ordering="start_at")
    def when(self, obj: Appointment) -> str:
        return f"{timezone.localtime(obj.start_at, obj.clinic.tzinfo):%a %Y-%m-%d %H:%M}"

    @display(description="Minutes", ordering="duration_minutes")
    def minutes(self, obj: Appointment) -> int:
        return obj.duration_minutes

    @display(description="Status", label=STATUS_LABELS, ordering="status")
    def status_label(self, obj: Appointment) -> tuple[str, str]:
        return obj.status, obj.get_status_display()

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly += [f for f in BOOKED_FIELDS if f not in readonly]
        return readonly

    def changeform_view(
        self, request: HttpRequest, object_id: Any = None, form_url: str = "", extra_context: Any = None
    ) -> Any:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (AppointmentConflict, SlotUnavailable, ValidationError) as exc:
            # Lost a race for the slot after the form's own check passed: nothing was saved.
            self.message_user(request, "; ".join(_messages(exc)), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request: HttpRequest, obj: Appointment, form: Any, change: bool) -> None:
        if change:
            current = Appointment.objects.get(pk=obj.pk)
            appointment_update(
                appointment=current, actor=actor_for(request),
                data={name: form.cleaned_data[name] for name in form.changed_data},
            )
            return
        data = form.cleaned_data
        booked = appointment_book(
            clinic=obj.clinic, provider=data["provider"], patient=data["patient"], start_at=data["start_at"],
            actor=actor_for(request), duration_minutes=data["duration_minutes"], visit_type=data.get("visit_type"),
            reason=data.get("reason", ""), notes=data.get("notes", ""), booked_via=Appointment.Channel.ADMIN,
            is_new_patient=data.get("is_new_patient", False),
            special_instructions=data.get("special_instructions", ""), external_id=data.get("external_id", ""),
            staff_override=True,
        )
        # The admin goes on with the form's instance (history, redirect): make it the booked row.
        obj.__dict__.update({k: v for k, v in booked.__dict__.items() if k != "_state"})
        obj._state.adding = False

    # --- actions ---------------------------------------------------------------------------

    def _transition(
        self, request: HttpRequest, queryset: QuerySet[Appointment], *, allowed: tuple[str, ...], status: str,
        stamp: str | None, verb: str,
    ) -> None:
        done = skipped = 0
        for appointment in self.restrict(request, queryset, CHANGE):
            if appointment.status not in allowed:
                skipped += 1
                continue
            data: dict[str, Any] = {"status": status}
            if stamp:
                data[stamp] = timezone.now()
            appointment_update(appointment=appointment, actor=actor_for(request), data=data)
            done += 1
        self.message_user(request, f"{verb.capitalize()} {done} appointment(s).", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"Skipped {skipped} appointment(s) whose status does not allow it.",
                              messages.WARNING)

    @admin.action(description="Confirm selected appointments", permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[Appointment]) -> None:
        self._transition(request, queryset, allowed=(Appointment.Status.SCHEDULED,),
                         status=Appointment.Status.CONFIRMED, stamp="confirmed_at", verb="confirmed")

    @admin.action(description="Check in", permissions=["change"])
    def check_in(self, request: HttpRequest, queryset: QuerySet[Appointment]) -> None:
        self._transition(request, queryset, allowed=(Appointment.Status.SCHEDULED, Appointment.Status.CONFIRMED),
                         status=Appointment.Status.CHECKED_IN, stamp="checked_in_at", verb="checked in")

    @admin.action(description="Mark completed", permissions=["change"])
    def complete(self, request: HttpRequest, queryset: QuerySet[Appointment]) -> None:
        self._transition(request, queryset, allowed=Appointment.ACTIVE_STATUSES,
                         status=Appointment.Status.COMPLETED, stamp="completed_at", verb="completed")

    @admin.action(description="Mark no-show", permissions=["change"])
    def mark_no_show(self, request: HttpRequest, queryset: QuerySet[Appointment]) -> None:
        self._transition(request, queryset, allowed=(Appointment.Status.SCHEDULED, Appointment.Status.CONFIRMED),
                         status=Appointment.Status.NO_SHOW, stamp=None, verb="marked no-show for")

    @admin.action(description="Cancel selected appointments…", permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Appointment]) -> HttpResponse | None:
        queryset = self.restrict(request, queryset, CHANGE).filter(status__in=Appointment.ACTIVE_STATUSES)
        form = CancelForm(confirmed_data(request))
        if not form.is_valid():
            return confirmation_page(
                self, request, queryset.select_related("clinic", "patient", "provider"), form=form,
                title="Cancel appointments", describe=_describe,
                message="The time is freed for other patients. Only scheduled, confirmed or checked-in "
                        "appointments are listed.",
                submit_label="Cancel appointments", danger=True,
            )
        count = 0
        for appointment in queryset:
            appointment_cancel(appointment=appointment, actor=actor_for(request),
                               reason=form.cleaned_data["reason"], cancelled_by=form.cleaned_data["cancelled_by"])
            count += 1
        self.message_user(request, f"Cancelled {count} appointment(s).", messages.SUCCESS)
        return None


def _describe(appointment: Appointment) -> str:
    when = timezone.localtime(appointment.start_at, appointment.clinic.tzinfo)
    return f"{when:%a %Y-%m-%d %H:%M}: {appointment.patient} with {appointment.provider}"


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc)]
