"""Clinics, staff users, memberships and the demo API keys."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from clinics.models import ApiKey, Clinic, Membership
from clinics.models.api_keys import hash_key
from clinics.services import api_key_create, clinic_create, membership_create
from demo.seed.context import ClinicData, Seed
from demo.seed.data import ADMIN_USERNAME, DEMO_PASSWORD, ClinicSpec
from demo.seed.keys import demo_api_key


def ensure_superuser(seed: Seed) -> None:
    User = get_user_model()  # noqa: N806
    if User.objects.filter(username=ADMIN_USERNAME).exists():
        return
    User.objects.create_superuser(username=ADMIN_USERNAME, email="admin@nuvae.example.org", password=DEMO_PASSWORD)
    seed.created["users"] += 1


def ensure_clinic(seed: Seed, spec: ClinicSpec) -> ClinicData:
    clinic = Clinic.objects.filter(slug=spec.slug).first()
    if clinic is None:
        line1, city, state, postal_code = spec.address
        clinic = clinic_create(
            actor=seed.actor, name=spec.name, slug=spec.slug, email=spec.email, phone=spec.phone,
            address_line1=line1, city=city, state=state, postal_code=postal_code, timezone=spec.timezone,
            business_hours=spec.business_hours, rate_limit_tier=spec.tier,
            settings={"demo": True, "languages": list(spec.languages)},
        )
        seed.count(clinic)
    # Every date in the demo counts from the day the clinic was first seeded, so a later
    # run computes exactly the same appointments and claims and finds them all present.
    anchor = timezone.localdate(clinic.created_at, clinic.tzinfo)
    data = ClinicData(spec=spec, clinic=clinic, anchor=anchor)
    _ensure_staff(seed, data)
    _ensure_api_key(seed, data)
    return data


def _ensure_staff(seed: Seed, data: ClinicData) -> None:
    User = get_user_model()  # noqa: N806
    for key, role in data.spec.staff:
        username = f"{data.spec.slug}.{key}"
        user: Any = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, email=f"{key}@{data.spec.slug}.example.org", password=DEMO_PASSWORD,
                first_name=key.title(), last_name=data.spec.name.split()[0], is_staff=True,
            )
            seed.created["users"] += 1
        if not Membership.objects.filter(user=user, clinic=data.clinic).exists():
            membership_create(actor=seed.actor, clinic=data.clinic, user=user, role=role)
            seed.created["memberships"] += 1
        data.users[key] = user


def _ensure_api_key(seed: Seed, data: ClinicData) -> None:
    raw = demo_api_key(data.spec.slug)
    key = ApiKey.objects.filter(key_hash=hash_key(raw)).first()
    if key is None:
        key, _ = api_key_create(
            actor=seed.actor, clinic=data.clinic, name="Demo key (published: never use in production)",
            environment=ApiKey.Environment.TEST, raw_key=raw,
        )
        seed.count(key)
    data.api_key = raw
    data.api_key_usable = key.is_usable
