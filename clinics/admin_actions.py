"""Intermediate pages for admin actions: a form to fill in, or a confirmation, before
anything that changes many rows, money or a patient's schedule happens.

An action uses it like this::

    def cancel(self, request, queryset):
        form = CancelForm(confirmed_data(request))
        if form.is_valid():
            ...  # call the service for each row
            return None  # back to the change list
        return confirmation_page(self, request, queryset, form=form, title="Cancel appointments", ...)

The page posts back to the change list with the same action and selection plus
`confirmed=yes`, so Django runs the action again, this time with the form's data. The
selection is re-read through the admin's scoped queryset, so a forged id of another
clinic's row is simply ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.template.response import TemplateResponse

CONFIRMED = "confirmed"


def confirmed_data(request: HttpRequest) -> QueryDict | None:
    """The POST data when it comes from the confirmation page, else None (unbound form)."""
    return request.POST if request.POST.get(CONFIRMED) == "yes" else None


class ConfirmForm(forms.Form):
    """An action form with no fields: the page only asks "are you sure?"."""


def confirmation_page(
    model_admin: Any,
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    form: forms.Form,
    title: str,
    message: str = "",
    submit_label: str = "Confirm",
    danger: bool = False,
    describe: Callable[[Any], str] = str,
) -> TemplateResponse:
    opts = model_admin.model._meta
    action = request.POST.get("action", "")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": opts,
        "app_label": opts.app_label,
        "message": message,
        "objects": [describe(obj) for obj in queryset[:200]],
        "count": queryset.count(),
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
        "submit_label": submit_label,
        "danger": danger,
        "confirmed_field": CONFIRMED,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/nuvae/action_confirmation.html", context)


def confirm_then_each(
    model_admin: Any,
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    title: str,
    message: str,
    submit_label: str,
    apply: Callable[[Any], object],
    done: str,
    danger: bool = True,
    describe: Callable[[Any], str] = str,
) -> TemplateResponse | None:
    """The common action with no form: ask "are you sure?", then call `apply` (a service)
    for each selected row and report `done`, formatted with `count`."""
    form = ConfirmForm(confirmed_data(request))
    if not form.is_valid():
        return confirmation_page(
            model_admin, request, queryset, form=form, title=title, danger=danger, message=message,
            submit_label=submit_label, describe=describe,
        )
    count = 0
    for obj in queryset:
        apply(obj)
        count += 1
    model_admin.message_user(request, done.format(count=count), messages.SUCCESS)
    return None
