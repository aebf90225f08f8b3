#!/usr/bin/env python
"""Rebuild nuvae/lib/safety/phi/common_words.txt.gz: the common English words that are
not names, used by the rule-based PERSON recognizer to tell "this is urgent" from "this
is dani".

Source: the English word-probability table of spacy-lookups-data (MIT licence; see its
en_license.txt), a requirement of the project, so nothing is downloaded. Words with a
log-probability of at least THRESHOLD (lower-case, alphabetic) are kept. Run it after
upgrading spacy-lookups-data:

    .venv/bin/python scripts/build_common_words.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

import spacy_lookups_data
import srsly

THRESHOLD = -13.5
OUT = Path(__file__).resolve().parent.parent / "nuvae" / "lib" / "safety" / "phi" / "common_words.txt.gz"


def main() -> int:
    table = srsly.read_gzip_json(Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz")
    words = sorted(w for w, p in table.items() if p >= THRESHOLD and w.isalpha() and w.islower() and w.isascii())
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("\n".join(words) + "\n")
    print(f"{len(words)} words written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
