from __future__ import annotations

import factory

from clinics.tests.factories import ClinicFactory
from fhir_sync.models import FhirSource

TEST_SECRET = "whsec_test_secret_of_the_alpha_source_0123456789"


class FhirSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FhirSource

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"EHR {n}")
    base_url = "https://ehr.example.org/fhir"
    secret = TEST_SECRET
    active = True
