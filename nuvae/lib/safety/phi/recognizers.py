"""Healthcare recognizers for Presidio, tuned for what patients and billing staff type.

Every rule here is a regular expression whose named group `value` is the identifier;
the rest of the match is the cue that makes it one ("MRN", "my name is", "DOB"). A
number on its own is rarely PHI in clinic traffic ("room 204", "99213", "$120", "order
4471"), so most identifiers need their cue, and those that do not (NPI, DEA number, card
numbers, SSNs written with dashes, Medicare MBIs) must also pass their check digits or
format rules. Scores: 0.85+ for a cue plus a valid value, 0.6–0.7 for a distinctive
format without a cue, below the default threshold (0.5) for hints that only count
together with something else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from . import checksums
from .names import GIVEN_NAMES, SURNAMES, is_common_word


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


Validator = Callable[[str, str, int], "float | None"]  # (value, text, start) -> score or None to drop


@dataclass(frozen=True)
class Rule:
    entity: str
    pattern: re.Pattern[str]
    score: float
    validate: Validator | None = None


def _rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.VERBOSE)


class RuleRecognizer(EntityRecognizer):
    """A Presidio recognizer that runs a list of `Rule`s. Its scores already include the
    cue, so Presidio's context enhancer is told to leave them alone."""

    name: str  # set by Presidio's EntityRecognizer, which does not annotate it

    def __init__(self, name: str, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        entities = sorted({rule.entity for rule in self.rules})
        super().__init__(supported_entities=entities, name=name, supported_language="en")

    def load(self) -> None:  # nothing to load: the rules are compiled at import
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        wanted = set(entities)
        results: list[RecognizerResult] = []
        for rule in self.rules:
            if rule.entity not in wanted:
                continue
            for match in rule.pattern.finditer(text):
                start, end = match.span("value")
                value = text[start:end]
                score: float | None = rule.score
                if rule.validate is not None:
                    score = rule.validate(value, text, start)
                if score is None or start == end:
                    continue
                results.append(
                    RecognizerResult(
                        entity_type=rule.entity,
                        start=start,
                        end=end,
                        score=score,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                        },
                    )
                )
        return results


# --- shared pieces ------------------------------------------------------------------------

# Separators between a cue and its value: "MRN: 123", "MRN # 123", "MRN is 123", "MRN-123".
SEP = r"(?:\s*(?:\#|no\.?|number|num|nbr)?\s*(?:is\b|was\b|=|:|-|–|,)?\s*\#?\s*)"
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
DATE_VALUE = rf"""(?:
    \d{{4}}[\-/.]\d{{1,2}}[\-/.]\d{{1,2}}
  | \d{{1,2}}[/\-.]\d{{1,2}}[/\-.](?:\d{{4}}|\d{{2}})
  | {MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
  | \d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+\d{{4}}
  | \d{{1,2}}-{MONTH}-\d{{2,4}}
  | \d{{1,2}}\s+de\s+[a-záéíóú]+\s+(?:de\s+)?\d{{4}}
)"""
# An identifier value: letters, digits and dashes with at least one digit.
ID_VALUE = r"(?=[A-Z\-]*\d)[A-Z0-9](?:[A-Z0-9\-]{3,22}[A-Z0-9])"
# The same, where groups may be separated by single spaces ("482 913 557").
SPACED_ID = r"(?=[A-Z\- ]*\d)[A-Z0-9](?:[A-Z0-9\-]|\s(?=[A-Z0-9]*\d)){3,22}[A-Z0-9]"


def _with_digits(minimum: int) -> Validator:
    def check(value: str, text: str, start: int) -> float | None:
        return 0.9 if sum(c.isdigit() for c in value) >= minimum else None

    return check


# --- dates -------------------------------------------------------------------------------

DOB_CUE = (
    r"(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s?date|birth\s+day|birthday|b-?day|born(?:\s+on)?|"
    r"fecha\s+de\s+nacimiento(?:\s+es)?|nacid[oa](?:\s+el)?|date\s+de\s+naissance|geburtsdatum)"
)
EVENT_CUE = (
    r"(?:admitted|admission|admit(?:\s+date)?|discharged?|discharge\s+date|d/c|date\s+of\s+service|dates\s+of\s+service|"
    r"d\.?o\.?s\.?|d\.?o\.?i\.?|services?\s+on|service\s+date|date\s+of\s+death|died|passed\s+away|deceased|"
    r"date\s+of\s+injury|injured|injury|accident|fell|hurt|surgery|procedure|seen|treated|"
    r"hospitali[sz]ed|inpatient\s+stay|dx\s+date|onset)"
)
# Dates after an event cue may omit the year ("fell on 9/18", "from Nov 3 to Nov 9").
EVENT_DATE_VALUE = rf"(?:{DATE_VALUE}|\d{{1,2}}/\d{{4}}|\d{{1,2}}/\d{{1,2}}(?![\d/])|{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b)"


def _dob_score(value: str, text: str, start: int) -> float | None:
    # After a birth-date cue, anything date-like counts, even when it does not parse
    # ("021788", a day-first "17/06/1954"): the cue is the evidence.
    parsed = checksums.parse_date(value, today=_today())
    if parsed is not None and parsed >= _today():
        return None
    return 0.95


def _uncued_date(value: str, text: str, start: int) -> float | None:
    """A full date with a year and no cue. In clinic chat the dates people type are the
    ones they want to book ("12/02/2026"); a date years in the past is almost always a
    birth date given to identify oneself."""
    today = _today()
    parsed = checksums.parse_date(value, today=today)
    if parsed is None or parsed.year < 1900 or parsed >= today:
        return None
    return 0.6 if today.year - parsed.year >= 10 else None


def _uncued_recent_date(value: str, text: str, start: int) -> float | None:
    """A full past date of the last ten years with no cue: a date of service or of an
    event in the person's care (future dates are the ones people ask to book)."""
    today = _today()
    parsed = checksums.parse_date(value, today=today)
    if parsed is None or parsed >= today or today.year - parsed.year >= 10:
        return None
    if _APPOINTMENT_AROUND.search(text[max(0, start - 40) : start]) or _TIME_AFTER.match(text[start + len(value) :]):
        return None
    return 0.55


# A date next to a time or a booking word is an appointment, past or future.
_APPOINTMENT_AROUND = re.compile(
    r"\b(?:appt|appointment|confirmed|booked|reschedul\w*|resched|moved?|cancel\w*|slot|visit\s+on|on)\b[^.]*$",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(r"\s*(?:at\s+|@\s*)?\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?!\d)(?!/)", re.IGNORECASE)


def _event_date(value: str, text: str, start: int) -> float | None:
    today = _today()
    parsed = checksums.parse_date(value, today=today)
    if parsed is not None and parsed > today:
        return None
    return 0.85


DATE_RULES = (
    Rule("DATE_OF_BIRTH", _rx(rf"\b{DOB_CUE}(?:\s+(?:is|was|of|on))?\s*[:\-–]?\s*(?P<value>{DATE_VALUE}|\d{{6}}(?!\d)|\d{{8}}(?!\d))"), 0.95, _dob_score),
    Rule("DATE_OF_BIRTH", _rx(rf"(?P<value>{DATE_VALUE})\s*\(?\s*(?:is\s+my\s+)?{DOB_CUE}"), 0.9, _dob_score),
    Rule("DATE_OF_BIRTH", _rx(rf"(?<![\w/\-.])(?P<value>{DATE_VALUE})(?![\w/\-]|\.\d)"), 0.6, _uncued_date),
    Rule("DATE", _rx(rf"(?<![\w/\-.])(?P<value>{DATE_VALUE})(?![\w/\-]|\.\d)"), 0.55, _uncued_recent_date),
    Rule(
        "DATE",
        _rx(rf"\b{EVENT_CUE}\b(?:\s+[\w']+){{0,3}}?\s*(?:on|date|:|-)?\s*(?P<value>{EVENT_DATE_VALUE})"),
        0.85,
        _event_date,
    ),
    Rule("DATE", _rx(rf"(?<![\w/])(?P<value>{EVENT_DATE_VALUE})\s+(?:er|hospital|inpatient|surgery|injury|accident)\b"), 0.8, _event_date),
)


# --- numbers with a cue --------------------------------------------------------------------

def _npi_score(value: str, text: str, start: int) -> float | None:
    return 0.95 if checksums.npi_valid(value) else None


def _npi_uncued(value: str, text: str, start: int) -> float | None:
    # A bare 10-digit number with a valid NPI check digit: one random number in ten
    # passes, so it stays below a phone number written the same way unless nothing
    # else claims it.
    return 0.55 if checksums.npi_valid(value) else None


def _in_claim_text(value: str, text: str, start: int) -> float | None:
    return 0.6 if re.search(r"\bclaims?\b|\bicn\b|\bera\b|\beob\b|\bclp\b", text, re.IGNORECASE) else None


def _card(value: str, text: str, start: int) -> float | None:
    return 0.9 if checksums.card_valid(value) else None


def _ip(value: str, text: str, start: int) -> float | None:
    # "version 2.4.10.1" and "build 1.0.0.3" are not addresses.
    if re.search(r"(?:version|ver\.?|v|build|release)\s*$", text[max(0, start - 12) : start], re.IGNORECASE):
        return None
    return 0.85


def _dea_score(value: str, text: str, start: int) -> float | None:
    return 0.9 if checksums.dea_valid(value) else None


def _ssn_score(value: str, text: str, start: int) -> float | None:
    return 0.95 if checksums.ssn_plausible(value) else None


def _ssn_dashed(value: str, text: str, start: int) -> float | None:
    return 0.85 if checksums.ssn_plausible(value) else None


# Medicare Beneficiary Identifier: 11 characters, fixed positions, no S L O I B Z.
_MBI_ALPHA = "AC-HJKMNP-RT-Y"
MBI = rf"[1-9][{_MBI_ALPHA}][{_MBI_ALPHA}0-9]\d[{_MBI_ALPHA}][{_MBI_ALPHA}0-9]\d[{_MBI_ALPHA}][{_MBI_ALPHA}]\d\d"

IDENTIFIER_RULES = (
    Rule("MRN", _rx(rf"\b(?:mrn|medical\s+record\s+number)(?:\s+(?:for|of)\s+\w+)?(?:\s+(?:is|was))?\s*[:#]?\s*(?P<value>{ID_VALUE})"), 0.9, _with_digits(4)),
    Rule("MRN", _rx(r"\bchart\s+(?P<value>(?=[A-Z]*-?\d)[A-Z]{0,4}-?\d{4,12})\b"), 0.85),
    Rule("MRN", _rx(rf"\b(?:mrn|medical\s+record(?:s)?(?:\s+(?:number|no\.?|num|id))?|chart\s*(?:number|no\.?|\#|id)|record\s+(?:number|no\.?|\#)|patient\s+id|pt\.?\s+id){SEP}(?P<value>{ID_VALUE})"), 0.9, _with_digits(4)),
    Rule("MEMBER_ID", _rx(rf"\b(?:member|subscriber|policy(?:holder)?|insurance|ins\.?|beneficiary|medicaid|medi-cal|medicare|plan)\s*(?:id|\#|number|no\.?|num)\b{SEP}(?P<value>{ID_VALUE})"), 0.9, _with_digits(3)),
    Rule("MEMBER_ID", _rx(rf"\b(?:mbi|member\s*id|subscriber\s*id|policy){SEP}(?P<value>{ID_VALUE})"), 0.9, _with_digits(3)),
    Rule("MEMBER_ID", _rx(rf"(?<![\w-])(?P<value>{MBI})(?![\w-])", 0), 0.75),
    # An MBI written in its 4-3-4 groups ("9V07-HU2-GE93").
    Rule("MEMBER_ID", _rx(r"(?<![\w-])(?P<value>[1-9][A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{4})(?![\w-])", 0), 0.7),
    Rule("MEMBER_ID", _rx(rf"\b(?:member|subscriber|enrollee)\s+(?P<value>{ID_VALUE})"), 0.85, _with_digits(5)),
    Rule("MEMBER_ID", _rx(r"\b(?:UHC|BCBS\w*|BC/BS|MCD|MDCD|MCR|AETNA|CIGNA|HUMANA|KAISER|TRICARE|MEDICAID|MEDICARE)\s*\#?\s*(?P<value>[A-Z]{0,3}-?\d{8,14})\b"), 0.75),
    # Payer prefix plus a long number (UHC600193284, XJH123456789): how member ids print.
    Rule("MEMBER_ID", _rx(r"(?<![\w-])(?P<value>[A-Z]{2,4}\d{8,12}(?:-\d{2})?)(?![\w-])", 0), 0.65),
    Rule("MEMBER_ID", _rx(rf"\b(?:id|benefits)(?:\s*(?:\#|number|no\.?))?{SEP}(?P<value>(?=[A-Z]*\d)[A-Z0-9]{{8,16}})\b"), 0.6, _with_digits(6)),
    Rule("CLAIM_NUMBER", _rx(rf"\b(?:claim|icn|dcn|tcn|payer\s+claim\s+control)(?:\s*(?:\#|number|no\.?|num|id|control\s+number))?{SEP}(?P<value>{ID_VALUE})"), 0.9, _with_digits(5)),
    # In text about claims, long bare digit runs are claim numbers (ICNs run 11-17 digits).
    Rule("CLAIM_NUMBER", _rx(r"(?<![\w\-$.])(?P<value>\d{11,17})(?![\w\-])"), 0.6, _in_claim_text),
    Rule("CLAIM_NUMBER", _rx(r"\bCLP\*(?P<value>[^*~\s]{4,38})\*"), 0.8),
    Rule("ACCOUNT_NUMBER", _rx(rf"\b(?:accounts?|acct\.?|a/c|billing\s+account|patient\s+account)(?:\s*(?:\#|number|no\.?|num))?{SEP}(?P<value>{ID_VALUE})"), 0.9, _with_digits(4)),
    Rule("DRIVER_LICENSE", _rx(rf"\b(?:(?:driver'?s?|drivers)\s+)?licen[cs]e(?:\s*(?:\#|number|no\.?|id))?{SEP}(?P<value>{SPACED_ID})"), 0.9, _with_digits(4)),
    Rule("DRIVER_LICENSE", _rx(rf"\b(?:DL|D\.L\.|dl)(?:\s*(?:\#|number|no\.?))?{SEP}(?P<value>{SPACED_ID})", 0), 0.85, _with_digits(4)),
    Rule("NPI", _rx(rf"\bNPI(?:\s*(?:\#|number|no\.?))?{SEP}(?P<value>\d{{10}})\b"), 0.95, _npi_score),
    Rule("NPI", _rx(r"(?<![\w\-()+.])(?P<value>[12]\d{9})(?![\w\-])"), 0.55, _npi_uncued),
    Rule("DEA_NUMBER", _rx(r"(?<![\w-])(?P<value>[A-Z][A-Z9]\d{7})(?![\w-])"), 0.9, _dea_score),
    Rule("US_SSN", _rx(rf"\b(?:ssn|ss\#|ss|social\s+security(?:\s+(?:number|no\.?|\#))?|social){SEP}(?P<value>\d{{3}}[\s\-]?\d{{2}}[\s\-]?\d{{4}})\b"), 0.95, _ssn_score),
    Rule("US_SSN", _rx(r"(?<![\w\-])(?P<value>\d{3}-\d{2}-\d{4})(?![\w\-])"), 0.85, _ssn_dashed),
    Rule("ZIP_CODE", _rx(r"\b(?:zip(?:\s*code)?|zipcode|postal\s+code)\b[^\d\n]{0,25}?(?P<value>\d{5}(?:-\d{4})?)\b"), 0.9),
    Rule("ZIP_CODE", _rx(r"\b(?:i\s+live\s+in|i'?m\s+in|live\s+in\s+zip)\s+(?P<value>\d{5}(?:-\d{4})?)\b"), 0.85),
    Rule("CREDIT_CARD", _rx(r"(?<![\w\-])(?P<value>\d{4}[\s\-]?\d{4,6}[\s\-]?\d{4,5}(?:[\s\-]?\d{1,4})?)(?![\w\-])"), 0.9, _card),
    Rule("IP_ADDRESS", _rx(r"(?<![\w.])(?P<value>(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d))(?![\w.])"), 0.85, _ip),
    Rule("IP_ADDRESS", _rx(r"(?<![\w:])(?P<value>(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:?){0,6}[0-9a-f]{1,4})(?![\w:])"), 0.8),
)


# --- phones --------------------------------------------------------------------------------

PHONE_CUE = r"(?:phone|cell|mobile|call|text|txt|reach|contact|number|tel|fax|home|work|\#|ph)"


def _phone_formatted(value: str, text: str, start: int) -> float | None:
    digits = re.sub(r"\D", "", re.split(r"(?i)\s*(?:x|ext\.?|extension)\s*\d", value)[0])
    return 0.85 if checksums.us_phone_plausible(digits) else None


def _phone_bare(value: str, text: str, start: int) -> float | None:
    if not checksums.us_phone_plausible(re.sub(r"\D", "", value), strict=True):
        return None
    window = text[max(0, start - 30) : start].lower()
    return 0.8 if re.search(PHONE_CUE, window) else 0.5


PHONE_RULES = (
    Rule("PHONE_NUMBER", _rx(rf"\b{PHONE_CUE}\b[^\d\n]{{0,12}}(?P<value>\d{{3}}[\-.]\d{{4}})(?![\w\-])"), 0.75),
    Rule("PHONE_NUMBER", _rx(r"(?<![\w\-])(?P<value>\d{3}-\d{4})\b[^\n\d]{0,20}\b(?:landline|cell|mobile|home\s+(?:line|number|phone)|work\s+(?:line|number))"), 0.75),
    Rule(
        "PHONE_NUMBER",
        _rx(
            r"(?<![\w\-/.])(?P<value>(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}"
            r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?)(?![\w\-/])"
        ),
        0.85,
        _phone_formatted,
    ),
    Rule("PHONE_NUMBER", _rx(r"(?<![\w\-/.$])(?P<value>\+?1?\d{10})(?![\w\-/])"), 0.5, _phone_bare),
)


# --- addresses -----------------------------------------------------------------------------

STREET_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|"
    r"circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|plaza|loop|pike|row|alley|path|corner|crossing|"
    r"run|point|ridge|hills?|heights|glen|grove|park|view|landing|bend|crest|meadows?|commons|village|estates|"
    r"gardens|green|mews|creek|fork|harbor|haven|hollow|junction|knoll|manor|mill|orchard|pass|pines|ranch|"
    r"shores?|springs?|station|summit|valley|vista|walk|woods|gateway|ramp|rapids?|stravenue|turnpike|expressway)"
)
STATE = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|"
    r"ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR)"
)
_ADDRESS = rf"""(?P<value>
    (?:\d{{1,6}}[A-Z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\w'.\-]*\s+){{0,3}}?(?:[A-Z][\w'.\-]*|\d+(?:st|nd|rd|th))\s+(?i:{STREET_SUFFIX})\.?
       | \d{{1,6}}\s+(?i:rue|avenida|calle|camino|via)\s+[A-Z][\w'.\-]*(?:\s+[A-Z][\w'.\-]*)?
       | (?i:p\.?\s?o\.?\s+box)\s+\d{{1,6}})
    (?:,?\s*(?i:apt\.?|apartment|unit|suite|ste\.?|\#)\s*[A-Za-z0-9\-]{{1,6}})?
    (?:,\s*(?:[A-Z][\w.'\-]*\s?){{1,3}},?\s+{STATE}\.?(?:\s+\d{{5}}(?:-\d{{4}})?)?)?
)(?![\w])"""
# Typed in lower case, an address needs a unit or a ZIP code to be told from prose.
_ADDRESS_LOWER = rf"""(?P<value>\d{{1,6}}\s+(?:[nsew]\.?\s+)?(?:[a-z0-9][\w'.\-]*\s+){{0,3}}?{STREET_SUFFIX}\.?
    (?:,?\s*(?:apt\.?|apartment|unit|suite|ste\.?|\#)\s*[a-z0-9\-]{{1,6}})?
    (?:,?\s*(?:[a-z][\w.'\-]*\s?){{1,3}},?\s+(?i:{STATE})\.?)?(?:\s+\d{{5}}(?:-\d{{4}})?))(?![\w])"""
ADDRESS_RULES = (
    Rule("ADDRESS", re.compile(_ADDRESS, re.VERBOSE), 0.85),
    Rule("ADDRESS", re.compile(_ADDRESS_LOWER, re.VERBOSE), 0.8),
)


# --- names -----------------------------------------------------------------------------------

NAME_TOKEN = r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*"  # noqa: S105 - a pattern, not a secret
_NAME = rf"{NAME_TOKEN}(?:[ \t]+[A-Z]\.)?(?:[ \t]+{NAME_TOKEN}){{0,2}}"
# Cues that introduce a name whatever its case ("my name is maria lopez").
STRONG_CUE = (
    r"(?:my\s+name\s+is\b|my\s+name's|name\s+is\b|name\s*:|patient\s*(?:name)?\s*:|pt\s*(?:name)?\s*:|"
    r"full\s+name\s*(?:is|:)|first\s+name\s*(?:is|:)|last\s+name\s*(?:is|:)|signed\s*,|"
    r"(?:^|\n)\s*from\s*:|under\s+the\s+name(?:\s+of)?|booked\s+under|appointment\s+for|appt\s+for|"
    r"(?:on\s+behalf\s+of|calling\s+for|calling\s+about|scheduling\s+for|booking\s+for)|"
    r"me\s+llamo|mi\s+nombre\s+es|je\s+m'appelle|(?:patient|pt)\.?\s+name\s*:?)"
)
# Cues after which only a capitalised word or a known given name is a name ("this is
# Maria", but not "this is urgent").
WEAK_CUE = (
    r"(?:this\s+is|it's|its|it\s+is|i\s+am|i'm|im|i’m|shes|she's|hes|he's|thanks|thank\s+you|thx|regards|best|sincerely|cheers|soy|"
    r"name|patient|pt\.?|member|subscriber|guarantor|beneficiary|insured|ask\s+for|calling|register|caregiver\s+for|"
    r"from|for|with|to|called|spoke\s+(?:w/|with)|hi|hello|hey|dear|"
    r"my\s+(?:son|daughter|wife|husband|mom|mother|dad|father|child|kid|baby|partner|brother|sister|"
    r"grandson|granddaughter|grandmother|grandfather|grandma|grandpa|aunt|uncle|niece|nephew|fianc[ée]e?|"
    r"boyfriend|girlfriend|spouse|caregiver|roommate|friend)(?:'s\s+name\s+is|\s+is)?)"
)
TITLE = r"(?:mr|mrs|ms|miss|mx|fr|sr|rev)\.?"
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "fr", "sr", "rev"})

# Words that follow "this is" / "I'm" but are not names; checked on the first token.
_NOT_NAMES = frozenset(
    """
    i i'd i'll i've i'm dob mrn ssn dos npi id born signed by thanks thank thx hi hello hey dear cheers regards
    welcome please a an the and or but so not no yes ok okay sorry just still also really very about going calling trying
    looking wondering hoping running writing texting checking asking new here there back late early sick
    ill fine good great well better worse tired busy available free done ready sure interested confused
    worried scared afraid happy glad unable able having getting feeling doing booking scheduling needing
    urgent important regarding re for from with at in on to of my your his her their our its this that
    these those what when where why how who which patient doctor dr nurse office clinic front desk
    appointment appt me him them us you i it we they he she monday tuesday wednesday thursday friday
    saturday sunday today tomorrow tonight morning afternoon evening week month year please hi hello hey
    again all both one two three calling available pregnant diabetic allergic concerned following
    returning existing current former call text following re-scheduling rescheduling cancelling canceling
    moving switching waiting confirming jan feb mar apr jun jul aug sep sept oct nov dec january february march
    april june july august september october november december mon tue tues wed thu thur thurs fri sat sun
    """.split()  # noqa: SIM905 - a word list reads better as text
)


# Capitalised words that start organisations, places and products, not people.
_ORG_WORDS = frozenset(
    """
    blue cross shield bluecross blueshield health healthcare medical medicine care cares clinic clinics hospital
    hospitals center centre labs lab laboratory diagnostics quest labcorp insurance aetna cigna humana united
    unitedhealthcare uhc kaiser anthem medicare medicaid tricare molina centene wellcare ambetter
    logistics inc llc corp company group pharmacy cvs walgreens rite aid walmart costco amazon google apple
    street avenue road main north south east west new york san los las santa st saint fort mount lake river
    county city state university college school church portal app website mychart epic cerner athena
    visa mastercard amex mercy life collections license licence apex discover paypal venmo zelle emergency urgent family internal pediatrics cardiology
    dermatology orthopedics radiology physical therapy ob gyn er icu mri ct xray x-ray covid flu
    """.split()  # noqa: SIM905 - a word list reads better as text
)


_STREET_WORDS = frozenset(re.findall(r"[a-z]+", STREET_SUFFIX))


def _name_tokens(value: str) -> list[str]:
    return [t for t in re.split(r"\s+", value.strip()) if t]


def _trim_name(value: str, *, strong: bool, self_named: bool = False) -> tuple[int, int]:
    """The span (start, end) within `value` of the leading tokens that look like a name:
    capitalised or known, never a function word. (0, 0) when the first token is not one.
    A leading title ("Mr.") is skipped and makes what follows count as a name."""
    kept: list[tuple[int, int]] = []
    skip_title = False
    for index, match in enumerate(re.finditer(r"\S+", value)):
        token = match.group().rstrip(",;:")
        token_end = match.start() + len(token)
        bare = token.rstrip(".").strip("'’").lower()
        if index == 0 and bare in _TITLES:
            skip_title = True
            continue
        first = not kept
        if len(token) == 2 and token.endswith(".") and token[0].isupper() and not first:  # middle initial
            kept.append((match.start(), token_end))
            continue
        if bare in _NOT_NAMES or bare in _ORG_WORDS or len(bare) < 2 or not any(c.isalpha() for c in bare):
            break
        if len(token) == 2 and token.isupper():  # a state or an abbreviation ("FL", "PA")
            break
        known = bare in GIVEN_NAMES or bare in SURNAMES
        capitalised = token[0].isupper() and not token.isupper()
        # A lower-case word that is not common English ("dani", "fatou") after a cue.
        # Only where the writer names themselves or their family ("its dani", "my son kai").
        unusual = self_named and token.isalpha() and token.islower() and not is_common_word(bare) and len(bare) > 2
        lenient = strong or skip_title
        if first and not lenient and not (capitalised or known or unusual):
            return (0, 0)
        if not first and not (capitalised or known or lenient or unusual):
            break
        kept.append((match.start(), token_end))
        if match.group() != token:  # "Lopez," ends the name
            break
    while kept and value[kept[-1][0] : kept[-1][1]].endswith(".") and kept[-1][1] - kept[-1][0] == 2:
        kept.pop()
    if not kept:
        return (0, 0)
    return (kept[0][0], kept[-1][1])


class NameRecognizer(EntityRecognizer):
    """PERSON without a statistical model: names given after a cue, after a title, as a
    known given name followed by a capitalised surname, or signed at the end of a text.

    Provider and clinic names are public, not PHI; the caller passes them as
    `public_names` and they are dropped in `PhiAnalyzer`.
    """

    _STRONG = re.compile(rf"\b{STRONG_CUE}(?!\w)\s*(?P<value>{_NAME})", re.IGNORECASE | re.MULTILINE)
    # The name sits in a lookahead so a cue inside it ("hi, it's Zoë") is tried too.
    _SELF = re.compile(
        r"(?:this\s+is|it'?s|it\s+is|i\s+am|i'?m|i’m|shes|she's|hes|he's|soy|my\s+\w+)\b", re.IGNORECASE
    )
    _WEAK = re.compile(rf"\b{WEAK_CUE}(?!\w)[.,!]?\s*(?=(?P<value>{_NAME}))", re.IGNORECASE)
    _CAP = r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]+"
    _TITLED = re.compile(rf"\b(?i:{TITLE})\s+(?P<value>{_CAP}(?:\s+{_CAP}){{0,2}})")
    _HERE = re.compile(rf"(?:^|[.,!?]\s*|\b(?i:hi|hello|hey),?\s+)(?P<value>{_CAP}(?:\s+{_CAP}){{0,2}}|[a-z]+)\s+here\b")
    _LAST_FIRST = re.compile(r"(?<![\w,])(?P<value>(?P<last>[A-Z][A-Za-zÀ-ÖØ-öø-ÿ'’\-]+|[A-Z]{2,}|[a-z]{3,}),\s+(?P<first>[A-Z][A-Za-zÀ-ÖØ-öø-ÿ'’\-]+|[A-Z]{2,}|[a-z]{3,}))\b")
    _FAMILY = re.compile(rf"\bthe\s+(?P<value>{_CAP})\s+family\b")
    # X12 name segments: NM1*QC (patient) / IL (insured) / 74 (corrected) with person type 1.
    _NM1 = re.compile(r"\bNM1\*(?:QC|IL|74|03)\*1\*(?P<value>[^*~]+\*[^*~]*)")
    # "my kids Chidi, Nneka and Obinna"
    _LISTED = re.compile(rf"\bmy\s+(?i:kids|children|sons|daughters|twins|grandkids|grandchildren)\s+(?P<value>{_CAP}(?:\s*,\s*{_CAP})*(?:,?\s+and\s+{_CAP})?)")
    _END_NAME = re.compile(rf"(?:^|[.!?,]\s+|\s[-–—~]\s*|\s[-–—~])(?P<value>{_CAP}(?:\s+{_CAP}){{0,2}}|[a-z]{{3,}})\s*[.!]?\s*$")
    _DASH_SIGNATURE = re.compile(rf"\s[-–—~]\s*(?P<value>{_CAP}(?:\s+{_CAP}){{0,2}})\s*[.!]?\s*$")
    # In a lookahead, so "Patient Peter Chalmers" is tried at "Peter" too.
    _PAIR = re.compile(
        r"(?<![\w.])(?=(?P<first>[A-Z][a-zà-öø-ÿ'’\-]+)[ \t]+(?P<last>(?:[A-Z]\.[ \t]+)?[A-Z][A-Za-zà-öø-ÿ'’\-]+))"
    )
    _SIGNATURE = re.compile(rf"(?:^|[\n.!?]|\s[-–—~]|,)\s*(?:[-–—~]\s*)?(?P<value>{NAME_TOKEN}(?:\s+{NAME_TOKEN})?)\s*[.!]?\s*$")
    name: str
    _DOCTOR_BEFORE = re.compile(r"(?:\bdr\.?|\bdoctor|\bnp|\bpa)\s*$", re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="NameRecognizer", supported_language="en")

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        if "PERSON" not in entities:
            return []
        found: list[tuple[int, int, float]] = []

        def add(start: int, raw: str, score: float, *, strong: bool, self_named: bool = False) -> None:
            begin, end = _trim_name(raw, strong=strong, self_named=self_named)
            if begin == end:
                return
            if self._DOCTOR_BEFORE.search(text[max(0, start + begin - 8) : start + begin]):
                return
            found.append((start + begin, start + end, score))

        for match in self._STRONG.finditer(text):
            add(match.start("value"), match.group("value"), 0.9, strong=True)
        for match in self._WEAK.finditer(text):
            self_named = bool(self._SELF.match(match.group(0)))
            add(match.start("value"), match.group("value"), 0.8, strong=False, self_named=self_named)
        for match in self._TITLED.finditer(text):
            add(match.start("value"), match.group("value"), 0.85, strong=True)
        for match in self._HERE.finditer(text):
            value = match.group("value")
            if value[0].isupper() or value.lower() in GIVEN_NAMES or not is_common_word(value):
                add(match.start("value"), value, 0.75, strong=True)
        for match in self._LAST_FIRST.finditer(text):
            last, first = match.group("last").lower(), match.group("first").lower()
            mixed_case = match.group("first").isupper() != match.group("last").isupper()
            if mixed_case or last in _NOT_NAMES or first in _NOT_NAMES:
                continue
            if match.group("last").islower() != match.group("first").islower():
                continue
            if match.group("last").islower() and not (first in GIVEN_NAMES and not is_common_word(last)):
                continue
            if min(len(last), len(first)) < 3 or last in _STREET_WORDS:
                continue
            if last in SURNAMES or first in GIVEN_NAMES or not (is_common_word(last) or is_common_word(first)):
                found.append((match.start("value"), match.end("value"), 0.75))
        for match in self._FAMILY.finditer(text):
            add(match.start("value"), match.group("value"), 0.7, strong=True)
        dash = self._DASH_SIGNATURE.search(text)
        if dash:
            tokens = dash.group("value").lower().split()
            if len(tokens) > 1 or tokens[0] in GIVEN_NAMES or tokens[0] in SURNAMES or not is_common_word(tokens[0]):
                add(dash.start("value"), dash.group("value"), 0.7, strong=False)
        end = self._END_NAME.search(text)
        if end and len(text) > 15:
            tokens = end.group("value").split()
            plain = all(
                not is_common_word(t) and t.lower() not in _NOT_NAMES and t.lower() not in _ORG_WORDS for t in tokens
            )
            if plain and (len(tokens) > 1 or re.search(r"[-–—~]\s*$", text[: end.start("value")])):
                add(end.start("value"), end.group("value"), 0.65, strong=True)
        for match in self._NM1.finditer(text):
            found.append((match.start("value"), match.end("value"), 0.9))
        for match in self._LISTED.finditer(text):
            for name in re.finditer(self._CAP, match.group("value")):
                if name.group().lower() not in _NOT_NAMES:
                    found.append((match.start("value") + name.start(), match.start("value") + name.end(), 0.75))
        for match in self._PAIR.finditer(text):
            first, last = match.group("first"), match.group("last")
            surname = last.split()[-1].lower()
            if first.lower() in _NOT_NAMES or surname in _NOT_NAMES:
                continue
            if first.lower() in GIVEN_NAMES:
                add(match.start(), text[match.start() : match.end("last")], 0.75 if surname in SURNAMES else 0.6, strong=True)
            elif (surname in SURNAMES and not _ORG_WORDS.intersection((first.lower(), surname))) or (
                not is_common_word(first)
                and not is_common_word(surname)
                and not _ORG_WORDS.intersection((first.lower(), surname))
                and first.lower() not in _TITLES
            ):
                add(match.start(), text[match.start() : match.end("last")], 0.6, strong=True)
        signature = self._SIGNATURE.search(text)
        if signature and len(text) > 12:
            tokens = _name_tokens(signature.group("value"))
            if tokens and all(t.strip(".").lower() in GIVEN_NAMES | SURNAMES for t in tokens):
                add(signature.start("value"), signature.group("value"), 0.7, strong=True)
        return [
            RecognizerResult(
                entity_type="PERSON",
                start=start,
                end=end,
                score=score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                },
            )
            for start, end, score in found
        ]


# --- email and web addresses -------------------------------------------------------------

TLD = r"(?:com|org|net|edu|gov|us|io|co|info|biz|me|health|care|app|dev|ai|uk|ca|mil|[a-z]{2})"
WEB_RULES = (
    Rule("EMAIL_ADDRESS", _rx(rf"(?<![\w.+\-])(?P<value>[\w.+\-]+@[A-Z0-9\-]+(?:\.[A-Z0-9\-]+)*\.{TLD})\b"), 0.95),
    Rule(
        "URL",
        _rx(rf"(?<![\w@.])(?P<value>(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)]|[A-Z0-9\-]+(?:\.[A-Z0-9\-]+)*\.{TLD}/[^\s<>\"']*[^\s<>\"'.,;:!?)])"),
        0.8,
    ),
)


def healthcare_recognizers() -> list[EntityRecognizer]:
    return [
        RuleRecognizer("DateRecognizer", DATE_RULES),
        RuleRecognizer("IdentifierRecognizer", IDENTIFIER_RULES),
        RuleRecognizer("UsPhoneRecognizer", PHONE_RULES),
        RuleRecognizer("AddressRecognizer", ADDRESS_RULES),
        RuleRecognizer("WebRecognizer", WEB_RULES),
        NameRecognizer(),
    ]
