"""Word lists and regex fragments the crisis rules are built from.

Everything here matches the normalised form (see `normalize.py`): lower case, no
apostrophes, single spaces, "." between sentences and "," between clauses.
"""

# ruff: noqa: E501 -- regex alternations read best one phrase list per line, not re-wrapped at 120.

from __future__ import annotations

import re


def alt(*words: str) -> str:
    """A non-capturing alternation, longest first so "killing" wins over "kill"."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


# People who can hurt or be hurt, as a patient names them.
PARTNER = alt(
    "husband",
    "wife",
    "boyfriend",
    "girlfriend",
    "partner",
    "ex",
    "ex husband",
    "ex wife",
    "ex boyfriend",
    "ex girlfriend",
    "fiance",
    "fiancee",
    "spouse",
    "baby daddy",
    "babys father",
)
FAMILY = alt(
    "mom",
    "mother",
    "dad",
    "father",
    "stepdad",
    "stepfather",
    "stepmom",
    "stepmother",
    "step dad",
    "step mom",
    "moms boyfriend",
    "brother",
    "sister",
    "uncle",
    "aunt",
    "cousin",
    "grandpa",
    "grandma",
    "grandfather",
    "grandmother",
    "son",
    "daughter",
    "grandson",
    "granddaughter",
    "nephew",
    "niece",
    "parents",
    "family",
    "roommate",
    "landlord",
    "caregiver",
    "caretaker",
    "aide",
    "nurse",
    "teacher",
    "coach",
    "pastor",
    "boss",
    "coworker",
    "neighbor",
    "neighbour",
)
CHILD = alt("kid", "kids", "child", "children", "son", "daughter", "baby", "toddler", "infant", "newborn", "little one")
PERSON_NOUN = alt(
    "guy",
    "man",
    "woman",
    "lady",
    "person",
    "people",
    "doctor",
    "dr",
    "nurse",
    "receptionist",
    "staff",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "them all",
    "all of them",
    "all of you",
)
# The one who hurts, as a subject: "he hits me", "my husband hits me".
ABUSER = (
    r"(?:he|she|they|hes|shes|theyre|hed|someone|somebody|"
    rf"(?:my|our|the|her|his) (?:{PARTNER}|{FAMILY}|{PERSON_NOUN})(?: s)?)"
)
# The one threatened, as an object: "kill him", "hurt my boss", "shoot the staff".
VICTIM = (
    r"(?:him|her|them|you|yall|somebody|someone|anyone|everyone|everybody|people|"
    rf"(?:my|his|her|your|the|that|this|those|these|our|their) (?:little |baby |older |younger |big |new )?"
    rf"(?:{PARTNER}|{FAMILY}|{CHILD}|{PERSON_NOUN}|friend|teacher|classmate|neighbor|neighbour|guy|ex)s?)"
)
# The one hurt, as an object of abuse ("hits me", "hits my mom", "hits the kids").
ABUSED = rf"(?:me|us|him|her|the kids|the children|my (?:little |baby )?(?:{PARTNER}|{FAMILY}|{CHILD})s?)"
MYSELF = r"(?:myself|me self)"

NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "dont",
        "doesnt",
        "didnt",
        "cant",
        "couldnt",
        "wont",
        "wouldnt",
        "shouldnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "havent",
        "hasnt",
        "hadnt",
        "aint",
        "nor",
        "neither",
        "without",
        "deny",
        "denies",
        "denied",
        "stopped",
        "quit",
        "none",
        "zero",
        "nothing",
    }
)
# One word inside a pattern's gap, never a negation.
FILLER = r"(?:(?!(?:not|never|no|dont|doesnt|didnt|wont|wouldnt|cant|couldnt|isnt|wasnt|arent|nor|without|none)\b)[a-z0-9]+ )"
# Words that end the reach of a negation: a new clause starts after them.
CLAUSE_BREAKS = frozenset(
    {".", ",", "but", "and", "because", "so", "though", "although", "however", "yet", "except", "ngl", "forreal"}
)
# "I" starting a new clause ends a negation, unless it is reported speech ("don't think I...").
SUBJECTS = frozenset({"i", "im", "ive", "ill", "id"})
REPORTING = frozenset(
    {"think", "feel", "believe", "say", "said", "promise", "guess", "suppose", "that", "know", "mean"}
)
# Answers to a screening question, after the thing asked about: "self harm: none".
POST_NEGATORS = frozenset({"no", "none", "never", "denies", "denied", "nope", "negative"})

LAUGHTER = re.compile(r"\b(?:lol+|lmf?ao+|rofl|ha(?:ha)+h?|hehe+|jk|just kidding|kidding|joking|lolol)\b")
FOR_REAL = re.compile(r"\bforreal\b")

# Danger for the writer right now, from another person: escalates abuse and threats.
DANGER_NOW = re.compile(
    r"\b(?:right now|as we speak|(?:is|hes|shes|theyre) (?:here|outside|downstairs|at the door|in the house)|"
    r"(?:outside|at) (?:my|the) (?:door|house|window|apartment|room)|break(?:ing)? (?:in|down the door|the door)|"
    r"(?:trying to|tried to) (?:get in|break in|break down)|(?:on (?:his|her|their) way|coming) (?:back|home|over|here|for me|after me)|"
    r"looking for me|coming for me|(?:im|i am|were|we are) hiding|hiding (?:in|from|under)|locked myself in|"
    r"(?:has|have|got|grabbed|is holding|pulled|pointing) (?:a |his |her |the )?(?:gun|knife|weapon|bat)|"
    r"(?:please |pls )?send (?:someone|somebody|help|the police|police|an ambulance)|call the police|"
    r"(?:help me|somebody help) please|please help me)\b"
)
# Someone coming for the writer: two of these at once is danger now, even with no other rule.
PERSON_DANGER = re.compile(
    r"\b(?:looking for me|coming for me|coming after me|(?:im|i am|were|we are) hiding|hiding (?:in|from|under)|"
    r"(?:he|she|they|hes|shes) (?:has|have|got|grabbed|is holding|pulled|is pointing) (?:a |his |her |the )?(?:gun|knife|weapon)|"
    r"break(?:ing)? (?:in|down the door)|trying to (?:get in|break in|break down)|(?:outside|at) my (?:door|window|house))\b"
)
# Someone armed and moving or promising revenge: escalates a threat to others.
ARMED_MOVE = re.compile(
    r"\b(?:(?:on (?:my|his|her|their) way|heading|driving|going|coming|walking|showing up|show up)\b[^.]{0,50}"
    r"\b(?:with|bring\w*) (?:my|a|his|her|the) (?:gun|rifle|shotgun|pistol|knife|weapon|bat|machete)|"
    r"(?:got|have|bringing|bring|brought|loaded) (?:my|a|his|her|the) (?:gun|rifle|shotgun|pistol|knife|weapon|bat|machete)s?"
    r"[^.]{0,40}\b(?:heading|on my way|going to|coming|today|tonight|in the car|with me)|"
    r"(?:with|brought|bringing) (?:my|a|his|her|the) (?:gun|rifle|shotgun|pistol|knife|weapon|bat|machete)\b[^.]{0,40}"
    r"\b(?:kill|hurt|shoot|pay|on (?:my|his|her) way|heading|coming|going))\b"
)
# Time that makes a stated intent imminent.
TIME_NOW = re.compile(
    r"\b(?:right now|tonight|today|this (?:morning|afternoon|evening|weekend)|in (?:a few|a couple|the next|an|a) "
    r"(?:minutes?|hours?|hour)|after (?:this|work|school|everyone)|when (?:everyone|they|he|she|my \w+) (?:is|are|goes|go)"
    r"(?: to)? (?:asleep|sleep|gone|bed|leaves|leave|out)|tomorrow|this is (?:my|the) last|(?:im|i am) about to|"
    r"now\b(?! and then)|before (?:anyone|they|he|she))"
)
# Means at hand: a reason to treat intent as imminent. Listed to detect, never repeated back.
_MEANS_WORDS = (
    r"(?:pills?|tablets|bottles? of \w+|whole bottle|gun|guns|pistol|rifle|firearm|shotgun|handgun|rope|noose|knife|"
    r"knives|blade|blades|razor|razors|belt|cord|bleach|poison|antifreeze|ammo|bullets?)"
)
MEANS = re.compile(
    rf"\b(?:(?:have|got|holding|bought|buying|loaded|grabbed|found|picked up|sitting with|staring at) (?:the |a |my |some |all (?:of )?(?:my |the )?)?"
    rf"(?:\w+ )?{_MEANS_WORDS}|{_MEANS_WORDS} (?:in my hand|right here|next to me|in front of me|ready|lined up|counted out|"
    r"are ready|is ready|is loaded)|gun (?:to|in) my (?:head|mouth))\b"
)
PLAN = re.compile(
    r"\b(?:(?:have|got|made|make|making|with|my|a) (?:a )?plan|planned|planning (?:it|to|on|how)|suicide note|"
    r"(?:wrote|written|writing|left) (?:a |my )?(?:note|letter|will)|goodbye (?:note|letter|message)|"
    r"(?:said|saying|say) (?:my )?goodbyes?|giving away|gave away|last (?:message|text|time you|goodbye)|"
    r"figured out how|know (?:exactly )?how (?:im going to|i will|to do it|ill)|decided|made up my mind|"
    r"(?:ready|prepared) (?:to (?:go|do it|die|end))|how i(?:m going to| will|ll) do it|i know how|the date|"
    r"tell (?:my|them|everyone|her|him) (?:\w+ )?(?:im sorry|i love|i said|sorry|goodbye)|wont need (?:them|it|those|"
    r"this|my \w+|appointments?) (?:any ?more|after)|wont need (?:them|it|those|appointments)|"
    r"(?:just )?(?:wanted|want) (?:someone|somebody|you|people) to know|(?:cancel|cancelling|canceling) (?:all )?my appointments)\b"
)
# A suicide method under way, unambiguous on its own ("sitting in the garage with the car running").
METHOD_UNDER_WAY = (
    r"\b(?:(?:in|sitting in|sat in) (?:the|my) garage with the (?:car|engine) (?:running|on)|(?:car|engine) (?:is )?(?:running|on) "
    r"in the (?:closed )?garage|(?:rope|noose|belt|cord) (?:is )?(?:around|on) my neck|gun (?:is )?(?:to|in|against) my (?:head|"
    r"mouth|chest)|(?:standing|sitting) on the (?:ledge|edge of the (?:roof|bridge|building)|railing)|"
    r"(?:climbed|climbing) (?:over )?the (?:railing|fence on the bridge))\b"
)
IN_PROGRESS = re.compile(
    r"\b(?:(?:im|i am) (?:on|at|standing on|sitting on) (?:the|a) (?:bridge|roof|ledge|edge|tracks|rooftop|cliff)|"
    r"(?:holding|have|got|loaded) (?:the|a|my) (?:gun|knife|blade|razor|rope|pills)|"
    r"already (?:took|taken|swallowed|cut|started|did it|done it)|just (?:took|swallowed|cut|did it)|"
    r"(?:took|swallowed|taken) (?:\w+ ){0,3}?pills|(?:cut|cutting) (?:too )?deep|bleeding|"
    r"(?:did|done) it (?:already|just now)|its done|(?:im|i am) doing it|(?:im|i am) (?:on|at) the (?:edge|ledge)|"
    r"(?:pills|rope|noose|gun|knife|blade) (?:in my hand|lined up|is tied|ready))\b|" + METHOD_UNDER_WAY
)
# A mention framed as paperwork, training or someone else's question, not as the writer's state.
ADMIN = re.compile(
    r"\b(?:forms?|questionnaires?|screenings?|screener|surveys?|intake|paperwork|phq ?9?|gad ?7|c ?ssrs|questions? ?\d*|"
    r"checkbox|box|chart|records?|history|disclose|list it|insurance|billing|referral|"
    r"prior auth\w*|policy|training|prevention|awareness|article|research|essay|class|course|documentary|book|show|"
    r"movie|podcast|song|lyrics|game|hotline number|brochure|pamphlet|flyer|poster|asks?|asked|asking)\b"
)
# A mention framed as history: long enough ago not to be the writer's state today.
PAST = re.compile(
    r"\b(?:years? ago|(?:many|few|couple of|several|\d+|two|three|four|five|six|seven|eight|nine|ten) (?:years|yrs|decades) ago|"
    r"when i was (?:a |in |younger|young|little|a kid|a teen|\d+|in high school|in college|pregnant)|as a (?:kid|teen|teenager|child)|"
    r"in (?:19|20)\d\d|back in|(?<!than i )(?<!than )used to|in the past|long time ago|long ago|history of|hx of|prior|previous(?:ly)?|"
    r"past (?:history|attempts?)|in high school|in college|last (?:year|decade)|a while (?:ago|back)|"
    r"(?:was|been) (?:sober|clean|stable|fine|doing well|better) (?:for|since)|recovered|recovery|in remission|"
    r"(?:doing|feeling) (?:much |a lot )?better now|ok now|okay now|fine now|(?:in )?a (?:really |much )?(?:good|better) place)\b"
)
FOLLOW_UP = re.compile(
    r"\b(?:follow ?up|followup|appointment|appt|schedule|reschedule|book|booking|refill|check ?up|visit|"
    r"discharge\w*|discharged|er visit|hospital stay|was hospitali[sz]ed|records?)\b"
)
THIRD_PARTY_PAST = re.compile(
    rf"\b(?:my|his|her|our|their) (?:{FAMILY}|{PARTNER}|friend|friends|patient|client|pet|dog|cat) "
    r"(?:\w+ ){0,2}?(?:had|died|passed|passed away|was|suffered|survived|attempted|committed)\b"
)
