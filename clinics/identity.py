"""Patient identity: how typed names and phone numbers are compared.

Before an appointment is disclosed, changed or cancelled, the caller must know which
patient it is talking to. `clinics.selectors.patient_verify` answers with one of three
outcomes and only ever hands over a patient when exactly one matches; there is no
"closest" match. The comparison is exact after normalisation:

- names: Unicode compatibility form, accents removed, case folded, hyphens and dashes
  as spaces, apostrophes and periods dropped, whitespace collapsed. "José-Luis O'Brien"
  and "jose luis obrien" are the same name; "Jon" and "John" are not. A full name is
  compared as "first last" with the stored first and last names; "Last, First" (with a
  comma) is read in that order.
- phones: E.164 via `phonenumbers`, US numbers by default ("(607) 555-0101" and
  "+16075550101" are the same).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from clinics.validators import normalize_phone

if TYPE_CHECKING:
    from clinics.models import Patient

_DASHES = re.compile(r"[\u002d\u2010-\u2015\u2212\ufe58\ufe63\uff0d_]")
_DROPPED = re.compile(r"['\u2018\u2019\u02bc`.]")
_NOT_NAME = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def normalize_name(value: str) -> str:
    """The comparable form of a name (see the module docstring); "" for no name."""
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DASHES.sub(" ", text.casefold())
    text = _DROPPED.sub("", text)
    text = _NOT_NAME.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalize_full_name(value: str) -> str:
    """A typed full name in "first last" order, normalised; "Last, First" is reordered."""
    if value.count(",") == 1:
        last, first = value.split(",")
        value = f"{first} {last}"
    return normalize_name(value)


def patient_name_key(first_name: str, last_name: str) -> str:
    return normalize_name(f"{first_name} {last_name}")


def normalize_phone_or_none(value: str, region: str = "US") -> str | None:
    """E.164, or None when the text is not a possible phone number."""
    try:
        return normalize_phone(value, region) or None
    except ValidationError:
        return None


def split_full_name(value: str) -> tuple[str, str]:
    """("Mary Ann", "Smith") from "Mary Ann Smith" or "Smith, Mary Ann": the last word is the
    last name unless a comma says otherwise. Spacing is tidied; case and accents are kept."""
    if value.count(",") == 1:
        last, first = (" ".join(part.split()) for part in value.split(","))
        return first, last
    words = value.split()
    if len(words) < 2:
        return " ".join(words), ""
    return " ".join(words[:-1]), words[-1]


class IdentityOutcome(enum.StrEnum):
    VERIFIED = "verified"  # exactly one patient matches every identifier given
    NOT_FOUND = "not_found"  # none does
    AMBIGUOUS = "ambiguous"  # more than one does: ask for another identifier or hand off


@dataclass(frozen=True)
class IdentityResult:
    """The answer of `patient_verify`. `patient` is set only when VERIFIED; an ambiguous
    result says how many matched but never which (they are other people's records)."""

    outcome: IdentityOutcome
    patient: Patient | None = None
    matches: int = 0

    @property
    def verified(self) -> bool:
        return self.outcome == IdentityOutcome.VERIFIED
