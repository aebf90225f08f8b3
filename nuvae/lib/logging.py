"""Structured logging: one JSON object per line, with the request id on every record.

Messages must never carry PHI values or secrets; callers log ids and counts. As a second
line of defence the formatter copies only plain scalar `extra` values (a dict or model
passed as an extra is dropped, not dumped).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from nuvae.lib import context

_RESERVED = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime", "request_id"}


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = context.current().request_id or "-"
        return True


class DropQueryStringFilter(logging.Filter):
    """For the development server's access lines (`django.channels.server`, the server of
    `make run`): keep the path, drop the query string, which can carry PHI
    (`?search=<a patient's name>`, `?phone=…`, `?date_of_birth=…`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        path = args.get("path") if isinstance(args, Mapping) else None
        if isinstance(args, Mapping) and isinstance(path, str):
            record.args = {**args, "path": path.split("?", 1)[0]}
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or context.current().request_id or "-",
        }
        for key, value in vars(record).items():
            # An extra named like a standard key ("level", "ts") must not overwrite it.
            if key in _RESERVED or key in payload or key.startswith("_"):
                continue
            if isinstance(value, str | int | float | bool) or value is None:
                payload[key] = value
        if record.exc_info:
            payload["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)
