"""How the model's reading is merged with the rules' (`model.merge`), against a fixed
clinic-local now: Wednesday 4 March 2026, 10:00 in New York. No model is called here."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from types import SimpleNamespace

from nuvae.lib.llm.understanding import Understanding
from nuvae.lib.safety.types import Redaction
from scheduling.receptionist.model import merge, situation
from scheduling.receptionist.states import Intent, State
from scheduling.receptionist.understanding import Context, DeterministicUnderstanding

NY = zoneinfo.ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=NY)
LEE = SimpleNamespace(pk=1, first_name="Ana", last_name="Lee", specialty="Family Medicine", display_name="Ana Lee")
PATEL = SimpleNamespace(pk=2, first_name="Raj", last_name="Patel", specialty="Dermatology", display_name="Raj Patel")
PHYSICAL = SimpleNamespace(pk=7, name="Annual physical", minutes=30)


def context(state: State = State.IDLE, **kwargs: object) -> Context:
    return Context(state=state, now=NOW, providers=[LEE, PATEL], visit_types=[PHYSICAL], **kwargs)  # type: ignore[arg-type]


def read(text: str, intent: str, confidence: float, ctx: Context | None = None, **slots: object):
    ctx = ctx or context()
    rules = DeterministicUnderstanding().understand(text, ctx)
    reading = Understanding.model_validate({"intent": intent, "confidence": confidence, "slots": slots})
    return merge(rules, reading, text=text, context=ctx, threshold=0.7)


def test_a_confident_model_intent_replaces_the_rules_intent():
    result = read("could the skin doctor fit me in", "SCHEDULING", 0.9)

    assert (result.intent, result.confidence) == (Intent.SCHEDULING, 0.9)


def test_below_the_threshold_the_rules_intent_stands():
    result = read("what are your hours", "CANCELLATION", 0.5)

    assert result.intent == Intent.INFORMATION


def test_a_request_for_a_person_is_never_argued_away():
    result = read("can I talk to a real person", "SCHEDULING", 0.99)

    assert result.intent == Intent.HANDOFF


def test_a_no_is_never_read_as_a_yes():
    result = read("no", "CONFIRMATION", 0.99, context(State.CONFIRM_BOOKING))

    assert result.intent == Intent.DENIAL
    assert result.negative


def test_a_provider_must_be_one_of_the_clinics():
    assert read("the skin doctor", "SCHEDULING", 0.9, provider="dermatology").provider_ids == [PATEL.pk]
    assert read("Dr Smith please", "SCHEDULING", 0.9, provider="Dr. Smith").provider_ids == []


def test_a_date_is_resolved_against_the_clinics_local_now():
    result = read("could I come in a fortnight", "SCHEDULING", 0.9, date="in two weeks")

    assert result.on == dt.date(2026, 3, 18)


def test_flexibility_gives_the_earliest_or_a_week():
    assert read("I'm flexible", "SCHEDULING", 0.9, flexibility="earliest").earliest
    week = read("sometime in the coming week", "SCHEDULING", 0.9, flexibility="next week").week
    assert week is not None
    assert (week.first, week.last) == (dt.date(2026, 3, 9), dt.date(2026, 3, 15))


def test_the_rules_alone_read_none_of_these():
    rules = DeterministicUnderstanding()
    for text in ("could I come in a fortnight", "I'm flexible", "sometime in the coming week"):
        understood = rules.understand(text, context())
        assert not understood.has_when, text


def test_what_the_rules_found_stands_over_the_model():
    result = read("book Dr Lee on Friday", "SCHEDULING", 0.9, provider="Dr. Patel", date="Monday")

    assert (result.provider_ids, result.on) == ([LEE.pk], dt.date(2026, 3, 6))


def test_an_option_counts_only_among_those_offered():
    offering = context(State.SHOWING_SLOTS, options_shown=3)

    assert read("that one in the middle", "CONFIRMATION", 0.9, offering, option=2).pick == 2
    assert read("that one at the end", "CONFIRMATION", 0.9, offering, option=5).pick is None
    assert read("the middle one", "CONFIRMATION", 0.9, context(), option=2).pick is None


def test_while_options_are_offered_a_time_counts_only_if_offered():
    offered = [dt.datetime(2026, 3, 10, 9, 0, tzinfo=NY), dt.datetime(2026, 3, 10, 15, 0, tzinfo=NY)]
    offering = context(State.SHOWING_SLOTS, options_shown=2, offered=offered)

    assert read("the afternoon one", "CONFIRMATION", 0.9, offering, time="3pm").at == dt.time(15, 0)
    assert read("the one after lunch", "CONFIRMATION", 0.9, offering, time="1pm").at is None
    assert read("after lunch", "SCHEDULING", 0.9, context(State.COLLECT_DATE), time="1pm").at == dt.time(13, 0)


def test_identity_comes_back_from_the_placeholders_only_when_written():
    redaction = Redaction()
    name = redaction.placeholder_for("PERSON", "Maria Gomez")
    dob = redaction.placeholder_for("DATE_OF_BIRTH", "05/06/1975")
    ctx = context(State.IDLE, redaction=redaction)

    result = read("Maria Gomez here, 05/06/1975", "SCHEDULING", 0.9, ctx, patient_name=name, date_of_birth=dob)
    invented = read("hello there", "GREETING", 0.9, ctx, patient_name=name, phone="607-555-0100")

    assert (result.full_name, result.date_of_birth) == ("Maria Gomez", dt.date(1975, 5, 6))
    assert (invented.full_name, invented.phone) == ("", "")


def test_a_reason_is_taken_only_as_the_patient_wrote_it():
    assert read("my lower back is sore", "SCHEDULING", 0.9, reason="lower back is sore").reason == "lower back is sore"
    assert read("my lower back is sore", "SCHEDULING", 0.9, reason="sciatica").reason == ""


def test_a_visit_type_must_be_one_of_the_clinics():
    assert read("my yearly exam", "SCHEDULING", 0.9, visit_type="annual physical").visit_type_id == PHYSICAL.pk
    assert read("a massage", "SCHEDULING", 0.9, visit_type="massage").visit_type_id is None


def test_a_bare_answer_filled_by_the_model_is_scheduling():
    result = read("the skin one", "UNKNOWN", 0.9, context(State.COLLECT_PROVIDER), provider="Dermatology")

    assert (result.intent, result.provider_ids) == (Intent.SCHEDULING, [PATEL.pk])


def test_the_situation_names_the_question_and_the_clinics_vocabulary_only():
    text = situation(context(State.SHOWING_SLOTS, options_shown=4))

    assert "offered 4 numbered options" in text
    assert "Ana Lee (Family Medicine); Raj Patel (Dermatology)" in text
    assert "Annual physical" in text
