"""The model form every tenant admin and inline uses (see `clinics.admin_base`)."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.models import InlineForeignKeyField
from unfold.widgets import UnfoldAdminTextInputWidget

from clinics.admin_roles import clinic_id_of, has_clinic_field, scope_to_clinics
from clinics.models import Clinic, Membership

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


class TenantAdminForm(forms.ModelForm):
    """A model form that keeps every related choice inside the object's clinic.

    - New objects of a single-clinic user get that clinic (`preset_clinic_id`) without a
      field for it.
    - Related choices are narrowed to the object's clinic once it is known, and `clean`
      rejects a related row of another clinic (a user of two clinics could otherwise
      link them) and a user who does not work for the clinic.
    - Unique and check constraints that involve fields not on the form (the clinic,
      read-only fields) are validated too, so they answer with a form error rather than
      a database error.
    """

    preset_clinic_id: ClassVar[Any] = None
    #: Users chosen in foreign keys (assignee, author) must be members of the clinic.
    users_must_be_members: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = self._meta.model
        if self.preset_clinic_id is not None and has_clinic_field(model) and self.instance.clinic_id is None:
            self.instance.clinic_id = self.preset_clinic_id
        clinic_id = self.instance.pk if model is Clinic and not self.instance._state.adding else (
            getattr(self.instance, "clinic_id", None)
        )
        if clinic_id is not None:
            for name, field in self.fields.items():
                queryset = getattr(field, "queryset", None)
                if not isinstance(field, forms.ModelChoiceField) or queryset is None or name == "clinic":
                    continue
                if queryset.model is get_user_model() and not self.users_must_be_members:
                    continue
                field.queryset = scope_to_clinics(queryset, [clinic_id])

    def target_clinic_id(self) -> Any:
        data = self.cleaned_data
        if isinstance(data.get("clinic"), Clinic):
            return data["clinic"].pk
        if self._meta.model is Clinic:
            return None if self.instance._state.adding else self.instance.pk
        if getattr(self.instance, "clinic_id", None) is not None:
            return self.instance.clinic_id
        for name, field in self.fields.items():
            # An inline row: its clinic is its parent's (the parent form was validated first).
            if isinstance(field, InlineForeignKeyField) and data.get(name) is not None:
                return clinic_id_of(data[name])
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clinic_id = self.target_clinic_id()
        if clinic_id is None:
            return data
        if has_clinic_field(self._meta.model) and self.instance.clinic_id is None:
            self.instance.clinic_id = clinic_id
        user_model = get_user_model()
        for name, value in list(data.items()):
            field = self.fields.get(name)
            if name == "clinic" or isinstance(field, InlineForeignKeyField):
                continue
            related = list(value) if isinstance(value, models.QuerySet | list | tuple) else [value]
            for obj in related:
                if isinstance(obj, user_model):
                    if self.users_must_be_members and not Membership.objects.filter(
                        user=obj, clinic_id=clinic_id
                    ).exists():
                        self.add_error(name, f"{obj} does not work for this clinic.")
                        break
                elif isinstance(obj, models.Model) and clinic_id_of(obj) not in (None, clinic_id):
                    self.add_error(name, "Choose one from this object's clinic.")
                    break
        return data

    def validate_unique(self) -> None:
        super().validate_unique()
        if self.errors:
            return
        try:
            self.instance.validate_constraints()
            self.instance.validate_unique()
        except ValidationError as exc:
            self.add_error(None, self._for_this_form(exc))

    def _for_this_form(self, exc: ValidationError) -> ValidationError:
        if not hasattr(exc, "error_dict"):
            return exc
        errors: dict[str, list[Any]] = {}
        for name, messages in exc.error_dict.items():
            errors.setdefault(name if name in self.fields else NON_FIELD_ERRORS, []).extend(messages)
        return ValidationError(errors)
