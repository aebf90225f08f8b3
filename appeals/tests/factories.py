from __future__ import annotations

import factory

from appeals.models import Appeal
from claims.tests.factories import DenialFactory


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal

    denial = factory.SubFactory(DenialFactory)
    clinic = factory.SelfAttribute("denial.clinic")
    letter_text = "We request reconsideration of this denial."
