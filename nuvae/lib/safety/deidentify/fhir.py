"""De-identify FHIR R4 JSON: a resource or a Bundle, walked recursively.

What happens to each part (elements are recognised by their name and shape, anywhere:
nested objects, arrays, `contained` resources and Bundle entries):

- Resource `id`, references (`Patient/123`, absolute URLs ending `Type/id`,
  `urn:uuid:…`, contained `#id`), `fullUrl`, `request.url` and `response.location`:
  the id is replaced by a keyed id (a UUID stays a UUID) under every method, so every
  reference in the output still resolves to the same resource. Search parameters in
  request URLs are replaced the same way.
- HumanName (`name`): `family`, each `given` and `text` transformed as PERSON;
  `prefix`, `suffix`, `use` and `period` kept (a title says nothing about who).
- Identifier: `value` transformed with a type read from `type.coding[].code` or the
  system (MR → MRN, SS → US_SSN, DL → DRIVER_LICENSE, MB/SN → MEMBER_ID, NPI …, else
  OTHER_ID); `system`, `type`, `use` and `assigner` kept. `subscriberId`,
  `serialNumber` and similar plain identifier strings likewise.
- ContactPoint (`telecom`): `value` as PHONE_NUMBER, EMAIL_ADDRESS or URL by `system`.
- Address: `line` (street), `city`, `district`, `text` as ADDRESS, `postalCode` as
  ZIP_CODE; `state`, `country`, `use`, `type` kept (Safe Harbor allows the state);
  a geolocation extension (latitude/longitude) is removed.
- Dates (any element named like a date — `birthDate`, `…Date`, `…DateTime`,
  `…Instant`, `start`, `end`, `issued`, `lastUpdated`, … — or any value written as a full
  FHIR date): shifted by one offset for the whole document, or cut to the year (see
  `dates`). The offset comes from the keyed hash of the document's patient (its first
  Patient resource, else its first patient/subject reference), so one patient's
  documents shift alike for a clinic. With `generalize`, a birth date that makes the
  patient older than 89 becomes the year of a 90-year-old (Safe Harbor's "90 or older").
- Age quantities (`…Age`) over 89 become `value: 90, comparator: ">="` under every method.
- Narrative (`text.div`): removed and replaced by a fixed sentence with status `empty`.
  XHTML splits a name across elements ("Peter <b>Chalmers</b>"), so rewriting it is not
  reliable; the narrative is generated from the structured data, which the receiver can
  render again.
- Attachments: `data` and `hash` removed (binary content cannot be checked), `url`
  transformed.
- Every other string (Annotation `note[].text`, `valueString`, `comment`,
  `description`, CodeableConcept and Reference `display`/`text`, names of things) goes
  through the PHI analyzer, and any structured identifying value of the same document
  (a name, an identifier, a phone, a street or city) found in it is transformed too, to
  the same surrogate as in its structured field. Codes, systems, URLs of extensions and
  `Coding.display` (terminology) are kept.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ..phi.engine import get_analyzer
from ..types import Entity
from . import dates, surrogates
from .keys import Keyed, one_off_secret
from .text import DEFAULT_THRESHOLD, wanted_types
from .transform import DateMethod, Method, Transformer, fold

NARRATIVE_DIV = '<div xmlns="http://www.w3.org/1999/xhtml">Narrative removed by de-identification.</div>'
# Ages at or above this are reported as "90 or older" (45 CFR 164.514(b)(2)(i)(C)).
AGE_CEILING = 90

# String elements that hold codes, URIs and other values that are never free text.
STRUCTURAL_KEYS = frozenset(
    [
        "resourceType",
        "id",
        "system",
        "code",
        "version",
        "url",
        "status",
        "use",
        "gender",
        "unit",
        "language",
        "contentType",
        "profile",
        "mode",
        "kind",
        "intent",
        "priority",
        "comparator",
        "currency",
        "method",
        "type",
        "relation",
        "versionId",
        "source",
        "implicitRules",
        "valueCode",
        "valueUri",
        "valueUrl",
        "valueCanonical",
        "valueOid",
        "valueId",
        "valueBoolean",
        "valueBase64Binary",
        "linkId",
        "definition",
        "instantiatesCanonical",
        "instantiatesUri",
        "category",
        "criticality",
        "expression",
        "state",
        "country",
        "div",
        "fullUrl",
        "reference",
    ]
)
_IDENTIFIER_CODES = {
    "MR": "MRN",
    "MRT": "MRN",
    "PI": "MRN",
    "SS": "US_SSN",
    "SB": "US_SSN",
    "DL": "DRIVER_LICENSE",
    "MB": "MEMBER_ID",
    "MA": "MEMBER_ID",
    "MC": "MEMBER_ID",
    "SN": "MEMBER_ID",
    "NIIP": "MEMBER_ID",
    "AN": "ACCOUNT_NUMBER",
    "AMA": "ACCOUNT_NUMBER",
    "NPI": "NPI",
    "DEA": "DEA_NUMBER",
    "SR": "DEVICE_ID",
}
_IDENTIFIER_SYSTEMS = {
    "http://hl7.org/fhir/sid/us-ssn": "US_SSN",
    "http://hl7.org/fhir/sid/us-npi": "NPI",
    "http://hl7.org/fhir/sid/us-medicare": "MEMBER_ID",
    "http://hl7.org/fhir/sid/us-mbi": "MEMBER_ID",
}
_ID_STRING_KEYS = {
    "subscriberId": "MEMBER_ID",
    "serialNumber": "DEVICE_ID",
    "distinctIdentifier": "DEVICE_ID",
    "carrierHRF": "DEVICE_ID",
    "carrierAIDC": "DEVICE_ID",
    "deviceIdentifier": "DEVICE_ID",
    "lotNumber": "DEVICE_ID",
    "preAuthRef": "OTHER_ID",
}
_TELECOM_TYPES = {
    "phone": "PHONE_NUMBER",
    "fax": "PHONE_NUMBER",
    "pager": "PHONE_NUMBER",
    "sms": "PHONE_NUMBER",
    "email": "EMAIL_ADDRESS",
    "url": "URL",
}
_NAME_EXTENSIONS = (
    "patient-mothersMaidenName",
    "humanname-own-name",
    "humanname-partner-name",
    "humanname-own-prefix",
    "humanname-partner-prefix",
)
_AGE_UNITS = frozenset({"a", "yr", "yrs", "year", "years"})
_REFERENCE = re.compile(
    r"(?P<base>.*?/)?(?P<type>[A-Z][A-Za-z]+)/(?P<id>[A-Za-z0-9\-.]{1,64})(?P<history>/_history/[A-Za-z0-9\-.]{1,64})?"
)
_URN_UUID = re.compile(r"urn:uuid:(?P<id>[0-9a-fA-F\-]{36})")
_SEARCH = re.compile(r"(?P<type>[A-Z][A-Za-z]+)?\?(?P<query>.*)")
_MIN_KNOWN_LENGTH = {"PERSON": 3, "ADDRESS": 4}


@dataclass(frozen=True)
class FhirResult:
    resource: dict[str, Any]
    summary: dict[str, Any] = field(default_factory=dict)


class _Walker:
    def __init__(self, transformer: Transformer, keyed: Keyed, *, preset: str, threshold: float) -> None:
        self.tf = transformer
        self.keyed = keyed
        self.preset = preset
        self.threshold = threshold
        self.fields: Counter[str] = Counter()
        self._analyzed: dict[str, list[Entity]] = {}
        self._known: dict[str, tuple[str, str]] = {}  # folded value -> (type, role)
        self._known_pattern: re.Pattern[str] | None = None
        self._in_birth = False

    # --- the two passes ------------------------------------------------------------------

    def collect(self, document: dict[str, Any]) -> None:
        self.tf.collecting = True
        self.walk(document, "")
        self.tf.begin_transforming()
        names = sorted(self._known, key=len, reverse=True)
        if names:
            alternatives = "|".join(re.escape(name) for name in names)
            self._known_pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        self.fields.clear()

    def transform(self, document: dict[str, Any]) -> dict[str, Any]:
        result = self.walk(copy.deepcopy(document), "")
        assert isinstance(result, dict)  # noqa: S101 - a dict walks to a dict
        return result

    # --- structure ---------------------------------------------------------------------------

    def walk(self, value: Any, key: str, owner: dict[str, Any] | None = None) -> Any:
        if isinstance(value, dict):
            return self.walk_dict(value, key)
        if isinstance(value, list):
            return [self.walk(item, key, owner) for item in value]
        if isinstance(value, str):
            return self.walk_string(value, key, owner or {})
        return value

    def walk_dict(self, node: dict[str, Any], key: str) -> dict[str, Any]:
        if "resourceType" in node:
            return self.resource(node)
        if key in ("name", "valueHumanName") and any(part in node for part in ("family", "given", "text")):
            return self.human_name(node)
        if (key == "identifier" or key.endswith("Identifier")) and "value" in node:
            return self.identifier(node)
        if key in ("telecom", "valueContactPoint") and "value" in node:
            return self.contact_point(node)
        if key in ("address", "valueAddress"):
            return self.address(node)
        if key.endswith("Age") and isinstance(node.get("value"), int | float):
            return self.age(node)
        if "contentType" in node or key == "photo":
            return self.attachment(node)
        named = key in ("extension", "modifierExtension") and str(node.get("url", "")).endswith(_NAME_EXTENSIONS)
        out: dict[str, Any] = {}
        for child_key, child in node.items():
            if named and child_key == "valueString" and isinstance(child, str):
                # A relative's name (mother's maiden name) or a part of one, outside a HumanName.
                self.fields["name"] += 1
                out[child_key] = self.structured("PERSON", child, "")
            elif child_key == "_birthDate":
                self._in_birth = True
                out[child_key] = self.walk(child, child_key, node)
                self._in_birth = False
            elif child_key == "extension" and isinstance(child, list):
                out[child_key] = [self.walk(item, child_key, node) for item in child if not _is_geolocation(item)]
            else:
                out[child_key] = self.walk(child, child_key, node)
        return out

    def resource(self, node: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "id" and isinstance(value, str):
                out[key] = self.map_id(value)
                self.fields["id"] += 1
            elif isinstance(value, str) and key in dates.INSTANT_ELEMENTS.get(node["resourceType"], ()):
                out[key] = self.date(value, key, instant=True) if dates.is_fhir_date(key, value) else value
            elif key == "text" and isinstance(value, dict) and "div" in value:
                out[key] = {"status": "empty", "div": NARRATIVE_DIV}
                self.fields["narrative"] += 1
            else:
                out[key] = self.walk(value, key, node)
        return out

    def walk_string(self, value: str, key: str, owner: dict[str, Any]) -> str:
        if key in ("reference", "fullUrl", "location") or (key == "url" and ("method" in owner or "relation" in owner)):
            self.fields["reference"] += 1
            return self.map_reference(value)
        if key in ("ifNoneExist", "ifMatch", "ifNoneMatch", "ifModifiedSince") and "?" not in value:
            return self.map_search(f"?{value}")[1:] if key == "ifNoneExist" else value
        if key in _ID_STRING_KEYS:
            self.fields["identifier"] += 1
            return self.tf.apply(_ID_STRING_KEYS[key], value)
        if key == "display" and ("code" in owner or "system" in owner):
            return value  # a Coding's display is terminology
        if key in STRUCTURAL_KEYS:
            return value
        if dates.is_fhir_date(key, value):
            return self.date(value, key)
        return self.free_text(value)

    # --- datatypes -----------------------------------------------------------------------------

    def human_name(self, node: dict[str, Any]) -> dict[str, Any]:
        self.fields["name"] += 1
        out = dict(node)
        if isinstance(node.get("family"), str):
            out["family"] = self.structured("PERSON", node["family"], "family")
        if isinstance(node.get("given"), list):
            out["given"] = [self.structured("PERSON", g, "given") if isinstance(g, str) else g for g in node["given"]]
        if isinstance(node.get("text"), str):
            out["text"] = self.structured("PERSON", node["text"], "")
        for key in ("period", "extension", "_family", "_given"):
            if key in node:
                out[key] = self.walk(node[key], key, node)
        return out

    def identifier(self, node: dict[str, Any]) -> dict[str, Any]:
        self.fields["identifier"] += 1
        out = {key: self.walk(value, key, node) for key, value in node.items() if key != "value"}
        if isinstance(node["value"], str):
            out["value"] = self.structured(_identifier_type(node), node["value"], "")
        return out

    def contact_point(self, node: dict[str, Any]) -> dict[str, Any]:
        self.fields["telecom"] += 1
        out = {key: self.walk(value, key, node) for key, value in node.items() if key != "value"}
        value = node["value"]
        if isinstance(value, str):
            kind = _TELECOM_TYPES.get(str(node.get("system", "")))
            if kind is None:
                kind = (
                    "EMAIL_ADDRESS"
                    if "@" in value
                    else "PHONE_NUMBER"
                    if sum(c.isdigit() for c in value) >= 7
                    else "OTHER_ID"
                )
            out["value"] = self.structured(kind, value, "")
        return out

    def address(self, node: dict[str, Any]) -> dict[str, Any]:
        self.fields["address"] += 1
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "line" and isinstance(value, list):
                out[key] = [
                    self.structured("ADDRESS", line, "street") if isinstance(line, str) else line for line in value
                ]
            elif key in ("city", "district") and isinstance(value, str):
                out[key] = self.structured("ADDRESS", value, key)
            elif key == "text" and isinstance(value, str):
                out[key] = self.structured("ADDRESS", value, "")
            elif key == "postalCode" and isinstance(value, str):
                out[key] = self.structured("ZIP_CODE", value, "")
            elif key == "extension" and isinstance(value, list):
                out[key] = [self.walk(item, key, node) for item in value if not _is_geolocation(item)]
            else:
                out[key] = self.walk(value, key, node)
        return out

    def age(self, node: dict[str, Any]) -> dict[str, Any]:
        out = {key: self.walk(value, key, node) for key, value in node.items()}
        unit = str(node.get("code") or node.get("unit") or "").casefold()
        if unit in _AGE_UNITS and node["value"] >= AGE_CEILING and "AGE" in self.tf.wanted and not self.tf.collecting:
            self.fields["age"] += 1
            self.tf.counts["AGE"] += 1
            out["value"] = AGE_CEILING
            out["comparator"] = ">="
        return out

    def attachment(self, node: dict[str, Any]) -> dict[str, Any]:
        self.fields["attachment"] += 1
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("data", "hash"):
                continue
            if key == "url" and isinstance(value, str):
                out[key] = self.map_reference(value) if _REFERENCE.fullmatch(value) else self.tf.apply("URL", value)
            else:
                out[key] = self.walk(value, key, node)
        return out

    # --- values --------------------------------------------------------------------------------

    def structured(self, entity_type: str, value: str, role: str) -> str:
        if self.tf.collecting and entity_type in self.tf.wanted:
            self._remember(entity_type, value, role)
        return self.tf.apply(entity_type, value, role=role)

    def _remember(self, entity_type: str, value: str, role: str) -> None:
        minimum = _MIN_KNOWN_LENGTH.get(entity_type, 4)
        folded = fold(value)
        if len(folded) >= minimum:
            self._known.setdefault(folded, (entity_type, role))
        if entity_type == "PERSON" and not role:
            for index, token in enumerate(folded.split()):
                token_role = "family" if index and index == len(folded.split()) - 1 else "given"
                if len(token) >= minimum:
                    self._known.setdefault(token, (entity_type, token_role))

    def date(self, value: str, key: str, *, instant: bool = False) -> str:
        entity_type = "DATE_OF_BIRTH" if key == "birthDate" or self._in_birth else "DATE"
        if entity_type not in self.tf.wanted or self.tf.collecting:
            return value
        self.fields["date"] += 1
        self.tf.counts[entity_type] += 1
        if self.tf.date_method is DateMethod.SHIFT:
            return dates.shift_fhir(value, self.tf.shift_days)
        if entity_type == "DATE_OF_BIRTH":
            year = dates.year_of(value)
            oldest = dates.today().year - AGE_CEILING
            if year is not None and year < oldest:
                value = f"{oldest:04d}{value[4:]}"
        return dates.generalize_fhir(value, key, instant=instant)

    def free_text(self, value: str) -> str:
        if not any(c.isalnum() for c in value):
            return value
        found = self._analyzed.get(value)
        if found is None:
            found = get_analyzer().analyze(
                value, preset=self.preset, threshold=self.threshold, entities=list(self.tf.wanted)
            )
            self._analyzed[value] = found
        if self.tf.collecting:
            for entity in found:
                self.tf.record(entity.type, entity.value)
            return value
        found = self._with_known_values(value, found)
        if not found:
            return value
        self.fields["free_text"] += 1
        return self._rewrite(value, found)

    def _with_known_values(self, value: str, found: list[Entity]) -> list[Entity]:
        if self._known_pattern is None:
            return found
        extra = [
            Entity(self._known[fold(m.group(0))][0], m.start(), m.end(), 1.0, m.group(0), "known-value")
            for m in self._known_pattern.finditer(value)
            if fold(m.group(0)) in self._known and not any(m.start() < e.end and e.start < m.end() for e in found)
        ]
        return sorted([*found, *extra], key=lambda e: e.start)

    def _rewrite(self, value: str, found: list[Entity]) -> str:
        parts: list[str] = []
        position = 0
        for entity in found:
            parts.append(value[position : entity.start])
            role = self._known[fold(entity.value)][1] if entity.recognizer == "known-value" else ""
            parts.append(self.tf.apply(entity.type, entity.value, role=role))
            position = entity.end
        parts.append(value[position:])
        return "".join(parts)

    # --- ids and references ------------------------------------------------------------------

    def map_id(self, value: str) -> str:
        if self.tf.collecting:
            return value
        number = self.keyed.number("resource-id", value)
        if re.fullmatch(r"[0-9a-fA-F\-]{36}", value):
            return surrogates.fake_uuid(number, value)
        return f"{number % 16**20:020x}"

    def map_reference(self, value: str) -> str:
        if self.tf.collecting:
            return value
        if value.startswith("#"):
            return f"#{self.map_id(value[1:])}" if len(value) > 1 else value
        urn = _URN_UUID.fullmatch(value)
        if urn:
            return f"urn:uuid:{self.map_id(urn['id'])}"
        search = _SEARCH.fullmatch(value.split("/")[-1]) if "?" in value else None
        if search:
            prefix = value[: len(value) - len(value.split("/")[-1])]
            return prefix + self.map_search(value.split("/")[-1])
        match = _REFERENCE.fullmatch(value)
        if match:
            return f"{match['base'] or ''}{match['type']}/{self.map_id(match['id'])}{match['history'] or ''}"
        return value

    def map_search(self, value: str) -> str:
        path, _, query = value.partition("?")
        pairs = [(name, self.map_id(item)) for name, item in parse_qsl(query, keep_blank_values=True)]
        return f"{path}?{urlencode(pairs)}"


def _identifier_type(node: dict[str, Any]) -> str:
    system = str(node.get("system", ""))
    if system in _IDENTIFIER_SYSTEMS:
        return _IDENTIFIER_SYSTEMS[system]
    kind = node.get("type")
    codings = kind.get("coding", []) if isinstance(kind, dict) else []
    for coding in codings if isinstance(codings, list) else []:
        if isinstance(coding, dict) and coding.get("code") in _IDENTIFIER_CODES:
            return _IDENTIFIER_CODES[coding["code"]]
    return "OTHER_ID"


def _is_geolocation(item: Any) -> bool:
    return isinstance(item, dict) and str(item.get("url", "")).endswith("/geolocation")


def _patient_key(document: dict[str, Any]) -> str:
    """What the date offset is keyed on: the document's first Patient, else its first
    patient or subject reference, else nothing (one offset per secret)."""
    stack: list[Any] = [document]
    reference = ""
    while stack:
        node = stack.pop(0)
        if isinstance(node, dict):
            if node.get("resourceType") == "Patient" and isinstance(node.get("id"), str):
                return f"Patient/{node['id']}"
            for key in ("patient", "subject", "beneficiary"):
                target = node.get(key)
                if not reference and isinstance(target, dict) and isinstance(target.get("reference"), str):
                    reference = target["reference"]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return reference


def deidentify_fhir(
    document: dict[str, Any],
    *,
    method: Method | str = Method.REDACT,
    date_method: DateMethod | str = DateMethod.SHIFT,
    secret: bytes | None = None,
    preset: str = "safe_harbor",
    entities: Sequence[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> FhirResult:
    """A de-identified copy of `document` (the input is not changed) and counts of what changed."""
    if not isinstance(document, dict) or not isinstance(document.get("resourceType"), str):
        raise ValueError("a FHIR resource is a JSON object with a resourceType")
    wanted = wanted_types(preset, entities)
    keyed = Keyed(secret or one_off_secret())
    transformer = Transformer(
        method=Method(method),
        keyed=keyed,
        wanted=wanted,
        date_method=DateMethod(date_method),
        shift_days=dates.offset_days(keyed.number("date-shift", _patient_key(document))),
    )
    walker = _Walker(transformer, keyed, preset=preset, threshold=threshold)
    walker.collect(document)
    output = walker.transform(document)
    summary = {
        "entities": dict(sorted(transformer.counts.items())),
        "fields": dict(sorted(walker.fields.items())),
        "total": sum(transformer.counts.values()),
    }
    return FhirResult(resource=output, summary=summary)
