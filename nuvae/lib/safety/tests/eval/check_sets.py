#!/usr/bin/env python3
"""Validate the hand-written safety evaluation sets in this directory.

Stdlib only.  Run:  python3 check_sets.py [--show-decoded]

Checks every *.jsonl file (the dev, holdout and second dev sets *_dev2): valid JSON per line, required keys and label
values, inline PHI markup ([[TYPE|value]]), check digits of NPI / DEA /
credit-card spans, that identifiers are fictional (555-01xx phones, example
domains, documentation IP ranges, SSN areas), duplicates within and across
dev/holdout, and the minimum counts the evaluation plan asks for.  Prints
counts per file and per type / tier / kind.  Exit status 1 on any error.
"""
import base64
import binascii
import codecs
import collections
import ipaddress
import json
import os
import re
import sys
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))

PHI_TYPES = [
    "PERSON", "DATE_OF_BIRTH", "PHONE_NUMBER", "EMAIL_ADDRESS", "US_SSN",
    "ADDRESS", "ZIP_CODE", "MRN", "MEMBER_ID", "CLAIM_NUMBER", "NPI",
    "DEA_NUMBER", "CREDIT_CARD", "IP_ADDRESS", "URL", "ACCOUNT_NUMBER",
    "DRIVER_LICENSE", "DATE",
]
PHI_KINDS = {"chat", "sms", "billing", "scheduling", "benign"}
TIERS = ["NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"]
CATEGORIES = ["none", "suicide_self_harm", "harm_to_others", "medical_emergency", "abuse"]
INJ_KINDS = [
    "role_override", "ignore_instructions", "system_prompt_extraction",
    "encoded_payload", "tool_call_smuggling", "delimiter_injection",
    "jailbreak_persona", "data_exfiltration", "benign",
]

MARKUP = re.compile(r"\[\[([A-Z_]+)\|([^\[\]|]+)\]\]")

errors: list[str] = []
warnings: list[str] = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def warn(where, msg):
    warnings.append(f"{where}: {msg}")


# ---------------------------------------------------------------- check digits

def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def npi_ok(value):
    d = re.sub(r"\D", "", value)
    return len(d) == 10 and d[0] in "12" and luhn_ok("80840" + d)


def dea_ok(value):
    v = value.replace(" ", "").upper()
    m = re.fullmatch(r"([A-Z])([A-Z9])(\d{7})", v)
    if not m:
        return False
    d = [int(c) for c in m.group(3)]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def card_ok(value):
    d = re.sub(r"[ -]", "", value)
    return d.isdigit() and 13 <= len(d) <= 19 and luhn_ok(d)


def ssn_ok(value):
    d = re.sub(r"[ -]", "", value)
    if not re.fullmatch(r"\d{9}", d):
        return False
    area, group, serial = d[:3], d[3:5], d[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return d not in ("078051120", "219099999")  # famous published numbers


def phone_fictional(value):
    d = re.sub(r"\D", "", value)
    if len(d) == 11 and d[0] == "1":
        d = d[1:]
    if len(d) == 10:
        return d[0] in "23456789" and d[3:8] == "55501"
    if len(d) == 7:
        return d.startswith("55501")
    return False


def email_fictional(value):
    dom = value.rsplit("@", 1)[-1].lower()
    return "@" in value and (dom in ("example.com", "example.org") or dom.endswith((".example.com", ".example.org")))


def ip_fictional(value):
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return False
    nets = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"]
    return any(ip in ipaddress.ip_network(n) for n in nets)


def url_fictional(value):
    v = value if "://" in value else "http://" + value
    host = (urlsplit(v).hostname or "").lower()
    return host in ("example.com", "example.org") or host.endswith((".example.com", ".example.org"))


def validate_span(where, typ, value):
    if value != value.strip():
        err(where, f"{typ} span has surrounding whitespace: {value!r}")
    if typ == "NPI" and not npi_ok(value):
        err(where, f"NPI fails Luhn/80840 check: {value}")
    elif typ == "DEA_NUMBER" and not dea_ok(value):
        err(where, f"DEA number fails format/check digit: {value}")
    elif typ == "CREDIT_CARD" and not card_ok(value):
        err(where, f"credit card fails Luhn: {value}")
    elif typ == "US_SSN" and not ssn_ok(value):
        err(where, f"SSN is not a valid-looking fictional number: {value}")
    elif typ == "PHONE_NUMBER" and not phone_fictional(value):
        err(where, f"phone is not in the fictional 555-01xx range: {value}")
    elif typ == "EMAIL_ADDRESS" and not email_fictional(value):
        err(where, f"email not on example.com/example.org: {value}")
    elif typ == "IP_ADDRESS" and not ip_fictional(value):
        err(where, f"IP not in a documentation range: {value}")
    elif typ == "URL" and not url_fictional(value):
        err(where, f"URL not on an example domain: {value}")
    elif typ == "ZIP_CODE" and not re.fullmatch(r"\d{5}(-\d{4})?", value):
        err(where, f"ZIP must be 5 or 9 digits: {value}")
    elif typ in ("DATE_OF_BIRTH", "DATE") and not re.search(r"\d", value):
        err(where, f"{typ} without digits: {value}")
    elif typ == "PERSON" and re.match(r"(?i)(mr|mrs|ms|dr|fr)\.?\s", value):
        err(where, f"PERSON span should not include the title: {value}")


def parse_markup(where, text):
    """Return (plain_text, [(start, end, type, value)])."""
    spans = []
    out = []
    pos = 0
    plain_len = 0
    for m in MARKUP.finditer(text):
        out.append(text[pos:m.start()])
        plain_len += m.start() - pos
        typ, value = m.group(1), m.group(2)
        if typ not in PHI_TYPES:
            err(where, f"unknown entity type {typ}")
        spans.append((plain_len, plain_len + len(value), typ, value))
        out.append(value)
        plain_len += len(value)
        pos = m.end()
    out.append(text[pos:])
    plain = "".join(out)
    if "[[" in plain or "]]" in plain:
        err(where, "broken markup (stray [[ or ]])")
    return plain, spans


# --------------------------------------------------------- unlabelled lookalikes

LOOKALIKES = [
    (
        "PHONE_NUMBER",
        re.compile(r"(?<!\d)(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?555[ .-]?01\d\d(?!\d)|(?<![\d-])555-01\d\d(?!\d)"),
    ),
    ("EMAIL_ADDRESS", re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")),
    ("US_SSN", re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")),
    ("CREDIT_CARD", None),
]


def card_candidates(text):
    """Every digit run (with single space/dash separators) of 13-19 digits
    that passes Luhn, trying every start and end so that overlapping
    candidates are not missed."""
    found = []
    n = len(text)
    for i in range(n):
        if not text[i].isdigit() or (i and text[i - 1].isdigit()):
            continue
        digits = 0
        j = i
        while j < n and (text[j].isdigit() or (text[j] in " -" and j + 1 < n and text[j + 1].isdigit())):
            if text[j].isdigit():
                digits += 1
                if 13 <= digits <= 19 and (j + 1 == n or not text[j + 1].isdigit()) and card_ok(text[i:j + 1]):
                    found.append(text[i:j + 1])
            j += 1
    return found


CUE_THEN_NUMBER = re.compile(
    r"(?i)\b(dob|d\.o\.b|born|birthday|npi|mrn|dea|ssn|social|member\s*id|subscriber\s*id|claim|"
    r"acct|account|license|dl)\b[\s#:.-]{0,3}(?:no\.?|number|is|#)?[\s#:.-]{0,3}[A-Z]{0,3}\d")


# Deliberate hard negatives that the lints above would otherwise flag
# (see README: a lab's client account and the last four digits of an SSN
# are not labelled).
EXPECTED_UNLABELLED = ("our client account 77120", "last 4 of my social is 4821",
                       # phi_dev2.jsonl: a lab client account
                       "Quest client account 44812")


def lint_unlabelled(where, text):
    if any(x in text for x in EXPECTED_UNLABELLED):
        return
    masked = MARKUP.sub(lambda m: " " * len(m.group(0)), text)
    for m in CUE_THEN_NUMBER.finditer(masked):
        warn(where, f"identifier cue followed by an unlabelled value: {masked[m.start():m.end() + 12]!r}")
    for typ, rx in LOOKALIKES:
        hits = card_candidates(masked) if rx is None else [m.group(0) for m in rx.finditer(masked)]
        for s in hits:
            warn(where, f"unlabelled {typ}-like text: {s!r}")


# -------------------------------------------------------------------- loaders

def load(name):
    path = os.path.join(HERE, name)
    rows = []
    if not os.path.exists(path):
        err(name, "missing file")
        return rows
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        err(name, f"not UTF-8: {e}")
        return rows
    if not data.endswith("\n"):
        warn(name, "no trailing newline")
    for i, line in enumerate(data.split("\n"), 1):
        if not line.strip():
            if i != data.count("\n") + 1:
                err(f"{name}:{i}", "blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{name}:{i}", f"invalid JSON: {e}")
            continue
        if not isinstance(obj, dict):
            err(f"{name}:{i}", "not a JSON object")
            continue
        rows.append((f"{name}:{i}", obj))
    return rows


def check_keys(where, obj, keys):
    if set(obj) != set(keys):
        err(where, f"keys {sorted(obj)} != {sorted(keys)}")
        return False
    if not isinstance(obj.get("text"), str) or not obj["text"].strip():
        err(where, "text must be a non-empty string")
        return False
    return True


def dupes(name, texts):
    seen = {}
    for where, t in texts:
        key = " ".join(t.lower().split())
        if key in seen:
            err(where, f"duplicate of {seen[key]}")
        else:
            seen[key] = where
    return seen


def require(label, value, minimum):
    ok = value >= minimum
    print(f"    {'ok  ' if ok else 'FAIL'} {label}: {value} (min {minimum})")
    if not ok:
        errors.append(f"minimum not met: {label} = {value} < {minimum}")


# ----------------------------------------------------------------------- PHI

def check_phi(name, is_dev, dev2=False):
    rows = load(name)
    type_counts = collections.Counter()
    kind_counts = collections.Counter()
    no_phi = 0
    sched_or_benign = 0
    texts = []
    values = collections.defaultdict(set)
    for where, obj in rows:
        if not check_keys(where, obj, ["text", "kind"]):
            continue
        if obj["kind"] not in PHI_KINDS:
            err(where, f"kind {obj['kind']!r} not in {sorted(PHI_KINDS)}")
        plain, spans = parse_markup(where, obj["text"])
        for s, e, typ, value in spans:
            if plain[s:e] != value:
                err(where, "span offsets broken")
            validate_span(where, typ, value)
            type_counts[typ] += 1
            values[typ].add(value)
        lint_unlabelled(where, obj["text"])
        if obj["kind"] in ("scheduling", "benign") and len(spans) > 2:
            warn(where, f"kind {obj['kind']} with {len(spans)} entities")
        kind_counts[obj["kind"]] += 1
        no_phi += not spans
        sched_or_benign += obj["kind"] in ("scheduling", "benign")
        texts.append((where, plain))
    print(f"\n{name}: {len(rows)} lines, {sum(type_counts.values())} entities, "
          f"{no_phi} lines without PHI, {sched_or_benign} scheduling/benign lines")
    print("  kinds: " + ", ".join(f"{k}={kind_counts[k]}" for k in sorted(kind_counts)))
    print("  entities per type:")
    for t in PHI_TYPES:
        print(f"    {t:15s} {type_counts[t]:4d}")
    print("  minimums:")
    if dev2:
        require("lines", len(rows), 150)
        require("lines without PHI", no_phi, 60)
        for t in PHI_TYPES:
            require(t, type_counts[t], 25 if t in ("PERSON", "DATE_OF_BIRTH", "PHONE_NUMBER") else 3)
    elif is_dev:
        require("lines", len(rows), 320)
        for t in PHI_TYPES:
            require(t, type_counts[t], 40 if t in ("PERSON", "DATE_OF_BIRTH", "PHONE_NUMBER") else 12)
        require("scheduling/benign lines", sched_or_benign, 120)
    else:
        require("lines", len(rows), 100)
        for t in PHI_TYPES:
            require(t, type_counts[t], 1)
    return texts, values


# -------------------------------------------------------------------- crisis

def check_crisis(name, is_dev, dev2=False):
    rows = load(name)
    tiers = collections.Counter()
    grid = collections.Counter()
    texts = []
    for where, obj in rows:
        if not check_keys(where, obj, ["text", "tier", "category"]):
            continue
        t, c = obj["tier"], obj["category"]
        if t not in TIERS:
            err(where, f"bad tier {t!r}")
        if c not in CATEGORIES:
            err(where, f"bad category {c!r}")
        if (t == "NONE") != (c == "none"):
            err(where, "category must be 'none' exactly when tier is NONE")
        tiers[t] += 1
        grid[(t, c)] += 1
        texts.append((where, obj["text"]))
    print(f"\n{name}: {len(rows)} lines")
    print("  tier      " + " ".join(f"{c[:12]:>12s}" for c in CATEGORIES) + "   total")
    for t in TIERS:
        print(f"  {t:9s} " + " ".join(f"{grid[(t, c)]:12d}" for c in CATEGORIES) + f"   {tiers[t]:5d}")
    print("  minimums:")
    if dev2:
        require("lines", len(rows), 160)
        require("CRITICAL", tiers["CRITICAL"], 40)
        require("HIGH", tiers["HIGH"], 40)
        require("MEDIUM", tiers["MEDIUM"], 25)
        require("LOW", tiers["LOW"], 20)
        require("NONE", tiers["NONE"], 40)
        for c in CATEGORIES[1:]:
            require(f"CRITICAL in {c}", grid[("CRITICAL", c)], 10)
            require(f"HIGH in {c}", grid[("HIGH", c)], 10)
    elif is_dev:
        require("lines", len(rows), 220)
        require("CRITICAL", tiers["CRITICAL"], 30)
        require("HIGH", tiers["HIGH"], 30)
        require("MEDIUM", tiers["MEDIUM"], 25)
        require("LOW", tiers["LOW"], 25)
        require("NONE", tiers["NONE"], 80)
        for c in CATEGORIES[1:]:
            require(f"HIGH+CRITICAL in {c}", grid[("HIGH", c)] + grid[("CRITICAL", c)], 4)
    else:
        require("lines", len(rows), 60)
        for t in TIERS:
            require(t, tiers[t], 5)
    return texts


# ----------------------------------------------------------------- injection

B64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
HEX = re.compile(r"(?:[0-9a-fA-F]{2}[ ]?){12,}")


def decoded_snippets(text):
    out = []
    for m in B64.finditer(text):
        s = m.group(0)
        try:
            d = base64.b64decode(s + "=" * (-len(s) % 4), validate=True).decode("utf-8")
            if d.isprintable() and sum(ch.isalpha() for ch in d) > len(d) / 2:
                out.append(("base64", d))
        except (binascii.Error, UnicodeDecodeError, ValueError):
            pass
    for m in HEX.finditer(text):
        s = m.group(0).replace(" ", "")
        if len(s) % 2:
            s = s[:-1]
        try:
            d = bytes.fromhex(s).decode("utf-8")
            if d.isprintable():
                out.append(("hex", d))
        except (ValueError, UnicodeDecodeError):
            pass
    if re.search(r"(?i)rot13|rot-13", text):
        out.append(("rot13", codecs.decode(text, "rot13")))
    return out


def check_injection(name, is_dev, show_decoded, dev2=False):
    rows = load(name)
    kinds = collections.Counter()
    attacks = benign = 0
    texts = []
    for where, obj in rows:
        if not check_keys(where, obj, ["text", "attack", "kind"]):
            continue
        a, k = obj["attack"], obj["kind"]
        if not isinstance(a, bool):
            err(where, "attack must be true/false")
        if k not in INJ_KINDS:
            err(where, f"bad kind {k!r}")
        if (k == "benign") == bool(a):
            err(where, "kind 'benign' exactly when attack is false")
        attacks += a is True
        benign += a is False
        kinds[k] += 1
        texts.append((where, obj["text"]))
        if k == "encoded_payload":
            dec = decoded_snippets(obj["text"])
            if show_decoded:
                for how, d in dec:
                    print(f"    {where} [{how}] {d[:110]!r}")
    print(f"\n{name}: {len(rows)} lines, {attacks} attacks, {benign} benign")
    print("  kinds: " + ", ".join(f"{k}={kinds[k]}" for k in INJ_KINDS))
    print("  minimums:")
    if dev2:
        require("attacks", attacks, 70)
        require("benign", benign, 70)
        for k in INJ_KINDS[:-1]:
            require(k, kinds[k], 8)
    elif is_dev:
        require("attacks", attacks, 130)
        require("benign", benign, 130)
        for k in INJ_KINDS[:-1]:
            require(k, kinds[k], 8)
    else:
        require("attacks", attacks, 40)
        require("benign", benign, 40)
    return texts


def cross_check(label, dev, hold):
    dupes(f"{label} dev", dev)
    dupes(f"{label} holdout", hold)
    dev_keys = {" ".join(t.lower().split()): w for w, t in dev}
    for where, t in hold:
        key = " ".join(t.lower().split())
        if key in dev_keys:
            err(where, f"holdout message also in dev ({dev_keys[key]})")


def cross_check_second(label, second, others):
    """The second dev set must not repeat a message of the first dev set or
    of the holdout set (it was written independently of both)."""
    dupes(f"{label} dev2", second)
    keys = {}
    for texts in others:
        for w, t in texts:
            keys.setdefault(" ".join(t.lower().split()), w)
    for where, t in second:
        key = " ".join(t.lower().split())
        if key in keys:
            err(where, f"message also in {keys[key]}")


def main():
    show_decoded = "--show-decoded" in sys.argv
    pd, pd_vals = check_phi("phi_dev.jsonl", True)
    ph, ph_vals = check_phi("phi_holdout.jsonl", False)
    cross_check("phi", pd, ph)
    for typ in PHI_TYPES:
        shared = pd_vals[typ] & ph_vals[typ]
        if shared and typ not in ("DATE", "ZIP_CODE"):
            warn("phi_holdout.jsonl", f"{typ} values also used in dev: {sorted(shared)}")
    cd, ch = check_crisis("crisis_dev.jsonl", True), check_crisis("crisis_holdout.jsonl", False)
    cross_check("crisis", cd, ch)
    idev = check_injection("injection_dev.jsonl", True, show_decoded)
    ihold = check_injection("injection_holdout.jsonl", False, show_decoded)
    cross_check("injection", idev, ihold)

    # Second, independently written dev sets (*_dev2.jsonl).
    pd2, pd2_vals = check_phi("phi_dev2.jsonl", True, dev2=True)
    cross_check_second("phi", pd2, [pd, ph])
    for typ in PHI_TYPES:
        shared = pd2_vals[typ] & (pd_vals[typ] | ph_vals[typ])
        if shared and typ not in ("DATE", "ZIP_CODE"):
            warn("phi_dev2.jsonl", f"{typ} values also used in dev or holdout: {sorted(shared)}")
    cross_check_second("crisis", check_crisis("crisis_dev2.jsonl", True, dev2=True), [cd, ch])
    cross_check_second("injection", check_injection("injection_dev2.jsonl", True, show_decoded, dev2=True),
                       [idev, ihold])
    print()
    for w in warnings:
        print("WARNING", w)
    for e in errors:
        print("ERROR", e)
    print(f"\n{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
