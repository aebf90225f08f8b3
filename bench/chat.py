"""Benchmark: concurrent receptionist conversations over `POST /api/v1/chat`.

Drives N conversations at once (default 20) against a running server. Each is a whole
visit to the receptionist by a new patient: ask for a provider on a day at a time (an
open slot read from `GET /api/v1/availability/`, a different one per conversation), pick
it, give name, date of birth and phone, a reason, confirm (BOOKED), ask the
opening hours, cancel with an identity check (CANCELLED), say goodbye. It reports turns
per second, the server time per turn (`processing_time_ms`, measured inside the view)
at p50/p95/p99 beside the client's round trip, and how many conversations really
booked and cancelled, so a fast wrong answer cannot pass for a fast one.

`--think` pauses between a reply and the next message, as a person typing does (the
mean in seconds, spread ±50 % with a fixed seed); 0, the default, sends at once, which
is a saturation test: 20 conversations then keep the server always busy.

Run it against PostgreSQL and Redis, the deployment shape (one daphne process here):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/nuvae_chatbench \\
           REDIS_URL=redis://127.0.0.1:6379/9 NUVAE_ENV=development DEBUG=false
    createdb -h 127.0.0.1 -U postgres nuvae_chatbench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    RATE_LIMIT_ENABLED=false .venv/bin/daphne -b 127.0.0.1 -p 8010 nuvae.asgi:application
    .venv/bin/python bench/chat.py --url http://127.0.0.1:8010 --key ar_test_...   # maple's demo key

(The rate limit is off because one key sending 100+ turns a second is far over any tier.)
Every conversation books and then cancels, so the calendar is as it was after a run.
No network beyond the given server.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

FIRST = ["Avery", "Jordan", "Morgan", "Riley", "Casey", "Quinn", "Harper", "Rowan", "Emerson", "Finley"]
LAST = [
    "Whitfield",
    "Ashdown",
    "Penrose",
    "Halloway",
    "Brennan",
    "Castell",
    "Delacroix",
    "Everly",
    "Fairbank",
    "Garland",
]


def script(number: int, slot: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The turns of conversation `number` asking for `slot`, each with the state it should
    end in (None: any)."""
    first, last = FIRST[number % len(FIRST)], LAST[(number // len(FIRST)) % len(LAST)]
    born = f"{1 + (number // 28) % 12:02d}/{1 + number % 28:02d}/{1940 + (number // 336) % 60}"
    phone = f"607-555-{1000 + number % 9000:04d}"
    start = datetime.fromisoformat(slot["start"])
    when = f"{start:%A, %B} {start.day} at {start.hour % 12 or 12}:{start:%M %p}".lower()
    provider = slot["provider_name"].split(",")[0]
    return [
        (f"Hi, I'd like to book an appointment with {provider} on {when}", "SHOWING_SLOTS"),
        ("the first one", None),
        (f"My name is {first} {last}, date of birth {born}, phone {phone}", None),
        ("a checkup", "CONFIRM_BOOKING"),
        ("yes", "BOOKED"),
        ("What are your opening hours?", None),
        ("I need to cancel my appointment", None),
        (f"{first} {last} {born}", None),
        ("yes", "CANCELLED"),
        ("thanks, bye", None),
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Tally:
    server_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)
    reached: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    failures: Counter[int] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


async def open_slots(client: httpx.AsyncClient, wanted: int) -> list[dict[str, Any]]:
    """At least `wanted` distinct open slots (from the day after tomorrow on), spread over
    the providers, so that concurrent conversations do not all race for one."""
    slots: list[dict[str, Any]] = []
    day = datetime.now(UTC).date() + timedelta(days=2)
    for _ in range(120):
        response = await client.get("/api/v1/availability/", params={"date": day.isoformat(), "limit": 50})
        response.raise_for_status()
        slots.extend(response.json()["slots"])
        if len(slots) >= wanted:
            break
        day += timedelta(days=1)
    if len(slots) < wanted:
        raise SystemExit(f"Only {len(slots)} open slots in the next 120 days; {wanted} are needed.")
    by_provider: dict[str, list[dict[str, Any]]] = {}
    for slot in slots:
        by_provider.setdefault(slot["provider"], []).append(slot)
    mixed = [s for group in itertools.zip_longest(*by_provider.values()) for s in group if s is not None]
    return mixed[:wanted]


async def conversation(
    client: httpx.AsyncClient, slots: list[dict[str, Any]], numbers: itertools.count[int], think: float, tally: Tally
) -> None:
    rng = random.Random()
    while slots:
        slot = slots.pop()
        number = next(numbers)
        rng.seed(number)
        session_id: str | None = None
        for text, expected in script(number, slot):
            body: dict[str, Any] = {"message": text}
            if session_id:
                body["session_id"] = session_id
            started = time.perf_counter()
            response = await client.post("/api/v1/chat", json=body)
            tally.wall_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code == 404 and session_id is None:
                raise SystemExit("POST /api/v1/chat is not served at this URL.")
            if response.status_code != 200:
                tally.failures[response.status_code] += 1
                break
            data = response.json()
            session_id = data["session_id"]
            tally.server_ms.append(float(data["processing_time_ms"]))
            if expected is not None:
                (tally.reached if data["state"] == expected else tally.missed)[expected] += 1
                if data["state"] != expected and len(tally.examples) < 3:
                    tally.examples.append(f"{text!r} -> {data['state']}: {data['message'][:160]!r}")
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--key", required=True, help="a clinic API key (ar_live_… or a demo ar_test_…)")
    parser.add_argument("--conversations", type=int, default=20, help="conversations at once")
    parser.add_argument("--rounds", type=int, default=3, help="conversations each of them runs in turn")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between a reply and the next message")
    args = parser.parse_args()

    tally = Tally()
    numbers = itertools.count(int(time.time()) % 100_000)
    headers = {"Authorization": f"Bearer {args.key}"}
    limits = httpx.Limits(max_connections=args.conversations)
    async with httpx.AsyncClient(base_url=args.url, headers=headers, timeout=60, limits=limits) as client:
        slots = await open_slots(client, args.conversations * args.rounds + 1)
        await conversation(client, [slots.pop()], numbers, 0.0, Tally())  # warm the server's caches
        started = time.perf_counter()
        await asyncio.gather(
            *(conversation(client, slots, numbers, args.think, tally) for _ in range(args.conversations))
        )
        elapsed = time.perf_counter() - started

    turns = len(tally.server_ms)
    server, wall = tally.server_ms, tally.wall_ms
    print(
        f"{args.conversations} conversations at once, think {args.think:g} s: {turns} turns in {elapsed:.1f} s,",
        f"{turns / elapsed:.1f} turns/s",
    )
    print(
        f"server time per turn  p50 {statistics.median(server):.1f} ms  p95 {percentile(server, 0.95):.1f} ms",
        f" p99 {percentile(server, 0.99):.1f} ms",
    )
    print(
        f"round trip per turn   p50 {statistics.median(wall):.1f} ms  p95 {percentile(wall, 0.95):.1f} ms",
        f" p99 {percentile(wall, 0.99):.1f} ms",
    )
    conversations = args.conversations * args.rounds
    print(
        "states reached:",
        ", ".join(f"{state} {tally.reached[state]}/{conversations}" for state in sorted(tally.reached | tally.missed)),
    )
    for example in tally.examples:
        print("  missed:", example)
    if tally.failures:
        print("failed requests:", dict(tally.failures))


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except httpx.HTTPError as exc:
        sys.exit(f"Request failed: {exc}")
