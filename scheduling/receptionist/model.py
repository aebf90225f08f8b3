"""Understanding by a language model (`LLM_PROVIDER`), over the rules.

`ModelUnderstanding` runs `DeterministicUnderstanding` first, then asks the model
(`nuvae.lib.llm.understanding.understand`: the intent model, and below the confidence
threshold the fallback model) with the message as the safety pipeline left it for a model
(`Context.model_text`: redacted, fenced). When the model fails, times out or answers outside
the schema, the rules' reading is the answer, unchanged.

How the two readings are merged:

- Intent: the model's, when its confidence is at least the threshold and it names one;
  otherwise the rules'. Two exceptions keep the rules' reading: a request for a person
  (HANDOFF) is never argued away, and a "no" the rules see is never read as a yes.
  Agreement (`affirmative`, `negative`) always comes from the rules.
- Slots: what the rules found stands; the model only fills the slots they left empty,
  and every value it gives is read by the same code as a typed message, in this process:
  placeholders ([PERSON_1]) are restored from the conversation's own mapping; dates,
  weeks, times and "earliest" are resolved by `extract` against the clinic's local now;
  providers and visit types must name the clinic's own; name, phone, date of birth and
  reason must appear in what the patient wrote. A value that does not survive this is
  dropped.
- Choices: an option number counts only within the options the last reply offered, and
  while options are on screen a time counts only when it is one of theirs. The model
  cannot create a slot: the flow books only what availability returned and the patient
  confirmed, with provider, date and time stated by the template.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from nuvae.lib.llm.base import Provider
from nuvae.lib.llm.understanding import Understanding as ModelReading
from nuvae.lib.llm.understanding import understand
from scheduling.receptionist import extract
from scheduling.receptionist.states import Intent, State
from scheduling.receptionist.understanding import (
    Context,
    DeterministicUnderstanding,
    Understood,
    info_topic,
    promote_bare_answer,
    wants_any_provider,
)

logger = logging.getLogger(__name__)

# Fixed descriptions of where the conversation stands: code's words, never the patient's.
_SITUATIONS = {
    State.COLLECT_PROVIDER: "The assistant has just asked which provider the patient wants to see.",
    State.COLLECT_DATE: "The assistant has just asked which day suits the patient.",
    State.COLLECT_TIME: "The assistant has just asked what time suits the patient.",
    State.COLLECT_PATIENT_INFO: (
        "The assistant has just asked for the patient's full name, date of birth and phone number."
    ),
    State.COLLECT_REASON: "The assistant has just asked for the reason for the visit.",
    State.CONFIRM_BOOKING: "The assistant has just asked the patient to confirm, yes or no.",
}


class ModelUnderstanding:
    """The rules, then the model; see the module docstring for how they are merged."""

    def __init__(
        self,
        *,
        provider: Provider,
        intent_model: str,
        fallback_model: str,
        threshold: float,
        deadline_s: float,
        rules: DeterministicUnderstanding | None = None,
    ) -> None:
        self.provider, self.intent_model, self.fallback_model = provider, intent_model, fallback_model
        self.threshold, self.deadline_s = threshold, deadline_s
        self.rules = rules or DeterministicUnderstanding()

    def understand(self, text: str, context: Context) -> Understood:
        rules = self.rules.understand(text, context)
        if context.model_text is None:
            return rules
        reading = understand(
            self.provider,
            context.model_text,
            intent_model=self.intent_model,
            fallback_model=self.fallback_model,
            threshold=self.threshold,
            deadline_s=self.deadline_s,
            situation=situation(context),
        )
        if reading is None:
            return rules
        return merge(rules, reading, text=text, context=context, threshold=self.threshold)


def situation(context: Context) -> str:
    lines = []
    if context.state == State.SHOWING_SLOTS and context.options_shown:
        lines.append(
            f"The assistant has just offered {context.options_shown} numbered options and asked the patient "
            "to pick one."
        )
    elif context.state in _SITUATIONS:
        lines.append(_SITUATIONS[context.state])
    if context.providers:
        names = "; ".join(
            f"{p.display_name} ({p.specialty})" if p.specialty else p.display_name for p in context.providers
        )
        lines.append(f"The clinic's providers: {names}.")
    if context.visit_types:
        lines.append(f"The clinic's visit types: {'; '.join(v.name for v in context.visit_types)}.")
    return "\n".join(lines)


def merge(rules: Understood, reading: ModelReading, *, text: str, context: Context, threshold: float) -> Understood:
    """The rules' reading with the model's added; see the module docstring."""
    result = replace(rules, provider_ids=list(rules.provider_ids))
    model_intent = Intent(reading.intent)
    if (
        reading.confidence >= threshold
        and model_intent != Intent.UNKNOWN
        and rules.intent != Intent.HANDOFF
        and not (rules.negative and model_intent == Intent.CONFIRMATION)
    ):
        result.intent, result.confidence = model_intent, reading.confidence
        if model_intent == Intent.INFORMATION and rules.intent != Intent.INFORMATION:
            result.info_topic = info_topic(text)
    slots = reading.slots

    def said(value: str | None) -> str:
        """The model's value with this conversation's placeholders read back."""
        if not value:
            return ""
        return context.redaction.restore(value) if context.redaction is not None else value

    now, today = context.now, context.now.date()
    if not (result.provider_ids or result.any_provider) and slots.provider:
        matched = extract.match_providers(said(slots.provider), context.providers)
        result.provider_ids = [p.pk for p in matched]
        result.any_provider = not matched and wants_any_provider(said(slots.provider))
    if not (result.on or result.week or result.earliest):
        for phrase in (said(slots.date), said(slots.flexibility)):
            if not phrase:
                continue
            if extract.wants_earliest(phrase):
                result.earliest = True
            elif (week := extract.find_week(phrase, today=today)) is not None:
                result.week = week
            elif (on := extract.resolve_date(phrase, now=now, date_order=context.date_order)) is not None:
                result.on = on
            if result.on or result.week or result.earliest:
                break
    if result.at is None and slots.time:
        at = extract.find_time(said(slots.time))
        offered = {(o.hour, o.minute) for o in context.offered}
        if at is not None and (not offered or (at.hour, at.minute) in offered):
            result.at = at
    if not result.part_of_day and slots.part_of_day:
        result.part_of_day = slots.part_of_day
    if result.visit_type_id is None and slots.visit_type:
        visit_type = extract.match_visit_type(said(slots.visit_type), context.visit_types)
        result.visit_type_id = visit_type.pk if visit_type else None
    if not result.reason and _written(said(slots.reason), text):
        result.reason = " ".join(said(slots.reason).split())[:200]
    if not result.full_name and _written(said(slots.patient_name), text):
        result.full_name = extract.find_name(said(slots.patient_name), loose=True)
    if not result.phone and _written(said(slots.phone), text):
        result.phone = extract.find_phone(said(slots.phone))
    if result.date_of_birth is None and _written(said(slots.date_of_birth), text):
        result.date_of_birth = extract.find_dob(said(slots.date_of_birth), today=today)
    if result.pick is None and slots.option is not None and slots.option <= context.options_shown:
        result.pick = slots.option
    promote_bare_answer(result, context)
    if result != rules:
        logger.info(
            "receptionist: model understanding used",
            extra={"intent": result.intent.value, "rules_intent": rules.intent.value},
        )
    return result


def _written(value: str, text: str) -> bool:
    """Whether the patient wrote `value` (spacing and case aside)."""
    folded = " ".join(value.casefold().split())
    return bool(folded) and folded in " ".join(text.casefold().split())
