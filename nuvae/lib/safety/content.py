"""What a receptionist must not answer, and what its replies must not say.

Input: requests for a diagnosis, for dosing or medication advice, or for emergency triage
("should I go to the ER?") are not refused — the patient is told that a clinician must
answer and offered a visit (or 911 when it may be an emergency). Output: a reply must not
diagnose, prescribe or dose, and must not promise coverage, prices or outcomes; such a
reply is replaced by the engine's template answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sanitize import fold


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_DRUG_HINT = (
    r"(?:mg|milligrams?|ml|pills?|tablets?|capsules?|doses?|dosage|ibuprofen|advil|motrin|tylenol|acetaminophen|"
    r"aspirin|aleve|naproxen|benadryl|antibiotics?|amoxicillin|prednisone|insulin|metformin|lisinopril|"
    r"oxycodone|xanax|adderall|zoloft|medications?|meds|prescriptions?|inhaler|epipen)"
)

INPUT_RULES: dict[str, tuple[re.Pattern[str], ...]] = {
    "diagnosis_request": (
        _r(r"\b(?:do|could|might|would)\s+(?:i|you\s+think\s+i|my\s+\w+)\s+(?:have|has|be\s+having)\b.{0,60}\b(?:cancer|diabetes|covid|flu|infection|disease|std|sti|strep|pneumonia|syndrome|disorder|tumou?r|condition|fracture|broken|concussion|appendicitis)"),
        _r(r"\b(?:what'?s|what\s+is)\s+wrong\s+with\s+(?:me|my)\b"),
        _r(r"\b(?:is\s+(?:this|it|that)|could\s+(?:this|it)\s+be|does\s+(?:this|it)\s+sound\s+like)\b.{0,40}\b(?:cancer|serious|normal|contagious|infected|infection|broken|a\s+tumou?r|an?\s+(?:std|sti|allergy|allergic\s+reaction)|covid|strep|the\s+flu|melanoma)"),
        _r(r"\b(?:diagnose|diagnosis\s+for)\s+(?:me|my|this)\b"),
        _r(r"\bwhat\s+(?:do\s+you\s+think\s+)?(?:is\s+)?causing\s+(?:my|this|the)\b"),
    ),
    "dosing_request": (
        _r(rf"\bhow\s+(?:much|many)\b.{{0,40}}{_DRUG_HINT}"),
        _r(rf"\b(?:can|should|could|may|is\s+it\s+(?:ok|okay|safe)\s+to)\s+i\s+(?:take|double|increase|stop|mix|combine|skip|split|crush)\b.{{0,50}}{_DRUG_HINT}"),
        _r(rf"\b(?:double|increase|decrease|stop|skip)\s+(?:my|the)\s+{_DRUG_HINT}"),
        _r(r"\b(?:what|which)\s+(?:dose|dosage|medicine|medication|antibiotic|drug)\s+should\b"),
        _r(r"\bis\s+it\s+(?:safe|ok|okay)\s+to\s+(?:take|mix|combine)\b"),
    ),
    "emergency_triage": (
        _r(r"\bshould\s+i\s+(?:go\s+to\s+(?:the\s+)?(?:er|e\.r\.|emergency|hospital|urgent\s+care)|call\s+911|be\s+worried)\b"),
        _r(r"\bis\s+(?:this|it)\s+an?\s+emergency\b"),
        _r(r"\bdo\s+i\s+need\s+(?:to\s+go\s+to\s+)?(?:the\s+)?(?:er|emergency\s+room|an?\s+ambulance|stitches|urgent\s+care)\b"),
    ),
}

OUTPUT_RULES: dict[str, tuple[re.Pattern[str], ...]] = {
    "medical_advice": (
        _r(r"\byou\s+(?:probably|likely|definitely|most\s+likely|may|might)\s+have\b(?!\s+(?:an?\s+)?(?:appointment|visit|slot|time|questions?))"),
        _r(r"\b(?:it\s+sounds|this\s+sounds|that\s+sounds)\s+like\s+(?:you\s+have\s+)?(?:an?\s+)?(?:infection|the\s+flu|covid|strep|migraine|a\s+sprain|a\s+fracture|an?\s+allergic|pneumonia|uti|cancer)"),
        _r(r"\b(?:take|try|use)\s+\d+(?:\.\d+)?\s*(?:mg|milligrams?|ml|pills?|tablets?|capsules?)\b"),
        _r(rf"\byou\s+(?:should|can|could)\s+(?:take|double|increase|stop|skip)\b.{{0,30}}{_DRUG_HINT}"),
        _r(r"\b(?:you\s+don'?t\s+need\s+to\s+(?:see\s+a\s+doctor|go\s+to\s+the\s+er|worry)|it'?s\s+(?:nothing|probably\s+nothing)\s+(?:serious|to\s+worry\s+about))"),
    ),
    "false_promise": (
        _r(r"\b(?:will|is\s+going\s+to|are\s+going\s+to)\s+(?:definitely\s+|certainly\s+|surely\s+)?(?:be\s+)?(?:fully\s+|completely\s+|100%\s+)?(?:covered|paid\s+for|approved|reimbursed)\b"),
        _r(r"\b(?:your\s+)?(?:insurance|plan|medicare|medicaid)\s+(?:will|does|is\s+going\s+to)\s+(?:cover|pay)\b"),
        _r(r"\b(?:guarantee[ds]?|guaranteed|promise|assure)\b.{0,40}\b(?:coverage|covered|price|cost|cure|cured|results?|recovery|heal|outcome|approval|refund)"),
        _r(r"\b(?:will|it\s+will|that\s+will|this\s+will)\s+(?:only\s+)?cost\s+(?:you\s+)?(?:exactly\s+|just\s+|only\s+)?\$\s?\d"),
        _r(r"\b(?:no|zero)\s+(?:out[-\s]of[-\s]pocket|copay|cost)\s+(?:for\s+you\s+)?(?:at\s+all|guaranteed)?\b.{0,20}\b(?:guaranteed|for\s+sure|definitely)"),
        _r(r"\b(?:will|is\s+going\s+to)\s+(?:cure|fix|heal|resolve|eliminate)\s+(?:your|the|this)\b"),
        _r(r"\b(?:free\s+of\s+charge|completely\s+free|at\s+no\s+cost)\b"),
    ),
}


@dataclass(frozen=True, slots=True)
class ContentVerdict:
    categories: tuple[str, ...]

    @property
    def fired(self) -> bool:
        return bool(self.categories)


def _check(text: str, rules: dict[str, tuple[re.Pattern[str], ...]], only: set[str] | None = None) -> ContentVerdict:
    folded = fold(text)
    fired = tuple(
        name
        for name, patterns in rules.items()
        if (only is None or name in only) and any(pattern.search(folded) for pattern in patterns)
    )
    return ContentVerdict(fired)


def check_input(text: str) -> ContentVerdict:
    return _check(text, INPUT_RULES)


def check_output_advice(text: str) -> ContentVerdict:
    return _check(text, OUTPUT_RULES, {"medical_advice"})


def check_output_promises(text: str) -> ContentVerdict:
    return _check(text, OUTPUT_RULES, {"false_promise"})


REDIRECTS = {
    "diagnosis_request": (
        "I can't tell what's causing it. That's a question for one of our clinicians, and I can book you a visit "
        "with one. If your symptoms are severe or getting worse quickly, call 911 or go to the nearest emergency room."
    ),
    "dosing_request": (
        "I can't give advice about medicines or doses. Please ask your pharmacist or one of our clinicians. I can "
        "book you a visit, or a member of our team can call you back. If you think you have taken too much of "
        "something, call Poison Control at 1-800-222-1222 or 911."
    ),
    "emergency_triage": (
        "I can't judge whether this is an emergency. If you think it might be one, call 911 or go to the nearest "
        "emergency room now. Otherwise I can book you the earliest visit we have, or ask a nurse to call you back."
    ),
}
