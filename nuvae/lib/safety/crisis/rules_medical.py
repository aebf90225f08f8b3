"""Medical emergency rules."""

# ruff: noqa: E501 -- regex alternations read best one phrase list per line, not re-wrapped at 120.

from __future__ import annotations

from .rule_base import CRITICAL, HIGH, LOW, MEDICAL, MEDIUM, SELF, Rule, _rule

_BREATH = r"(?:breathe|breathing|catch (?:my|his|her|their) breath|get (?:any )?air)"
_DRUG = (
    r"(?:(?:my|his|her|their|the|some|a lot of|too much|all (?:of )?(?:my|his|her|the)) )?(?:\w+ )?(?:pills|meds|medications?|"
    r"tablets|drugs|heroin|fentanyl|opioids?|oxy\w*|percs?|xanax|benzos?|tylenol|acetaminophen|advil|ibuprofen|insulin|"
    r"sleeping pills|methadone|coke|cocaine|meth|alcohol|vodka|antidepressants?|lithium|seroquel|ambien|klonopin|valium)"
)
MEDICAL_RULES: tuple[Rule, ...] = (
    _rule(
        "medical.cant_breathe",
        MEDICAL,
        CRITICAL,
        rf"\b(?:cant|couldnt|unable to|cant really|can barely|barely) {_BREATH}\b(?! (?:through|out of|thru) (?:my|his|her|the) nose)"
        r"|\b(?:not|isnt|stopped|stop) breathing\b|\b(?:gasping for (?:air|breath)|turning blue|lips are blue|is blue)\b|"
        r"\bchoking\b(?! (?:me|her|him|them|my|his|their|the life|on (?:my|the) words))",
        0.85,
        soft=True,
    ),
    _rule(
        "medical.breathing",
        MEDICAL,
        HIGH,
        rf"\b(?:hard|difficult|trouble|difficulty|struggling|problems?|hurts?|painful) (?:to |when |with )?{_BREATH}\b|"
        r"\bshort(?:ness)? of breath\b|\bwheezing badly\b|\bcant get (?:a )?full breath\b",
        0.7,
    ),
    _rule(
        "medical.chest_pain",
        MEDICAL,
        HIGH,
        r"\b(?:chest (?:is |feels |has been |was )?(?:super |really |very |so+ |kind of |kinda )?(?:pain|pains|hurts|hurting|"
        r"tightness|pressure|tight|heavy|crushing|squeezing)|(?:pain|pressure|tightness|squeezing) in (?:my|his|her|the) chest|"
        r"crushing (?:chest )?pain|(?:elephant|weight) (?:on|sitting on) (?:my|his|her) chest)\b",
        0.75,
    ),
    _rule(
        "medical.heart_attack",
        MEDICAL,
        CRITICAL,
        r"\b(?:having|have|think im having|is having|might be having|could be having|think (?:hes|shes) having) a heart attack\b"
        r"|\bheart attack (?:right now|symptoms)\b|\b(?:heart|his heart|her heart) (?:stopped|stopped beating)\b|\bno pulse\b|"
        r"\bcardiac arrest\b",
        0.9,
    ),
    _rule(
        "medical.stroke",
        MEDICAL,
        CRITICAL,
        r"\b(?:(?:face|mouth|smile) (?:is |looks |was |went )?(?:drooping|droopy|crooked|lopsided)|droop\w* (?:face|on one side)|"
        r"slurr\w* (?:speech|words|his words|her words|my words|talking)|(?:speech|words|talking) (?:is|was|are|were|sounds|"
        r"sounded|got|seems|seemed) (?:all |really |very )?(?:slurred|garbled|slurry)|(?:suddenly|sudden) (?:cant|can not) "
        r"(?:talk|speak|see|move)|(?:numb|numbness|weakness|weak|paralyzed|tingling) (?:on|in|down) (?:one|my left|my right|"
        r"the left|the right|his left|his right|her left|her right|left|right) side|(?:cant|cannot|can not) (?:move|feel|lift) "
        r"(?:my|his|her) (?:left|right) (?:arm|leg|side|hand)|(?:having|is having|think (?:im|hes|shes) having|might be having) "
        r"a stroke|stroke symptoms)\b",
        0.9,
    ),
    _rule(
        "medical.stroke_sign",
        MEDICAL,
        HIGH,
        r"\b(?:arm|leg|face|hand|side) (?:went|is|was|got|feels|felt|going) (?:suddenly )?(?:weak|numb|limp|dead|droopy)\b",
        0.55,
    ),
    _rule(
        "medical.anaphylaxis",
        MEDICAL,
        CRITICAL,
        r"\b(?:(?:throat|tongue|airway) (?:is |feels )?(?:closing|swelling|swollen|tight|tightening)|throat (?:is )?closing up|"
        r"anaphyla\w+|(?:used|using|needed|need to use|gave (?:him|her) (?:his|her)) (?:my |an |his |her |the )?epi ?pen|"
        r"(?:lips|face|tongue|eyes) (?:are |is )?(?:swelling|swollen|blowing up) (?:up )?(?:after|from))\b",
        0.9,
    ),
    _rule(
        "medical.allergic",
        MEDICAL,
        HIGH,
        r"\b(?:severe|bad|serious|having an?|having a bad) allergic reaction\b|\b(?:hives|swelling) (?:all over|everywhere)\b",
        0.6,
    ),
    _rule(
        "medical.overdose",
        SELF,
        CRITICAL,
        rf"\b(?:overdos(?:ed|ing)(?: on {_DRUG})?\b(?! on)|(?:took|taken|take|swallowed|had|ate|drank) (?:an |a )?overdose|"
        rf"od(?:d|ed)? on {_DRUG}|(?:took|taken|swallowed|ate|drank|downed|popped|taking) (?:\w+ ){{0,3}}?(?:too many|a bunch of|"
        r"a lot of|a handful of|handful of|all (?:of )?(?:my|the|his|her|their)|the whole|a whole|an entire|the entire|\d{2,}|"
        r"twenty|thirty|forty|fifty) (?:\w+ ){0,2}?(?:pills|tablets|meds|medications?|capsules|bottle|pack|sleeping pills|"
        r"tylenol|advil|xanax|oxy\w*|benadryl|ibuprofen|acetaminophen|insulin)|(?:gave|giving|used|administered|need) "
        r"(?:him|her|them|\w+ )?(?:narcan|naloxone) (?:now|right now|twice|already|and))\b",
        0.9,
    ),
    _rule(
        "medical.poisoning",
        MEDICAL,
        CRITICAL,
        r"\b(?:swallowed|drank|ate|got into|chewed|licked) (?:some |a |the |an |my |her |his )?(?:\w+ )?(?:bleach|poison|"
        r"antifreeze|detergent|laundry pods?|tide pods?|dishwasher pods?|button batter\w+|batter(?:y|ies)|magnets?|rat poison|"
        r"cleaning \w+|(?:my|his|her|grandmas|grandpas|the) (?:pills|meds|medication|medicine)|pills|lamp oil|gasoline|"
        r"nicotine|vape juice|edibles?|weed gummies|mushrooms)\b",
        0.9,
    ),
    _rule(
        "medical.unconscious",
        MEDICAL,
        CRITICAL,
        r"\b(?:unconscious|unresponsive|(?:wont|cant|couldnt|not) (?:wake (?:up|him up|her up)|waking up|be woken|respond\w*)|"
        r"(?:collapsed|passed out) and (?:wont|isnt|cant|is not)|(?:just )?collapsed|fainted and (?:hit|wont|cant)|"
        r"passed out (?:and|on the floor|right now))\b",
        0.85,
    ),
    _rule(
        "medical.fainted",
        MEDICAL,
        HIGH,
        r"\b(?:passed out|fainted|blacked out|lost consciousness|about to (?:pass out|faint|black out)|(?:gonna|going to) "
        r"(?:pass out|faint)|(?:everything|vision|my vision) (?:is )?(?:going|went|turning) (?:dark|black))\b",
        0.5,
    ),
    _rule(
        "medical.bleeding",
        MEDICAL,
        CRITICAL,
        r"\b(?:bleeding (?:really |very |so |super )?(?:a lot|heavy|heavily|badly|everywhere|profusely|so much|nonstop|non stop|"
        r"through|out)|(?:wont|cant|doesnt|isnt|will not|not) stop(?:ping)? (?:the )?bleeding|bleeding (?:that )?(?:wont|doesnt|"
        r"will not) stop|blood everywhere|(?:heavy|severe|a lot of|lots of) (?:bleeding|blood)|soak(?:ed|ing)? (?:through )?"
        r"(?:a |my |the )?(?:pads?|towels?|bandages?|through)|gushing (?:blood)?|lost a lot of blood|spurting)\b",
        0.85,
    ),
    _rule(
        "medical.blood",
        MEDICAL,
        HIGH,
        r"\b(?:coughing (?:up )?blood|(?:vomiting|vomited|throwing up|threw up|puking|puked) (?:up )?blood|blood in (?:my|his|her) "
        r"(?:vomit|stool)|black tarry stools?|(?:looked|looks) like coffee grounds|(?:keeps?|keep on|still|wont stop|started) "
        r"bleeding|bleeding (?:for|since) (?:hours|\d+ hours|an hour|this morning))\b",
        0.6,
    ),
    _rule(
        "medical.seizure",
        MEDICAL,
        CRITICAL,
        r"\b(?:(?:having|is having|had|has|just had) (?:a |another )?(?:seizure|fit|convulsion)s?(?: right now| now| and)|"
        r"(?:having|is having|hes having|shes having|im having) (?:a |another )?seizure|seizing|convulsing|(?:is|hes|shes) "
        r"(?:shaking|jerking) (?:and|uncontrollably)|seizure (?:wont stop|lasting|for \d+ minutes))\b",
        0.85,
    ),
    _rule(
        "medical.severe",
        MEDICAL,
        CRITICAL,
        r"\b(?:(?:hit|hurt|injured) (?:my|his|her) head and "
        r"(?:is|wont|cant|vomit\w*|confused|passed)|(?:car|motorcycle|bike) accident and (?:hurt|bleeding|cant|wont)|"
        r"(?:heat ?stroke|hypotherm\w+|drowning|drowned|electrocuted|poisoned|carbon monoxide|gunshot|been shot|got shot|"
        r"been stabbed|got stabbed|was stabbed|was shot)|(?:blood sugar|sugar) (?:is )?(?:\d{2,3} and|too low and|very low and) "
        r"(?:confused|passing))\b",
        0.85,
    ),
    _rule(
        "medical.sudden_severe",
        MEDICAL,
        HIGH,
        r"\b(?:worst headache (?:of my life|ive ever|ever)|thunderclap headache|sudden (?:severe|terrible|excruciating) "
        r"(?:headache|pain))\b",
        0.7,
    ),
    _rule(
        "medical.pregnancy_or_infant",
        MEDICAL,
        HIGH,
        r"\b(?:baby (?:hasnt|has not|hasnt been|isnt|is not|stopped|not|hasnt really) (?:moved|moving|kicking|kicked)|"
        r"(?:no|decreased|less|reduced) fetal movement|(?:newborn|infant|\d{1,2} (?:day|days|week|weeks|wk|wks) old|(?:1|2|one|two) "
        r"(?:month|months) old)\b[^.]{0,50}\b(?:fever|temp|temperature|not eating|wont eat|lethargic|limp))\b",
        0.65,
    ),
    _rule(
        "medical.call_911",
        MEDICAL,
        HIGH,
        r"\b(?:call(?:ing)? (?:an )?(?:ambulance|911)|need (?:an )?ambulance|send (?:an )?ambulance|should i call 911|"
        r"is this an emergency|medical emergency|(?:its|this is) an emergency|emergency help)\b",
        0.7,
    ),
    _rule(
        "medical.urgent",
        MEDICAL,
        MEDIUM,
        r"\b(?:cant (?:put|bear) (?:any )?weight on|(?:cant|can barely|cannot|not able to) keep (?:anything|water|fluids|food|it) "
        r"down|fever (?:of |at |is )?(?:10[2-6]|39\.[5-9]|40)|(?:fever|temp) (?:for|of) (?:\w+ )?(?:\d|four|five|six|seven) days|"
        r"(?:blood )?sugar (?:was|is|of|at|dropped to|went down to) (?:[2-5]\d|6[0-5])\b|(?:huge|swollen) and (?:purple|black|blue)|"
        r"(?:bone|it) (?:is )?sticking out|(?:dehydrated|dehydration)|(?:a )?low of (?:[2-5]\d|6[0-5])|gaping|"
        r"(?:need|needs|get|getting) stitches|(?:dog|cat|animal|raccoon|bat|horse) (?:\w+ )?(?:bit|bite)|broke the skin|"
        r"(?:fewer|less|no|not many|barely any) wet diapers|red streaks?|(?:pee\w*|urinat\w*)\b[^.]{0,40}\b(?:back|side|flank|fever|chills)|"
        r"throwing up (?:since|for|all) (?:last night|yesterday|\d+|two|three|the whole))\b",
        0.5,
    ),
    _rule(
        "medical.worry",
        MEDICAL,
        LOW,
        r"\b(?:chest twinges?|(?:blood pressure|bp) (?:readings? )?(?:\w+ ){0,2}?(?:creeping|going|getting|gone|went) (?:up|higher)|"
        r"heart (?:flutters|fluttering|skipping|racing|races)|palpitations|should i (?:be )?(?:worried|worry|concerned)(?! about (?:the |my )?"
        r"(?:bill|payment|insurance|copay|cost|appointment|app|portal))|(?:worried|concerned|nervous) (?:about (?:a|this|the|my|his|her) "
        r"(?:\w+ )?(?:lump|mole|bump|spot|rash|pain|symptoms?|cough|bleeding|headaches?)|(?:its|it s|it is|that its) (?:something "
        r"(?:serious|bad|wrong)|cancer))|(?:skips|skipping|skipped) a beat|(?:bigger|larger|darker|changed) than before|"
        r"(?:its|it s|its been) bugging me|(?:blood|bleeding) (?:on|in) (?:the )?(?:toilet paper|tp|toilet)|(?:bp|blood pressure) "
        r"(?:\w+ )?(?:readings? )?(?:are |is )?(?:a bit |kinda |really |pretty )?(?:high|up))\b",
        0.4,
    ),
)
