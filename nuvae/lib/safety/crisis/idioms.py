"""Everyday phrases built from crisis words, masked before any rule reads the text.

"This wait is killing me", "I could kill for a coffee", "dying to know", "shoot me a
text": each is replaced by "~" so the words inside cannot match a rule, while the rest of
the message is still read ("this wait is killing me and I want to die" still fires).
"""

# ruff: noqa: E501 -- regex alternations read best one phrase list per line, not re-wrapped at 120.

from __future__ import annotations

import re

_PATTERNS: tuple[str, ...] = (
    # kill
    r"(?:could|would|id|i d) (?:literally )?kill for",
    r"kill(?:ing)? for an?",
    r"kill(?:ing|ed|s)? (?:it|two birds|time|the (?:pain|bacteria|germs|infection|virus|lights|engine|mood|vibe|music|"
    r"weeds|bugs|mold|odor|smell|battery|process|app|conversation|buzz)|some time|the time|an hour|off the (?:bacteria|germs|"
    r"infection|weeds|bugs|mold))",
    r"(?:pain ?|bug |weed )killers?",
    r"killer (?:headache|cramps|migraine|deal|app|view|workout|heels|outfit|look|song|show)",
    r"overkill",
    r"(?:\w+ )?(?:is|are|was|were|s|re|been|keeps|keep) (?:literally |really |absolutely |seriously |just |so+ )?killing me",
    r"(?:it|this|that|these|those|this \w+|that \w+) (?:will|would|is going to|going to|gonna|might|could) "
    r"(?:literally |actually )?kill me(?: (?:if|when|before|for|with|lol|haha))?",
    r"(?:mom|mother|dad|father|wife|husband|boss|teacher|coach|parents|girlfriend|boyfriend|sister|brother) "
    r"(?:is |are )?(?:going to|gonna|will|would) (?:literally )?kill me (?:if|when|for|lol|haha|because)",
    r"kill(?:ing)? (?:my ?self|me) (?:at|with|over|for|trying|to (?:get|make|finish|keep|meet)) (?:work|the gym|this|that|"
    r"studying|school|training|it|a|the|my|these|those|\w+ing)",
    r"(?:kill|killing) me (?:softly|with kindness)",
    # die, dead, death
    r"dying (?:to|for) (?:know|see|try|hear|get|meet|go|tell|ask|find|have|eat|watch|read|visit)",
    r"dying (?:of|from) (?:laughter|laughing|boredom|curiosity|embarrassment|shame|cuteness|the heat|heat)",
    r"(?:die|died|dying|dead) (?:laughing|of laughter|of embarrassment|of shame|of boredom|of cuteness)",
    r"(?:to|could|would) die for",
    r"(?:almost|nearly|basically|literally) (?:died|dead) (?:laughing|of|from|when)",
    r"(?:bored|scared|sick|worked|frozen|starving|freezing|worried|tickled) to death",
    r"(?:the )?death of me",
    r"dead (?:tired|serious|set|end|last|center|on|wrong|right|beat|ringer|weight|heat|zone|air|sleep)",
    r"deadlines?",
    r"(?:phone|battery|car|laptop|computer|tablet|ipad|iphone|charger|remote|plant|plants|lawn|grass|wifi|internet|"
    r"printer|mouse|tv|fridge|engine|light|lights|flashlight|keyboard|headphones|airpods)s? (?:is |was |just |has |had )?"
    r"(?:died|dead|dying|about to die|going to die|gonna die)",
    r"(?:my|the) (?:phone|battery|car|laptop) (?:is )?about to die",
    r"drop dead",
    r"(?:im|i am|we are|were|hes|shes|they are) (?:literally |so |actually )?(?:dead|dying|deceased|crying|screaming) "
    r"(?:lol|lmao|haha\w*|rofl|lmfao|hehe)",
    r"(?:lol|lmao|haha\w*|rofl|lmfao) (?:im|i am) (?:literally |so )?(?:dead|dying|deceased)",
    r"over my dead body",
    r"dead(?:ly)? (?:serious|funny)",
    r"dead inside (?:lol|lmao|haha)",
    # shoot, shot, gun
    r"shoot(?:ing)? (?:me|you|us|him|her|them|over) (?:a|an|the) (?:text|message|email|e mail|call|line|note|msg|dm|pic|photo|"
    r"reply|quick|link|invite|reminder)",
    r"shoot (?:me|us) (?:an? )?(?:email|text|reminder|msg|dm|over)",
    r"(?:flu|booster|covid|b12|allergy|tetanus|cortisone|steroid|vitamin|insulin|hep b|hepatitis|rabies|mmr|shingles|"
    r"pneumonia|depo|testosterone|botox|allergy) (?:shots?|injections?)",
    r"(?:got|get|getting|had|have|give|gave|giving|take|took|need|needed|schedule|book|due for) (?:my|a|the|an|her|his|"
    r"their|our) (?:\w+ )?shots?",
    r"shots? (?:of|for) (?:espresso|tequila|vodka|whiskey)",
    r"(?:long|big|best|good|worth a|take a|give it a) shot",
    r"photo ?shoot",
    r"shoot (?:the breeze|for|hoops|baskets|pool|a video|video|photos|pictures|film|some hoops)",
    r"(?:shot|shoot) (?:up )?(?:in|through) the roof",
    r"(?:trigger|stun|nail|glue|staple|water|spray|heat|massage|temperature|thermometer) guns?",
    r"(?:top|smoking) gun",
    r"jump(?:ed|ing)? the gun",
    # hurt, harm, hit, beat, choke, cut
    r"(?:hurt|injured|cut|burned|burnt|scratched|twisted|pulled) (?:myself|my BODY) (?:at|in|while|playing|lifting|running|"
    r"skiing|working|when|during|on (?:the|a|some|my)|shaving|cooking|chopping|gardening|exercising|falling|by accident|"
    r"accidentally|slicing|opening|dancing|moving|at the gym|with a (?:kitchen )?knife)",
    r"(?:fell|slipped|tripped|fell down|fell over) and (?:hurt|cut|injured|bumped|hit) (?:myself|my BODY)",
    r"accidentally (?:hurt|cut|burned|burnt) myself",
    r"(?:dont|doesnt|wont|didnt|it wont|it doesnt|wouldnt|would not|might|could|can|it can|cant) hurt (?:to|you|me|us|anyone|"
    r"him|her|them)(?: to)?",
    r"hurt(?:s|ing)? my feelings",
    r"feelings (?:are |were )?hurt",
    r"hit (?:me|us) (?:up|back|with|hard|later|on)",
    r"(?:it|that|this|reality|the \w+|nausea|pain|the news|jet lag) (?:just |really |finally )?hits? (?:me|us)",
    r"hits? (?:me|us) (?:different|hard|like)",
    r"beat (?:me|you|us|him|her|them) (?:to it|at|in)",
    r"beat (?:the (?:traffic|rush|crowd|heat|odds|system|deadline|clock)|this (?:cold|flu|thing|cancer|infection)|cancer|"
    r"covid|the cold)",
    r"choked up",
    r"cut (?:me|us|him|her|them) (?:off|some slack|a check|a deal)",
    r"cut (?:back|down|it out|out|the line|class|my hair|my bangs|the cord|costs|corners|ties)",
    r"(?:hair|paper) ?cuts?",
    r"kick(?:ed|s)? (?:me|us) out",
    r"(?:baby|babys|the baby) (?:is |keeps )?kick(?:s|ing|ed)?",
    r"(?:dog|cat|puppy|kitten|bird|horse|spider|bug|mosquito|bee|tick|snake) (?:bit|bites|scratched|attacked|kicked)",
    # breathe, heart, stroke, seizure
    r"(?:cant|couldnt) breathe (?:lol|lmao|haha\w*|rofl|from laughing|laughing)",
    r"(?:laughing|laughed|laugh) (?:so hard )?(?:i|that i) (?:cant|couldnt) breathe",
    r"(?:cant|couldnt|cant even) breathe (?:through|out of|thru) (?:my|his|her|the) (?:nose|left nostril|right nostril)",
    r"(?:stuffy|stuffed|blocked|congested) nose",
    r"(?:nearly|almost|practically) (?:had|gave me) a heart attack",
    r"(?:give|gave|giving) (?:me|him|her|you) a heart attack",
    r"stroke of (?:luck|genius|midnight|brilliance)",
    r"heart ?(?:burn|broken|break|breaking)",
    # abuse look-alikes
    r"(?:insurance|bill|billing|cost|price|copay|deductible|rent|the (?:fees?|charges?)) (?:is |are )?(?:abusive|assault|"
    r"highway robbery|killing me|murder)",
    r"(?:insurance|bill|billing|cost|price|copay|deductible|rent|fees?|charges?|taxes|inflation|gas prices?) (?:is |are )?"
    r"(?:killing|murdering) (?:me|us)",
    r"(?:murder|murdered|killed|killing) (?:it|that|the (?:test|exam|interview|presentation))",
    r"(?:killing|killed|murdering) (?:my|the) (?:vibe|buzz|mood|budget|wallet|back|knees)",
    r"(?:true crime|murder mystery|murder podcast|horror movie|crime show|video game|the game)",
    r"suicide (?:squad|mission|doors?|run|sprints?|drills?|hotline number|bridge (?:song|movie))",
    r"(?:political|career|social|financial|commercial|fashion) suicide",
    r"(?:suicide|suicidal) (?:prevention|awareness) (?:month|week|day|walk|training|event|fundraiser|course|class)",
    r"(?:ready|about) to (?:die|drop) (?:of|from) (?:hunger|thirst|the heat|exhaustion|laughter)",
    r"(?:nightmare|horror) story",
    r"(?:ugh|omg|god|lord) (?:just )?kill me(?: now)?(?: (?:lol|lmao|haha\w*))?",
    r"(?:make|makes|made|making) me want to (?:die|kill myself)[^.]{0,30}(?:lol|lmao|haha\w*|rofl)",
    r"if i (?:have|had) to [^.]{0,60}(?:one more|another|again)[^.]{0,40}(?:ill|im going to|i will) "
    r"(?:kill myself|die|lose it)[^.]{0,40}(?:lol|lmao|haha\w*|rofl)",
)

_BODY = r"(?:back|knee|knees|ankle|wrist|hand|finger|foot|feet|toe|shoulder|neck|arm|leg|head|hip|thumb|elbow|hamstring|groin|calf|rib|ribs)"
IDIOMS = re.compile(r"\b(?:" + "|".join(_PATTERNS).replace("BODY", _BODY) + r")\b")


def mask(text: str) -> tuple[str, bool]:
    """The text with every idiom replaced by "~", and whether any was found."""
    masked, count = IDIOMS.subn(" ~ ", text)
    return masked, count > 0
