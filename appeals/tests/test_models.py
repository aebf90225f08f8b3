"""Database invariants of appeals."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from appeals.models import Appeal
from appeals.tests.factories import AppealFactory
from claims.tests.factories import ClaimFactory, DenialFactory
from clinics.models import Clinic

pytestmark = pytest.mark.django_db


def test_appeal_defaults_to_a_first_level_draft_from_an_835(clinic: Clinic) -> None:
    appeal = AppealFactory.create(denial=DenialFactory.create(claim=ClaimFactory.create(clinic=clinic)))
    stored = Appeal.objects.get(pk=appeal.pk)
    assert (stored.level, stored.status, stored.source) == (1, "DRAFT", "EDI_835")


def test_one_appeal_per_level_per_denial(clinic: Clinic) -> None:
    appeal = AppealFactory.create(denial=DenialFactory.create(claim=ClaimFactory.create(clinic=clinic)), level=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AppealFactory.create(denial=appeal.denial, level=1)


def test_next_level_appeal_of_the_same_denial_is_allowed(clinic: Clinic) -> None:
    appeal = AppealFactory.create(denial=DenialFactory.create(claim=ClaimFactory.create(clinic=clinic)), level=1)
    AppealFactory.create(denial=appeal.denial, level=2)
    assert appeal.denial.appeals.count() == 2


def test_soft_deleted_appeal_frees_its_level(clinic: Clinic) -> None:
    appeal = AppealFactory.create(denial=DenialFactory.create(claim=ClaimFactory.create(clinic=clinic)), level=1)
    appeal.soft_delete()
    AppealFactory.create(denial=appeal.denial, level=1)
    assert Appeal.all_objects.filter(denial=appeal.denial, level=1).count() == 2


def test_appeal_cannot_be_hard_deleted(clinic: Clinic) -> None:
    appeal = AppealFactory.create(denial=DenialFactory.create(claim=ClaimFactory.create(clinic=clinic)))
    with pytest.raises(TypeError):
        appeal.delete()
    assert Appeal.objects.filter(pk=appeal.pk).exists()
