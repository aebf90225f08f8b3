"""The model form every tenant admin and inline uses (see `clinics.admin_base`), and the
words staff read when a form breaks a database constraint."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.models import InlineForeignKeyField

from clinics.admin_roles import clinic_id_of, has_clinic_field, scope_to_clinics
from clinics.models import Clinic, Membership

#: {constraint name: (form field or None, message)}; see `explain_constraints`.
_CONSTRAINT_MESSAGES: dict[str, tuple[str | None, str]] = {}


def explain_constraints(messages: dict[str, tuple[str | None, str]]) -> None:
    """Say in words what a database constraint means when a form breaks it.

    Django's default for check constraints and conditional unique constraints is
    "Constraint “fee_line_one_pricing_method” is violated."; each app's admin registers,
    per constraint name (unique across the project), the field to put the error on (None:
    the whole form) and the sentence staff read instead.
    """
    _CONSTRAINT_MESSAGES.update(messages)


def constraint_explanation(name: str) -> tuple[str | None, str] | None:
    return _CONSTRAINT_MESSAGES.get(name)


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

    def _update_errors(self, errors: ValidationError) -> None:
        # Where ModelForm reports what the model's own validation raised.
        super()._update_errors(self._for_this_form(errors))  # type: ignore[misc]

    def _for_this_form(self, exc: ValidationError) -> ValidationError:
        """The errors with constraint violations in words, on fields this form has."""
        by_text = {
            constraint.get_violation_error_message(): explanation
            for _, constraints in self.instance.get_constraints()
            for constraint in constraints
            if (explanation := constraint_explanation(constraint.name)) is not None
        }
        items = exc.error_dict.items() if hasattr(exc, "error_dict") else [(NON_FIELD_ERRORS, exc.error_list)]
        errors: dict[str, list[Any]] = {}
        for name, messages in items:
            for error in messages:
                target, texts = name, error.messages
                explanation = by_text.get(texts[0]) if len(texts) == 1 else None
                if explanation is not None:
                    target, error = explanation[0] or NON_FIELD_ERRORS, ValidationError(explanation[1])
                errors.setdefault(target if target in self.fields else NON_FIELD_ERRORS, []).append(error)
        return ValidationError(errors)
