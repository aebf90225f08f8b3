"""What an adjustment means, from its group code and CARC.

- PR (patient responsibility: deductible, coinsurance, copay…) is never a denial.
- CO-45 and its kin (fee schedule, negotiated discount, sequestration, capitation,
  withholds) are contractual write-downs: the contract, not a denial.
- CR is a correction or reversal.
- OA-23 (impact of a prior payer's adjudication) is coordination of benefits working as
  intended, not a denial.
- Everything else under CO, PI or OA denies payment, in the category of its reason; a
  reason not listed here is "other".
"""

from __future__ import annotations

from claims.models import AdjustmentCategory, Denial

A = AdjustmentCategory

CONTRACTUAL_REASONS = frozenset(
    {
        "45",
        "42",
        "59",
        "94",
        "104",
        "131",
        "144",
        "223",
        "237",
        "253",
        "24",
        "A2",
        "118",
        "P24",
    }
)

_REASONS: dict[str, str] = {}
for _category, _codes in {
    A.ELIGIBILITY: "26 27 31 32 33 35 119 177 200 201 A8 B9 109 140",
    A.AUTHORIZATION: "15 38 39 62 197 198 199 242 243 288 B7",
    A.CODING: "4 5 6 7 8 9 10 11 12 13 19 20 21 97 146 181 182 189 231 234 236 B15 B20 A1",
    A.MEDICAL_NECESSITY: "40 50 55 56 58 150 151 152 167 B5 B12",
    A.TIMELY_FILING: "29",
    A.DUPLICATE: "18 B13",
    A.COORDINATION_OF_BENEFITS: "22 23",
    A.MISSING_INFORMATION: "16 17 125 206 207 208 226 227 252 B4",
    A.NON_COVERED: "46 49 51 53 54 96 111 114 170 171 172 204 B1",
}.items():
    for _code in _codes.split():
        _REASONS[_code] = _category

# The bundling reasons among the coding ones, which the denial worklist keeps apart.
_BUNDLING = frozenset({"97", "231", "234", "236", "B15", "B20", "59"})

# Not denials even under CO/OA/PI.
_NOT_DENIALS = frozenset({A.CONTRACTUAL, A.PATIENT_RESPONSIBILITY, A.REVERSAL})


def adjustment_category(group_code: str, reason_code: str) -> str:
    if group_code == "PR":
        return A.PATIENT_RESPONSIBILITY
    if group_code == "CR":
        return A.REVERSAL
    if reason_code in CONTRACTUAL_REASONS:
        return A.CONTRACTUAL
    return _REASONS.get(reason_code, A.OTHER)


def is_denial(group_code: str, reason_code: str) -> bool:
    """Whether an adjustment with this group and reason denies payment."""
    if group_code not in ("CO", "PI", "OA"):
        return False
    if group_code == "OA" and reason_code == "23":
        return False
    return adjustment_category(group_code, reason_code) not in _NOT_DENIALS


def denial_category(group_code: str, reason_code: str) -> str:
    category = adjustment_category(group_code, reason_code)
    if category == A.CODING and reason_code in _BUNDLING:
        return Denial.Category.BUNDLING
    mapping: dict[str, str] = {
        A.ELIGIBILITY: Denial.Category.ELIGIBILITY,
        A.AUTHORIZATION: Denial.Category.AUTHORIZATION,
        A.CODING: Denial.Category.CODING,
        A.MEDICAL_NECESSITY: Denial.Category.MEDICAL_NECESSITY,
        A.TIMELY_FILING: Denial.Category.TIMELY_FILING,
        A.DUPLICATE: Denial.Category.DUPLICATE,
        A.COORDINATION_OF_BENEFITS: Denial.Category.COORDINATION_OF_BENEFITS,
        A.MISSING_INFORMATION: Denial.Category.MISSING_INFORMATION,
        A.NON_COVERED: Denial.Category.NON_COVERED,
    }
    return mapping.get(category, str(Denial.Category.OTHER))
