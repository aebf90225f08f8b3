"""The engine with a language model configured, through `POST /api/v1/chat`, driving the
real Anthropic and OpenAI SDK clients against a fake HTTP transport (no network): the
model's reading is used, its failures leave the rules to answer, the fallback model is
asked below the threshold, only redacted text leaves, and the crisis step may ask it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx2
import pytest

from clinics.models import Provider as ClinicProvider
from nuvae.lib.llm import factory
from nuvae.lib.llm.anthropic_provider import AnthropicProvider
from nuvae.lib.llm.base import Provider
from nuvae.lib.llm.openai_provider import OpenAIProvider
from nuvae.lib.llm.tests.support import FakeServer, anthropic_tool, error, openai_chat, timeout
from scheduling.models import Appointment, HandoffRequest
from scheduling.receptionist import replies

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Vendor:
    name: str
    fast: str
    careful: str
    build: Callable[[FakeServer], Provider]
    answer: Callable[[dict[str, Any]], httpx2.Response]
    crisis: Callable[[str], httpx2.Response]
    invalid: httpx2.Response

    def system(self, body: dict[str, Any]) -> str:
        return body["system"] if self.name == "anthropic" else body["messages"][0]["content"]


ANTHROPIC = Vendor(
    name="anthropic",
    fast="claude-fast",
    careful="claude-careful",
    build=lambda server: AnthropicProvider(
        api_key="test-key", base_url="http://stub.local", http_client=server.client()
    ),
    answer=anthropic_tool,
    crisis=lambda tier: anthropic_tool({"tier": tier}, name="CrisisOpinion"),
    invalid=anthropic_tool({"intent": "BOOK", "confidence": "high"}),
)
OPENAI = Vendor(
    name="openai",
    fast="gpt-fast",
    careful="gpt-careful",
    build=lambda server: OpenAIProvider(
        api_key="test-key", base_url="http://stub.local/v1", http_client=server.client()
    ),
    answer=lambda answer: openai_chat(json.dumps(answer)),
    crisis=lambda tier: openai_chat(json.dumps({"tier": tier})),
    invalid=openai_chat('{"intent": "SCHEDULING", "confidence": '),
)


@pytest.fixture(params=[ANTHROPIC, OPENAI], ids=lambda v: v.name)
def vendor(request: pytest.FixtureRequest) -> Vendor:
    return request.param


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def configured(vendor: Vendor, server: FakeServer, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Vendor:
    """LLM_PROVIDER set, and `get_provider()` answering with the real SDK client whose
    transport is the fake server."""
    settings.LLM_PROVIDER = vendor.name
    settings.ANTHROPIC_API_KEY = settings.OPENAI_API_KEY = "test-key"
    settings.LLM_INTENT_MODEL, settings.LLM_FALLBACK_MODEL = vendor.fast, vendor.careful
    settings.LLM_CONFIDENCE_THRESHOLD = 0.7
    provider = vendor.build(server)
    monkeypatch.setattr(factory, "_build", lambda *args: provider)
    return vendor


def patel(clinic: Any) -> ClinicProvider:
    return ClinicProvider.objects.get(clinic=clinic, last_name="Patel")


def reading(intent: str, confidence: float, **slots: object) -> dict[str, Any]:
    return {"intent": intent, "confidence": confidence, "slots": slots}


def chat(api: Any, messages: list[str]) -> list[dict[str, Any]]:
    session_id, answers = None, []
    for message in messages:
        body = {"message": message, **({"session_id": session_id} if session_id else {})}
        response = api.post("/api/v1/chat", body, format="json")
        assert response.status_code == 200, response.content
        answers.append(response.json())
        session_id = answers[-1]["session_id"]
    return answers


PATIENT_TURNS = [
    "Could the skin doctor see me next Wednesday?",
    "I'll go with option two please",
    "My name is Maria Gomez, born 05/06/1975, phone 607-555-0199",
    "my lower back has been sore",
    "that works for me",
]


def queue_booking(configured: Vendor, server: FakeServer) -> None:
    """What the model reads in PATIENT_TURNS: where the rules alone would ask which
    provider, fail to read "option two", and not take "that works for me" as a yes."""
    server.replies += [
        configured.answer(reading("SCHEDULING", 0.93, provider="dermatology", date="next Wednesday")),
        configured.answer(reading("CONFIRMATION", 0.9, option=2)),
        configured.answer(
            reading(
                "SCHEDULING",
                0.9,
                patient_name="[PERSON_1]",
                date_of_birth="[DATE_OF_BIRTH_1]",
                phone="[PHONE_NUMBER_1]",
            )
        ),
        configured.answer(reading("SCHEDULING", 0.88, reason="lower back has been sore")),
        configured.answer(reading("CONFIRMATION", 0.95)),
    ]


def test_a_conversation_is_booked_on_the_models_reading(api, demo_clinic, configured, server):
    queue_booking(configured, server)

    answers = chat(api, PATIENT_TURNS)

    dermatologist = patel(demo_clinic)
    assert answers[0]["collected_data"]["provider_ids"] == [str(dermatologist.pk)]
    second = answers[0]["available_slots"][1]
    assert answers[-1]["state"] == "BOOKED"
    assert (answers[-1]["intent"], answers[-1]["confidence"]) == ("CONFIRMATION", 0.95)
    appointment = Appointment.objects.get(pk=answers[-1]["booking_id"])
    assert (appointment.provider, appointment.start_at) == (dermatologist, datetime.fromisoformat(second["start"]))
    assert (appointment.patient.first_name, appointment.patient.last_name) == ("Maria", "Gomez")
    assert appointment.reason == "lower back has been sore"
    assert [server.body(i)["model"] for i in range(len(server.requests))] == [configured.fast] * 5


def test_the_confirmation_is_the_template_with_provider_date_and_time(api, demo_clinic, configured, server):
    queue_booking(configured, server)

    answers = chat(api, PATIENT_TURNS[:4])

    slot = answers[0]["available_slots"][1]
    when = replies.local(demo_clinic, datetime.fromisoformat(slot["start"]))
    assert answers[-1]["state"] == "CONFIRM_BOOKING"
    assert answers[-1]["message"] == (
        f"To confirm: an appointment with {slot['provider_name']} on {when}. Shall I book it? (yes or no)"
    )
    assert when.endswith(("EST", "EDT"))  # the clinic's zone, America/New_York


def test_only_redacted_text_is_sent_to_the_model(api, demo_clinic, configured, server):
    queue_booking(configured, server)

    chat(api, PATIENT_TURNS)

    sent = [request.content.decode() for request in server.requests]
    assert len(sent) == 5
    for body in sent:
        for value in ("Maria", "Gomez", "607-555-0199", "6075550199", "05/06/1975", "1975"):
            assert value not in body
    assert all(p in sent[2] for p in ("[PERSON_1]", "[DATE_OF_BIRTH_1]", "[PHONE_NUMBER_1]"))
    assert "offered 5 numbered options" in configured.system(server.body(1))


def test_below_the_threshold_the_fallback_model_is_asked(api, demo_clinic, configured, server):
    server.replies += [
        configured.answer(reading("UNKNOWN", 0.4)),
        configured.answer(reading("SCHEDULING", 0.9, provider="Dr. Patel", date="next Wednesday")),
    ]

    [answer] = chat(api, [PATIENT_TURNS[0]])

    assert [server.body(i)["model"] for i in range(2)] == [configured.fast, configured.careful]
    assert answer["state"] == "SHOWING_SLOTS"
    assert answer["collected_data"]["provider_ids"] == [str(patel(demo_clinic).pk)]


DETERMINISTIC_BOOKING = ["book Dr Lee next Tuesday", "1", "Jane Doe 03/04/1980", "skip", "yes"]


@pytest.mark.parametrize("failure", ["timeout", "server_error", "invalid_answer"])
def test_when_the_model_fails_the_rules_answer_and_the_booking_completes(api, demo_clinic, configured, server, failure):
    reply = {"timeout": timeout, "server_error": error(500), "invalid_answer": configured.invalid}[failure]
    server.replies += [reply] * len(DETERMINISTIC_BOOKING)

    answers = chat(api, DETERMINISTIC_BOOKING)

    assert answers[-1]["state"] == "BOOKED"
    appointment = Appointment.objects.get(pk=answers[-1]["booking_id"])
    assert (appointment.provider.last_name, appointment.patient.first_name) == ("Lee", "Jane")
    # Each message was put to the intent model once; a failure is not retried on the fallback.
    assert [server.body(i)["model"] for i in range(len(server.requests))] == [configured.fast] * 5


def test_a_model_option_beyond_those_offered_picks_nothing(api, demo_clinic, configured, server):
    server.replies += [
        configured.answer(reading("SCHEDULING", 0.9, provider="Dr. Patel", date="next Wednesday")),
        configured.answer(reading("CONFIRMATION", 0.9, option=9)),
    ]

    answers = chat(api, [PATIENT_TURNS[0], "I'll go with option nine"])

    assert len(answers[0]["available_slots"]) < 9
    assert answers[-1]["state"] == "SHOWING_SLOTS"
    assert answers[-1]["message"] == "Please pick one of the times by its number, or tell me another day."


# --- the crisis step ---------------------------------------------------------------------


@pytest.fixture
def crisis_clinic(demo_clinic):
    demo_clinic.settings = {**demo_clinic.settings, "safety": {"crisis_model_confirmation": True}}
    demo_clinic.save()
    return demo_clinic


LOW_TIER = "This is Maria Gomez. I feel really down lately, can I book with Dr Lee?"


def test_the_model_can_raise_a_crisis_tier_and_sees_it_redacted(api, crisis_clinic, configured, server):
    server.replies.append(configured.crisis("HIGH"))

    [answer] = chat(api, [LOW_TIER])

    assert answer["state"] == "HANDED_OFF"
    assert HandoffRequest.objects.get(clinic=crisis_clinic).reason == HandoffRequest.Reason.CRISIS
    assert server.body()["model"] == configured.careful
    sent = server.requests[0].content.decode()
    assert "Maria" not in sent
    assert "Gomez" not in sent
    assert "[PERSON_1]" in sent


def test_the_model_cannot_lower_a_crisis_tier(api, crisis_clinic, configured, server):
    server.replies.append(configured.crisis("NONE"))

    [answer] = chat(api, ["I want to kill myself"])

    assert len(server.requests) == 1
    assert answer["state"] == "HANDED_OFF"
    assert HandoffRequest.objects.filter(clinic=crisis_clinic, reason=HandoffRequest.Reason.CRISIS).exists()


def test_the_crisis_step_does_not_ask_the_model_unless_the_clinic_allows_it(api, demo_clinic, configured, server):
    [answer] = chat(api, ["I want to kill myself"])

    assert server.requests == []
    assert answer["state"] == "HANDED_OFF"


def test_without_a_provider_no_model_is_built_or_asked(api, demo_clinic, settings, monkeypatch):
    settings.LLM_PROVIDER = "none"
    monkeypatch.setattr(factory, "_build", lambda *args: pytest.fail("no provider may be built"))

    answers = chat(api, DETERMINISTIC_BOOKING)

    assert answers[-1]["state"] == "BOOKED"
