"""Every crisis rule, in groups, each group behind a cheap gate.

A gate lists word beginnings (stems) that every match of every rule in its group must
contain; when none occurs in a message, the group's rules are not run. Most clinic
messages open no gate, which keeps detection fast. `tests/test_crisis.py` checks that the
gated and the ungated detector agree, so a rule that outgrows its gate is caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import CHILD
from .rule_base import Rule
from .rules_medical import MEDICAL_RULES
from .rules_suicide import DISTRESS_RULES, SUICIDE_RULES
from .rules_violence import ABUSE_RULES, OTHERS_RULES


@dataclass(frozen=True, slots=True)
class RuleGroup:
    name: str
    stems: frozenset[str]
    rules: tuple[Rule, ...]


def _stems(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Stems are matched against the start of each token (3 to 7 characters), so "kill" opens the
# gate for "killing" and "killed". Generous on purpose: a gate that opens too often costs
# microseconds, one that stays shut costs a missed crisis.
_SUICIDE_STEMS = _stems(
    """
    kill end endi hang shoo drow myse life comm suic die dyi dead exis aliv here wake disa vani slee gone take taki
    swal down ways many leth self hurt harm cut cutt burn star puni scra hit hitt punc bang rela deep took ate brid
    ledg edge roof trac good last liv livi rath pref wish bett reas poin bothe try tri tire wort noon nobo woul dont
    dontk sure unsu wond long go goi keep going burd ever give deat hope pray welc numb drin usin smok care noth gar
    gara rope noos belt cord gun stan clim pill tabl bott unal read anym cant mess note lett bye wake over overd
    wouldn fine happ burd numb drin drank alco booz weed mind
    """
)
_DISTRESS_STEMS = _stems(
    """
    depr down low blue hope help empt numb mise over brok desp alon lone isol anxi nerv worr pani scar terr stre
    burn exha drai sad lost trap fail mess wrec crap shit awfu weep tear irri snap edge defe cont unab noth notok
    stru strug grie ocd ptsd ment talk roug hard toug diff cry cryi crie cope crus dest brea ener moti zero cantst
    frea slee focu taki take anym fall worth dead like giv hand snap guil asha brut rope wits tire sick eate slep
    """
)
_OTHERS_STEMS = _stems(
    """
    kill hurt harm shoo stab stra murd beat atta chok pois smot drow run blow bash punc brea slit dead die gun rifl
    pist knif weap bat mach bomb pay homi intr urge fant ange mad furi piss enra temp scre scar thre smas kick hole
    wall thro viol aggr hosp grou grav kys put angr thou imag visi
    """
)
_ABUSE_STEMS = _stems(
    """
    hit hitt beat punc kick chok stra slap shov push thro hurt abus rape mol mole assa burn bit bite grab drag tie
    tied smac shak shoo star domes viol cont sex forc pres touc secr tell thre swor swea kill stab afra scar terr
    fear frig wors safe unsa home shel let lock give fed feed food wate isol stal foll trac take took stol stea mone
    scre yell swea curs calls name batt neg negl elde cash kids chil baby tell sexu beat mad angr furi upse answ keys
    says hide hid chec read goes
    """
)
_MEDICAL_STEMS = _stems(
    """
    brea air gasp blue lips chok whee shor ches hear puls card elep weig pain pres tigh crus hurt
    face mout smil droo slur spee word talk numb weak para ting move feel lift stro arm leg side
    thro tong airw anap epi epip eyes swel alle hive overd od pill tabl meds medi drug bott tyle advi xana oxy bena
    ibup acet insu narc nalo swal drank ate got chew lick batt blea pois dete pod pods magn edib gumm mush nico gaso
    lamp unco unre wake resp coll pass fain blac cons vision bloo blee soak gush spur coug vomi throw threw puke puki
    coff tarr stoo seiz fit fits conv shak jerk head acci heat hypo drow elec gun shot stab carb suga wors thun sudd
    baby feta newb infa old feve temp 911 ambu emer keep swol huge bone stic dehy twin palp bp dark goin gonn abou
    alle stop low gapi stit bit bite dog cat anim broke wet diap red pee urin shou worr conc nerv skip bigg larg dark
    chan bugg tp toil bp
    """
)

GROUPS: tuple[RuleGroup, ...] = (
    RuleGroup("suicide", _SUICIDE_STEMS, SUICIDE_RULES),
    RuleGroup("distress", _DISTRESS_STEMS, DISTRESS_RULES),
    RuleGroup("others", _OTHERS_STEMS, OTHERS_RULES),
    RuleGroup("abuse", _ABUSE_STEMS, ABUSE_RULES),
    RuleGroup("medical", _MEDICAL_STEMS, MEDICAL_RULES),
)
ALL_RULES: tuple[Rule, ...] = tuple(rule for group in GROUPS for rule in group.rules)


def open_groups(text: str) -> tuple[RuleGroup, ...]:
    """The groups whose gate a normalised text opens."""
    prefixes = {token[:size] for token in text.split() for size in range(2, min(len(token), 7) + 1)}
    return tuple(group for group in GROUPS if not group.stems.isdisjoint(prefixes))


# Words a child uses of their situation, to point at the right helpline.
CHILD_CONTEXT = re.compile(
    rf"\b(?:{CHILD}|my (?:step ?dad|stepfather|step ?mom|stepmother|uncle|moms boyfriend)|im (?:\d|1[0-7])\b|"
    r"(?:im|i am) (?:a kid|a minor|in (?:middle|high) school)|years old and (?:my|he|she)|child abuse)"
)
