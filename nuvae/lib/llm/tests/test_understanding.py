"""understand() and crisis_confirmer() over the real Anthropic client and a fake transport."""

from __future__ import annotations

import pytest
from django.test import override_settings

from nuvae.lib.llm import get_provider
from nuvae.lib.llm.anthropic_provider import AnthropicProvider
from nuvae.lib.llm.openai_provider import OpenAIProvider
from nuvae.lib.llm.understanding import crisis_confirmer, understand
from nuvae.lib.safety.crisis import assess
from nuvae.lib.safety.prompt import ModelText
from nuvae.lib.safety.types import CrisisTier

from .support import FakeServer, anthropic_tool, error, timeout


def provider(server: FakeServer) -> AnthropicProvider:
    return AnthropicProvider(api_key="test-key", base_url="http://stub.local", http_client=server.client())


def ask(server: FakeServer, text: ModelText):
    return understand(provider(server), text, intent_model="fast", fallback_model="careful", threshold=0.7)


def answer(confidence: float, intent: str = "SCHEDULING", **slots: str) -> dict[str, object]:
    return {"intent": intent, "confidence": confidence, "slots": slots}


def test_a_confident_answer_comes_from_the_intent_model_alone(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(anthropic_tool(answer(0.9, provider="Dr. Patel", part_of_day="afternoon")))

    result = ask(server, model_text)

    assert result is not None
    assert (result.intent, result.slots.provider, result.slots.part_of_day) == ("SCHEDULING", "Dr. Patel", "afternoon")
    assert [server.body(i)["model"] for i in range(len(server.requests))] == ["fast"]


def test_below_the_threshold_the_fallback_model_answers(server: FakeServer, model_text: ModelText) -> None:
    server.replies += [anthropic_tool(answer(0.4, "UNKNOWN")), anthropic_tool(answer(0.85, "RESCHEDULE"))]

    result = ask(server, model_text)

    assert result is not None
    assert (result.intent, result.confidence) == ("RESCHEDULE", 0.85)
    assert [server.body(i)["model"] for i in range(2)] == ["fast", "careful"]


def test_an_answer_outside_the_schema_gives_none(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(anthropic_tool({"intent": "BOOK", "confidence": "high"}))

    assert ask(server, model_text) is None


@pytest.mark.parametrize("reply", [error(529), error(401), timeout])
def test_a_failed_call_gives_none(server: FakeServer, model_text: ModelText, reply: object) -> None:
    server.replies.append(reply)  # type: ignore[arg-type]

    assert ask(server, model_text) is None


def test_a_failed_fallback_gives_none(server: FakeServer, model_text: ModelText) -> None:
    server.replies += [anthropic_tool(answer(0.3)), error(500)]

    assert ask(server, model_text) is None


def test_understand_refuses_a_plain_str(server: FakeServer) -> None:
    with pytest.raises(TypeError):
        ask(server, "book me with Dr. Patel")  # type: ignore[arg-type]


CRISIS_MESSAGE = "My name is Maria Gonzalez and lately I feel like everyone would be better off without me"


def test_crisis_confirmer_sends_only_redacted_fenced_text(server: FakeServer) -> None:
    server.replies.append(anthropic_tool({"tier": "HIGH"}, name="CrisisOpinion"))
    confirm = crisis_confirmer(provider(server), "careful")

    tier = confirm(CRISIS_MESSAGE, assess(CRISIS_MESSAGE))

    assert tier == CrisisTier.HIGH
    sent = server.body()["messages"][0]["content"]
    assert "Maria" not in sent
    assert "[PERSON_1]" in sent
    assert sent.startswith("<untrusted-data id=")


def test_crisis_confirmer_gives_no_opinion_when_the_call_fails(server: FakeServer) -> None:
    server.replies.append(error(429))
    confirm = crisis_confirmer(provider(server), "careful")

    assert confirm(CRISIS_MESSAGE, assess(CRISIS_MESSAGE)) is None


def test_crisis_confirmer_plugs_into_assess_and_can_raise_the_tier(server: FakeServer) -> None:
    server.replies.append(anthropic_tool({"tier": "CRITICAL"}, name="CrisisOpinion"))
    rules = assess(CRISIS_MESSAGE)

    result = assess(CRISIS_MESSAGE, confirm=crisis_confirmer(provider(server), "careful"), timeout_s=10)

    assert rules.tier < CrisisTier.CRITICAL
    assert (result.tier, result.confirmed_by_model) == (CrisisTier.CRITICAL, True)


@override_settings(LLM_PROVIDER="none")
def test_no_provider_configured_gives_none() -> None:
    assert get_provider() is None


@override_settings(LLM_PROVIDER="anthropic", ANTHROPIC_API_KEY="k")
def test_anthropic_configured_gives_the_anthropic_provider() -> None:
    assert isinstance(get_provider(), AnthropicProvider)


@override_settings(LLM_PROVIDER="openai", OPENAI_API_KEY="k")
def test_openai_configured_gives_the_openai_provider() -> None:
    assert isinstance(get_provider(), OpenAIProvider)
