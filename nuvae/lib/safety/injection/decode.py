"""Recovering text an attack hides: base64, base32, hex, binary, percent-encoding, rot13,
reversed text, Unicode tag characters, leetspeak and letters spaced out one by one."""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from collections.abc import Callable
from urllib.parse import unquote

from .vocabulary import _I, _r

_BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_HEX_RUN = re.compile(r"(?<![0-9a-fA-F])(?:[0-9a-fA-F]{2}[\s:]?){12,}(?![0-9a-fA-F])")
_BINARY_RUN = re.compile(r"(?<![01])(?:[01]{8}[\s,]*){4,}[01]*")
_TAG_RUN = re.compile("[\U000e0020-\U000e007e]+")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
# Digits or symbols standing for letters inside a word ("1gn0r3"), not times like "2pm".
_LEET_HINT = re.compile(r"[a-z][013457@$!][a-z]|(?:^|\s)[013457@$][a-z]+[013457@$]")
# "1" is both i and l in leetspeak ("ru135" is rules, "1gn0r3" is ignore): a word takes
# the reading that gives a word from this list, otherwise i.
_LEET_L_WORDS = frozenset(
    [
        "rules",
        "rule",
        "list",
        "lists",
        "all",
        "tell",
        "reveal",
        "leak",
        "tools",
        "tool",
        "file",
        "files",
        "filters",
        "filter",
        "disable",
        "unlock",
        "delete",
        "cancel",
        "details",
        "email",
        "emails",
        "full",
        "log",
        "logs",
        "clinic",
        "schedule",
        "model",
        "role",
        "roles",
        "mode",
        "please",
        "last",
        "old",
        "policy",
        "policies",
        "slot",
        "slots",
        "people",
        "only",
        "label",
        "global",
        "all",
        "deliver",
    ]
)
_LEET_WORD = re.compile(r"[a-z013457@$!]*1[a-z013457@$!]*")
# Common words, to notice text that reads as English only once rot13-decoded or reversed.
_COMMON = frozenset(
    [
        "the",
        "and",
        "to",
        "you",
        "your",
        "a",
        "of",
        "in",
        "is",
        "for",
        "me",
        "my",
        "all",
        "on",
        "with",
        "this",
        "that",
        "it",
        "be",
        "are",
        "not",
        "now",
        "show",
        "tell",
        "give",
        "list",
        "print",
        "ignore",
        "previous",
        "instructions",
        "rules",
        "prompt",
        "system",
        "patient",
        "patients",
        "every",
        "other",
        "data",
        "reveal",
        "forget",
        "what",
        "send",
        "from",
        "have",
        "do",
        "please",
    ]
)
_WORD = re.compile(r"[a-z]{2,}")
_PERCENT = re.compile(r"%[0-9a-f]{2}", _I)
_ROT13 = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "nopqrstuvwxyzabcdefghijklmNOPQRSTUVWXYZABCDEFGHIJKLM"
)
_BASE32_RUN = re.compile(r"(?<![A-Z2-7])[A-Z2-7]{16,}={0,6}(?![A-Z2-7=])")
_ROT13_HINT = re.compile(r"\b(?:rot13|rot-13|caesar)\b", _I)
_REVERSE_HINT = re.compile(r"\b(?:backwards?|reversed?|in\s+reverse|right\s+to\s+left|mirror(?:ed)?)\b", _I)
# "i g n o r e" / "i.g.n.o.r.e": letters spaced out to slip past word patterns. Single
# separators between single letters go; a double space still separates words.
_SPACED = re.compile(r"\b(?:[^\W\d_][ .\-_*]){3,}[^\W\d_]\b")
_SPACER = re.compile(r"[ .\-_*]")
_LETTER_DOT = re.compile(r"(?<=\b[^\W\d_])[.\-_*](?=[^\W\d_]\b)")
_LETTER_SPACE = re.compile(r"(?<=\b[^\W\d_]) (?=[^\W\d_]\b)")
# The sanitizer collapses the double spaces between spaced-out words, so a spaced run is
# also checked with every separator gone, against a few phrases written without spaces.
_COMPACT_RULES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    (
        "ignore_instructions",
        0.9,
        _r(r"(?:ignore|disregard|forget|bypass|override)[a-z]{0,25}?(?:instructions?|rules|prompt|guidelines)"),
    ),
    (
        "system_prompt_extraction",
        0.9,
        _r(r"systemprompt|(?:reveal|show|print|repeat|tell)[a-z]{0,12}(?:prompt|instructions)"),
    ),
    ("role_override", 0.85, _r(r"(?:developer|admin|god|debug|jailbreak|unrestricted)mode|youarenow")),
    (
        "data_exfiltration",
        0.85,
        _r(r"(?:all|other|every)(?:the)?(?:patients?|users)(?:names|phones?|numbers|data|records)?"),
    ),
)


def _readable(decoded: str) -> bool:
    """Text or JSON rather than noise: a random code decodes to bytes with few letters."""
    if not decoded:
        return False
    printable = sum(c.isprintable() and c.isascii() for c in decoded) / len(decoded)
    letters = sum(c.isalpha() or c == " " for c in decoded) / len(decoded)
    return printable > 0.95 and letters > 0.6


def _decoded_payloads(text: str) -> list[str]:
    """Plain text hidden in base64, hex, binary, rot13, reversed or tag-character form."""
    payloads: list[str] = []
    for run in _BASE64_RUN.findall(text):
        try:
            raw = base64.b64decode(run + "=" * (-len(run) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
        decoded = raw.decode("utf-8", errors="ignore")
        if _readable(decoded):
            payloads.append(decoded)
    for run in _HEX_RUN.findall(text):
        try:
            decoded = bytes.fromhex(re.sub(r"[\s:]", "", run)).decode("utf-8", errors="ignore")
        except ValueError:
            continue
        if _readable(decoded):
            payloads.append(decoded)
    for run in _BINARY_RUN.findall(text):
        bits = re.sub(r"[^01]", "", run)
        decoded = bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits) - 7, 8)).decode("utf-8", errors="ignore")
        if _readable(decoded):
            payloads.append(decoded)
    # Unicode tag characters mirror ASCII invisibly; removing them would lose the attack.
    for run in _TAG_RUN.findall(text):
        payloads.append("".join(chr(ord(c) - 0xE0000) for c in run))
    for run in _BASE32_RUN.findall(text):
        try:
            decoded = base64.b32decode(run + "=" * (-len(run) % 8)).decode("utf-8", errors="ignore")
        except (binascii.Error, ValueError):
            continue
        if _readable(decoded):
            payloads.append(decoded)
    if len(_PERCENT.findall(text)) >= 3:
        payloads.append(unquote(text))
    words = _WORD.findall(text.lower())
    # Announced, or unannounced but reading as English only once decoded.
    if _ROT13_HINT.search(text) or _gains_words(words, lambda w: w.translate(_ROT13)):
        payloads.append(codecs.decode(text, "rot13"))
    if _REVERSE_HINT.search(text) or _gains_words(words, lambda w: w[::-1]):
        payloads.append(text[::-1])
    return payloads


def _gains_words(words: list[str], transform: Callable[[str], str]) -> bool:
    """More common words after the transformation than before (at least two)."""
    before = sum(w in _COMMON for w in words)
    after = sum(transform(w) in _COMMON for w in words)
    return after >= 2 and after > before


def _leet(folded: str) -> str:
    def word(m: re.Match[str]) -> str:
        token = m.group()
        plain = token.translate(_LEET)
        if len(token) > 1 and token.count("1") <= 3:
            spots = [i for i, c in enumerate(token) if c == "1"]
            for mask in range(1, 1 << len(spots)):
                chars = list(plain)
                for bit, i in enumerate(spots):
                    if mask >> bit & 1:
                        chars[i] = "l"
                if "".join(chars) in _LEET_L_WORDS:
                    return "".join(chars)
        return plain

    return _LEET_WORD.sub(word, folded).translate(_LEET)


def _despaced(text: str) -> str:
    return _LETTER_SPACE.sub("", _LETTER_DOT.sub("", text))
