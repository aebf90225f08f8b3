"""The safety net: broad danger concepts that do not depend on one exact phrasing.

The fine-grained rules (`rules_*.py`) each name one phenomenon in the words it is usually
said with; a crisis said in other words slips past them. The net reads the same masked,
normalised text for *concepts* instead: a wish to die or to stop being here, a goodbye, a
method, a self-injury, violence aimed at a person, maltreatment by someone close, and the
lay words for medical red flags. A concept is combined generically with who it is about
(a person, most often the writer) and is then handled exactly like a rule match: the
detector drops it when it is negated, asked on a form, framed as paperwork or old
history, or a joke, and raises it to CRITICAL for a time, means, a plan or an act under
way. A net concept stands for HIGH (CRITICAL for a life-threatening sign happening now);
the fine-grained tiers still win where they are higher.

Recall first: a missed crisis costs far more than an extra handoff, so the concepts are
wide and the guards (idioms, negation, admin, history, jokes, accidents) do the narrowing.
"""

# ruff: noqa: E501 -- regex alternations read best one phrase list per line, not re-wrapped at 120.

from __future__ import annotations

import re

from .lexicon import CHILD, FAMILY, PARTNER
from .rule_base import (
    ABUSE,
    ARMED,
    CRITICAL,
    DANGER,
    HIGH,
    INTENT_ESCALATORS,
    MEANS,
    MEDICAL,
    OTHERS,
    PROGRESS,
    SELF,
    TIME,
    Rule,
    _rule,
)

# What a person means to do, want or keep thinking about (up to a few words before the act).
_WILL = (
    r"(?:want|wanna|wanted|wanting|wants|(?:been )?thinking (?:a lot |so much |constantly |more |seriously )?(?:about|of)|going to|about to|ready to|plan(?:ning)? (?:to|on)|decided to|deserve to|"
    r"need to|have to|should|rather|might|might just|will|ill|im going to|id|would|thinking (?:about|of)|think about|"
    r"thought about|thoughts (?:of|about)|urges? to|tempted to|keep thinking about|fantasi[sz]e? about|considering|"
    r"time to|trying to|try to|tried to|ways? to|how to|how (?:i|id|ill) (?:would|could|will)|dream(?:ing)? (?:of|about)|"
    r"cant stop thinking about|cantstop thinking about|pray(?:ing)? (?:to|that i)|hope (?:to|i)|wish i could|can i|"
    r"(?:ive|have|has) been (?:planning|thinking)(?: about| of| how to| on)?|planning how to|longing to|going to just|just want to)"
)
# Being dead or gone, in the many words people use for it.
_GONE = (
    r"(?:die(?! (?:of|from|if|when|laughing|without|before|for|in|at|on|trying|alone|soon|young|happy|eventually|someday|one day))|dying|be dead|end it|end it all|end things|end everything|end my life|ending it|ending things|ending everything|ending it all|ending my life|take my (?:own )?life|"
    r"taking my (?:own )?life|not be (?:here|alive|around)|not being (?:here|alive|around)|stop existing|not exist|"
    r"disappear (?:forever|for good|permanently)|sleep forever|go to sleep forever|go to sleep and never|never wake up|"
    r"not wake up|be gone (?:forever|for good)|kill myself|killing myself|off myself|unalive myself|commit suicide|"
    r"(?:join|be with|see) (?:my )?(?:\w+ )?(?:in heaven|on the other side)|leave this world|check out for good|"
    r"(?:finally )?be at peace forever|stop (?:my )?heart|stop breathing|overdose|od)"
)
_SELF_METHOD = (
    r"(?:(?:kill|killing|killed|hang|hanging|hanged|shoot|shooting|drown|drowning|off|offing|unalive|poison|poisoning|"
    r"suffocate|suffocating|smother|stab|stabbing|electrocute|starve|starving|gas) (?:myself|my self)|"
    r"(?:jump|jumping|leap|leaping|throw myself|throwing myself) (?:off|from|in front of|into|onto) (?:a |the |my |this |that )?"
    r"(?:\w+ )?(?:bridge|roof|building|balcony|cliff|train|bus|truck|overpass|parking garage|window|ledge|tracks|traffic|river|lake|highway)|"
    r"(?:step|stepping|walk|walking|lie down|lay down|lying down|laying down) (?:out )?(?:in front of|into|onto|on) (?:a |the )?"
    r"(?:train|bus|truck|traffic|tracks|highway|freeway|railroad|rail line)|"
    r"(?:drive|driving|crash|crashing|steer|steering|swerve|swerving|ram|ramming) (?:my car |the car |my truck |off )?(?:into|off|in front of) "
    r"(?:a |the )?(?:wall|tree|pole|traffic|river|lake|bridge|cliff|oncoming|semi|truck|overpass|embankment)|"
    r"crash(?:ing)? (?:my|the) car on purpose|"
    r"(?:tie|tied|tying|made|making|make|bought|buy|buying|got|have|hung|hanging|set up) (?:up )?(?:a |the |my )?(?:noose|rope to hang)|"
    r"(?:take|taking|swallow|swallowing|down|downing|took|swallowed|od on|overdose on) (?:all|every one|every single one|every|the whole|"
    r"the rest|the entire|enough|a whole|the bottle|all of) (?:of )?(?:my |the |them|it|\w+ )?(?:\w+ )?(?:pills?|meds|bottle|tablets?|"
    r"insulin|medication|medicine|them|at once)|"
    r"enough (?:\w+ )?(?:pills|meds|tablets|insulin|medication|sleeping pills) to (?:die|kill|not wake|end|do it|finish)|"
    r"(?:stockpil\w+|hoard\w*|saving up|saved up|been saving|collecting|stash\w*) (?:\w+ ){0,2}(?:pills|meds|tablets|medication|them)|"
    r"(?:gun|pistol|rifle|shotgun|barrel) (?:to|in|against|into) my (?:head|mouth|temple|chest)|"
    r"(?:slit|cut|slice|slash|open) (?:my|both my) (?:wrists?|throat|veins?))"
)
# Means at hand or a place to fall from: the moment before an act.
_AT_HAND = (
    r"(?:(?:pills|tablets|meds)\b[^.]{0,30}\b(?:counted out|lined up|laid out|all ready|ready to go|in my hand)|"
    r"(?:blade|razor|rope|noose|gun|pistol|rifle|shotgun)s?\b[^.]{0,30}\b(?:in front of me|on the (?:table|counter|bed|desk|nightstand)|"
    r"next to me|right here|in my (?:hand|lap|mouth)|set up|loaded)|(?:sitting|lying|laying|standing|sat|sitting here) (?:\w+ ){0,4}?"
    r"with (?:the|a|my|his|her|\w+s) (?:\w+ )?(?:pills|blade|razor|rope|gun|pistol|rifle|shotgun|bottle)|everything is (?:set up|ready)|"
    r"tonight(?: is|s) (?:it|the night)(?! (?:for|to|we|i|of|out)\b)|(?:ive|i have|got) (?:got )?(?:it |everything )?(?:all )?planned (?:out )?(?:and|for tonight|for today)|"
    r"not changing my mind|my mind is made up|(?:ive|i have) made up my mind)"
)
_AT_EDGE = (
    r"(?:(?:im|i am|standing|sitting|up) (?:on|at|on top of|at the top of) (?:the|a|this|that) (?:\w+ )?(?:overpass|bridge|roof|rooftop|"
    r"ledge|tracks|railroad|cliff|parking garage|edge|balcony))"
)
_HOW_MUCH = (
    r"(?:how (?:many|much) (?:\w+ ){0,5}?(?:would it take|it would take|does it take|it takes|would kill|to die|to kill (?:me|myself|a person)|"
    r"is (?:lethal|fatal|deadly)|to (?:od|overdose))|(?:lethal|fatal|deadly) (?:dose|amount))"
)
_SPANISH_SELF = (
    r"(?:matarme|suicidarme|quitarme la vida|(?:no )?quiero morir\w*|no quiero (?:seguir )?viv\w+|no quiero estar aqui|"
    r"me tome (?:todas|todo|un monton)|acabar con (?:todo|mi vida)|no pude mas)"
)
_GOODBYE = (
    r"(?:(?:wrote|writing|write|written|left|leaving|finished|typed) (?:a |my |the |some )?(?:goodbye|suicide|last|final|farewell) "
    r"(?:notes?|letters?|messages?|texts?|videos?)|(?:wrote|writing|written|left|leaving) (?:\w+ )?(?:notes?|letters?) (?:to|for) "
    r"(?:my (?:kids|children|family|wife|husband|mom|dad|parents|son|daughter|partner|girlfriend|boyfriend)|everyone|them all)|"
    r"(?:say|saying|said) (?:my )?(?:final |last )?goodbyes?(?: to (?:everyone|everybody|you all|yall|my (?:family|kids|friends|mom|dad)))?(?! (?:at|when|before|after) )|"
    r"(?:giving|gave|give|given) (?:all )?(?:of )?(?:my|all my) (?:\w+ )?(?:stuff|things|belongings|possessions|pets?|everything) away|"
    r"(?:giving|gave|give|given) away (?:all )?(?:of )?(?:my|all my) (?:\w+ )?(?:stuff|things|belongings|possessions|cat|dog|pets?|"
    r"clothes|guitar|everything|plants|books|games|jewelry|collection)|"
    r"(?:wont|will not|not going to|wouldnt) (?:be (?:here|around|alive)|need (?:it|them|this|my \w+|the \w+|any of it|an appointment|"
    r"appointments|refills?|meds|therapy)) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|much longer|for much longer|anymore|any more|after (?:tonight|this|today|that|"
    r"this week)|next (?:week|month)|by (?:then|monday|tomorrow|next week)|to (?:see|need|make) it)|"
    r"(?:after|when|once|by the time|after) (?:im|i am) gone|(?:when|once) (?:im|i am) (?:dead|not here|not around)|"
    r"(?:take|taking) care of my (?:kids|children|cat|dog|pets?|mom|son|daughter|babies) (?:for me|when|after|once)|"
    r"(?:put|putting|got|getting) my (?:affairs|things|stuff|papers) in order|"
    r"(?:(?:this is|heres|here is|sending|writing|typing) (?:my |the |a )?|my )(?:last|final) (?:message|text)(?! (?:to the wrong|by mistake))|"
    r"(?:last|final) time (?:you|anyone|youll|anybody) (?:hear|see|talk)|this is (?:my )?(?:goodbye|the end)|"
    r"(?:wont|will not) (?:be a (?:burden|problem)|have to (?:deal with|worry about|put up with) me) (?:much longer|for long|anymore|"
    r"soon|after (?:tonight|today))|(?:you|they|everyone|nobody|noone) (?:wont|will not|will never) (?:have to )?(?:see|hear from|"
    r"deal with|worry about) me (?:again|anymore|much longer)|(?:it|this|everything) (?:will|is going to|gonna) (?:all )?be over soon|"
    r"(?:im|i am) (?:done|finished) (?:with )?(?:life|living|being alive|existing|it all|everything|this world)|"
    r"(?:i|id|im) (?:should|deserve to|better|just need to) (?:just )?(?:die|be dead|not be here|not exist|disappear))"
)
_SELF_HARM = (
    r"(?:(?:cut|cutting|cuts|carve|carving|carved|burn|burning|burned|burnt|scratch\w*|slash\w*|slice\w*|stab\w*|hit|hitting|"
    r"punch\w*|bang\w*|bite|biting|bit|pinch\w*|bruise|bruising|starve|starving|punish\w*|hurt|hurting|harm|harming|injur\w+) "
    r"(?:myself|my self|my (?:own )?(?:arms?|wrists?|thighs?|legs?|skin|stomach|belly|hips?|body|face|hands?|ankles?))|"
    r"(?:razor|blade|blades|lighter|box cutter|compass|scissors|glass|knife) (?:\w+ ){0,2}(?:on|to|into|across|against) my "
    r"(?:skin|arms?|wrists?|thighs?|legs?|body|stomach|hips?)|"
    r"(?:urges?|want|wanna|need|tempted|itching|craving|itch) (?:to )?(?:so bad )?(?:cut|self harm|burn myself|hurt myself|bleed|relapse)|"
    r"(?:make|made|making) myself bleed|(?:self (?:harm\w*|injur\w*|mutilat\w*)) (?:again|every|more|is|has|getting|lately|daily|"
    r"most)|(?:the )?(?:cutting|burning|self harm\w*)s? (?:\w+ ){0,2}(?:worse|deeper|more often|every (?:day|night)|daily|out of control))"
)
_ADV = r"(?:(?:just|really|finally|go|actually|honestly|literally|simply|quietly|be able to|a lot|so much|constantly|again|lately|seriously|more|about|of) ){0,3}"
_SELF_CONCEPTS = (
    rf"\b(?:{_WILL} {_ADV}{_GONE}|{_AT_HAND}|{_AT_EDGE}|{_HOW_MUCH}|{_SPANISH_SELF}|{_SELF_METHOD}|{_GOODBYE})\b"
)

# Violence a writer (or someone they describe) aims at a person.
_HURT = (
    r"(?:kill(?:ing)?|murder(?:ing)?|stab(?:bing)?|shoot(?:ing)?|strangl(?:e|ing)|chok(?:e|ing)|smother(?:ing)?|drown(?:ing)?|"
    r"poison(?:ing)?|slit (?:his|her|their) throat|hurt(?:ing)?|harm(?:ing)?|beat(?:ing)?|beat up|shak(?:e|ing)|"
    r"bash|attack(?:ing)?|run(?:ning)? (?:over|down)|punch|knock out|stomp|torch|set fire to|burn|break (?:his|her|their) (?:neck|legs?|face|jaw|arms?)|"
    r"bash (?:his|her|their) (?:head|face) in|end|take out|put down|get rid of|waste|snap|cut|make (?:him|her|them) (?:suffer|bleed)|"
    r"teach (?:him|her|them) a lesson|hunt down|go after|slap|kick|jump|pound)"
)
_TARGET = (
    rf"(?:him|her|them|you|yall|you all|whoever|somebody|someone|anyone|everyone|everybody|people|that (?:guy|man|woman|lady|bitch|bastard|"
    rf"idiot|asshole|doctor|nurse|kid|family|receptionist)|(?:my|his|her|your|the|that|this|those|our|their) (?:whole )?"
    rf"(?:(?:little |baby |older |younger |big |new |ex )?(?:{PARTNER}|{FAMILY}|{CHILD})|friend|teacher|classmate|coworkers?|"
    r"co workers?|manager|supervisor|boss|doctor|dr|nurse|staff|receptionist|neighbor|neighbour|landlord|guy|man|woman|lady|"
    r"office|class|team|roommate|ex|family|people)s?)"
)
_OTHERS_CONCEPTS = (
    rf"\b(?:{_WILL} (?:\w+ )?make {_TARGET} (?:disappear|suffer|bleed|regret)|run(?:ning)? {_TARGET} (?:off the road|down|over)|"
    r"(?:better|should|ought to) watch (?:his|her|their|your) back|(?:i )?know (?:where|what car) (?:you|he|she|they) (?:lives?|drives?|parks?|works?)|"
    r"(?:somebody|someone|people|everyone|you|yall|he|she|they|one of you|\w+)\b[^.,]{0,30}\b(?:is|are|will be|gonna be|going to be|is going to) "
    r"(?:getting|get) (?:hurt|killed|shot|stabbed)|(?:gonna|going to|will|ill) find (?:him|her|them|you) (?=after|outside|when|one of|at|and)|"
    r"(?:put|putting|slipped|slipping|mixed|mixing|poured|pouring) (?:\w+ ){0,2}?(?:poison|rat poison|antifreeze|bleach|pills|something) "
    r"(?:in|into) (?:his|her|their|my|the) (?:\w+ )?(?:food|coffee|drink|meal|tea|water|juice|dinner|lunch|breakfast|soup|bottle)|"
    r"(?:loaded|loading|load|cocked|sharpened|sharpening|grabbed|got out|took out) (?:up )?(?:the|my|a|his|her|\w+s) (?:\w+ )?"
    r"(?:gun|rifle|shotgun|pistol|knife|machete)|(?:gun|rifle|shotgun|pistol)s? (?:is |are )?loaded|"
    r"(?:he|she|a man|a guy|a woman|someone|somebody|man|guy|they)\b[^.]{0,30}\b(?:has|have|got|pulled|pulling|holding|waving|with) "
    r"(?:a|his|her|the|their) (?:gun|knife|weapon|pistol|rifle)|"
    r"(?:im|i am|were|sitting|waiting|parked|standing|here|walking|driving|heading)\b[^.]{0,50}\bwith (?:my|a|the|his) (?:\w+ )?"
    r"(?:gun|pistol|rifle|shotgun|knife|gas can|lighter|bat|machete|crowbar)|"
    rf"(?:have|ive|holding|got|grabbed) (?:the|a|my) (?:bat|knife|hammer|machete|crowbar|gun|pistol|rifle) in my hand|"
    rf"(?:{_WILL}|(?:im|i am|he is|hes|she is|shes) (?:gonna|going to)|swear (?:to god )?(?:ill|i will|im going to)|"
    rf"(?:cant|cannot) wait to|dream about|fantasize about) "
    rf"(?:(?:really|actually|just|literally|seriously|go|end up|probably|finally) )?{_HURT} {_TARGET}\b(?! (?:with kindness|time|off))|"
    r"\b(?:he|she|they|hes|shes|theyre|that \w+|my \w+) (?:deserves?|needs?|ought) to (?:die|be dead|suffer|get hurt|pay with)|"
    r"\bi (?:hope|want|wish) (?:he|she|they|my \w+) (?:dies?|gets? (?:killed|hurt|shot)|were dead|was dead)\b|"
    r"\b(?:bring|bringing|brought|take|taking|carry|carrying|pack|packing|load|loaded|loading|sharpen\w*|hide|hid|hiding) "
    r"(?:my|a|the|his|her) (?:\w+ )?(?:gun|rifle|pistol|shotgun|knife|machete|ammo|weapon|bat|crowbar|hammer)s? (?:\w+ ){0,3}?"
    r"(?:to|into|for|at) (?:work|school|the (?:clinic|office|party|meeting|appointment|hospital)|his (?:house|place|work)|"
    r"her (?:house|place|work)|their (?:house|place)|him|her|them|church|class)\b)"
)

# A veiled threat at the clinic: coming to the office with "something" for someone, "see what happens".
_CLINIC = r"(?:office|clinic|practice|front desk|waiting room|building|hospital|lobby|reception)"
_VEILED = (
    r"(?:(?:with|bringing|bring|brought|got|have) (?:a little |a )?(?:something|surprise|present|gift)\b(?! (?:to (?:eat|drink|sign|fill))|"
    r"[^.]{0,60}\b(?:cookies|treats|flowers|donuts|coffee|card|forms?|paperwork|documents?|check|payment|records|thank\w*))|"
    r"see what happens|(?:shell|hell|theyll|youll|will|is going to|are going to|gonna) (?:\w+ )?regret|"
    r"(?:tell|and) (?:\w+ ){0,2}?(?:to )?(?:wait for me|watch (?:her|his|their|your) back)|better (?:watch out|be ready|hide)|"
    r"wont (?:like|forget) what (?:happens|i do)|(?:make|teach) (?:her|him|them|you|everyone) (?:pay|a lesson))"
)
_CLINIC_THREAT = (
    rf"\b(?:(?:coming|come|going|heading|showing up|show up|stopping|stop|swinging|be|walking) (?:\w+ ){{0,2}}?(?:to|at|into|by) "
    rf"(?:your|the|that) (?:\w+ )?{_CLINIC}\b[^.]{{0,80}}\b{_VEILED}|{_VEILED}\b[^.]{{0,60}}\b(?:at|to|in|into) (?:your|the|that) "
    rf"(?:\w+ )?{_CLINIC})\b"
)

# The writer's fear of hurting someone ("scared I could hurt my baby"): HIGH, raised only by a weapon.
_OTHERS_FEAR = (
    rf"\b(?:(?:afraid|scared|worried|terrified|frightened) (?:that )?(?:\w+ ){{0,3}}?(?:ill|i will|i might|i could|i may|im going to|i|of what i)|"
    rf"i (?:could|might) (?:really |actually |seriously )?(?:snap and|lose it and)) (?:\w+ ){{0,3}}?"
    rf"(?:(?:wont|cant|couldnt|wouldnt|will not|not) (?:be able to )?stop )?(?:{_HURT}|hit(?:ting)?|smack(?:ing)?|spank(?:ing)?)"
    rf"(?: {_TARGET}\b| ?(?=\.|,|$))"
)

# Someone close who hurts, threatens, forces, confines or takes from the writer (or a child).
_ABUSER_NET = (
    rf"(?:he|she|they|hes|shes|theyre|my (?:{PARTNER}|{FAMILY})|(?:her|his|our|the) (?:{PARTNER}|{FAMILY}|caregiver|aide|foster \w+)|"
    r"(?:my|her|his|our|the) (?:caregiver|aide|foster (?:mom|dad|parents?)|coach|babysitter|stepbrother|stepsister|guardian))"
)
_ABUSE_ACT = (
    r"(?:hit|hits|hitting|beat|beats|beating|punch\w*|kick\w*|chok\w*|strangl\w*|slap\w*|shov\w*|push\w*|smack\w*|whip\w*|"
    r"burn\w*|bit|bites|biting|drag\w*|grab\w*|pin\w* (?:me|us|her|him) (?:down|against)|hold\w* (?:me|us|her|him) down|held "
    r"(?:me|us|her|him) down|throw\w* (?:me|us|things at|stuff at)|threw (?:me|us|things at|stuff at|a \w+ at)|rape\w*|molest\w*|"
    r"touch\w*|forc\w*|lock\w*|threat\w*|stalk\w*|hurt\w*|starv\w*|strike\w*|struck|abus\w*|attack\w*|assault\w*|"
    r"knock\w* (?:me|us|her|him) (?:down|out|around)|beat\w* (?:me|us|her|him) up|spit\w* on)"
)
_ABUSED_NET = (
    rf"(?:me|us|her|him|them|(?:my|our|the|his|her) (?:little |baby )?(?:{CHILD}|{PARTNER}|{FAMILY}|sister|brother)s?)"
)
_ABUSE_CONCEPTS = (
    rf"\b(?:(?:seen|saw|watched|heard|watching|see) (?:him|her|them|{_ABUSER_NET}) (?:\w+ )?{_ABUSE_ACT} {_ABUSED_NET}|"
    rf"{_ABUSER_NET}\b[^.]{{0,30}}\b(?:kicking|banging|pounding|breaking|kicked|broke) (?:in |on |down )?(?:the|my|our) (?:\w+ )?(?:door|window)|"
    r"(?:says|said|told me|tells me|texted|texts|screaming|yelling|shouting|swears|swore|threatens|threatened|keeps saying)\b[^.]{0,60}"
    r"\b(?:(?:hell|shell|he will|she will|theyll|he would|hed|shed|hes going to|shes going to|hes gonna|shes gonna|they will) "
    r"(?:kill|hurt|beat|shoot|stab|burn|light|end) (?:me|us|it|the house)|im dead|youre dead)|"
    r"if i (?:ever )?(?:leave|tell|call|report|go to|talk to|try|say)\b[^.]{0,40}\b(?:hell|shell|he will|she will|theyll|hed|shed) "
    r"(?:kill|hurt|beat|shoot|stab|find) (?:me|us)|"
    rf"(?:boyfriend|uncle|stepdad|step dad|stepfather|stepbrother|cousin|coach|teacher|neighbor|he|she)\b[^.]{{0,20}}\b(?:comes|came|sneaks|snuck|gets|got|climbs) "
    r"(?:into|in) (?:my|her|his) (?:room|bed)|"
    rf"(?:coach|teacher|uncle|stepdad|step dad|stepfather|neighbor|tutor|pastor|babysitter|boyfriend|man|guy|adult)\b[^.]{{0,60}}\b"
    r"(?:keep (?:it|this|them) (?:a )?secret|(?:sending|sends|sent) (?:her|him|me|my \w+) (?:\w+ )?(?:pictures|photos|pics|nudes|videos))|"
    r"(?:leaves|left|leaving|keeps) (?:him|her|me|my \w+) (?:in (?:a )?(?:soiled|dirty|wet)|alone (?:for days|all day|without)|without (?:food|water|meds))|"
    r"(?:keep|keeps|took|take|takes|have|has|holding|hold) (?:my|her|his|our) (?:id|passport|documents|papers|visa)|"
    r"(?:cant|not allowed to|arent allowed to|never allowed to) leave (?:the house|home|the apartment|the room)(?: alone)?|"
    r"me (?:pega|golpea|amenaza|viola|maltrata)|me va a matar|"
    rf"{_ABUSER_NET} (?:\w+ ){{0,2}}?(?:got|has|have|is holding|keeps) (?:me|us) (?:pinned|held down|trapped|cornered|by the (?:throat|neck|hair))|"
    rf"{_ABUSER_NET}\b[^.]{{0,40}}\b(?:wont|doesnt|never|dont) stop {_ABUSE_ACT} {_ABUSED_NET}\b|"
    rf"{_ABUSER_NET} (?:\w+ ){{0,6}}?{_ABUSE_ACT} {_ABUSED_NET}\b(?! (?:up on|with kindness|about|at the gym|at (?:cards|chess)))|"
    r"(?:im|i am|ive been|i was|i get|i got|we get|we got|keep getting|been|being|get) (?:\w+ )?(?:hit|beaten|beat up|choked|punched|kicked|"
    r"slapped|strangled|raped|molested|shoved|locked (?:in|up|out)|forced|threatened|burned|whipped|smacked)\b(?: by (?:him|her|them|my \w+))?|"
    rf"(?:wont|doesnt|dont|never|wouldnt|didnt) let (?:me|us|her|him) (?:leave|go|out|outside|eat|sleep|get help|"
    r"go to the doctor|go to the hospital|see a doctor)|(?:locks|locked|lock|locking) (?:me|us|her|him|the kids) (?:in|inside|up|out)\b|"
    rf"(?:bruises?|black eye|marks|welts|busted lip) (?:\w+ ){{0,2}}(?:from|because of) (?:him|her|them|my (?:{PARTNER}|{FAMILY}))|"
    rf"{_ABUSER_NET} (?:\w+ ){{0,2}}(?:bruised|marked|burned|scarred) (?:me|my (?:arms?|legs?|face|neck|back|body|wrists?))|"
    rf"{_ABUSER_NET} (?:gave|left) me (?:a black eye|bruises|marks|a busted lip)|"
    r"(?:scared|afraid|terrified|frightened) (?:to go|of going|to be|of being) (?:back )?(?:home|alone with (?:him|her|them))|"
    rf"(?:hiding|hide|hid) from (?:him|her|them|my (?:{PARTNER}|{FAMILY}))|"
    r"(?:says|said|told me|tells me|threatens|threatened) (?:\w+ ){0,3}(?:hell|shell|he will|she will|theyll|hed|shed|he would|she would|"
    r"to|theyd) (?:kill|hurt|beat|shoot|stab|take the kids|take my kids|burn|find) (?:me|us|my|the kids|himself)\b)"
)

# Medical red flags in lay words, about anyone. Two strengths: signs of danger now, and signs
# that need emergency evaluation.
_MED_NOW = (
    r"\b(?:(?:cant|can not|couldnt|unable to|struggling to|barely|hardly|can barely|can hardly|cant really) (?:breathe|breath|"
    r"get (?:a |any )?(?:air|breath)|catch (?:my|his|her|their|a) breath)|(?:not|isnt|stopped|stops|quit|arent) breathing|"
    r"(?:gasping|fighting|struggling) (?:for )?(?:air|breath)|(?:lips|face|skin|he|she|baby|hes|shes|is|are|turning|turned|going|went) "
    r"(?:\w+ )?(?:blue|purple|gr[ae]y)(?! cross| shield)|(?:throat|tongue|airway) (?:\w+ )?(?:swell\w*|swollen|closing|tight\w*|puff\w*)|"
    r"(?:hives|rash|swelling|swell\w*|swollen)\b[^.]{0,50}\b(?:breath\w*|throat|swallow\w*|wheez\w*|tongue)|"
    r"unconscious|unresponsive|(?:hard|difficult|cant|unable) to (?:wake|rouse)|(?:wont|cant|couldnt|not|isnt|is not|arent) (?:wake|waking|waken|rous\w*|respond\w*)(?: (?:up|him|her|them))?|"
    r"(?:went|gone|is|hes|shes|just) limp|(?:collapsed|keeled over)|eyes (?:are )?roll(?:ed|ing) back|"
    r"(?:seizing|convuls\w+|(?:having|is having|hes having|shes having|in the middle of) (?:a |another )?(?:seizure|fit|convulsion))|"
    r"(?:bleed\w*|blood) (?:\w+ ){0,4}?(?:wont|will not|isnt|is not|doesnt|not|cant) stop\w*|(?:bleeding|blood) (?:\w+ )?(?:everywhere|"
    r"all over|through|heavily|a lot|so much|like crazy|badly|pouring|gushing|spurting)|(?:lots|lot|so much|tons|pool) of blood|"
    r"(?:soaked|soaking|soaks|went through) (?:\w+ ){0,2}(?:pads?|towels?|bandages?) (?:an|every|in an|in)|"
    r"(?:swallowed|drank|ate|eaten|got into|chewed|chewing|licked|ingested|drinking|eating|bit into|bit|sucked on|mouthed) (?:\w+ ){0,5}?(?:bleach|poison|chemicals?|cleaner|"
    r"detergent|pods?|button batter\w+|batter(?:y|ies)|magnets?|antifreeze|gasoline|lighter fluid|lamp oil|drain cleaner|pesticide|"
    r"weed killer|rat poison|lye)|took too (?:many|much)|"
    r"(?:having|is having|hes having|shes having|think (?:im|hes|shes|i am) having|might be having) a (?:heart attack|stroke))\b"
)
_MED_URGENT = (
    r"\b(?:chest (?:\w+ ){0,4}?(?:elephant|pain|pains|hurt\w*|pressure|tight\w*|heavy|heaviness|squeez\w*|crush\w*|ache|aching|burning|pounding)|"
    r"(?:pain|pressure|tightness|heaviness|squeezing|ache|weight) (?:\w+ ){0,2}(?:in|on|across) (?:my|his|her|the) chest|"
    r"(?:face|mouth|smile|lip) (?:\w+ ){0,2}?(?:droop\w*|crooked|lopsided|sagging|uneven|paralyz\w*)|"
    r"(?:slurr\w*|garbled|(?:cant|couldnt) (?:talk|speak) (?:right|properly|clearly|normally)|words (?:are|were|come|came|coming) out "
    r"(?:wrong|weird|jumbled|funny|mixed)|talking (?:funny|weird|gibberish|nonsense)|(?:speech|talking) (?:is|was|sounds|sounded) "
    r"(?:off|weird|funny|strange|wrong))|(?:one side|left side|right side) (?:of (?:my|his|her) (?:face|body) )?(?:\w+ )?"
    r"(?:weak|numb|droop\w*|heavy|limp|dead|not working)|(?:cant|cannot|couldnt) (?:lift|raise|move|feel) (?:my|his|her) "
    r"(?:left |right )?(?:arm|leg|hand|face)|sudden\w* (?:\w+ )?(?:confus\w*|cant see|blind\w*|vision loss|lost (?:my |his |her )?vision|"
    r"double vision|numb\w*|weakness)|"
    r"(?:hit|bumped|banged|smacked|struck|fell on|landed on|hurt) (?:\w+ ){0,2}head\b[^.]{0,60}\b(?:vomit\w*|throwing up|threw up|"
    r"puk\w*|confus\w*|drowsy|sleepy|cant stay awake|passed out|knocked out|bleeding|dizzy|not making sense|blacked out|slurr\w*|"
    r"headache|blood thinners?|thinners|eliquis|warfarin|xarelto|coumadin)|"
    r"lost (?:the |my |his |her )?(?:vision|sight)|(?:went|going) blind|curtain (?:over|across)|"
    r"(?:leg|calf|thigh)\b[^.]{0,40}\b(?:swollen|swelling|hot|red)\b[^.]{0,60}\b(?:winded|breathless|out of breath|short of breath|"
    r"cant catch|chest)|(?:winded|breathless|out of breath) (?:\w+ ){0,2}(?:walking|sitting|resting|talking|lying|getting up|just|"
    r"at rest|across)|ketones|(?:type 1|t1d|diabetic)\b[^.]{0,60}\b(?:throwing up|vomiting|cant keep)|"
    r"knocked (?:myself|himself|herself|him|her)? ?(?:out|unconscious)|"
    r"(?:sugar|glucose|bg|blood sugar|diabetic|insulin)\b[^.]{0,40}\b(?:confus\w*|passing out|passed out|cant (?:think|talk|stand|swallow)|slurr\w*|"
    r"not making sense|acting (?:drunk|weird|strange)|combative|wont eat or drink)|"
    r"(?:newborn|infant|\d{1,2} (?:day|days|week|weeks|wk|wks) old|(?:1|2|one|two) (?:month|months|mo) old)\b[^.]{0,60}\b(?:fever|"
    r"temp\w*|burning up|hot|10[0-5]|3[89] ?c|limp|floppy|blue|(?:not|isnt) (?:eating|feeding|breathing|waking)|wont (?:eat|feed|wake)|"
    r"lethargic|grunting|breathing (?:fast|weird|funny|hard))|"
    r"(?:pregnant|weeks along|trimester|postpartum|gave birth|delivered)\b[^.]{0,70}\b(?:bleed\w*|blood|gush\w*|water broke|"
    r"(?:severe|bad|really bad|terrible|sharp|horrible|intense|worst) (?:\w+ )?(?:pain|cramp\w*|headache)|seeing (?:spots|stars)|"
    r"(?:baby|it) (?:hasnt|isnt|not|stopped|has not|hasnt been) (?:moved|moving|kicking)|cant feel (?:the )?baby|fainted|passed out)|"
    r"(?:baby|the baby) (?:hasnt|has not|stopped|isnt|is not) (?:moved|moving|kicking|kicked)|"
    r"(?:worst|thunderclap|sudden (?:severe|terrible|excruciating|horrible)) (?:\w+ )?headache|"
    r"(?:fever|temp\w*)\b[^.]{0,50}\b(?:stiff neck|purple (?:rash|spots)|rash that (?:doesnt|wont) fade|confus\w*|wont wake|cant wake)|"
    r"(?:lips|face|eyes) (?:\w+ )?(?:swell\w*|swollen|puff\w*)[^.]{0,40}\b(?:after|ate|eating|sting|allerg\w*|peanuts?|nuts|shellfish|"
    r"shrimp|medicine|antibiotic|pill)|"
    r"(?:coughing|cough|vomiting|throwing|threw|puking|puked|spitting) (?:up )?blood|(?:black|tarry|bloody) (?:stool|poop)|"
    r"(?:had|has|just had) (?:a |his |her |my )?(?:first )?(?:seizure|convulsion)|(?:passed out|fainted|blacked out))\b"
)

# A concept that is someone else's risk of self-harm, told by the writer.
_OTHER_SELF = (
    r"\b(?:(?:talking|talks|talked|said|says|saying|texted|texting|posted|posting|keeps saying|told me|telling me|threatening|"
    r"threatened|wrote)(?: about| that)? (?:\w+ ){0,3}?(?:kill(?:ing)? (?:himself|herself|themselves|themself)|end(?:ing)? "
    r"(?:it|it all|his life|her life|their life)|(?:wants|wanting) to die|not (?:wanting|want) to (?:live|be here)|suicide|"
    r"(?:hurt|hurting|cut|cutting) (?:himself|herself|themselves))|(?:he|she|they) (?:\w+ ){0,2}(?:took|swallowed|downed) (?:\w+ ){0,3}"
    r"(?:pills|bottle|meds|tablets)[^.]{0,40}(?:wont|isnt|not|cant) (?:wake|answer\w*|respond\w*|open))\b"
)

NET_RULES: tuple[Rule, ...] = (
    _rule("net.suicide", SELF, HIGH, _SELF_CONCEPTS, 0.75, escalate=INTENT_ESCALATORS, soft=True),
    _rule("net.someone_suicidal", SELF, HIGH, _OTHER_SELF, 0.7, escalate=INTENT_ESCALATORS),
    _rule("net.self_harm", SELF, HIGH, rf"\b{_SELF_HARM}\b", 0.7, escalate=frozenset({PROGRESS}), soft=True),
    _rule("net.violence", OTHERS, HIGH, _OTHERS_CONCEPTS, 0.7, escalate=INTENT_ESCALATORS | {ARMED}, soft=True),
    _rule("net.clinic_threat", OTHERS, HIGH, _CLINIC_THREAT, 0.7, escalate=INTENT_ESCALATORS | {ARMED}),
    _rule("net.violence_fear", OTHERS, HIGH, _OTHERS_FEAR, 0.65, escalate=frozenset({ARMED, MEANS})),
    _rule("net.abuse", ABUSE, HIGH, _ABUSE_CONCEPTS, 0.7, escalate=frozenset({DANGER, PROGRESS, TIME})),
    _rule(
        "net.taken",
        SELF,
        CRITICAL,
        r"\b(?:me (?:tome|trague) (?:todas|todo|un monton|muchas|el frasco)|(?:took|taken|swallowed|mixed|downed|popped|chugged) "
        r"(?:\w+ ){0,5}?(?:pills|oxys?|meds|xanax|tablets|vodka|alcohol)\b[^.]{0,40}\b(?:so (?:that )?i (?:dont|wont|never|can) "
        r"(?:wake|die)|to (?:die|end it|not wake up|sleep forever)))",
        0.85,
    ),
    _rule("net.medical_now", MEDICAL, CRITICAL, _MED_NOW, 0.8, soft=True),
    _rule(
        "net.medical_mention",
        MEDICAL,
        CRITICAL,
        r"\b(?:overdos\w+|\bod(?:ed|d)? on|poison control)\b",
        0.75,
        kind="mention",
        soft=True,
    ),
    _rule("net.medical_urgent", MEDICAL, HIGH, _MED_URGENT, 0.65),
)

# Someone a concept can be about: without any person in the sentence it is a topic, not a risk.
PERSON = re.compile(
    rf"\b(?:i|im|ive|ill|id|me|my|myself|mine|we|us|our|he|hes|him|his|himself|she|shes|her|herself|they|theyre|them|their|"
    rf"themselves|you|someone|somebody|{PARTNER}|{FAMILY}|{CHILD}|friend|patient|guy|man|woman|lady|girl|boy)\b"
)
# A question about a topic in general ("what are the signs of a stroke"), not about a person now.
INFO = re.compile(
    r"\b(?:what (?:are|is) (?:the )?(?:signs?|symptoms?|warning signs?)|(?:signs|symptoms|warning signs) of|how (?:do|can|would) "
    r"(?:i|you|we|someone) (?:know|tell|recogni[sz]e|spot|help someone)|what (?:do|should) (?:i|you|we) do if|what to do if|"
    r"in case (?:of|someone|somebody|my|he|she)|if (?:someone|somebody|anyone) (?:ever|is|has)|first aid|cpr|handouts?|pamphlets?|"
    r"(?:talk|talking) to (?:my|our) (?:kids?|children|teens?|son|daughter) about|for (?:a|my) (?:class|paper|essay|project|report))\b"
)
# Hurting oneself by accident: an injury, not self-harm.
ACCIDENT = re.compile(
    r"\b(?:accident\w*|by mistake|cooking|stove|oven|pan|iron|curling|kitchen|slipped|tripped|fell|shaving|gardening|chopping|"
    r"slicing|opening|at work|at the gym|playing|workout|working out|lifting|on the (?:\w+ )?(?:door|table|glass|corner|edge|fence)|"
    r"bike|skateboard|sports?|practice|hiking)\b"
)
# A weapon in the message makes violence or abuse a danger now.
WEAPON = re.compile(r"\b(?:gun|guns|pistol|rifle|shotgun|knife|gas can|gasoline|lighter|machete|ammo|loaded)\b")
# Said to be happening at this moment (medical signs that need care now).
JUST_NOW = re.compile(r"\b(?:now|right now|just)\b")

# A wish rather than a want ("I wish I could sleep forever"): passive, MEDIUM by the conventions.
WISH = re.compile(r"\bwish(?:ed|es|ing)?\b")
# Machines and apps that "won't respond" or "died".
GADGET = re.compile(
    r"\b(?:portal|app|website|site|page|phone|computer|laptop|screen|link|system|printer|tablet|email|button|kiosk|car|battery|"
    r"server|wifi|internet|login|account|machine)\b"
)
