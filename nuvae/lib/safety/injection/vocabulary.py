"""Shared pieces of the injection rules: how a pattern is compiled, and the words several
families use. Patterns match text as `fold` writes it (lower case, no accents, one line)."""

from __future__ import annotations

import re

from ..sanitize import fold

_I = re.IGNORECASE


def _r(*parts: str) -> re.Pattern[str]:
    # Non-ASCII literals (CJK, Hangul, Devanagari, kana with voicing marks…) are folded the
    # same way the text is, so they meet the folded form ("프롬프트" becomes jamo, "プ" loses
    # its mark, Devanagari loses virama and nukta).
    return re.compile(_NON_ASCII.sub(lambda m: fold(m.group()), "".join(parts)), _I)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _words(*words: str) -> str:
    """Alternatives for words as `fold` writes them (Cyrillic letters that look Latin become Latin)."""
    return "|".join(re.escape(fold(word)) for word in words)


# --- shared vocabulary (folded text: lower case, no accents, one space) --------------------

_RULESET = (
    r"(?:instructions?|directions?|rules?|prompts?|guidelines?|guardrails?|constraints?|policies|policy|"
    r"programming|directives?|orders|context|restrictions?|safeguards?|system\s+messages?|training|guidance)"
)
# Words that point at the assistant's own rules rather than a care instruction.
_STRONG_PRIOR = (
    r"(?:previous|prior|above|earlier|preceding|former|original|initial|your|ur|system|developer|existing|"
    r"default|safety|built-in|old|current|hidden|underlying)"
)
_DISMISS = (
    r"(?:ignore|disregard|forget|override|bypass|skip|drop|abandon|discard|scrap|nevermind|never\s+mind|"
    r"set\s+aside|throw\s+out|stop\s+following|(?:don'?t|do\s+not|no\s+longer)\s+(?:follow|obey))"
)
_TOLD = (
    r"(?:you(?:'re|'ve\s+been|\s+are|\s+were|\s+have\s+been|\s+was)?|ur|u\s+r|u)\s*(?:been\s+)?"
    r"(?:programmed|told|instructed|trained|designed|supposed|meant|configured|set\s+up|prompted|given)"
)
# Other-language forms of "ignore/forget … previous/all … instructions/rules".
_ML_VERB = (
    r"(?:ignora|ignorar|ignore|ignoren|ignorez|ignorer|ignoriere|ignorier|ignorieren|olvida|olvide|olvidar|"
    r"olviden|oubliez|oublie|vergiss|vergesst|vergessen|esqueca|esqueça|esquece|esquecer|desconsidere|"
    r"desconsidera|omite|omita|descarta|descartez|ignori|dimentica|dimenticare|negeer|vergeet|zignoruj|"
    r"ignoruj|haz\s+caso\s+omiso|no\s+hagas\s+caso|ne\s+tiens\s+pas\s+compte|non\s+considerare|"
    r"nao\s+(?:siga|obedeca)|no\s+sigas|bo\s+qua|phot\s+lo|quen\s+(?:di|het|tat\s+ca)|"
    + _words("игнорируй", "игнорировать", "забудь")
    + r")"
)
_ML_NOUN = (
    r"(?:instrucciones|instruccion|reglas|indicaciones|directrices|normas|instructions|consignes|regles|"
    r"directives|anweisungen|regeln|vorgaben|anordnungen|richtlinien|instruktionen|instrucoes|instrucao|"
    r"regras|diretrizes|orientacoes|istruzioni|regole|indicazioni|instructies|regels|instrukcje|polecenia|"
    r"huong\s+dan|chi\s+dan|chi\s+thi|quy\s+tac|menh\s+lenh|"
    + _words("инструкции", "инструкций", "указания", "правила")
    + r")"
)
_ML_QUAL = (
    r"(?:todas|todos|tus|sus|anteriores|previas|previos|precedentes|originales|iniciales|de\s+arriba|"
    r"del\s+sistema|toutes|tous|tes|vos|anterieures|precedentes|ci-dessus|du\s+systeme|alle|alles|deine|"
    r"ihre|vorherigen|bisherigen|obigen|fruheren|vorigen|tutte|tue|precedenti|anteriori|di\s+sistema|"
    r"suas|tuas|acima|do\s+sistema|originais|iniciais|vorige|eerdere|wszystkie|poprzednie|tat\s+ca|"
    r"moi|toan\s+bo|truoc\s+(?:do|day)|cu|tren|ban\s+dau|he\s+thong|cua\s+ban|"
    + _words("все", "предыдущие", "свои")
    + r")"
)
_CJK_IGNORE = (
    r"(?:忽略|无视|無視|忘记|忘記|忽视|忽視|不要理会|不要理會|跳过|跳過|放弃|放棄)[^。！？!?]{0,20}"
    r"(?:指令|指示|说明|說明|规则|規則|提示|设定|設定|约束|約束|限制)"
    r"|(?:指示|命令|ルール|プロンプト|設定|制約)[^。！？!?]{0,12}(?:無視|忘れ)"
    r"|(?:지시|명령|규칙|프롬프트|지침|설정)[^.!?]{0,12}(?:무시|잊)"
)

# Someone other than the writer (and not their dependant): the subject of exfiltration.
_OTHERS = (
    r"(?:(?:all|every|each|other|another|any\s+other)\s+(?:of\s+)?(?:the\s+|your\s+|our\s+|these\s+)?"
    r"(?:[a-z]+\s+)?(?:patients?|members|users|customers|clients|people|persons|individuals|enrollees|"
    r"callers)(?:'s?)?"
    r"|someone\s+else'?s|somebody\s+else'?s|anyone\s+else'?s|everyone(?:\s+else)?'?s?|everybody(?:\s+else)?'?s?"
    r"|the\s+(?:other|previous|last|next|prior|earlier)\s+(?:patient|person|caller|user|client|customer)s?'?s?"
    r"|the\s+(?:patient|person|caller|lady|guy|man|woman|gentleman|family)s?\s+"
    r"(?:in\s+(?:room|exam|bed|the\s+waiting)(?:\s+\w+)?|(?:right\s+)?(?:before|after|ahead\s+of|behind)\s+me|"
    r"who\s+(?:had|has|was|is|came|booked|left))"
    r"|(?:people|patients|persons|everyone|anyone|everybody)\s+(?:who|that)\s+(?:booked|came|visited|called|"
    r"(?:was|were)\s+seen|(?:have|had)\s+appointments?|checked\s+in|(?:are|is|were|was)\s+(?:scheduled|booked))"
    r"|the\s+last\s+\d+\s+(?:people|patients|users|persons|callers|customers)"
    r"|the\s+(?:patient|person|people|appointment|booking)s?\s+(?:in|at|with|for)\s+(?:the\s+)?(?:\d{1,2}(?::\d\d)?\s*"
    r"(?:am|pm|a\.m\.|p\.m\.|o'?clock)?|[a-z]+)\s+(?:slot|appointment|appt|time\s*slot)"
    r"|the\s+\d{1,2}(?::\d\d)?\s*(?:am|pm|o'?clock)\s+(?:patient|appointment|appt|slot)"
    r"|(?:today|tomorrow|yesterday|this\s+(?:morning|afternoon|week)|the\s+day|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
    r"'?s\s+(?:[a-z]+\s+)?(?:patients|roster|census|patient\s+list))"
)
_INFO = (
    r"(?:phone\s*(?:numbers?|#|nos?)|(?:cell|mobile|home)\s*(?:numbers?|#|phones?)?|numbers|contact\s*(?:info|details)?|"
    r"address(?:es)?|e-?mails?|dob|dates?\s+of\s+birth|birthdays?|birth\s*dates?|ssns?|social\s+security|"
    r"insurance\s+(?:ids?|numbers?|info|details)|member\s+ids?|(?:test|lab|blood|biopsy|hiv|std|pregnancy)\s+results|"
    r"results|labs|diagnos[ie]s|notes|charts?|records?|medical\s+history|histor(?:y|ies)|appointments?|"
    r"schedules?|appts?|names?|details|info|information|data|prescriptions?|medications?|meds|conditions?|visits?|"
    r"messages|chats?|conversations?|files?)"
)
_THIRD_PARTY = (
    r"(?:neighbou?r|ex(?:-|\s)?(?:girlfriend|boyfriend|wife|husband|partner|gf|bf)|ex|coworker|co-worker|"
    r"colleague|boss|employee|roommate|flatmate|landlord|tenant|friend|classmate|girlfriend|boyfriend|"
    r"stalker|tinder\s+date|date)"
)
_EXTRACT_VERB = (
    r"(?:print|show|reveal|display|repeat|output|paste|quote|recite|copy|dump|leak|share|summari[sz]e|list|"
    r"translate|write|spell\s+out|tell\s+me|give\s+me|send|describe|explain|put|encode|convert|format|read\s+out|"
    r"read\s+me|expose|disclose|here\s+is|here's|(?:respond|reply|answer)\s+with|what\s+(?:is|are|was|were|does|do|did)|whats|what's)"
)
_PROMPT_TARGET = (
    r"(?:(?:system|initial|original|hidden|secret|developer|internal|pre-?|base|underlying|meta)[\s-]*"
    r"(?:prompts?|instructions?|messages?|rules|configuration|config|directives?|guidelines|context|notes?)"
    r"|(?:your|ur|its|the\s+bot'?s|the\s+ai'?s|the\s+assistant'?s)\s+(?:(?:full|entire|whole|complete|exact|real|"
    r"actual|own|current|first|original|hidden|secret|internal|private|confidential|core|starting|default)\s+)*"
    r"(?:prompts?|instructions|rules|guidelines|directives|configuration|config|programming|setup|set-?up|"
    r"context|training\s+data)"
    r"(?!\s+(?:for|before|after|about|on|regarding)\s+(?:my|the|a|an|our|your)?\s*(?:prep|preparation|procedure|"
    r"colonoscopy|endoscopy|surgery|fasting|labs?|tests?|scan|mri|visit|appointment|appt|medications?|meds|dressing|"
    r"wound|care|recovery|discharge|parking|check-?in|blood|x-?ray|ultrasound|biopsy|pills?|kids?|child|son|daughter))"
    r"|(?:full|entire|whole|complete|exact|real|actual)\s+prompt"
    r"|(?:tool|function)\s+(?:definitions?|schemas?|specs?|specifications|names|signatures|descriptions|list)"
    r"|hidden\s+context(?:\s+block)?|context\s+window)"
)

# (name, weight, pattern over folded text)

# Pattern pieces are shared by every rule module (`from .vocabulary import *`).
__all__ = [
    "_CJK_IGNORE",
    "_DISMISS",
    "_EXTRACT_VERB",
    "_I",
    "_INFO",
    "_ML_NOUN",
    "_ML_QUAL",
    "_ML_VERB",
    "_NON_ASCII",
    "_OTHERS",
    "_PROMPT_TARGET",
    "_RULESET",
    "_STRONG_PRIOR",
    "_THIRD_PARTY",
    "_TOLD",
    "_r",
    "_words",
]
