"""Benchmark: concurrent receptionist conversations over `POST /api/v1/chat`.

Drives N conversations at once (default 20) against a running server, each a scripted
booking-style exchange, and reports turns per second and the p50/p99 server time per
turn (`processing_time_ms` from each response) next to the client-side round trip.

Run it against PostgreSQL and Redis, the deployment shape:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/nuvae REDIS_URL=redis://127.0.0.1:6379/0
    make run                                   # migrates, seeds the demo, serves on :8000
    .venv/bin/python bench/chat.py --key ar_test_...   # a demo API key printed by seed_demo
    .venv/bin/python bench/chat.py --key ar_test_... --conversations 20 --rounds 5 --url http://127.0.0.1:8000

The endpoint arrives with the conversation engine (issue 4, items 4 and 7); until it is
served the script stops with a clear message. No network beyond the given server.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from typing import Any

import httpx

SCRIPT = [
    "Hi, I'd like to book an appointment",
    "the earliest you have",
    "the first one",
    "What are your opening hours?",
    "thanks, bye",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def conversation(client: httpx.AsyncClient, rounds: int, server_ms: list[float], wall_ms: list[float]) -> None:
    for _ in range(rounds):
        session_id: str | None = None
        for text in SCRIPT:
            body: dict[str, Any] = {"message": text}
            if session_id:
                body["session_id"] = session_id
            started = time.perf_counter()
            response = await client.post("/api/v1/chat", json=body)
            wall_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code == 404:
                raise SystemExit("POST /api/v1/chat is not served here yet (it lands with the conversation engine).")
            response.raise_for_status()
            data = response.json()
            session_id = data["session_id"]
            server_ms.append(float(data["processing_time_ms"]))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--key", required=True, help="a clinic API key (ar_live_… or a demo ar_test_…)")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="scripted conversations each worker runs")
    args = parser.parse_args()

    server_ms: list[float] = []
    wall_ms: list[float] = []
    headers = {"Authorization": f"Bearer {args.key}"}
    limits = httpx.Limits(max_connections=args.conversations)
    async with httpx.AsyncClient(base_url=args.url, headers=headers, timeout=30, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(
            *(conversation(client, args.rounds, server_ms, wall_ms) for _ in range(args.conversations))
        )
        elapsed = time.perf_counter() - started

    turns = len(server_ms)
    print(
        f"{args.conversations} concurrent conversations, {turns} turns in {elapsed:.1f} s:",
        f"{turns / elapsed:.1f} turns/s",
    )
    print(f"server time per turn  p50 {statistics.median(server_ms):.1f} ms  p99 {percentile(server_ms, 0.99):.1f} ms")
    print(f"round trip per turn   p50 {statistics.median(wall_ms):.1f} ms  p99 {percentile(wall_ms, 0.99):.1f} ms")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except httpx.HTTPError as exc:
        sys.exit(f"Request failed: {exc}")
