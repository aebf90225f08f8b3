"""Code lookups used by the importer and the admin: descriptions, and which codes on a
claim are unknown. One query per system and batch, never one per code."""

from __future__ import annotations

import re
from collections.abc import Iterable

from claims.models import Code, CodeSystem

# HCPCS Level II: a letter A-V and four digits. Five digits (or four and a letter) are CPT,
# whose table Nuvae does not hold (AMA licence): those are stored, never described.
HCPCS_LEVEL2 = re.compile(r"^[A-V][0-9]{4}$")


def descriptions(system: str, codes: Iterable[str]) -> dict[str, str]:
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    return dict(Code.objects.filter(system=system, code__in=wanted).values_list("code", "description"))


def describe(system: str, code: str) -> str:
    return descriptions(system, [code]).get(code, "")


def loaded(system: str) -> bool:
    return Code.objects.filter(system=system).exists()


def known(system: str, codes: Iterable[str]) -> set[str]:
    wanted = {c for c in codes if c}
    if not wanted:
        return set()
    return set(Code.objects.filter(system=system, code__in=wanted).values_list("code", flat=True))


class CodeChecker:
    """Flags unknown ICD-10-CM and HCPCS Level II codes for a batch of claims. A system
    whose table is empty validates nothing (no false flags on a fresh install)."""

    def __init__(self, icd10: Iterable[str], hcpcs: Iterable[str]) -> None:
        icd10 = set(icd10)
        hcpcs = {c for c in hcpcs if HCPCS_LEVEL2.match(c)}
        self.icd10_known = known(CodeSystem.ICD10CM, icd10) if icd10 else set()
        self.hcpcs_known = known(CodeSystem.HCPCS, hcpcs) if hcpcs else set()
        self.icd10_on = bool(icd10) and (bool(self.icd10_known) or loaded(CodeSystem.ICD10CM))
        self.hcpcs_on = bool(hcpcs) and (bool(self.hcpcs_known) or loaded(CodeSystem.HCPCS))

    def flags(self, icd10: Iterable[str], procedures: Iterable[str]) -> list[str]:
        found = []
        if self.icd10_on:
            found += [f"Unknown ICD-10-CM code {c}." for c in dict.fromkeys(icd10) if c not in self.icd10_known]
        if self.hcpcs_on:
            found += [
                f"Unknown HCPCS code {c}."
                for c in dict.fromkeys(procedures)
                if HCPCS_LEVEL2.match(c) and c not in self.hcpcs_known
            ]
        return found
