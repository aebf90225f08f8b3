"""Helpers for the admin tests of every app: staff users by role, clients, URLs, and
resubmitting an admin form as rendered.

It imports no other app (the import contracts hold for tests too): each app's tests build
their own rows with their own factories."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.contrib import admin
from django.test import Client
from django.urls import reverse

from clinics.models import Clinic, Membership
from clinics.tests.factories import MembershipFactory, UserFactory

# Models the tenant matrix does not cover: global (users, groups) or platform (beat).
PLATFORM_APPS = {"auth", "django_celery_beat"}


def staff_of(clinic: Clinic, role: str = Membership.Role.ADMIN, username: str | None = None) -> Any:
    user = UserFactory(username=username or f"{clinic.slug}-{role}")
    MembershipFactory(user=user, clinic=clinic, role=role)
    return user


def client_for_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def admin_url(model: Any, view: str, *args: Any) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def tenant_admins() -> list[tuple[Any, Any]]:
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label not in PLATFORM_APPS
    ]


class _InputValues(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("name"):
            self.values.setdefault(found["name"] or "", found.get("value") or "")


def rendered_inputs(response: Any) -> dict[str, str]:
    """{name: value} of the <input> elements of a page, as the browser got them."""
    parser = _InputValues()
    parser.feed(response.content.decode())
    return parser.values


def _form_values(form: Any, data: dict[str, Any], rendered: dict[str, str]) -> None:
    from django.forms import MultiWidget

    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field.widget, MultiWidget):
            # Split date/time inputs as rendered: the page shows times in the clinic's
            # zone, which the test process does not run in.
            parts = list(field.widget.decompress(value) or []) if value not in (None, "") else []
            for index, part in enumerate(parts):
                part_key = f"{key}_{index}"
                if part_key in rendered:
                    data[part_key] = rendered[part_key]
                elif part is not None:
                    data[part_key] = part
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is not None:
            data[key] = value


def changeform_data(response: Any, **changes: Any) -> dict[str, Any]:
    """POST data that resubmits an admin add/change page as rendered (main form, inlines and
    their management forms), with `changes` applied on top."""
    data: dict[str, Any] = {}
    rendered = rendered_inputs(response)
    _form_values(response.context["adminform"].form, data, rendered)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            _form_values(form, data, rendered)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def assert_pages_render(client: Client, obj: Any) -> None:
    """The change list, add page and this object's change page answer 200."""
    model = type(obj)
    for url in (admin_url(model, "changelist"), admin_url(model, "add"), admin_url(model, "change", obj.pk)):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
