"""The demo API keys are stable, well-formed, distinct per clinic, and the README shows them."""

from __future__ import annotations

from django.conf import settings

from clinics.models.api_keys import KEY_PATTERN
from demo.seed.data import CLINICS
from demo.seed.keys import demo_api_key


def test_demo_key_is_a_well_formed_test_key() -> None:
    key = demo_api_key("maple")

    assert KEY_PATTERN.match(key)
    assert key.startswith("ar_test_")


def test_demo_key_is_the_same_on_every_call_and_differs_per_clinic() -> None:
    assert demo_api_key("maple") == demo_api_key("maple")
    assert demo_api_key("maple") != demo_api_key("harbor")


def test_readme_shows_the_current_demo_key_of_every_clinic() -> None:
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")

    for spec in CLINICS:
        assert demo_api_key(spec.slug) in readme, spec.slug
