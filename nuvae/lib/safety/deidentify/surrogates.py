"""Realistic fake values for the `replace` method, drawn from a keyed hash.

Each generator takes the keyed integer for the original value (see `Keyed.number`) and
returns a value of the same kind and, where it has one, the same written format:

- names: a given name or surname from the lists below (written for Nuvae; invented
  spellings are avoided so the output reads naturally), in the original's letter case;
- phones: the fictional range NXX-555-0100…0199, in the original's layout when it has
  7, 10 or 11 (leading 1) digits, else `NXX-555-01XX`;
- identifiers: digit for digit and letter for letter (same case), separators kept; a
  UUID stays a UUID; a 10-digit NPI gets a valid check digit;
- e-mail under example.com, URLs under example.org, IPs in the documentation ranges
  (RFC 5737), SSNs starting with 9 (never issued as an SSN);
- ZIP codes keep their first three digits, as Safe Harbor allows, with the last two
  invented; the three-digit areas of fewer than 20,000 people become 000;
- street addresses, cities and districts from the lists below.
"""

from __future__ import annotations

import re
import string
import uuid

GIVEN = [
    "Avery",
    "Blair",
    "Caleb",
    "Dahlia",
    "Easton",
    "Fern",
    "Gideon",
    "Hazel",
    "Idris",
    "Juniper",
    "Kellan",
    "Lark",
    "Milo",
    "Nadine",
    "Orion",
    "Phoebe",
    "Quincy",
    "Rosalind",
    "Silas",
    "Tamsin",
    "Ulric",
    "Vera",
    "Wesley",
    "Xena",
    "Yara",
    "Zane",
    "Anika",
    "Bodhi",
    "Cressida",
    "Darian",
    "Elowen",
    "Finnian",
    "Greer",
    "Hollis",
    "Isolde",
    "Jasper",
    "Keira",
    "Lennox",
    "Marlowe",
    "Nico",
    "Odessa",
    "Pascal",
    "Rhea",
    "Soren",
    "Talia",
    "Emrys",
    "Vivian",
    "Wren",
    "Alaric",
    "Briar",
    "Cormac",
    "Delphine",
    "Everett",
    "Fiona",
    "Gemma",
    "Hugo",
    "Imogen",
    "Jonah",
    "Katya",
    "Linus",
    "Mireille",
    "Nolan",
    "Ottilie",
    "Percy",
]

SURNAMES = [
    "Ashby",
    "Bellamy",
    "Carrow",
    "Dunmore",
    "Ellery",
    "Fairbank",
    "Galloway",
    "Hartwell",
    "Ingram",
    "Jessop",
    "Kingsley",
    "Lockhart",
    "Marchetti",
    "Norwood",
    "Oakley",
    "Pemberton",
    "Quill",
    "Radley",
    "Stanhope",
    "Thornbury",
    "Underhill",
    "Vance",
    "Whitlock",
    "Yardley",
    "Abernathy",
    "Blackwood",
    "Calloway",
    "Delacroix",
    "Eastwood",
    "Fenwick",
    "Gorski",
    "Holloway",
    "Ivers",
    "Jardine",
    "Kessler",
    "Langford",
    "Montague",
    "Nightingale",
    "Osgood",
    "Prescott",
    "Redfern",
    "Sinclair",
    "Tolliver",
    "Upton",
    "Valentine",
    "Winslow",
    "Ackerly",
    "Brightwater",
    "Caldwell",
    "Dorsey",
    "Emberly",
    "Fitzgerald",
    "Granger",
    "Huxley",
    "Ishikawa",
    "Jorgensen",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okonkwo",
    "Petrakis",
]

STREETS = [
    "Alder",
    "Birchwood",
    "Cedar",
    "Dogwood",
    "Elmhurst",
    "Foxglove",
    "Glenview",
    "Harbor",
    "Ironwood",
    "Juniper",
    "Kestrel",
    "Larkspur",
    "Maplecrest",
    "Northgate",
    "Oakmont",
    "Pinecrest",
    "Quarry",
    "Ridgeview",
    "Sycamore",
    "Thistle",
    "Upland",
    "Valley",
    "Willowbrook",
    "Yarrow",
    "Hawthorn",
    "Meadow",
]
STREET_SUFFIXES = ("St", "Ave", "Rd", "Ln", "Dr", "Ct", "Way", "Pl", "Blvd", "Ter")
CITIES = [
    "Ashford",
    "Brookhaven",
    "Cedar",
    "Falls",
    "Dunmore",
    "Elmwood",
    "Fairview",
    "Glenwood",
    "Harborview",
    "Ivydale",
    "Kingsport",
    "Lakeside",
    "Millbrook",
    "Northfield",
    "Oakdale",
    "Pinehurst",
    "Riverton",
    "Springdale",
    "Thornton",
    "Westbury",
    "Woodland",
]

AREA_CODES = ("201", "303", "312", "404", "415", "503", "614", "702", "808", "919")
# Three-digit ZIP areas of 20,000 people or fewer (HHS guidance on Safe Harbor, 2000 census).
RESTRICTED_ZIP3 = frozenset(
    [
        "036",
        "059",
        "063",
        "102",
        "203",
        "556",
        "692",
        "790",
        "821",
        "823",
        "830",
        "831",
        "878",
        "879",
        "884",
        "890",
        "893",
    ]
)

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def match_case(surrogate: str, original: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return surrogate.upper()
    if letters and all(c.islower() for c in letters):
        return surrogate.lower()
    return surrogate


def given_name(n: int, original: str) -> str:
    return match_case(GIVEN[n % len(GIVEN)], original)


def surname(n: int, original: str) -> str:
    return match_case(SURNAMES[n % len(SURNAMES)], original)


def _digit_stream(n: int) -> str:
    return str(n).rjust(40, "0")[::-1]


def format_preserving(n: int, original: str) -> str:
    """Digits by digits, letters by letters of the same case; everything else kept."""
    if _UUID.fullmatch(original):
        return fake_uuid(n, original)
    out: list[str] = []
    for index, char in enumerate(original):
        step = (n >> (5 * (index % 48))) + index * 7919
        if char.isdigit():
            out.append(str(step % 10))
        elif char.isalpha() and char.isascii():
            letter = string.ascii_uppercase[step % 26]
            out.append(letter if char.isupper() else letter.lower())
        elif char.isalpha():
            out.append("X" if char.isupper() else "x")
        else:
            out.append(char)
    return "".join(out)


def fake_uuid(n: int, original: str = "") -> str:
    value = str(uuid.UUID(int=n % (1 << 128), version=4))
    return value.upper() if original.isupper() else value


def npi(n: int, original: str) -> str:
    """A 10-digit NPI starting with 1 whose check digit is valid."""
    if not re.fullmatch(r"\d{10}", original):
        return format_preserving(n, original)
    body = "1" + str(n % 10**8).rjust(8, "0")
    total = 0
    for position, char in enumerate(reversed("80840" + body)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return body + str((10 - total % 10) % 10)


def phone(n: int, original: str) -> str:
    area = AREA_CODES[n % len(AREA_CODES)]
    line = f"01{(n // len(AREA_CODES)) % 100:02d}"
    digits_in = [c for c in original if c.isdigit()]
    if len(digits_in) == 11 and digits_in[0] == "1":
        fill = "1" + area + "555" + line
    elif len(digits_in) == 10:
        fill = area + "555" + line
    elif len(digits_in) == 7:
        fill = "555" + line
    else:
        return f"{area}-555-{line}"
    stream = iter(fill)
    return "".join(next(stream) if c.isdigit() else c for c in original)


def ssn(n: int, original: str) -> str:
    fill = iter("9" + str(n % 10**8).rjust(8, "0"))
    if sum(c.isdigit() for c in original) != 9:
        return f"9{n % 100:02d}-{(n // 100) % 100:02d}-{(n // 10**4) % 10**4:04d}"
    return "".join(next(fill) if c.isdigit() else c for c in original)


def zip_code(n: int, original: str) -> str:
    digits = "".join(c for c in original if c.isdigit())
    if len(digits) not in (5, 9):
        return format_preserving(n, original)
    prefix = "000" if digits[:3] in RESTRICTED_ZIP3 else digits[:3]
    return prefix + f"{n % 100:02d}"


def email(n: int, original: str) -> str:
    first = GIVEN[n % len(GIVEN)].lower()
    last = SURNAMES[(n // len(GIVEN)) % len(SURNAMES)].lower()
    return f"{first}.{last}{(n // 10**6) % 100}@example.com"


def url(n: int, original: str) -> str:
    return f"https://example.org/r/{n % 16**10:010x}"


def ip_address(n: int, original: str) -> str:
    if ":" in original:
        return f"2001:db8::{n % 0xFFFF:x}"
    network = ("192.0.2", "198.51.100", "203.0.113")[n % 3]
    return f"{network}.{1 + (n // 3) % 254}"


def street(n: int, original: str) -> str:
    number = 10 + n % 9890
    name = STREETS[(n // 10**4) % len(STREETS)]
    suffix = STREET_SUFFIXES[(n // 10**6) % len(STREET_SUFFIXES)]
    return match_case(f"{number} {name} {suffix}", original)


def city(n: int, original: str) -> str:
    return match_case(CITIES[n % len(CITIES)], original)


def district(n: int, original: str) -> str:
    return match_case(f"{CITIES[n % len(CITIES)]} County", original)


def address(n: int, original: str) -> str:
    """A whole written address: a street, and a city when the original had more than one part."""
    line = street(n, original)
    if "," in original:
        line += f", {city(n // 10**8, original)}"
    return line
