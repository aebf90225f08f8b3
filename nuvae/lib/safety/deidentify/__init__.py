"""De-identification of free text and FHIR R4 JSON.

`deidentify_text` and `deidentify_fhir` find identifiers (the PHI analyzer for text;
element names and shapes, then the analyzer, for FHIR) and rewrite each with one method
(`transform.Method`: redact, mask, replace, hash; the module docstrings of `transform`,
`surrogates`, `dates` and `fhir` say exactly what each does). Surrogates, hashes and date
offsets come from HMAC-SHA256 under a secret (`keys`): the same secret gives the same
output for the same value, in one call and across calls.

Nothing here logs, stores or returns an input value except `TextResult.entities`
(which the caller must not pass on with its values); summaries hold counts only.
"""

from .fhir import FhirResult, deidentify_fhir
from .keys import clinic_secret
from .text import TextResult, deidentify_text, wanted_types
from .transform import DateMethod, Method

__all__ = [
    "DateMethod",
    "FhirResult",
    "Method",
    "TextResult",
    "clinic_secret",
    "deidentify_fhir",
    "deidentify_text",
    "wanted_types",
]
