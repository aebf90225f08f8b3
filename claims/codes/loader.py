"""Loading the code tables from CSV files (plain or gzipped), replacing a system's rows."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connections

BUNDLED = Path(__file__).parent / "data"

# system → (file stem, reader of one CSV row into Code fields)
_FILES = {
    "CARC": "carc",
    "RARC": "rarc",
    "PLB": "plb",
    "HCPCS": "hcpcs",
    "HCPCSMOD": "hcpcs_modifiers",
    "ICD10CM": "icd10cm",
}
SOURCES = {
    "CARC": "VistA CARC list (2016)",
    "RARC": "VistA RARC list (2016)",
    "PLB": "VistA PLB reasons",
    "HCPCS": "CMS HCPCS Level II 2019",
    "HCPCSMOD": "CMS HCPCS Level II 2019",
    "ICD10CM": "ICD-10-CM FY2019",
}


def _date(raw: str) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if "-" in raw:
        return dt.date.fromisoformat(raw)
    return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))


def _row(system: str, row: dict[str, str]) -> dict[str, Any]:
    if system in ("CARC", "RARC", "PLB"):
        return {
            "code": row["code"].strip(),
            "description": row["description"].strip(),
            "effective_from": _date(row.get("start_date", "")),
            "effective_to": _date(row.get("stop_date", "")),
        }
    if system in ("HCPCS", "HCPCSMOD"):
        return {
            "code": row["code"].strip(),
            "description": row["long_description"].strip(),
            "short_description": row["short_description"].strip()[:120],
            "effective_from": _date(row.get("action_effective_date", "") or row.get("added_date", "")),
            "effective_to": _date(row.get("termination_date", "")),
        }
    return {
        "code": row["code"].strip(),
        "description": row["long_desc"].strip(),
        "short_description": row["short_desc"].strip()[:120],
        "billable": row["billable"].strip() == "True",
    }


def _find(folder: Path, stem: str) -> Path | None:
    for candidate in (folder / f"{stem}.csv.gz", folder / f"{stem}.csv"):
        if candidate.exists():
            return candidate
    return None


def read_rows(path: Path, system: str) -> Iterator[dict[str, Any]]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    seen: set[str] = set()
    for row in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        fields = _row(system, row)
        if fields["code"] and fields["code"] not in seen:
            seen.add(fields["code"])
            yield fields


_COLUMNS = (
    "system",
    "code",
    "description",
    "short_description",
    "effective_from",
    "effective_to",
    "billable",
    "source",
)


def load_codes(code_model: Any, folder: Path = BUNDLED, systems: list[str] | None = None) -> dict[str, int]:
    """Replace each system's rows with the file's. `code_model` is the Code model (the
    real one, or a migration's historical one). Returns rows loaded per system.

    Rows go in with one `executemany` per system rather than model instances: ICD-10-CM
    alone is ~94,000 rows, and this runs in a migration every new database goes through."""
    loaded = {}
    manager = code_model.objects
    table = connection_quote(manager.db, code_model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608 (fixed names)
    for system in systems or list(_FILES):
        path = _find(folder, _FILES[system])
        if path is None:
            continue
        rows = [
            (
                system,
                f["code"],
                f["description"],
                f.get("short_description", ""),
                f.get("effective_from"),
                f.get("effective_to"),
                f.get("billable", True),
                SOURCES[system],
            )
            for f in read_rows(path, system)
        ]
        manager.filter(system=system).delete()
        connection = connections[manager.db]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                copy_sql = f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN"
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(sql, rows)
        loaded[system] = len(rows)
    return loaded


def connection_quote(alias: str, name: str) -> str:
    return connections[alias].ops.quote_name(name)
