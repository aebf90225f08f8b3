#!/usr/bin/env python
"""The safety input pipeline per chat message: p50, p95 and messages per second on one core.

    .venv/bin/python bench/safety.py [--rounds 5]

Messages are the labelled evaluation sets (PHI, crisis, injection: real-looking patient
and billing traffic). The analyzer is built once before timing, as in a server process;
each message then runs the whole input pipeline (sanitize, injection, consent, PHI
detection and redaction, crisis, content filter) in this one thread.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The repository first, in place of bench/ (whose fhir.py and chat.py would shadow packages).
sys.path[0] = str(ROOT)
os.environ.setdefault("OMP_NUM_THREADS", "1")

from nuvae.lib.safety.evaluation import load_crisis, load_injection, load_phi  # noqa: E402
from nuvae.lib.safety.phi.engine import get_analyzer  # noqa: E402
from nuvae.lib.safety.pipeline import Conversation, check_input  # noqa: E402


def messages() -> list[str]:
    texts = [e.text for e in load_phi("phi_dev.jsonl")]
    texts += [e.text for e in load_crisis("crisis_dev.jsonl")]
    texts += [e.text for e in load_injection("injection_dev.jsonl")]
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the message set")
    args = parser.parse_args()
    texts = messages()
    started = time.perf_counter()
    get_analyzer()
    build_ms = (time.perf_counter() - started) * 1000
    for text in texts[:50]:  # warm regex caches and spaCy's vocabulary
        check_input(text, conversation=Conversation())
    timings: list[float] = []
    wall = time.perf_counter()
    for _ in range(args.rounds):
        for text in texts:
            t0 = time.perf_counter()
            check_input(text, conversation=Conversation())
            timings.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - wall
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    p99 = timings[int(len(timings) * 0.99) - 1]
    lengths = sorted(len(t) for t in texts)
    print(f"python {platform.python_version()} on {platform.machine()}, one thread")
    print(f"analyzer built once in {build_ms:.0f} ms")
    print(
        f"{len(texts)} distinct messages (median {lengths[len(lengths) // 2]} chars), {args.rounds} rounds, "
        f"{len(timings)} runs"
    )
    print(f"per message: p50 {p50:.2f} ms, p95 {p95:.2f} ms, p99 {p99:.2f} ms, max {timings[-1]:.2f} ms")
    print(f"throughput: {len(timings) / elapsed:.0f} messages/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
