"""Form fields for the JSON columns staff edit in the admin: lists of codes typed as
comma-separated text, weekly hours typed one line per day."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from unfold.widgets import UnfoldAdminTextareaWidget, UnfoldAdminTextInputWidget

from clinics.validators import WEEKDAYS

_FULL_DAY_NAMES = {
    "mon": "monday", "tue": "tuesday", "wed": "wednesday", "thu": "thursday", "fri": "friday", "sat": "saturday",
    "sun": "sunday",
}

#: JSON list fields whose items are numbers (an 837's diagnosis pointers are 1-based).
INTEGER_LIST_FIELDS = frozenset({"diagnosis_pointers"})


class CommaListField(forms.CharField):
    """A JSON list edited as comma-separated text: `E119, I10` <-> ["E119", "I10"]."""

    widget = UnfoldAdminTextInputWidget

    def __init__(self, *, integers: bool = False, **kwargs: Any) -> None:
        self.integers = integers
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[Any]:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if text.startswith("["):
            # Pasted JSON is accepted as well as comma-separated text.
            try:
                parsed = json.loads(text)
            except ValueError:
                raise ValidationError("Enter values separated by commas, for example E119, I10.") from None
            items = [str(item).strip() for item in parsed] if isinstance(parsed, list) else []
        else:
            items = [item.strip() for item in text.replace(";", ",").split(",")]
        items = [item for item in items if item]
        if not self.integers:
            return items
        try:
            return [int(item) for item in items]
        except ValueError:
            raise ValidationError("Enter whole numbers separated by commas, for example 1, 2.") from None

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != (initial or [])
        except ValidationError:
            return True


_DAY_LINE = re.compile(r"([A-Za-z]+)\s*:?\s*(.*?)\s*")
_INTERVAL = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*[-\u2013]\s*(\d{1,2})(?::(\d{2}))?")
WEEKLY_HOURS_HELP = (
    "One line per day, e.g. “mon 08:30-12:00, 13:00-17:00”, 24-hour times. "
    "A day that is not listed, or is “closed”, has no hours."
)


def format_weekly_hours(value: Any) -> str:
    """{"mon": [["08:30", "12:00"], ["13:00", "17:00"]], "sun": []} as one line per day."""
    if not isinstance(value, dict):
        return "" if value in (None, "") else str(value)
    lines = []
    for day in sorted(value, key=lambda d: WEEKDAYS.index(d) if d in WEEKDAYS else len(WEEKDAYS)):
        intervals = value[day]
        if not isinstance(intervals, list):
            lines.append(f"{day} {intervals}")
        elif not intervals:
            lines.append(f"{day} closed")
        else:
            lines.append(f"{day} " + ", ".join("-".join(str(t) for t in pair) for pair in intervals))
    return "\n".join(lines)


def weekly_hours_html(value: Any) -> str:
    """Weekly hours for a read-only page: one line per day."""
    text = format_weekly_hours(value)
    if not text:
        return "No hours set"
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in text.splitlines()))


def _weekday(name: str) -> str | None:
    """"mon", "Mon", "Tues", "thursday" -> the three-letter key."""
    name = name.lower()
    if len(name) < 3:
        return None
    return next((day for day, full in _FULL_DAY_NAMES.items() if full.startswith(name)), None)


def _hhmm(hours: str, minutes: str | None) -> str:
    return f"{int(hours):02d}:{minutes or '00'}"


class WeeklyHoursField(forms.CharField):
    """Weekly hours edited as text, one line per day (JSON pasted as is is accepted too).

    Only the text is parsed here; the model's validator then checks the hours themselves
    (real times, start before end, no overlaps) and its message lands on this field.
    """

    widget = UnfoldAdminTextareaWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", WEEKLY_HOURS_HELP)
        super().__init__(**kwargs)
        self.widget.attrs["rows"] = 8

    def prepare_value(self, value: Any) -> Any:
        return format_weekly_hours(value) if isinstance(value, dict) else value

    def to_python(self, value: Any) -> dict[str, Any]:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if text.startswith("{"):
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValidationError(
                    f"This looks like JSON but does not parse: {exc.msg} (line {exc.lineno})."
                ) from None
            if not isinstance(parsed, dict):
                raise ValidationError("Give one line per day, e.g. “mon 08:30-12:00”.")
            return parsed
        hours: dict[str, Any] = {}
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            match = _DAY_LINE.fullmatch(line)
            day = _weekday(match.group(1)) if match else None
            if match is None or day is None:
                raise ValidationError(f"Line {number} (“{line}”): start with a weekday: {', '.join(WEEKDAYS)}.")
            rest = match.group(2)
            if day in hours:
                raise ValidationError(f"Line {number}: {day} is listed twice; put all of its hours on one line.")
            if rest.lower() in {"", "closed", "off", "-"}:
                hours[day] = []
                continue
            intervals = []
            for part in rest.split(","):
                match = _INTERVAL.fullmatch(part.strip())
                if match is None:
                    raise ValidationError(
                        f"Line {number} (“{line}”): write hours as start-end, e.g. 08:30-12:00, 13:00-17:00."
                    )
                start_h, start_m, end_h, end_m = match.groups()
                intervals.append([_hhmm(start_h, start_m), _hhmm(end_h, end_m)])
            hours[day] = intervals
        return hours

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != (initial or {})
        except ValidationError:
            return True
