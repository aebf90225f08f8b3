"""One value in, its de-identified form out: the four methods and the per-request state.

Methods (what an identifier of type T with value v becomes):

- `redact`: `[T]`, e.g. `[PERSON]`, `[PHONE_NUMBER]`.
- `mask`: v with every letter and digit (any script) replaced by `*`; spaces,
  punctuation and symbols are kept, so `(555) 767-7476` becomes `(***) ***-****` and the
  length and layout stay visible.
- `replace`: a realistic surrogate of the same kind (see `surrogates`), chosen by
  HMAC-SHA256 of the normalised value under the secret: the same value always gets the
  same surrogate (a phone number whatever its punctuation, a name whatever its case).
  A surrogate never equals a value found in the same request (the next candidate is
  taken). Dates are shifted by the request's offset (or cut to the year); an age over 89
  becomes `90+`.
- `hash`: `T_` followed by the first 16 hex digits (64 bits) of HMAC-SHA256 of the
  normalised value under the secret.

Values are normalised before they are keyed: phones and SSNs to their digits, other
identifiers without spaces and dashes, names and text case-folded with single spaces.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Callable, Iterable

from . import dates, surrogates
from .keys import Keyed


class Method(enum.StrEnum):
    REDACT = "redact"
    MASK = "mask"
    REPLACE = "replace"
    HASH = "hash"


class DateMethod(enum.StrEnum):
    SHIFT = "shift"
    GENERALIZE = "generalize"


HASH_HEX_DIGITS = 16

_ID_TYPES = frozenset(
    {
        "MRN",
        "MEMBER_ID",
        "CLAIM_NUMBER",
        "ACCOUNT_NUMBER",
        "DRIVER_LICENSE",
        "DEA_NUMBER",
        "CREDIT_CARD",
        "VEHICLE_ID",
        "LICENSE_PLATE",
        "DEVICE_ID",
        "OTHER_ID",
        "NPI",
        "US_SSN",
    }
)
_DIGITS_ONLY = frozenset({"PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "NPI"})
_DATE_TYPES = frozenset({"DATE", "DATE_OF_BIRTH"})
_MASKABLE = re.compile(r"\w", re.UNICODE)

Surrogate = Callable[[int, str], str]

_SURROGATES: dict[str, Surrogate] = {
    "PHONE_NUMBER": surrogates.phone,
    "US_SSN": surrogates.ssn,
    "NPI": surrogates.npi,
    "EMAIL_ADDRESS": surrogates.email,
    "URL": surrogates.url,
    "IP_ADDRESS": surrogates.ip_address,
    "ZIP_CODE": surrogates.zip_code,
    "ADDRESS": surrogates.address,
}
# Roles of a value inside a structure, for surrogates of the right shape.
_ROLE_SURROGATES: dict[str, Surrogate] = {
    "given": surrogates.given_name,
    "family": surrogates.surname,
    "street": surrogates.street,
    "city": surrogates.city,
    "district": surrogates.district,
}


def fold(value: str) -> str:
    return " ".join(value.casefold().split())


def normalize(entity_type: str, value: str) -> str:
    if entity_type in _DIGITS_ONLY:
        digits = "".join(c for c in value if c.isdigit())
        if entity_type == "PHONE_NUMBER" and len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        return digits or fold(value)
    if entity_type in _ID_TYPES:
        return re.sub(r"[\s\-]", "", value).casefold()
    return fold(value)


def mask(value: str) -> str:
    return _MASKABLE.sub("*", value).replace("_", "*")


class Transformer:
    """The method, the secret and what one request has seen so far.

    A de-identification runs in two passes over the same input: the first (`collecting`)
    only records the values it meets, so that in the second no surrogate can collide with
    any of them; the second transforms and counts.
    """

    def __init__(
        self,
        *,
        method: Method,
        keyed: Keyed,
        wanted: Iterable[str],
        date_method: DateMethod = DateMethod.SHIFT,
        shift_days: int = 0,
    ) -> None:
        self.method = method
        self.keyed = keyed
        self.wanted = frozenset(wanted)
        self.date_method = date_method
        self.shift_days = shift_days
        self.collecting = False
        self.seen: dict[str, str] = {}  # folded value -> entity type, filled while collecting
        self.counts: Counter[str] = Counter()
        self._avoid: set[str] = set()
        self._cache: dict[tuple[str, str, str], str] = {}

    def begin_transforming(self) -> None:
        self.collecting = False
        self._avoid = set(self.seen)
        for value in list(self.seen):
            self._avoid.update(value.split())

    def record(self, entity_type: str, value: str) -> None:
        folded = fold(value)
        if folded:
            self.seen.setdefault(folded, entity_type)

    def apply(self, entity_type: str, value: str, *, role: str = "") -> str:
        """The de-identified form of `value`, or `value` when its type is not wanted."""
        if entity_type not in self.wanted or not value.strip():
            return value
        if self.collecting:
            self.record(entity_type, value)
            return value
        self.counts[entity_type] += 1
        if self.method is Method.REDACT:
            return f"[{entity_type}]"
        if self.method is Method.MASK:
            return mask(value)
        if self.method is Method.HASH:
            digest = self.keyed.hexdigest("hash", normalize(entity_type, value))
            return f"{entity_type}_{digest[:HASH_HEX_DIGITS]}"
        return self._replace(entity_type, value, role)

    # --- replace -----------------------------------------------------------------------

    def _replace(self, entity_type: str, value: str, role: str) -> str:
        key = (entity_type, role, normalize(entity_type, value))
        cached = self._cache.get(key)
        if cached is None:
            cached = self._surrogate(entity_type, value, role, key[2])
            self._cache[key] = cached
        return surrogates.match_case(cached, value) if role in _ROLE_SURROGATES else cached

    def _surrogate(self, entity_type: str, value: str, role: str, normalized: str) -> str:
        if entity_type in _DATE_TYPES:
            if self.date_method is DateMethod.GENERALIZE:
                moved = dates.generalize_text_date(value)
            else:
                moved = dates.shift_text_date(value, self.shift_days)
            return moved if moved is not None else f"[{entity_type}]"
        if entity_type == "AGE":
            return "90+"
        if entity_type == "PERSON" and not role:
            return self._person(value)
        if role in _ROLE_SURROGATES:
            # Written in the lists' own case here; `_replace` applies the original's case.
            return self._pick(f"{entity_type}:{role}", normalized, "Aa", _ROLE_SURROGATES[role], value)
        generate = _SURROGATES.get(entity_type, surrogates.format_preserving)
        return self._pick(entity_type, normalized, value, generate, value)

    def _pick(self, purpose: str, normalized: str, shape: str, generate: Surrogate, original: str) -> str:
        candidate = original
        for attempt in range(16):
            number = self.keyed.number(purpose, normalized if attempt == 0 else f"{normalized}\x00{attempt}")
            candidate = generate(number, shape)
            if fold(candidate) not in self._avoid and fold(candidate) != fold(original):
                return candidate
        return candidate

    def _person(self, value: str) -> str:
        """A name written in text: the first word as a given name, the last as a surname,
        so "Peter Chalmers" here and `family: "Chalmers"` elsewhere agree."""
        tokens = value.split()
        out: list[str] = []
        for index, token in enumerate(tokens):
            if len(token) == 2 and token.endswith("."):  # a middle initial
                letter = surrogates.format_preserving(self.keyed.number("initial", token.casefold()), token[0])
                out.append(f"{letter.upper()}.")
                continue
            role = "family" if index == len(tokens) - 1 and len(tokens) > 1 else "given"
            out.append(self._replace("PERSON", token, role))
        return " ".join(out)
