"""The EDI inbox: X12 files dropped in `<EDI_INBOX_DIR>/<clinic slug>/` are submitted for
import (stored, hashed, imported once) and moved to `<clinic slug>/processed/`, so each
scan only sees new files. A file still being written is picked up by the next scan: only
files unchanged for a minute are taken."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings

from claims.models import EdiFile
from claims.services import MAX_EDI_BYTES, edi_file_submit
from clinics.audit import Actor
from clinics.models import Clinic

SETTLE_SECONDS = 60


def inbox_scan(root: Path | None = None, *, settle_seconds: int = SETTLE_SECONDS) -> int:
    """Submit every settled file of the inbox; returns how many were submitted."""
    folder = root if root is not None else (Path(settings.EDI_INBOX_DIR) if settings.EDI_INBOX_DIR else None)
    if folder is None or not folder.is_dir():
        return 0
    clinics = {c.slug: c for c in Clinic.objects.filter(slug__in=[p.name for p in folder.iterdir() if p.is_dir()])}
    actor = Actor.system("edi inbox")
    submitted = 0
    now = time.time()
    for slug, clinic in sorted(clinics.items()):
        done = folder / slug / "processed"
        for path in sorted((folder / slug).iterdir()):
            if not path.is_file() or path.name.startswith(".") or now - path.stat().st_mtime < settle_seconds:
                continue
            if path.stat().st_size > MAX_EDI_BYTES:
                continue
            edi_file_submit(
                clinic=clinic, name=path.name, content=path.read_bytes(), source=EdiFile.Source.INBOX, actor=actor
            )
            done.mkdir(exist_ok=True)
            target = done / path.name
            if target.exists():
                target = done / f"{path.stem}-{int(now)}{path.suffix}"
            path.rename(target)
            submitted += 1
    return submitted
