"""Structured logs: one JSON object per line, with the request id, and no non-scalar extras."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from nuvae.lib import context
from nuvae.lib.context import RequestContext
from nuvae.lib.logging import JsonFormatter, RequestContextFilter


@pytest.fixture
def log() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("nuvae.tests.logging")
    logger.handlers, logger.propagate, logger.level = [handler], False, logging.DEBUG
    yield logger, stream
    logger.handlers, logger.propagate = [], True


@pytest.fixture
def request_bound() -> Iterator[None]:
    token = context.bind(RequestContext(request_id="req-42"))
    yield
    context.unbind(token)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_record_is_one_json_line(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    logger.info("first\nsecond")
    assert len(stream.getvalue().splitlines()) == 1
    assert lines(stream)[0]["msg"] == "first\nsecond"


def test_record_has_the_standard_keys(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    logger.warning("booked %s", 3)
    record = lines(stream)[0]
    assert {k: record[k] for k in ("level", "logger", "msg", "request_id")} == {
        "level": "warning",
        "logger": "nuvae.tests.logging",
        "msg": "booked 3",
        "request_id": "-",
    }


def test_timestamp_is_utc_iso_8601(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    logger.info("x")
    assert lines(stream)[0]["ts"].endswith("+00:00")


@pytest.mark.usefixtures("request_bound")
def test_filter_takes_request_id_from_the_context(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    logger.info("inside a request")
    assert lines(stream)[0]["request_id"] == "req-42"


def test_filter_sets_request_id_on_the_record() -> None:
    record = logging.makeLogRecord({"msg": "x"})
    token = context.bind(RequestContext(request_id="req-7"))
    try:
        assert RequestContextFilter().filter(record) is True
    finally:
        context.unbind(token)
    assert record.request_id == "req-7"  # type: ignore[attr-defined]


def test_filter_uses_a_dash_outside_a_request() -> None:
    record = logging.makeLogRecord({"msg": "x"})
    RequestContextFilter().filter(record)
    assert record.request_id == "-"  # type: ignore[attr-defined]


@pytest.mark.usefixtures("request_bound")
def test_formatter_alone_reads_the_request_id_from_the_context() -> None:
    assert json.loads(JsonFormatter().format(logging.makeLogRecord({"msg": "x"})))["request_id"] == "req-42"


def test_scalar_extras_are_kept(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    logger.info("claim scored", extra={"claim_id": "c-1", "score": 0.82, "lines": 3, "urgent": True, "payer": None})
    record = lines(stream)[0]
    assert {k: record[k] for k in ("claim_id", "score", "lines", "urgent", "payer")} == {
        "claim_id": "c-1",
        "score": 0.82,
        "lines": 3,
        "urgent": True,
        "payer": None,
    }


def test_non_scalar_extras_are_dropped(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    logger.info("patient matched", extra={"patient": {"name": "Ada Lovelace"}, "codes": ["E119"], "count": 1})
    record = lines(stream)[0]
    assert ("patient" in record, "codes" in record, record["count"]) == (False, False, 1)
    assert "Ada Lovelace" not in stream.getvalue()


def test_extras_cannot_overwrite_standard_keys(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    logger.error("real", extra={"level": "debug", "ts": "yesterday", "logger": "fake"})
    record = lines(stream)[0]
    assert (record["level"], record["logger"]) == ("error", "nuvae.tests.logging")
    assert record["ts"] != "yesterday"


def test_exception_is_logged_with_type_and_traceback(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("failed")
    record = lines(stream)[0]
    assert record["exc_type"] == "ValueError"
    assert "Traceback" in record["exc"]


def test_dev_server_access_lines_drop_the_query_string(caplog: pytest.LogCaptureFixture) -> None:
    # The `make run` server logs each request on this logger; a query can carry PHI.
    with caplog.at_level(logging.INFO, logger="django.channels.server"):
        logging.getLogger("django.channels.server").info(
            "HTTP %(method)s %(path)s %(status)s",
            {"method": "GET", "path": "/api/v1/patients/?search=Maria", "status": 200},
        )

    assert caplog.messages == ["HTTP GET /api/v1/patients/ 200"]
