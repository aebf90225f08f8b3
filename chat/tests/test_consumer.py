"""The /ws/chat/ transport through the real ASGI application and channel layer: tickets,
origin checks, framing, sequence numbers, batching, resume and the rate limit.

These tests check the transport, not what the receptionist says (the engine answers; the
scripted conversations in scheduling/tests test its words).
"""

from __future__ import annotations

import uuid

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from chat.consumers import ChatConsumer, group_name, reply_chunks
from chat.tickets import ticket_issue
from nuvae.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)

OWN_ORIGIN = b"http://testserver"


def communicator(origin: bytes | None = OWN_ORIGIN) -> WebsocketCommunicator:
    headers = [(b"origin", origin)] if origin else []
    return WebsocketCommunicator(application, "/ws/chat/", headers=headers)


async def authenticated(widget, session_id: str | None = None):
    session_id = session_id or str(uuid.uuid4())
    ws = communicator()
    connected, _ = await ws.connect()
    assert connected
    await ws.send_json_to({"type": "auth", "ticket": ticket_issue(clinic_id=widget.clinic_id, session_id=session_id)})
    ready = await ws.receive_json_from(timeout=5)
    assert ready == {"type": "ready", "session_id": session_id, "seq": 1}
    return ws, session_id


async def frames_until_end(ws, msg_id: str) -> list[dict]:
    frames = []
    while True:
        frame = await ws.receive_json_from(timeout=10)
        frames.append(frame)
        if frame.get("msg_id") == msg_id and frame["type"] in {"end", "error"}:
            return frames


async def test_reply_is_framed_typing_start_deltas_end(widget):
    ws, _ = await authenticated(widget)

    await ws.send_json_to({"type": "message", "text": "hello there", "msg_id": "a1"})
    frames = await frames_until_end(ws, "a1")

    kinds = [f["type"] for f in frames]
    assert kinds[:2] == ["typing", "start"]
    assert kinds[-1] == "end"
    assert set(kinds[2:-1]) == {"delta"}
    assert all(f["msg_id"] == "a1" for f in frames)
    await ws.disconnect()


async def test_deltas_add_up_to_the_whole_reply_in_the_end_frame(widget):
    ws, session_id = await authenticated(widget)

    await ws.send_json_to({"type": "message", "text": "one two three four five six seven eight nine", "msg_id": "a1"})
    frames = await frames_until_end(ws, "a1")

    end = frames[-1]
    streamed = "".join(f["text"] for f in frames if f["type"] == "delta")
    assert streamed == end["text"]
    assert len([f for f in frames if f["type"] == "delta"]) > 1
    assert end["session_id"] == session_id
    assert {"state", "intent", "confidence", "booking_id", "collected_data", "available_slots"} <= set(end)
    await ws.disconnect()


async def test_seq_increases_by_one_per_frame_across_turns(widget):
    ws, _ = await authenticated(widget)

    await ws.send_json_to({"type": "message", "text": "first", "msg_id": "a1"})
    first = await frames_until_end(ws, "a1")
    await ws.send_json_to({"type": "message", "text": "second", "msg_id": "a2"})
    second = await frames_until_end(ws, "a2")

    seqs = [f["seq"] for f in first + second]
    assert seqs == list(range(2, 2 + len(seqs)))
    await ws.disconnect()


async def test_first_frame_must_be_auth(widget):
    ws = communicator()
    await ws.connect()

    await ws.send_json_to({"type": "message", "text": "hi", "msg_id": "a1"})

    assert (await ws.receive_json_from(timeout=5))["type"] == "error"
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


async def test_forged_ticket_closes_with_an_error_frame(widget):
    ws = communicator()
    await ws.connect()

    await ws.send_json_to({"type": "auth", "ticket": "not-a-ticket"})

    error = await ws.receive_json_from(timeout=5)
    assert (error["type"], error["detail"]) == ("error", "The ticket is not valid.")
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


async def test_expired_ticket_closes_with_an_error_frame(widget, monkeypatch):
    ticket = ticket_issue(clinic_id=widget.clinic_id, session_id=str(uuid.uuid4()))
    monkeypatch.setattr("chat.tickets.MAX_AGE_SECONDS", -1)
    ws = communicator()
    await ws.connect()

    await ws.send_json_to({"type": "auth", "ticket": ticket})

    error = await ws.receive_json_from(timeout=5)
    assert "expired" in error["detail"]
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


async def test_ticket_of_a_disabled_widget_is_refused(widget):
    from channels.db import database_sync_to_async

    from chat.models import WidgetConfig

    await database_sync_to_async(WidgetConfig.objects.filter(pk=widget.pk).update)(enabled=False)
    ws = communicator()
    await ws.connect()

    await ws.send_json_to(
        {"type": "auth", "ticket": ticket_issue(clinic_id=widget.clinic_id, session_id=str(uuid.uuid4()))}
    )

    assert (await ws.receive_json_from(timeout=5))["detail"] == "This widget is not enabled."


async def test_socket_from_a_foreign_origin_is_refused(widget):
    connected, _ = await communicator(b"https://evil.example").connect()

    assert connected is False


async def test_socket_without_origin_is_refused(widget):
    connected, _ = await communicator(None).connect()

    assert connected is False


async def test_reconnect_with_the_session_id_rejoins_the_conversation_group(widget):
    first, session_id = await authenticated(widget)
    await first.disconnect()
    second, _ = await authenticated(widget, session_id)

    # What any process sends to the conversation's group reaches the resumed connection.
    await get_channel_layer().group_send(
        group_name(widget.clinic_id, session_id), {"type": "chat.frame", "frame": {"type": "typing", "msg_id": "x"}}
    )

    assert await second.receive_json_from(timeout=5) == {"type": "typing", "msg_id": "x", "seq": 2}
    await second.disconnect()


async def test_reply_goes_to_every_connection_of_the_conversation(widget):
    one, session_id = await authenticated(widget)
    two, _ = await authenticated(widget, session_id)

    await one.send_json_to({"type": "message", "text": "hi", "msg_id": "a1"})

    end = (await frames_until_end(two, "a1"))[-1]
    assert (end["type"], end["session_id"]) == ("end", session_id)
    await one.disconnect()
    await two.disconnect()


async def test_conversations_of_other_clinics_do_not_receive_the_reply(widget, other_widget):
    ours, _ = await authenticated(widget)
    theirs, _ = await authenticated(other_widget)

    await ours.send_json_to({"type": "message", "text": "hi", "msg_id": "a1"})
    await frames_until_end(ours, "a1")

    assert await theirs.receive_nothing(timeout=0.2)
    await ours.disconnect()
    await theirs.disconnect()


async def test_message_over_the_rate_limit_gets_an_error_frame(widget):
    ws, _ = await authenticated(widget)

    for number in range(ChatConsumer.RATE_MESSAGES + 1):
        await ws.send_json_to({"type": "message", "text": "hi", "msg_id": f"m{number}"})
    limited = f"m{ChatConsumer.RATE_MESSAGES}"
    frames = await frames_until_end(ws, limited)

    assert frames[-1]["type"] == "error"
    assert frames[-1]["code"] == "rate_limited"
    await ws.disconnect()


async def test_message_without_text_gets_an_error_frame(widget):
    ws, _ = await authenticated(widget)

    await ws.send_json_to({"type": "message", "text": "  ", "msg_id": "a1"})

    frame = await ws.receive_json_from(timeout=5)
    assert (frame["type"], frame["msg_id"]) == ("error", "a1")
    await ws.disconnect()


def test_reply_chunks_keep_every_character():
    text = "Dr. Lee has  9:00 AM\nor 2:30 PM on Tuesday, March 3. Which works?"

    chunks = reply_chunks(text, 3)

    assert "".join(chunks) == text
    assert len(chunks) == 5  # 13 words, three a chunk
