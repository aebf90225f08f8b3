"""Check digits that tell a real identifier from a number that merely looks like one."""

from __future__ import annotations

import datetime as dt
import re

_DIGITS = re.compile(r"\D")


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def npi_valid(value: str) -> bool:
    """An NPI is 10 digits starting 1 or 2 whose Luhn check runs over "80840" + the NPI."""
    digits = _DIGITS.sub("", value)
    return len(digits) == 10 and digits[0] in "12" and luhn_valid("80840" + digits)


# DEA registrant types (first letter); the second is the registrant's surname initial or 9.
_DEA_FIRST = set("ABCDEFGHJKLMPRSTUX")


def dea_valid(value: str) -> bool:
    value = value.upper()
    if len(value) != 9 or value[0] not in _DEA_FIRST or not (value[1].isalpha() or value[1] == "9"):
        return False
    digits = value[2:]
    if not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return check == d[6]


def ssn_plausible(value: str) -> bool:
    """SSA never issues area 000, 666 or 9xx, group 00 or serial 0000."""
    digits = _DIGITS.sub("", value)
    if len(digits) != 9 or len(set(digits)) == 1:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in {"000", "666"} and area[0] != "9" and group != "00" and serial != "0000"


def card_valid(value: str) -> bool:
    digits = _DIGITS.sub("", value)
    return 13 <= len(digits) <= 19 and luhn_valid(digits)


def us_phone_plausible(digits: str, *, strict: bool = False) -> bool:
    """Ten digits (after an optional country code 1) not all alike. `strict` adds the NANP
    rules (area code and exchange start with 2-9, no N11 area code) for bare digit runs,
    where a phone number competes with every other ten-digit number; written with a
    separator, a number is a phone number even in the fictional 555 ranges."""
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    if not strict:
        return True
    area, exchange = digits[:3], digits[3:6]
    return area[0] in "23456789" and exchange[0] in "23456789" and area[1:] != "11"


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip


def parse_date(value: str, *, today: dt.date) -> dt.date | None:
    """Read a written date with a year (US month-first order); None when it is not one.

    Two-digit years are read as the most recent past year that fits (a birth date is
    never in the future), which is what "3/14/85" means on a clinic form.
    """
    text = value.strip().lower().replace(",", " ").replace(".", " ")
    year = month = day = None
    numeric = re.fullmatch(r"(\d{1,4})[/\-\s](\d{1,2})[/\-\s](\d{2,4})", " ".join(text.split()))
    if numeric:
        a, b, c = numeric.groups()
        if len(a) == 4:
            year, month, day = int(a), int(b), int(c)
        else:
            month, day, year = int(a), int(b), int(c)
            if len(c) == 2:
                year = 2000 + year if 2000 + year <= today.year else 1900 + year
    else:
        words = re.findall(r"[a-z]+|\d+", text)
        nums = [int(w) for w in words if w.isdigit()]
        month_words = [w for w in words if w[:3] in _MONTHS and not w.isdigit()]
        if not month_words or len(nums) != 2:
            return None
        month = _MONTHS[month_words[0][:3]]
        small, large = sorted(nums)
        if large < 1000:
            return None
        day, year = small, large
    try:
        return dt.date(year, month, day)
    except (TypeError, ValueError):
        return None
