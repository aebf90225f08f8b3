"""Reading and validating a delivery: a FHIR resource or Bundle, as bytes.

Structure is checked by the `fhir.resources` R4B models, entry by entry (so an error
names its entry). On top of what structure can say:

- every resource needs an identity to be upserted by: an `id`, a `urn:uuid:` fullUrl or
  a business identifier;
- a Patient needs a family name, a given name and a birth date (a clinic patient
  cannot exist without them, and they are how patients are matched);
- a clinical record (Encounter, Condition, ...) must name its patient, and the
  reference must resolve inside the bundle or to a Patient this source already sent;
- `urn:uuid:` references must resolve inside the bundle.

Nothing here touches the database except `known` (passed in) for references to records
a source sent earlier.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from fhir_sync.outcome import Issue

SUPPORTED_TYPES = (
    "Patient",
    "Practitioner",
    "Organization",
    "Encounter",
    "Condition",
    "Procedure",
    "Observation",
    "AllergyIntolerance",
    "Coverage",
    "MedicationRequest",
)
ATOMIC_BUNDLE_TYPES = ("transaction",)
BATCH_BUNDLE_TYPES = ("batch", "collection", "searchset", "message")

# The element that ties each clinical record to its patient.
PATIENT_ELEMENT = {
    "Encounter": "subject",
    "Condition": "subject",
    "Procedure": "subject",
    "Observation": "subject",
    "AllergyIntolerance": "patient",
    "Coverage": "beneficiary",
    "MedicationRequest": "subject",
}

Key = tuple[str, str]  # (resource type, id)


class PayloadError(Exception):
    """The delivery as a whole cannot be read (400) or is not something we accept (422)."""

    def __init__(self, status: int, issues: list[Issue]) -> None:
        super().__init__(issues[0].diagnostics)
        self.status = status
        self.issues = issues


@dataclass
class Entry:
    index: int
    path: str  # FHIRPath of the resource: "Bundle.entry[3].resource" or "Patient"
    full_url: str
    resource: dict[str, Any]
    resource_type: str
    resource_id: str = ""
    method: str = ""
    issues: list[Issue] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return (self.resource_type, self.resource_id)

    @property
    def valid(self) -> bool:
        return not self.issues

    @property
    def supported(self) -> bool:
        return self.resource_type in SUPPORTED_TYPES

    def fail(self, code: str, diagnostics: str, element: str = "") -> None:
        expression = f"{self.path}.{element}" if element else self.path
        self.issues.append(Issue(code=code, diagnostics=diagnostics, expression=expression, entry=self.index))


@dataclass
class Payload:
    is_bundle: bool
    bundle_type: str
    entries: list[Entry]
    references: ReferenceIndex

    @property
    def atomic(self) -> bool:
        return not self.is_bundle or self.bundle_type in ATOMIC_BUNDLE_TYPES

    @property
    def issues(self) -> list[Issue]:
        return [issue for entry in self.entries for issue in entry.issues]


def content_hash(resource: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(resource, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def load_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PayloadError(400, [Issue(code="structure", diagnostics=f"The body is not JSON: {exc}")]) from None


# --- references ------------------------------------------------------------------------


class ReferenceIndex:
    """Turns reference strings into (type, id) keys: urn:uuid full URLs and relative or
    absolute (under the source's base URL) `Type/id` references."""

    def __init__(self, base_url: str = "") -> None:
        self.by_full_url: dict[str, Key] = {}
        self.base = base_url.rstrip("/") + "/" if base_url else ""

    def add(self, full_url: str, key: Key) -> None:
        if full_url:
            self.by_full_url[full_url] = key

    def resolve(self, reference: str) -> Key | None:
        """The key a reference names; None for contained (#x), external or unreadable ones."""
        if not reference or reference.startswith("#"):
            return None
        if reference in self.by_full_url:
            return self.by_full_url[reference]
        if reference.startswith("urn:"):
            return None
        if "://" in reference:
            if not (self.base and reference.startswith(self.base)):
                return None
            reference = reference[len(self.base) :]
        parts = reference.split("/")
        if len(parts) in (2, 4) and parts[0][:1].isupper() and parts[1] and "?" not in reference:
            return (parts[0], parts[1])
        return None


def iter_references(value: Any, path: str) -> Iterable[tuple[str, str]]:
    """(FHIRPath, reference) of every Reference.reference in a resource, skipping contained resources."""
    if isinstance(value, dict):
        for name, child in value.items():
            if name == "reference" and isinstance(child, str):
                yield path, child
            elif name != "contained":
                yield from iter_references(child, f"{path}.{name}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from iter_references(child, f"{path}[{index}]")


# --- structure ---------------------------------------------------------------------------


def _loc_path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _validate_structure(entry: Entry) -> None:
    try:
        model = get_fhir_model_class(entry.resource_type)
    except (KeyError, ValueError):
        entry.fail("not-supported", f"{entry.resource_type!r} is not a FHIR R4 resource type.", "resourceType")
        return
    try:
        model.model_validate(entry.resource)
    except ValidationError as exc:
        for error in exc.errors():
            where = _loc_path(tuple(error["loc"]))
            entry.fail("invalid", error["msg"].replace("\n", " "), where)


def _identity(entry: Entry) -> None:
    resource = entry.resource
    rid = resource.get("id")
    if isinstance(rid, str) and rid:
        entry.resource_id = rid
    elif entry.full_url.startswith("urn:uuid:"):
        entry.resource_id = entry.full_url.removeprefix("urn:uuid:")
    else:
        identifiers = [i for i in resource.get("identifier") or [] if isinstance(i, dict) and i.get("value")]
        if identifiers:
            first = identifiers[0]
            digest = hashlib.sha256(f"{first.get('system', '')}|{first['value']}".encode()).hexdigest()
            entry.resource_id = f"ident-{digest[:40]}"
        else:
            entry.fail(
                "required",
                "The resource has no id, no urn:uuid fullUrl and no identifier: a new version could not be told "
                "from a new resource.",
                "id",
            )


def _patient_demographics(entry: Entry) -> None:
    resource = entry.resource
    names = [n for n in resource.get("name") or [] if isinstance(n, dict)]
    official = next((n for n in names if n.get("use") == "official"), names[0] if names else {})
    if not official.get("family") or not official.get("given"):
        entry.fail("required", "A patient needs a family and a given name to be matched or created.", "name")
    if not resource.get("birthDate"):
        entry.fail("required", "A patient needs a birth date to be matched or created.", "birthDate")


# --- the whole payload -----------------------------------------------------------------


def read_payload(data: Any, *, base_url: str = "") -> Payload:
    """Split a parsed body into entries and validate each one's structure and identity."""
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        raise PayloadError(
            400,
            [Issue(code="structure", diagnostics="The body must be a FHIR resource (an object with resourceType).")],
        )
    references = ReferenceIndex(base_url)
    if data["resourceType"] != "Bundle":
        entry = Entry(
            index=0, path=data["resourceType"], full_url="", resource=data, resource_type=data["resourceType"]
        )
        entries = [entry]
        bundle_type = ""
        is_bundle = False
    else:
        bundle_type = data["type"] if isinstance(data.get("type"), str) else ""
        if bundle_type not in ATOMIC_BUNDLE_TYPES + BATCH_BUNDLE_TYPES:
            raise PayloadError(
                422,
                [
                    Issue(
                        code="not-supported",
                        expression="Bundle.type",
                        diagnostics=f"Bundle type {bundle_type or '(none)'!r} is not accepted; send "
                        "transaction, batch, collection, searchset or message.",
                    )
                ],
            )
        raw_entries = data.get("entry") or []
        if not isinstance(raw_entries, list):
            raise PayloadError(
                400, [Issue(code="structure", expression="Bundle.entry", diagnostics="Bundle.entry must be a list.")]
            )
        shell = {k: v for k, v in data.items() if k != "entry"}
        try:
            get_fhir_model_class("Bundle").model_validate(shell)
        except ValidationError as exc:
            raise PayloadError(
                422,
                [
                    Issue(code="invalid", expression=f"Bundle.{_loc_path(tuple(e['loc']))}", diagnostics=e["msg"])
                    for e in exc.errors()
                ],
            ) from None
        entries = []
        is_bundle = True
        for index, raw in enumerate(raw_entries):
            path = f"Bundle.entry[{index}].resource"
            resource = raw.get("resource") if isinstance(raw, dict) else None
            full_url = raw.get("fullUrl", "") if isinstance(raw, dict) and isinstance(raw.get("fullUrl"), str) else ""
            request = raw.get("request") if isinstance(raw, dict) else None
            method = request.get("method", "") if isinstance(request, dict) else ""
            if method and method not in ("POST", "PUT"):
                entry = Entry(index=index, path=path, full_url=full_url, resource={}, resource_type="", method=method)
                entry.issues.append(
                    Issue(
                        code="not-supported",
                        entry=index,
                        expression=f"Bundle.entry[{index}].request.method",
                        diagnostics=f"Request method {method} is not supported (POST and PUT are).",
                    )
                )
                entries.append(entry)
                continue
            if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
                entry = Entry(index=index, path=path, full_url=full_url, resource={}, resource_type="", method=method)
                entry.fail("required", "The entry has no resource with a resourceType.")
                entries.append(entry)
                continue
            entry = Entry(
                index=index,
                path=path,
                full_url=full_url,
                resource=resource,
                resource_type=resource["resourceType"],
                method=method,
            )
            entries.append(entry)
    for entry in entries:
        if not entry.resource_type:
            continue
        _validate_structure(entry)
        _identity(entry)
        if entry.resource_type == "Patient":
            _patient_demographics(entry)
        if entry.resource_id:
            references.add(entry.full_url, entry.key)
    return Payload(is_bundle=is_bundle, bundle_type=bundle_type, entries=entries, references=references)


def check_references(payload: Payload, known: Callable[[set[Key]], set[Key]]) -> None:
    """Reference checks across entries. `known(keys)` answers which keys the source has
    already sent (one database query for the whole payload)."""
    in_bundle = {entry.key for entry in payload.entries if entry.resource_id}
    wanted: dict[int, tuple[str, Key | None, str]] = {}
    outside: set[Key] = set()
    for entry in payload.entries:
        if not entry.resource_id:
            continue
        for where, reference in iter_references(entry.resource, ""):
            if reference.startswith("urn:uuid:") and reference not in payload.references.by_full_url:
                entry.fail(
                    "not-found",
                    f"{reference} does not resolve to an entry of this bundle.",
                    f"{where.lstrip('.')}.reference",
                )
        element = PATIENT_ELEMENT.get(entry.resource_type)
        if element is None:
            continue
        target = entry.resource.get(element)
        reference = target.get("reference", "") if isinstance(target, dict) else ""
        if not reference:
            entry.fail("required", f"A {entry.resource_type} must reference its patient.", element)
            continue
        key = payload.references.resolve(reference)
        wanted[entry.index] = (element, key, reference)
        if key is not None and key not in in_bundle:
            outside.add(key)
    found = known(outside) if outside else set()
    valid_in_bundle = {e.key for e in payload.entries if e.resource_id and e.resource_type == "Patient"}
    for entry in payload.entries:
        if entry.index not in wanted:
            continue
        element, key, reference = wanted[entry.index]
        if key is None or key[0] != "Patient":
            entry.fail("invalid", f"{reference!r} is not a reference to a Patient.", f"{element}.reference")
        elif key not in valid_in_bundle and key not in found:
            entry.fail(
                "not-found",
                f"{reference} is neither in this bundle nor a patient this source sent before.",
                f"{element}.reference",
            )
    cascade_rejections(payload)


def cascade_rejections(payload: Payload) -> None:
    """In a batch, a record whose patient entry was rejected is rejected too."""
    rejected_patients = {e.key for e in payload.entries if e.resource_type == "Patient" and e.issues}
    if not rejected_patients:
        return
    for entry in payload.entries:
        element = PATIENT_ELEMENT.get(entry.resource_type)
        if element is None or entry.issues:
            continue
        target = entry.resource.get(element)
        key = payload.references.resolve(target.get("reference", "")) if isinstance(target, dict) else None
        if key in rejected_patients:
            entry.fail("processing", "Its patient's entry was rejected.", f"{element}.reference")
