"""Extra rules for the HIPAA Safe Harbor preset (45 CFR 164.514(b)(2)).

Safe Harbor lists 18 kinds of identifier. In text, this preset covers: names (PERSON);
geography smaller than a state (ADDRESS, ZIP_CODE); every date element but the year
(DATE_OF_BIRTH, DATE — here any date, appointment dates included — and AGE over 89);
telephone and fax numbers (PHONE_NUMBER); email (EMAIL_ADDRESS); SSN (US_SSN); medical
record numbers (MRN); health plan beneficiary numbers (MEMBER_ID); account numbers
(ACCOUNT_NUMBER, CLAIM_NUMBER, CREDIT_CARD); certificate and licence numbers
(DRIVER_LICENSE, DEA_NUMBER, NPI); vehicle identifiers (VEHICLE_ID, LICENSE_PLATE); device
identifiers and serial numbers (DEVICE_ID); URLs (URL); IP addresses (IP_ADDRESS); and
any other unique identifying number given with a cue (OTHER_ID). Biometric identifiers
and full-face photographs are not text and are out of scope here.
"""

from __future__ import annotations

from .recognizers import DATE_VALUE, ID_VALUE, MONTH, SEP, Rule, RuleRecognizer, _rx


def _over_89(value: str, text: str, start: int) -> float | None:
    return 0.9 if value.isdigit() and 90 <= int(value) <= 125 else None


SAFE_HARBOR_RULES = (
    # Any date, including those without a year ("12/02", "March 3rd").
    Rule("DATE", _rx(rf"(?<![\w/\-.])(?P<value>{DATE_VALUE})(?![\w/\-])"), 0.8),
    Rule("DATE", _rx(r"(?<![\w/\-.$])(?P<value>\d{1,2}/\d{1,2})(?![\w/\-.%])"), 0.6),
    Rule("DATE", _rx(rf"\b(?P<value>{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)\b"), 0.7),
    Rule("AGE", _rx(r"\b(?P<value>\d{2,3})\s*(?:-|\s)?(?:years?|yrs?|y/?o)\b(?:[\s\-]*old)?"), 0.9, _over_89),
    Rule("AGE", _rx(r"\b(?:age|aged)\s*:?\s*(?P<value>\d{2,3})\b"), 0.9, _over_89),
    Rule("VEHICLE_ID", _rx(r"(?<![\w-])(?P<value>[A-HJ-NPR-Z0-9]{17})(?![\w-])", 0), 0.6),
    Rule("LICENSE_PLATE", _rx(rf"\b(?:license\s+plate|plate|tag)\b{SEP}(?P<value>[A-Z0-9][A-Z0-9\- ]{{1,8}}[A-Z0-9])\b"), 0.85),
    Rule("DEVICE_ID", _rx(rf"\b(?:serial|s/n|sn|device\s+id|udi|imei|pacemaker\s+id)\b{SEP}(?P<value>{ID_VALUE})"), 0.9),
    Rule("OTHER_ID", _rx(rf"\b(?:id|identifier|ref(?:erence)?|case|certificate|license|licence)\b{SEP}(?P<value>{ID_VALUE})"), 0.7),
)


def safe_harbor_recognizer() -> RuleRecognizer:
    return RuleRecognizer("SafeHarborRecognizer", SAFE_HARBOR_RULES)
