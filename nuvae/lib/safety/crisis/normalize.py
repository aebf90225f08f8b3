"""Bring a chat or SMS message to one plain form before the crisis rules read it.

The rules are written against this form only: lower case, ASCII apostrophes dropped
("i'm" -> "im", "can't" -> "cant"), sentence ends as " . ", commas as " , ", every other
symbol a space, one space between tokens. Spelling tricks are undone first, so a rule
cannot be dodged (or fooled) by "k1ll", "soooo", a zero-width space or curly quotes:
those are how people type on a phone, and how a filter is evaded on purpose.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that split a word for the eye of a regex but not for a reader.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff",
    ),
    None,
)
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
# Emoji people use for laughing (or "I'm dead" as a joke) become a word the rules can see.
# Cyrillic and Greek letters that look Latin, as used to slip a word past a filter.
_CONFUSABLES = str.maketrans("асеорхуіјкмтнвАСЕОРХУІЈКМТНВαοιεκνρτυ", "aceopxyijkmtnbACEOPXYIJKMTHBaoiekvptu")
_LAUGH_EMOJI = re.compile("[\U0001f602\U0001f923\U0001f606\U0001f605\U0001f480\u2620\U0001f92a\U0001f61c\U0001f61d]")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
# A digit inside a word ("k1ll", "su1c1de", "0verdose"), but not a number with a unit
# or an ordinal ("10mg", "2nd", "5pm", "3x"), nor a plain number ("911", "988").
_LEET_TOKEN = re.compile(r"(?<![\w@$])(?=[\w@$]*[a-z])(?=[\w@$]*[0-9@$])[\w@$]+")
_NUMBER_WITH_UNIT = re.compile(r"\$?[0-9][0-9.,]*[a-z]{0,3}")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_STRETCHED = re.compile(r"[a-z]*([a-z])\1{2,}[a-z]*")
# Stretched words ("dieeee", "helppp") that read right only with one letter left.
_SHORT_WORDS = frozenset(
    [
        "die",
        "dies",
        "died",
        "dead",
        "help",
        "so",
        "me",
        "no",
        "now",
        "pain",
        "hurt",
        "alone",
        "done",
        "sad",
        "tired",
        "bye",
        "god",
        "hate",
        "gone",
        "please",
        "plz",
        "why",
        "omg",
        "ok",
        "fine",
    ]
)
_APOSTROPHE = re.compile(r"(?<=[a-z])'(?=[a-z])|'")
_SENTENCE_END = re.compile(r"[.!?;\n]+")
_COMMA = re.compile(r",+")
_OTHER = re.compile(r"[^a-z0-9.,~ ]+")
_SPACES = re.compile(r"\s+")

# Whole-token spellings from texting, typos and euphemisms, mapped to the words the rules use.
_WORDS: dict[str, str] = {
    "u": "you",
    "ur": "your",
    "youre": "you are",
    "r": "are",
    "wanna": "want to",
    "wana": "want to",
    "wnna": "want to",
    "wan": "want",
    "gonna": "going to",
    "gunna": "going to",
    "gona": "going to",
    "finna": "going to",
    "imma": "im going to",
    "ima": "im going to",
    "boutta": "about to",
    "gotta": "got to",
    "kms": "kill myself",
    "kys": "kill yourself",
    "unalive": "kill",
    "unaliving": "killing",
    "unalived": "killed",
    "sewerslide": "suicide",
    "suicde": "suicide",
    "sucide": "suicide",
    "suiside": "suicide",
    "suicid": "suicide",
    "suicidel": "suicidal",
    "sucidal": "suicidal",
    "suicdal": "suicidal",
    "selfharm": "self harm",
    "selfharming": "self harming",
    "kil": "kill",
    "kilk": "kill",
    "mysef": "myself",
    "myslef": "myself",
    "mysefl": "myself",
    "myelf": "myself",
    "meself": "myself",
    "breath": "breathe",
    "brethe": "breathe",
    "breate": "breathe",
    "rn": "right now",
    "tn": "tonight",
    "tonite": "tonight",
    "tnight": "tonight",
    "2nite": "tonight",
    "2night": "tonight",
    "2day": "today",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "pls": "please",
    "plz": "please",
    "ppl": "people",
    "idk": "i dont know",
    "idc": "i dont care",
    "ngl": "ngl",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "hubby": "husband",
    "cannot": "cant",
    "couldnt": "couldnt",
    "wont": "wont",
    "dnt": "dont",
    "didn": "didnt",
    "don": "dont",
    "cnt": "cant",
    "cant": "cant",
    "havnt": "havent",
    "dont": "dont",
    "thot": "thought",
    "thoughs": "thoughts",
    "anymore": "anymore",
    "any1": "anyone",
    "some1": "someone",
    "no1": "noone",
    "b4": "before",
    "hes": "hes",
    "shes": "shes",
    "w": "with",
    "w/": "with",
    "wo": "without",
    "smth": "something",
    "sth": "something",
    "abt": "about",
    "bout": "about",
    "thru": "through",
    "meds": "meds",
    "mins": "minutes",
    "hr": "hour",
    "hrs": "hours",
    "ambulence": "ambulance",
    "siezure": "seizure",
    "seisure": "seizure",
    "cheast": "chest",
    "tok": "took",
    "tooked": "took",
    "ned": "need",
    "realy": "really",
    "stresssed": "stressed",
    "stresed": "stressed",
    "kiling": "killing",
    "dieing": "dying",
    "thinkng": "thinking",
    "wnt": "want",
    "wantt": "want",
    "yr": "year",
    "yrs": "years",
    "mo": "month",
}
# Dropped final g, as typed in a hurry: "thinkin about endin it".
for _stem in (
    "think",
    "end",
    "kill",
    "try",
    "go",
    "feel",
    "cutt",
    "hurt",
    "dy",
    "noth",
    "someth",
    "want",
    "plann",
    "tak",
    "do",
    "liv",
    "breath",
    "bleed",
    "hitt",
    "beat",
    "shoot",
    "stabb",
    "chok",
    "seiz",
    "hid",
    "com",
    "los",
    "harm",
    "lov",
    "sleep",
    "start",
    "hop",
    "wait",
    "plan",
    "vomit",
    "throw",
    "pass",
    "cry",
    "scream",
    "yell",
    "follow",
    "look",
):
    _WORDS.setdefault(_stem + "in", _stem + "ing")
del _stem
_WORD_RE = re.compile(r"[a-z0-9]+")

# Phrases that look like a negation to a window search but are not one ("no one cares",
# "can't stop thinking about it"), or that cancel a joke marker ("not kidding").
_PSEUDO: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bsewer slide\b", "suicide"),
        (r"\bsui cide\b", "suicide"),
        (r"\bmy self\b", "myself"),
        (r"\bcan not\b", "cant"),
        (r"\bno ?one\b|\bnobody\b", "noone"),
        (r"\bno matter\b", "nomatter"),
        (r"\b(?:dont|do not) know (?=why|if|whether|how|what)", "dontknow "),
        (r"\bnot only\b", "notonly"),
        (r"\b(?:cant|couldnt|dont|cannot) (?:stop|help)\b", "cantstop"),
        (r"\bnot (?:going to|gonna) lie\b|\bnot to be dramatic\b|\bnot gonna lie\b", "ngl"),
        (r"\b(?:no joke|not (?:joking|kidding|a joke)|i mean it|im serious|for real|fr)\b", "forreal"),
        (r"\bnot (?:ok|okay)\b", "notok"),
        (r"\bi am\b", "im"),
        (r"\bi have\b(?! to\b)", "ive"),
        (r"\bi will\b", "ill"),
        (r"\bi would\b", "id"),
        (r"\bdo not\b", "dont"),
        (r"\bdid not\b", "didnt"),
        (r"\bwill not\b", "wont"),
        (r"\bwould not\b", "wouldnt"),
        (r"\bis not\b", "isnt"),
        (r"\bhe is\b", "hes"),
        (r"\bshe is\b", "shes"),
    )
)


def _unleet(match: re.Match[str]) -> str:
    token = match.group(0)
    if _NUMBER_WITH_UNIT.fullmatch(token):
        return token
    return token.translate(_LEET)


def _unstretch(match: re.Match[str]) -> str:
    single = _REPEATS.sub(r"\1", match.group(0))
    return single if single in _SHORT_WORDS else _REPEATS.sub(r"\1\1", match.group(0))


def _respell(match: re.Match[str]) -> str:
    token = match.group(0)
    return _WORDS.get(token, token)


def normalise(text: str) -> str:
    """The plain form described in the module docstring; "" for blank input."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_QUOTES).translate(_CONFUSABLES)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = _LAUGH_EMOJI.sub(" lol ", text)
    text = text.casefold()
    text = _LEET_TOKEN.sub(_unleet, text)
    text = _STRETCHED.sub(_unstretch, text)
    text = _APOSTROPHE.sub("", text)
    text = _SENTENCE_END.sub(" . ", text)
    text = _COMMA.sub(" , ", text)
    text = _OTHER.sub(" ", text)
    text = _WORD_RE.sub(_respell, text)
    text = _SPACES.sub(" ", text).strip()
    for pattern, replacement in _PSEUDO:
        text = pattern.sub(replacement, text)
    return text
