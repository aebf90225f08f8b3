"""Suicide, self-harm and distress rules."""

# ruff: noqa: E501 -- regex alternations read best one phrase list per line, not re-wrapped at 120.

from __future__ import annotations

from .lexicon import METHOD_UNDER_WAY, MYSELF, alt
from .rule_base import (
    CRITICAL,
    HIGH,
    INTENT_ESCALATORS,
    LOW,
    MEANS,
    MEDIUM,
    PLAN,
    PROGRESS,
    SELF,
    Rule,
    _rule,
)

WANT = alt(
    "want to",
    "wanted to",
    "wanting to",
    "want 2",
    "wish i could",
    "would like to",
    "feel like i want to",
    "just want to",
    "need to",
    "ready to",
    "urge to",
    "urges to",
    "tempted to",
    "wants to",
    "keeps saying (?:hes|shes|theyre|he is|she is) going to",
)
INTEND = alt(
    "going to",
    "gonna",
    "about to",
    "will",
    "ill",
    "im going to",
    "plan to",
    "planning to",
    "planning on",
    "decided to",
    "gonna try to",
    "going to try to",
    "try to",
    "trying to",
    "tried to",
    "attempted to",
)
THINK = alt(
    "thinking about",
    "thinking of",
    "thought about",
    "thoughts about",
    "thoughts of",
    "think about",
    "thoughts on",
    "considering",
    "contemplating",
    "fantasi[sz]ing about",
    "obsessing about",
    "dreaming about",
)
_KILL_SELF = alt(
    "kill", "killing", "killed", "end", "ending", "hang", "hanging", "shoot", "shooting", "drown", "off", "offing"
)
_HARM_SELF = alt(
    "hurt",
    "hurting",
    "harm",
    "harming",
    "cut",
    "cutting",
    "burn",
    "burning",
    "starve",
    "starving",
    "punish",
    "punishing",
)
_DIE = alt(
    "die",
    "be dead",
    "not exist",
    "stop existing",
    "not be alive",
    "not be here",
    "not wake up",
    "never wake up",
    "end it all",
    "end my life",
    "end everything",
    "end things",
    "disappear forever",
    "sleep forever",
    "go to sleep forever",
    "be gone",
)
_ANYMORE = r"(?: any ?more| any longer| anymore)?"

SUICIDE_RULES: tuple[Rule, ...] = (
    _rule(
        "suicide.intent",
        SELF,
        HIGH,
        rf"\b(?:{INTEND}|{WANT}) (?:just |really |finally |go |actually )?(?:{_KILL_SELF} {MYSELF}|"
        r"(?:end|take|ending|taking) (?:my|my own) life|end it all|commit suicide|(?:end|ending) it(?! with| between| here| now\b)"
        r"(?! for))\b|\b(?:im|i am) ending (?:it|things|everything|my life)\b(?! with| between| for)|"
        r"\b(?:going to|gonna|about to|want to|will|ill|im going to) (?:take|swallow|down|od on) (?:them all|all of them|"
        r"every (?:single )?(?:one|pill)|the (?:whole|entire) bottle|all (?:of )?(?:my|the) (?:\w+ )?(?:pills|meds|tablets) at once)\b|"
        r"\bways to (?:end it|die|end my life|kill myself|do it)\b|\bhow many (?:\w+ ){0,2}(?:would it take|does it take|to die|"
        r"would kill)\b|\blethal dose\b",
        0.9,
        escalate=INTENT_ESCALATORS,
        soft=True,
    ),
    _rule(
        "suicide.method_thoughts",
        SELF,
        HIGH,
        r"\b(?:think|thinking|thought|thoughts) (?:about|of) (?:taking|swallowing|using|jumping|driving|crashing) "
        r"(?:them all|all of them|the whole|all my|all the|it on myself|off|into)\b|\b(?:sit|sitting|sat) with (?:the|a|my) "
        r"(?:\w+ )?(?:pills|bottle|gun|knife|blade|razor|rope)\b",
        0.8,
        escalate=frozenset({PROGRESS}),
    ),
    _rule(
        "suicide.self_kill",
        SELF,
        HIGH,
        rf"\b(?:{_KILL_SELF}) {MYSELF}\b|\b(?:take|taking|end|ending) my (?:own )?life\b|\bcommit(?:ting)? suicide\b|\bend it all\b",
        0.8,
        escalate=INTENT_ESCALATORS,
    ),
    _rule(
        "suicide.want_die",
        SELF,
        HIGH,
        rf"\b(?:{WANT}|rather|prefer to|going to|gonna|about to) (?:just |really |honestly |literally )?(?:{_DIE})\b|"
        r"\b(?:someone|somebody|god|anyone) (?:please |just |to |would |could |come )*kill me\b|\bplease (?:just )?kill me\b",
        0.8,
        escalate=frozenset({MEANS, PLAN, PROGRESS}),
        soft=True,
    ),
    _rule(
        "suicide.suicidal",
        SELF,
        HIGH,
        r"\b(?:im|feeling|feel|been|felt|getting|am|so|very|really|pretty|kinda|kind of|still|being|extremely) (?:\w+ )?suicidal\b"
        r"|\bsuicidal (?:thoughts|ideation|feelings|urges|again|lately|right now|today|tonight)\b",
        0.85,
        escalate=frozenset({MEANS, PLAN, PROGRESS}),
    ),
    _rule(
        "suicide.thoughts",
        SELF,
        HIGH,
        rf"\b(?:{THINK}) (?:suicide|dying|death|{_KILL_SELF} {MYSELF}|ending (?:it|it all|my life|things|everything)|"
        rf"taking my (?:own )?life|not being (?:alive|here|around)|{_HARM_SELF} {MYSELF}|self harm)\b",
        0.8,
        escalate=frozenset({MEANS, PLAN, PROGRESS}),
    ),
    _rule(
        "self_harm.act",
        SELF,
        HIGH,
        rf"\b(?:{_HARM_SELF}|scratch(?:ed|ing)?|hit|hitting|punch(?:ed|ing)?|bang(?:ed|ing)?) {MYSELF}(?: again)?\b|"
        r"\b(?:im|been|ive been|keep|started|start|i|still) (?:self harming|self harm)\b|"
        r"\b(?:relapsed|relapse) (?:on|with|into) (?:cutting|self harm)\b|"
        r"\b(?:im|been|ive been|keep|kept|started|start|still|back to) cutting\b(?! (?:out|back|down|carbs|sugar|my hair|hair|the))|"
        r"\bcutting (?:again|my (?:arms?|wrists?|legs?|thighs?|skin))\b|\b(?:cut|scratched|burned|burnt|scratch) my "
        r"(?:wrists?|arms?|thighs?|skin|legs?)(?: up)?\b|\bbang(?:ing)? my head (?:against|on|into)\b|"
        r"\b(?:cut|cutting) (?:too )?deep(?:er)?\b|\bgetting deeper\b",
        0.75,
        escalate=frozenset({PROGRESS}),
    ),
    _rule(
        "self_harm.mention",
        SELF,
        LOW,
        r"\bself harm\w*\b",
        0.35,
        kind="mention",
    ),
    _rule(
        "suicide.attempt_now",
        SELF,
        CRITICAL,
        rf"\b(?:tried|trying|attempted|attempting|going) to (?:{_KILL_SELF}) {MYSELF} (?:tonight|today|right now|just now|"
        r"an hour ago|last night|this morning)\b|\b(?:took|swallowed|taken|ate) (?:\w+ ){0,3}?(?:pills|tablets|bottle)\b"
        r"(?:.{0,40}\b(?:die|dead|end it|kill|suicid\w*|goodbye|sleep forever|not wake up))|"
        rf"\b(?:on|at) the (?:bridge|ledge|roof|edge|tracks)\b.{{0,40}}\b(?:jump|end it|die|{_KILL_SELF} {MYSELF})\b|"
        r"\b(?:this is|consider this) (?:my )?(?:goodbye|last (?:message|text))\b|\bgoodbye (?:forever|everyone|world)\b",
        0.95,
    ),
    _rule(
        "suicide.someone_else",
        SELF,
        HIGH,
        rf"\b(?:{INTEND}|{WANT}|{THINK}|wants to|threatening to|threatened to|talking about|talks about|keeps talking about|"
        rf"says (?:hes|shes|theyre|he is|she is) going to) (?:{_KILL_SELF}|{_HARM_SELF}) (?:himself|herself|themselves|themself)\b|"
        r"\b(?:hes|shes|theyre|he is|she is|they are|seems|is) (?:\w+ )?suicidal\b|"
        r"\bwants to die\b",
        0.7,
        escalate=INTENT_ESCALATORS,
    ),
    _rule(
        "suicide.method_under_way",
        SELF,
        CRITICAL,
        METHOD_UNDER_WAY,
        0.9,
    ),
    _rule(
        "suicide.not_live",
        SELF,
        HIGH,
        r"\b(?:dont|do not|no longer) (?:want|wanna|wish) (?:to )?(?:live|be alive|exist|keep living|go on living)\b|"
        r"\b(?:dont|cant) (?:want to )?go on living\b|\b(?:rather|prefer to|id rather) (?:be dead|not be alive|not exist)\b",
        0.75,
        escalate=frozenset({MEANS, PLAN, PROGRESS}),
    ),
    _rule(
        "suicide.passive",
        SELF,
        MEDIUM,
        r"\b(?:wish(?:ed|es)? (?:i|she|he|they|shed|hed|theyd|id)(?: was| were| could be| d be| had| would have| could)? (?:just )?(?:dead|gone|"
        r"never (?:been )?born|not born|disappear|vanish|not here|sleep forever|go to sleep and not wake up|not wake up|"
        r"fall asleep and not wake up|die|never existed)|wish (?:i|id) (?:just |could just )?(?:wouldnt|didnt|would not|never|"
        r"could not|couldnt) (?:wake up|have to wake up|exist|been born|woken up)|"
        r"(?:better|be better) off (?:dead|without me|if i (?:was|were) (?:dead|gone|not here))|"
        r"(?:no|dont have (?:a|any)|dont see (?:a|any)|lost (?:my|all)) (?:reason|point|will) (?:to|in|for) (?:live|living|go on|"
        r"keep going|being here)|(?:dont|cant|do not|cannot) see (?:the|a|any) point\b(?! (?:of|in) (?:the|this|that|a|an|my|your|"
        r"paying|coming|waiting|calling|booking|getting))|"
        r"(?:whats|what is|theres no|there is no|no) (?:even )?(?:the )?point(?: (?:in|of) (?:living|life|being alive|going on|"
        r"anything|it all|any of it|it|trying|even trying|me|being here))?(?= \.| ,|$| any ?more| though| honestly)|"
        r"why (?:do |would |should |even )?i (?:even )?(?:bother|try)\b|why bother (?:any ?more|living|trying)|"
        r"(?:everyone|everybody|people|the world|they|my (?:\w+ )?(?:family|kids|children|wife|husband|parents|mom|dad|friends)) "
        r"(?:would|will|d)? ?(?:be )?(?:fine|better|happier|okay|ok|better off) without me|"
        r"(?:theyd|they would|hed|he would|shed|she would|everyone would|everybody would|theyll|they will) (?:all )?(?:be )?better off\b|"
        r"(?:wouldnt|would not) (?:mind|care) if (?:\w+ ){0,3}?(?:died|went down|crashed|hit me|didnt wake up|never woke up|got hit)|"
        r"(?:im|i am|feel like|feeling like) (?:just |only |nothing but |such |so much of )?(?:a )?(?:\w+ )?burden\b|"
        r"(?:drink\w*|drank|using|smoking|pills|weed|booze|alcohol)\b[^.]{0,40}\b(?:to (?:get through|cope|survive|numb|forget|"
        r"not feel)|numbs? (?:it|the pain|everything|me)|the only thing that (?:helps|numbs|works|gets me through))|"
        r"tired of (?:living|being alive|life|existing|fighting)|life (?:isnt|is not|aint) worth (?:living|it)|"
        r"(?:noone|nobody) would (?:even |really |ever )?(?:care|notice|miss me)(?: if i (?:died|was gone|were gone|"
        r"disappeared|wasnt here))?|(?:noone|nobody) (?:cares|will care|would care) if i (?:live|die|died|disappear)|"
        r"wouldnt (?:care|mind) if (?:a (?:bus|car|truck|train)|something|i|the plane) (?:hit me|died|didnt wake up|never woke up|"
        r"got hit|crashed)|(?:dontknow|dont know|not sure|unsure|wonder) (?:if|whether) (?:id|i would|ill|i will|i d) (?:still )?be "
        r"(?:here|alive|around)|dont know how (?:much )?(?:longer|long) i can (?:do this|keep going|hold on|take (?:it|this)|go on)|"
        r"(?:cant|dont think i can) (?:go on|keep going|keep living|do this|take it|take this|handle (?:it|this|life))"
        r"(?: any ?more| any longer)|(?:want|wanted|need) it (?:all )?to (?:end|stop|be over)|"
        r"(?:im|i am|feel like) (?:such )?a burden(?: to)?|everyone (?:would be|is) better off|give up on (?:life|living|everything)|"
        r"(?:welcome|ready for|waiting for|pray for|praying for) death|hope i (?:dont wake up|die|never wake up)|"
        r"(?:so|hoping|hope) (?:that )?i (?:dont|wont|never) wake up|(?:want|wanna) to (?:disappear|vanish)(?: forever)?|"
        r"(?:drink|drinking|drank|using|smoking|taking pills) (?:\w+ ){0,3}?to (?:numb|forget|not feel|block|escape)|"
        r"numb (?:out|the pain|myself|everything)|(?:cant|couldnt) (?:make|bring) myself (?:to )?care|"
        r"dont care (?:about anything|what happens to me|if i (?:live|die|wake up)|about myself)(?: any ?more)?|"
        r"nothing (?:helps|works|matters)(?= \.| ,|$| and| any ?more)|nothing (?:is going to|will|will ever|is ever going to) "
        r"(?:help|change|get better|work))\b",
        0.65,
        soft=True,
        escalate=frozenset({PLAN, PROGRESS}),
    ),
    _rule(
        "suicide.mention",
        SELF,
        LOW,
        r"\b(?:suicid\w*|overdos\w+ on purpose)\b",
        0.35,
        kind="mention",
    ),
)

_DISTRESS_WORD = alt(
    "depressed",
    "hopeless",
    "worthless",
    "helpless",
    "empty",
    "numb",
    "miserable",
    "overwhelmed",
    "broken",
    "desperate",
    "so alone",
    "alone",
    "lonely",
    "anxious",
    "panicking",
    "scared",
    "terrified",
    "stressed",
    "stressed out",
    "exhausted",
    "drained",
    "sad",
    "lost",
    "trapped",
    "like a failure",
    "like giving up",
    "dead inside",
    "unable to cope",
    "out of control",
    "like nothing matters",
)

_FEELING = alt(
    "depressed",
    "down",
    "low",
    "blue",
    "hopeless",
    "helpless",
    "empty",
    "numb",
    "miserable",
    "overwhelmed",
    "broken",
    "desperate",
    "alone",
    "lonely",
    "isolated",
    "anxious",
    "nervous",
    "worried",
    "panicking",
    "panicky",
    "scared",
    "terrified",
    "stressed",
    "stressed out",
    "burnt out",
    "burned out",
    "exhausted",
    "drained",
    "sad",
    "lost",
    "trapped",
    "a failure",
    "like a failure",
    "a mess",
    "a wreck",
    "like crap",
    "like shit",
    "awful",
    "terrible",
    "weepy",
    "guilty",
    "ashamed",
    "worthless",
    "teary",
    "irritable",
    "snappy",
    "on edge",
    "defeated",
    "out of control",
    "unable to cope",
    "like nothing matters",
)

DISTRESS_RULES: tuple[Rule, ...] = (
    _rule(
        "distress.severe",
        SELF,
        MEDIUM,
        r"\b(?:(?:im|i am|feel|feeling|felt|been) (?:so+ |really |completely |totally |utterly )?(?:hopeless|worthless|dead inside|"
        r"like a burden|like giving up)|at (?:the )?end of my rope|at my wits end|scared myself|(?:im|i am) (?:so )?"
        r"(?:tired|sick) of (?:everything|it all|all of it|trying)|(?:cant|cannot) stop crying|(?:cant|cant take|cannot) (?:take (?:it|this|much more)|cope|do this)"
        r"(?: any ?more| any longer)|at (?:my|the) breaking point|nothing (?:matters|to live for)|"
        r"(?:cant|can barely) (?:get out of bed|stop crying)|(?:cry|crying) (?:all|every) (?:day|night|the time))\b",
        0.5,
        soft=True,
        escalate=frozenset({PLAN, PROGRESS}),
    ),
    _rule(
        "distress.mild",
        SELF,
        LOW,
        rf"\b(?:(?:im|i am|feel|feeling|felt|been|getting|ive been|im feeling) (?:so+ |really |very |super |just |pretty |kinda |"
        rf"kind of |extremely |incredibly |totally |completely |a bit |a little |constantly |always )?(?:{_FEELING})\b|notok|"
        r"(?:struggling|strugling) (?:a lot|so much|lately|with (?:my mental|depression|anxiety|everything|life|grief))|"
        r"snapping at (?:everyone|everybody|people|my \w+)|guilty all the time|(?:work|school|life|things|everything|this week) "
        r"(?:has been|is|s been|been) (?:so |really )?(?:brutal|hell|awful|crushing|unbearable|too much)|"
        r"(?:havent|have not|barely) (?:really )?(?:eaten|slept) (?:anything |much )?(?:in|for) (?:\d+|two|three|four|five|several|a few|days)|"
        r"panic attacks?|(?:my )?(?:depression|anxiety|stress|grief|ocd|ptsd)s? (?:is|has been|s|been) (?:\w+ )?(?:bad|worse|terrible|"
        r"awful|through the roof|out of control|unbearable|getting to me)|mental health (?:crisis|is bad)|breaking down(?! (?:the|a|my|his|her|that|this|doors?))|"
        r"(?:cant|cannot) cope|need someone to talk to|(?:noone|nobody) to talk to|(?:anxious|worried|stressed|sad|depressed|"
        r"down) (?:all the time|lately|constantly|every day)|(?:having|had) a (?:really )?(?:rough|hard|tough|difficult) time|"
        r"(?:not|barely) (?:handling|coping with) (?:it|this|things|everything)|(?:cry|crying|cried) (?:in|every|all|most|at|myself)|"
        r"(?:wrecking|crushing|destroying|breaking) me\b|(?:no|zero) (?:energy|motivation)|nothing left|"
        r"(?:cant|cannot) stop (?:worrying|crying|thinking about it)|cantstop (?:worrying|crying|thinking about it)|"
        r"(?:worrying|worried) (?:something is|that something is|im) (?:seriously )?wrong|taking over my (?:days|life)|"
        r"freaking me out|(?:cant|cannot) (?:sleep|focus)(?: ,| and| \.|$)|(?:^|(?<=\. )|(?<=, ))(?:so+ |really |super )?"
        r"(?:stressed|anxious|depressed|overwhelmed|exhausted|burnt out|burned out|lonely|hopeless|miserable|panicking))",
        0.35,
        soft=True,
    ),
)
