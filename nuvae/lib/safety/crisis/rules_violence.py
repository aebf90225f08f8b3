"""Harm-to-others and abuse rules."""

# ruff: noqa: E501 -- regex alternations read best one phrase list per line, not re-wrapped at 120.

from __future__ import annotations

from .lexicon import ABUSED, ABUSER, CHILD, FAMILY, PARTNER, VICTIM, alt
from .rule_base import (
    ABUSE,
    ARMED,
    CRITICAL,
    DANGER,
    HIGH,
    INTENT_ESCALATORS,
    LOW,
    MEANS,
    MEDIUM,
    OTHERS,
    PROGRESS,
    TIME,
    Rule,
    _rule,
)
from .rules_suicide import INTEND, THINK, WANT

_VIOLENT = alt(
    "kill",
    "killing",
    "hurt",
    "hurting",
    "harm",
    "harming",
    "shoot",
    "shooting",
    "stab",
    "stabbing",
    "strangle",
    "strangling",
    "murder",
    "murdering",
    "beat up",
    "beat the shit out of",
    "attack",
    "attacking",
    "choke",
    "choking",
    "poison",
    "poisoning",
    "smother",
    "drown",
    "run over",
    "blow up",
    "bash",
    "punch",
    "break",
    "slit",
)

_WEAPON = r"(?:gun|guns|rifle|shotgun|pistol|knife|weapon|bat|machete|bomb)"
OTHERS_RULES: tuple[Rule, ...] = (
    _rule(
        "others.intent",
        OTHERS,
        HIGH,
        rf"\b(?:{INTEND}|{WANT}|{THINK}|swear ill|swear to god ill|im gonna|gonna end up|says (?:hes|shes|he is|she is|theyre) going to|said (?:hes|shes|he|she) (?:would|will|"
        rf"was going to)) (?:really |actually |just |literally |seriously |go )?(?:{_VIOLENT}) {VICTIM}\b|"
        rf"\b(?:want|wanted|wish) {VICTIM} (?:dead|to die|gone for good)\b|\bput {VICTIM} in (?:the|a) (?:hospital|ground|grave)\b",
        0.8,
        escalate=INTENT_ESCALATORS | {ARMED},
        soft=True,
    ),
    _rule(
        "others.fear_of_harming",
        OTHERS,
        HIGH,
        rf"\b(?:(?:afraid|scared|worried|terrified) (?:that )?(?:i|ill|id) (?:will|might|could|would|am going to|may)?|i (?:could|might)) ?"
        rf"(?:really |actually |accidentally |end up |lose it and )?(?:{_VIOLENT}) {VICTIM}\b",
        0.75,
        escalate=frozenset({ARMED, MEANS}),
    ),
    _rule(
        "others.thoughts",
        OTHERS,
        HIGH,
        rf"\b(?:thoughts|thinking|urges?|images|visions|fantasies) (?:of|about|to) (?:{_VIOLENT}) {VICTIM}\b|"
        rf"\b(?:intrusive|scary|violent|dark) thoughts (?:of|about) (?:\w+ ){{0,2}}(?:{CHILD}|baby|{PARTNER}|someone|people)\b|"
        r"\bhomicidal\b",
        0.8,
        escalate=INTENT_ESCALATORS | {ARMED},
    ),
    _rule(
        "others.intrusive",
        OTHERS,
        MEDIUM,
        r"\b(?:awful|horrible|scary|intrusive|dark|terrible|bad|weird|violent|sick) (?:thoughts?|images?|urges?|visions?) "
        r"(?:\w+ ){0,2}?(?:of|about) (?:\w+ )?(?:pushing|dropping|drowning|hurting|stabbing|throwing|smothering|shaking|harming|"
        r"killing|suffocating|running over|driving into|strangling)\b",
        0.5,
    ),
    _rule(
        "others.mass_violence",
        OTHERS,
        CRITICAL,
        r"\b(?:shoot|shooting|bomb|bombing|blow|blowing|burn|burning) (?:up )?(?:the|this|your|that|my) "
        r"(?:school|office|clinic|place|building|mall|church|work|workplace|store|hospital|waiting room|front desk)\b|"
        rf"\b(?:bring|bringing|coming with|come in with|got|have) (?:a|my|the) {_WEAPON}s? "
        r"(?:to|into|in|at|down to) (?:the|your|this|that|my) (?:school|office|clinic|work|appointment|building|hospital|place)\b|"
        r"\b(?:everyone|you all|all of you|yall) (?:will|are going to|gonna|going to) (?:die|regret)\b",
        0.9,
    ),
    _rule(
        "others.armed",
        OTHERS,
        CRITICAL,
        rf"\b(?:on (?:my|his|her|their) way|heading|driving|coming|walking|showing up|show up|going (?:over|down|in))\b[^.]{{0,60}}"
        rf"\b(?:with|bring\w*) (?:my|a|his|her|the) {_WEAPON}\b|\b(?:got|have|bringing|brought|loaded) (?:my|a|his|her|the) "
        rf"{_WEAPON}s? (?:in the car|on me|with me)\b[^.]{{0,60}}\b(?:heading|on my way|going to|coming|pay)\b|"
        rf"\b(?:coming|come|going) (?:in|down|over|back)? ?(?:there|here)? ?(?:\w+ ){{0,2}}with (?:my|a|the) {_WEAPON}\b|"
        r"\b(?:poison|it|pills|something) (?:goes|go|is going|will go|going) in(?:to)? (?:his|her|their|the) (?:food|dinner|drink|"
        r"coffee|meal|tea|lunch|breakfast|water)\b|\bput (?:poison|something|pills|it) in (?:his|her|their) (?:food|dinner|drink|"
        r"coffee|meal|tea|lunch|breakfast|water)\b",
        0.9,
    ),
    _rule(
        "others.weapon_plan",
        OTHERS,
        HIGH,
        rf"\b(?:bring|bringing|take|taking|thinking about bringing) (?:something|a {_WEAPON}|my {_WEAPON}) (?:to|into) "
        r"(?:work|school|the office|the clinic|church|the meeting|class)\b|\b(?:bought|got|buying|getting) (?:the|some) poison\b"
        r"(?! for the (?:rats|mice|bugs|ants|roaches|weeds))",
        0.75,
        escalate=INTENT_ESCALATORS,
    ),
    _rule(
        "others.revenge",
        OTHERS,
        MEDIUM,
        r"\bmake (?:them|him|her|all of them|them all|every one of them|everyone|you all|you) pay\b(?! for| the| my| back| it| \$)|"
        r"\b(?:hes|shes|theyre|he is|she is|they are|you are|youre) (?:gonna|going to) pay\b(?! for| the| my| back| it)",
        0.55,
        escalate=frozenset({TIME, ARMED}),
    ),
    _rule(
        "others.aggression",
        OTHERS,
        MEDIUM,
        r"\b(?:punched|punch|kicked|smashed|broke|hit) (?:a hole in |holes in )?(?:the|a|my) (?:wall|door|window|tv|mirror)\b|"
        r"\b(?:breaking|throwing|smashing) things\b|\bscare myself\b|\b(?:threatening|threatened|threatens) (?:his|her|their|my) "
        r"(?:little |big |older |younger )?(?:brother|sister|mom|dad|mother|father|kids?|classmates?|teacher|wife|husband)\b|"
        r"\b(?:getting|gets|got) (?:really )?(?:violent|aggressive)\b",
        0.5,
    ),
    _rule(
        "others.anger",
        OTHERS,
        LOW,
        r"\b(?:so+ |really |super |very )?(?:angry|mad|furious|pissed|enraged) (?:at|with) (?:my|him|her|them|the|everyone)\b|"
        r"\b(?:losing|lose|lost) my temper\b|\banger (?:issues|management|problems)\b|\bi could scream\b",
        0.3,
        soft=True,
    ),
    _rule(
        "others.kill_yourself",
        OTHERS,
        MEDIUM,
        r"\bkill yourself\b|\bgo die\b",
        0.5,
    ),
)

_ABUSE_VERB = (
    r"(?:hits|hit|hitting|beats|beat|beating|punches|punched|punching|kicks|kicked|kicking|chokes|choked|choking|strangles|"
    r"strangled|strangling|slaps|slapped|slapping|shoves|shoved|pushes|pushed|throws|threw|hurts|hurt|hurting|abuses|abused|"
    r"abusing|rapes|raped|molests|molested|assaults|assaulted|burns|burned|bit|bites|grabs|grabbed|drags|dragged|ties|tied|"
    r"smacks|smacked|shakes|shook|starves|starving)"
)
ABUSE_RULES: tuple[Rule, ...] = (
    _rule(
        "abuse.physical",
        ABUSE,
        HIGH,
        rf"\b{ABUSER} (?:\w+ ){{0,2}}?{_ABUSE_VERB} {ABUSED}\b(?! up| back| with| to it| at| hard| different| in the)",
        0.8,
        escalate=frozenset({DANGER, PROGRESS}),
    ),
    _rule(
        "abuse.victim",
        ABUSE,
        HIGH,
        r"\b(?:im|i am|ive been|been|being|was|got|getting|keep getting|is|are|were) (?:\w+ )?(?:abused|beaten|beat up|raped|"
        r"assaulted|sexually assaulted|molested|trafficked|strangled|choked|battered|starved|neglected)\b"
        r"(?! on| by (?:a |the )?(?:car|ball|bus))|\braped me\b|\bsexually (?:abused|assaulted)\b",
        0.75,
        escalate=frozenset({DANGER, PROGRESS}),
    ),
    _rule(
        "abuse.mention",
        ABUSE,
        HIGH,
        r"\b(?:domestic (?:violence|abuse)|(?:abusive|controlling|violent) (?:relationship|husband|wife|partner|boyfriend|"
        r"girlfriend|home|parents?|household|ex)|(?:was|is|been|were|got|are) (?:\w+ )?(?:abusive|violent) (?:to|with|towards)? ?"
        r"(?:me)?)\b",
        0.6,
        kind="mention",
        escalate=frozenset({DANGER}),
    ),
    _rule(
        "abuse.sexual",
        ABUSE,
        HIGH,
        r"\b(?:(?:makes|made|forces|forced|forcing|pressures|pressured|pressuring) me (?:to )?(?:have sex|do (?:sexual )?things|"
        r"touch|watch)|sex (?:when|after|even though|even when) i (?:say|said) no|(?:wont|doesnt|didnt) take no|"
        rf"{ABUSER} (?:\w+ )?(?:touches|touched|touching) me\b|(?:says|said|told me|tells me) (?:not to|to never|never to|dont|"
        r"i cant|i shouldnt) tell|our (?:little )?secret)\b",
        0.8,
        escalate=frozenset({DANGER, PROGRESS}),
    ),
    _rule(
        "abuse.threat",
        ABUSE,
        HIGH,
        rf"\b(?:threaten\w*|said|says|swore|swears|told me|keeps saying) (?:\w+ ){{0,2}}?(?:to |hed |hes going to |he will |"
        r"she will |shes going to |they will |he would |she would |he ll |hell |shell |going to |gonna |will )?"
        r"(?:kill|hurt|shoot|stab|beat|harm|take the kids|take my kids|burn) (?:me|us|my|the kids)\b|"
        rf"\b(?:afraid|scared|terrified|fear|fearful|worried) (?:that )?(?:{ABUSER} |he |she )?(?:is going to|will|might|"
        r"going to|gonna|hes going to|shes going to) (?:kill|hurt|beat|shoot|find) (?:me|us|my)\b|"
        r"\b(?:he|she|hes|shes|they) (?:is |are )?(?:going to|gonna) (?:kill|shoot|stab) (?:me|us)\b(?! (?:if|when|for|lol))|"
        r"\b(?:it|this) (?:would|will|is going to) be worse (?:than|next time)\b",
        0.8,
        escalate=frozenset({DANGER, PROGRESS}),
    ),
    _rule(
        "abuse.unsafe",
        ABUSE,
        HIGH,
        r"\b(?:dont|do not|never) feel safe (?:at home|in my (?:own )?home|with (?:him|her|them|my)|around (?:him|her|them|my)|"
        r"going home|in my house)|\b(?:not|isnt|unsafe|not safe) (?:safe )?(?:at home|in my (?:own )?home|to go home|"
        r"in my house)|\b(?:scared|afraid|terrified) (?:to go|of going) (?:back )?home\b|\bdont want to go (?:back )?home\b|"
        rf"\bterrified of (?:my )?(?:{PARTNER}|{FAMILY}|him|her)\b|"
        r"\bunsafe at home\b|\bhome is(?:nt| not) safe\b|\bneed (?:a )?(?:safe place|shelter|to get out)\b",
        0.7,
        escalate=frozenset({DANGER, PROGRESS}),
    ),
    _rule(
        "abuse.confinement",
        ABUSE,
        HIGH,
        r"\b(?:wont|doesnt|dont|never) let me (?:leave|go out|out of|eat|sleep|take my meds|see a doctor)|"
        r"\blocks me (?:in|out)|\blocked me (?:in|out|up)|\b(?:hasnt|havent|doesnt|dont|wont|not|never) (?:given|give|giving|"
        r"feed|feeding|fed) me (?:any )?(?:food|water|meals|anything to eat)|\bstarving me\b|"
        r"\b(?:no|without) (?:food|water) (?:since|for)\b",
        0.7,
        escalate=frozenset({DANGER, PROGRESS}),
    ),
    _rule(
        "abuse.fear",
        ABUSE,
        MEDIUM,
        rf"\b(?:scared|afraid|frightened) of (?:my )?(?:{PARTNER}|{FAMILY}|him|her)\b(?! (?:finding out|seeing|knowing|being))",
        0.55,
        escalate=frozenset({DANGER}),
    ),
    _rule(
        "abuse.control",
        ABUSE,
        MEDIUM,
        r"\b(?:wont|doesnt|dont|never) let me (?:have (?:money|my phone|my own)|call|use the phone|work|drive|see (?:my|anyone))|"
        r"\btakes? (?:all )?my (?:money|phone|meds|medications?|pills|car keys|paycheck)|\b(?:controls|control) (?:all )?"
        r"(?:my|the) money\b|\b(?:isolat\w+|stalking|stalks|follows|tracks) me\b|"
        r"\b(?:gets|get|got) (?:really |so )?(?:mad|angry|furious|upset) (?:if|when) i (?:talk|go|see|leave|call|spend|text|visit|"
        r"drive)|\banswers for me\b|\b(?:took|takes|hides|hid|keeps) my (?:car )?keys\b|\bsays i can only\b|"
        r"\b(?:checks|reads|goes through|tracks) my (?:phone|texts|messages|location|email)\b",
        0.55,
        escalate=frozenset({DANGER}),
    ),
    _rule(
        "abuse.emotional",
        ABUSE,
        MEDIUM,
        r"\b(?:screams|yells|swears|yelling|screaming|cursing|curses) at me\b|\bcalls? me (?:worthless|stupid|names|ugly|fat|"
        r"useless|a (?:\w+ )?(?:failure|mistake|loser|idiot|whore|bitch))\b|\b(?:threatens|threatening|threatened) to (?:leave|kick me "
        r"out|take the kids|take my kids|put me in a home)\b",
        0.5,
        escalate=frozenset({DANGER}),
    ),
    _rule(
        "abuse.household",
        ABUSE,
        LOW,
        r"\b(?:parents|they|he|she|mom|dad|my \w+) (?:yell|fight|argue|scream)\w* (?:a lot|all the time|constantly|every day)\b",
        0.3,
    ),
    _rule(
        "abuse.child",
        ABUSE,
        HIGH,
        rf"\b(?:{ABUSER}) (?:\w+ ){{0,2}}?(?:hits|hit|beats|beat|hurts|hurt|burns|burned|shakes|shook|starves|touches|touched|"
        rf"abuses|abused|molests|molested) (?:my|the|our|his|her) (?:{CHILD})\b|"
        r"\bchild abuse\b|\b(?:kid|child|baby|son|daughter) (?:is|was) (?:being )?(?:abused|beaten|molested|hurt by)\b",
        0.8,
        escalate=frozenset({DANGER, PROGRESS}),
    ),
    _rule(
        "abuse.elder",
        ABUSE,
        HIGH,
        rf"\b(?:my|the|her|his) (?:{FAMILY}|caregiver|home health aide|aide|nursing home|staff)s? (?:\w+ ){{0,2}}?(?:neglects|neglected|"
        r"wont feed|doesnt feed|ties|tied|locks|locked|steals from|stole from|takes money from|took money from|takes|took|cashes) "
        r"(?:me|my (?:mom|mother|dad|father|grandma|grandpa|grandmother|grandfather)|(?:all )?my (?:social security|pension|"
        r"check|benefits|savings))\b|\belder (?:abuse|neglect)\b",
        0.7,
        escalate=frozenset({DANGER}),
    ),
)
