"""Text normalisation: the first step of the input pipeline and a helper for the others.

Two forms come out of a message. `clean` is what the rest of Nuvae reads and stores: NFC
Unicode, no control or invisible characters, no bidirectional overrides, capped length.
`fold` is only for matching rules (never shown or stored): compatibility-folded (NFKC,
so fullwidth and mathematical letters become ASCII), confusable letters from other
scripts mapped to Latin, lower case, whitespace collapsed — so "ＩＧＮＯＲＥ" or "іgnore"
(Cyrillic і) meet the same rule as "ignore".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width and invisible format characters used to split words past filters.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2060-\u206f\ufeff\ufe00-\ufe0f]"
)
# Bidirectional embeddings and overrides ("Trojan Source"): they reorder what a reader sees.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0/C1 controls except tab and newline; carriage returns become newlines.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TAG_CHARS = re.compile("[\U000e0000-\U000e007f]")  # Unicode tag characters hide ASCII text
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")

# Letters from Cyrillic and Greek that look like Latin ones, folded for matching only.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
        "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ɩ": "i",
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
        "χ": "x", "ѡ": "w", "һ": "h", "ӏ": "l", "ɑ": "a", "ʏ": "y",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Sanitized:
    clean: str
    fold: str
    removed_invisible: int
    removed_control: int
    removed_bidi: int
    truncated: bool


def sanitize(text: str, *, max_length: int) -> Sanitized:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, invisible = _INVISIBLE.subn("", text)
    text, tags = _TAG_CHARS.subn("", text)
    text, bidi = _BIDI.subn("", text)
    text, control = _CONTROL.subn("", text)
    text = unicodedata.normalize("NFC", text)
    text = _BLANK_LINES.sub("\n\n", _SPACES.sub(" ", text)).strip()
    truncated = len(text) > max_length
    if truncated:
        text = text[:max_length]
    return Sanitized(
        clean=text,
        fold=fold(text),
        removed_invisible=invisible + tags,
        removed_control=control,
        removed_bidi=bidi,
        truncated=truncated,
    )


def fold(text: str) -> str:
    """The matching form of a text (see the module docstring)."""
    text = _TAG_CHARS.sub("", _INVISIBLE.sub("", text))
    text = unicodedata.normalize("NFKC", text).translate(_CONFUSABLES)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())
