from __future__ import annotations

import factory

from chat.models import WidgetConfig
from clinics.tests.factories import ClinicFactory

SITE = "https://www.alpha-clinic.example"


class WidgetConfigFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WidgetConfig

    clinic = factory.SubFactory(ClinicFactory)
    allowed_origins = factory.LazyFunction(lambda: [SITE])
    enabled = True
