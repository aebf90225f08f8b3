"""Reading element values: amounts, quantities, dates, composites. Each raises
`SegmentError` naming the element, so a bad value is reported where it is."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

from claims.edi.errors import SegmentError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_MONEY = Decimal("9999999999.99")


def element(seg: list[str], position: int) -> str:
    return seg[position] if len(seg) > position else ""


_PLAIN_MONEY = re.compile(r"-?[0-9]{1,10}(?:\.[0-9]{0,2})?")


def money(seg: list[str], position: int, number: int, *, required: bool = True) -> Decimal:
    """An amount with at most two decimal places (X12 type R, used for money)."""
    raw = seg[position] if len(seg) > position else ""
    plain = plain_money(raw)
    if plain is not None:
        return plain  # the common case, without the checks below
    raw = raw.strip()
    name = f"{seg[0]}{position:02d}"
    if not raw:
        if required:
            raise SegmentError("The amount is missing.", number, seg[0], name)
        return ZERO
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise SegmentError(f"{raw!r} is not an amount.", number, seg[0], name) from None
    if not value.is_finite():
        raise SegmentError(f"{raw!r} is not an amount.", number, seg[0], name)
    if value != value.quantize(CENT):
        raise SegmentError(f"{raw!r} has more than two decimal places.", number, seg[0], name)
    if abs(value) > MAX_MONEY:
        raise SegmentError(f"{raw!r} is larger than any amount Nuvae keeps.", number, seg[0], name)
    return value.quantize(CENT)


_PLAIN_QUANTITY = re.compile(r"[0-9]{1,6}(?:\.[0-9]{0,3})?")


def quantity(seg: list[str], position: int, number: int, default: Decimal | None = None) -> Decimal | None:
    raw = seg[position] if len(seg) > position else ""
    plain = _plain_quantity(raw)
    if plain is not None:
        return plain
    raw = raw.strip()
    if not raw:
        return default
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise SegmentError(f"{raw!r} is not a quantity.", number, seg[0], f"{seg[0]}{position:02d}") from None
    if not value.is_finite() or abs(value) >= Decimal("1000000"):
        raise SegmentError(f"{raw!r} is not a usable quantity.", number, seg[0], f"{seg[0]}{position:02d}")
    return value.quantize(Decimal("0.001"))


# Amounts and quantities repeat across a file (fees, copays, units of 1): a Decimal is
# immutable, so one parsed value serves every occurrence of the same text.
@functools.lru_cache(maxsize=8192)
def plain_money(raw: str) -> Decimal | None:
    """The amount an element holds when it is written plainly (digits, at most two
    decimals), else None: what `money` returns first, for a reader in a hurry to call
    before falling back to `money` for the reason."""
    return Decimal(raw) if _PLAIN_MONEY.fullmatch(raw) else None


@functools.lru_cache(maxsize=1024)
def _plain_quantity(raw: str) -> Decimal | None:
    return Decimal(raw) if _PLAIN_QUANTITY.fullmatch(raw) else None


def date(raw: str, number: int, segment_id: str, name: str) -> dt.date:
    """CCYYMMDD (and YYMMDD, read as 19xx/20xx around 50, as older files carry)."""
    value = _calendar_date(raw)
    if value is None:
        raise SegmentError(f"{raw.strip()!r} is not a date (CCYYMMDD).", number, segment_id, name)
    return value


# A file carries few distinct service dates many times over, and a birth date for each
# patient: room for both.
@functools.lru_cache(maxsize=32768)
def _calendar_date(raw: str) -> dt.date | None:
    raw = raw.strip()
    try:
        if len(raw) == 8 and raw.isdigit():
            if raw.isascii():
                return dt.date.fromisoformat(raw)  # CCYYMMDD is ISO 8601's basic format
            return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
        if len(raw) == 6 and raw.isdigit():
            year = int(raw[:2])
            return dt.date(2000 + year if year < 50 else 1900 + year, int(raw[2:4]), int(raw[4:6]))
    except ValueError:
        pass
    return None


def date_or_range(fmt: str, raw: str, number: int, segment_id: str, name: str) -> tuple[dt.date, dt.date]:
    """A DTP value: D8 one date, RD8 "CCYYMMDD-CCYYMMDD"."""
    if fmt == "RD8" or "-" in raw:
        first, _, last = raw.partition("-")
        start = date(first, number, segment_id, name)
        end = date(last, number, segment_id, name) if last else start
        if end < start:
            raise SegmentError(f"The range {raw!r} ends before it starts.", number, segment_id, name)
        return start, end
    one = date(raw, number, segment_id, name)
    return one, one


# The same procedure and diagnosis composites recur throughout a file; the parts are a
# tuple so that the one cached value cannot be changed by a caller.
@functools.lru_cache(maxsize=16384)
def composite(value: str, separator: str) -> tuple[str, ...]:
    """A composite element's parts. Some senders write procedure composites with another
    punctuation mark than ISA16 ("HC>99213" in a ":" file); a two-letter qualifier
    followed by punctuation is read with that mark."""
    if separator in value:
        return tuple(value.split(separator))
    if len(value) > 3 and value[:2].isalpha() and not value[2].isalnum() and value[2] not in " -":
        return tuple(value.split(value[2]))
    return (value,)
