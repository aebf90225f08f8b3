"""Common given names and surnames in the United States, for rule-based PERSON detection.

Written for Nuvae from general knowledge of frequent US names (the kind of list the SSA
baby-name and Census surname tables publish); it is a hint, not a register. A name needs
a cue, a title or a capitalised pairing before it counts (see `recognizers.py`), so a
name that is also a word ("Will", "Grace") is not flagged on its own.
"""

from __future__ import annotations

import gzip
from pathlib import Path

_GIVEN = """
aaliyah aoife eleanor ezra keira nadia olusegun siobhan tomasz zoe zoë dmitri henrik kwame kofi emeka
imani tamika rosalind gwendolyn bernadette annette wendell aaron abby abdul abigail adam adrian adriana
ahmed aisha alan albert alejandro alex alexa alexander
alexandra alexis alfredo ali alice alicia alison allison alma alyssa amanda amber amelia amir amy ana
andre andrea andres andrew angel angela angelica angie anita ann anna anne annie anthony antonio april
ariana ariel arjun armando arthur ashley aubrey audrey austin ava barbara beatriz becky ben benjamin
bernard beth betty beverly bianca bill billy blake bobby bonnie brad bradley brandon brenda brendan
brian brianna bridget brittany brooke bruce bryan caleb cameron camila carl carla carlos carmen carol
caroline carolyn carrie casey catherine cecilia chad charles charlie charlotte chelsea cheryl chloe
chris christian christina christine christopher cindy claire clara claudia cody colleen connor craig
crystal cynthia daisy dale damian dan dana daniel danny daniela danielle darius darnell darren dave david
dawn dean debbie deborah denise dennis derek destiny devin diana diane diego dominic don donald donna
dorothy douglas duc dustin dylan eddie edgar eduardo edward elena eli elijah elizabeth ella ellen emily
emma enrique eric erica erik erin esperanza esteban esther ethan eva evan evelyn fatima felicia felix
fernando fiona frances francisco frank gabriel gabriela gail gary gavin gene george gerald gina giovanni
gloria gordon grace graham greg gregory guadalupe gustavo hailey haley hannah harold harper harry hassan
heather hector helen henry hiroshi holly hunter ian imani irene isaac isabel isabella isaiah ivan jack
jackie jackson jacob jacqueline jada jaime jake jamal james jamie jan jane janet janice jared jasmine
jason javier jay jayden jean jeff jeffrey jenna jennifer jenny jeremiah jeremy jerome jerry jesse jessica
jesus jill jim jimmy jin joan joanna joe joel john johnny jon jonathan jordan jorge jose joseph josephine
josh joshua joy joyce juan juanita judith judy julia julian julie justin kaitlyn karen karina kate
katherine kathleen kathryn kathy katie kayla keisha keith kelly kelsey ken kendra kenji kenneth kevin
khalid kim kimberly kris kristen kristin kyle lakisha lance latoya laura lauren lawrence leah lee leo
leon leslie liam lillian lily linda lindsay lisa logan lori lorraine louis lucas lucia luis luke lydia
lynn madison maggie malik mandy manuel marco marcus margaret maria mariah marie marilyn mario marisol
mark marsha martha martin marvin mary mason matt matthew maureen max maya megan melanie melissa mia
michael michelle miguel mike mila miranda mohamed mohammed molly monica morgan muhammad nadia nancy
naomi natalie nathan neil nicholas nick nicole noah nora norma olivia omar oscar owen pablo pam pamela
patricia patrick paul paula pedro peggy peter philip phillip priscilla priya rachel rafael rahul ralph ramon
randy raquel raul ray raymond rebecca regina renee ricardo richard rick ricky rita rob robert roberto
robin rodney roger ronald rosa rose ruby russell ruth ryan sabrina sadie sally samantha samuel sandra
santiago sara sarah scott sean sebastian sergio shannon sharon shawn sheila shirley sierra simone sofia
sonia sophia stacy stephanie stephen steve steven sue susan suzanne sydney tamara tammy tanya tara
taylor teresa terrance terry thomas tiffany tim timothy tina todd tom tommy tony tracy travis trevor
tyler tyrone valerie vanessa veronica vicki victor victoria vincent virginia wanda wayne wei wendy
willa william willie xavier yasmin yolanda yusuf zachary zoe
"""

_SURNAMES = """
adams aguilar ahmed alexander ali allen alvarez anderson andrews armstrong bailey baker banks barnes
bell bennett black boyd bradley brooks brown bryant burns butler campbell carter castillo castro chan
chang chavez chen clark cohen coleman collins cook cooper cruz cunningham daniels davis delgado diaz
dixon dominguez duncan dunn edwards ellis estrada evans ferguson fernandez fisher flores ford foster
fox freeman garcia gardner gibson gomez gonzales gonzalez gordon graham grant gray green griffin
gupta gutierrez hall hamilton harris harrison hart hawkins hayes henderson henry hernandez herrera
hicks hill ho hoffman holmes howard huang hudson hughes hunt hunter jackson james jenkins jensen
jimenez johnson jones jordan kaur kelly kennedy khan kim king knight kowalski kumar lam lee lewis li
lin liu long lopez lynch marshall martin martinez mason mcdonald medina mendez mendoza meyer miller
mills mitchell moore morales moreno morgan morris murphy murray myers nelson ng nguyen nichols nunez
obrien okafor olson ortiz owens palmer parker patel patterson pena perez perry peters peterson phillips
pierce porter powell price ramirez ramos reed reyes reynolds rice richardson rivera roberts robertson
robinson rodriguez rogers romero rose ross ruiz russell ryan salazar sanchez sanders santos schmidt
scott shah shaw simmons simpson singh smith snyder spencer stephens stevens stewart stone sullivan
taylor thomas thompson torres tran tucker turner vargas vasquez wagner walker wallace wang ward
washington watson weaver webb wells west wheeler white williams willis wilson wong wood woods wright
wu yang young zhang
"""

GIVEN_NAMES: frozenset[str] = frozenset(_GIVEN.split())
SURNAMES: frozenset[str] = frozenset(_SURNAMES.split())


# Common English words (lower case), from spacy-lookups-data's word probabilities; see
# scripts/build_common_words.py. A capitalised word outside this list and the name lists
# ("Oleksandr", "Nakamura") is more likely a name than a word.
with gzip.open(Path(__file__).with_name("common_words.txt.gz"), "rt", encoding="utf-8") as _handle:
    COMMON_WORDS: frozenset[str] = frozenset(_handle.read().split())


def is_common_word(token: str) -> bool:
    return token.lower() in COMMON_WORDS and token.lower() not in GIVEN_NAMES
