#!/usr/bin/env python
"""Run the safety evaluation sets and print (or --write into docs/SECURITY.md) the figures.

    .venv/bin/python scripts/safety_eval.py          # print the table and the misses
    .venv/bin/python scripts/safety_eval.py --write  # refresh the block in docs/SECURITY.md

The test suite computes the same table and fails when docs/SECURITY.md differs from it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nuvae.lib.safety.evaluation import BEGIN, END, evaluate_all, render  # noqa: E402

DOC = ROOT / "docs" / "SECURITY.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="replace the generated block in docs/SECURITY.md")
    args = parser.parse_args()
    table = render(evaluate_all())
    if not args.write:
        print(table)
        return 0
    doc = DOC.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        print(f"{DOC} has no generated block; add the two marker lines first:\n{BEGIN}\n{END}", file=sys.stderr)
        return 1
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(head + table + tail, encoding="utf-8")
    print(f"updated {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
