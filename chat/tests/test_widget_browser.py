"""The widget end to end in a real browser: headless Chromium opens the demo page served by
daphne, opens the launcher, types a booking conversation into the iframe and presses Enter;
the replies stream over /ws/chat/ from the deterministic receptionist, and the booking
lands in the database.

Chromium is driven through the Chrome DevTools Protocol over `--remote-debugging-pipe`
(fd 3: commands in, fd 4: replies out, NUL-terminated JSON), stdlib only. The live server
runs in another process, so the test database must be a file or PostgreSQL.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
import unittest
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import SyncToAsync
from channels.layers import channel_layers
from channels.testing import ChannelsLiveServerTestCase
from daphne.testing import DaphneProcess
from django.db import connections

from chat.tests.factories import WidgetConfigFactory
from clinics.tests.factories import ClinicFactory, ProviderFactory
from scheduling.models import Appointment
from scheduling.receptionist.replies import local
from scheduling.tests.factories import VisitTypeFactory

CHROMIUM = "/usr/bin/chromium"
STEP_TIMEOUT = 15.0  # seconds to wait for one reply or page state; generous for a shared 2-core box

# Known to complete with the deterministic engine (receptionist_scripts.json: "book-tomorrow-new-patient",
# with "next Tuesday" so the day is always a weekday inside the provider's hours).
CONVERSATION = [
    "I'd like to book an appointment with Dr. Lee next Tuesday",
    "the first one",
    "My name is Maria Gomez, born 05/06/1975, phone 607-555-0199",
    "checkup",
    "yes",
]

# Runs inside the iframe: records every value aria-busy takes on the log.
OBSERVE_BUSY = """
(() => {
  const log = document.getElementById("nc-log");
  window.__busyValues = [];
  new MutationObserver(() => window.__busyValues.push(log.getAttribute("aria-busy")))
    .observe(log, {attributes: true, attributeFilter: ["aria-busy"]});
  return true;
})()
"""


class CDPError(RuntimeError):
    pass


class Chromium:
    """Headless Chromium with a DevTools pipe; one page target, commands sent and awaited in turn."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="nuvae-chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def wire_pipe() -> None:  # in the child, before exec: the pipe ends become fds 3 and 4
            high_in = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
            high_out = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.process = subprocess.Popen(  # noqa: S603 - a fixed argv, no outside input
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--remote-debugging-pipe",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=wire_pipe,  # two dup2 calls between fork and exec
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.session: str | None = None

    def send(self, method: str, params: dict[str, Any] | None = None, *, page: bool = True) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if page and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:  # events (no id) are not needed here
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._from_browser], [], [], remaining)[0]:
                raise CDPError("Chromium did not answer in time.")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise CDPError("Chromium closed the DevTools pipe.")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(raw))

    def open_page(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, page=False)
        attached = self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, page=False)
        self.session = attached["sessionId"]
        self.send("Page.enable")
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise CDPError(f"{expression[:80]}…: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, what: str, explain: str = "null") -> Any:
        """Poll the page until `expression` is truthy; its value. On a timeout the failure
        shows what `explain` evaluates to (the widget's status line, say)."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"Timed out waiting for {what}; page state: {self.evaluate(explain)!r}")

    def press_enter(self) -> None:
        for kind in ("keyDown", "keyUp"):
            self.send(
                "Input.dispatchKeyEvent",
                {
                    "type": kind,
                    "key": "Enter",
                    "code": "Enter",
                    "windowsVirtualKeyCode": 13,
                    **({"text": "\r"} if kind == "keyDown" else {}),
                },
            )

    def close(self) -> None:
        try:
            self.send("Browser.close", page=False)
            self.process.wait(timeout=10)
        except (CDPError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
            shutil.rmtree(self.profile, ignore_errors=True)


# Expressions run in the demo page; the iframe is same-origin with it (both served by Nuvae).
FRAME = "document.getElementById('nuvae-chat-frame')"
FRAME_DOC = f"{FRAME}.contentDocument"
LOG = f"{FRAME_DOC}.getElementById('nc-log')"
# What the widget shows: its status line and the text of every message (for failure messages).
WIDGET_STATE = (
    f"({{status: {FRAME_DOC}.getElementById('nc-status').textContent,"
    f" messages: Array.from({LOG}.children).map(n => n.className + ': ' + n.textContent)}})"
)
BOT_REPLIES = f"Array.from({LOG}.querySelectorAll('.nc-msg--bot')).map(n => n.textContent)"


class ForkSafeDaphneProcess(DaphneProcess):
    """The live server is forked from the test process, whose earlier async tests left state
    that does not survive a fork: asgiref's single-thread executor (its idle worker thread is
    gone in the child, so database_sync_to_async would wait forever) and the channel layers
    (Redis connections of the parent's event loops). The child starts both afresh."""

    def run(self) -> None:
        SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
        channel_layers.backends.clear()
        super().run()


class WidgetInBrowserTests(ChannelsLiveServerTestCase):
    ProtocolServerProcess = ForkSafeDaphneProcess

    @classmethod
    def setUpClass(cls) -> None:
        if not os.path.exists(CHROMIUM):
            raise unittest.SkipTest(f"{CHROMIUM} is not installed: the browser test needs Chromium.")
        if any(cls._is_in_memory_db(c) for c in connections.all()):
            raise unittest.SkipTest(
                "The live server runs in another process and cannot see an in-memory SQLite test database: "
                "run with PostgreSQL (DATABASE_URL) or a file-backed SQLite TEST_DATABASE_NAME."
            )
        super().setUpClass()

    def setUp(self) -> None:
        self.clinic = ClinicFactory.create(name="Alpha Family Clinic")
        self.provider = ProviderFactory.create(clinic=self.clinic, first_name="Ana", last_name="Lee")
        VisitTypeFactory.create(clinic=self.clinic, name="Annual physical", minutes=30)
        WidgetConfigFactory.create(clinic=self.clinic, allowed_origins=[self.live_server_url])
        self.browser = Chromium()
        self.addCleanup(self.browser.close)

    def _open_widget(self) -> None:
        browser = self.browser
        browser.open_page(f"{self.live_server_url}/widget/demo/")
        browser.wait_for("!!document.querySelector('.nuvae-chat-launcher')", "the launcher button")
        browser.evaluate("document.querySelector('.nuvae-chat-launcher').click()")
        browser.wait_for(f"!{FRAME}.hidden", "the chat iframe to open")
        # Ready: the page got a ticket, the iframe opened the socket and enabled the input.
        browser.wait_for(f"{FRAME_DOC} && {FRAME_DOC}.readyState === 'complete' && {LOG} !== null", "the iframe")
        browser.wait_for(f"!{FRAME_DOC}.getElementById('nc-input').disabled", "the chat to connect", WIDGET_STATE)
        assert browser.evaluate(f"{FRAME}.contentWindow.eval({json.dumps(OBSERVE_BUSY)})") is True

    def _say(self, text: str) -> str:
        """Type `text` into the iframe's input, press Enter, wait for the whole reply; the reply."""
        browser = self.browser
        before = browser.evaluate(f"{BOT_REPLIES}.length")
        browser.evaluate(f"{FRAME}.contentWindow.focus(); {FRAME_DOC}.getElementById('nc-input').focus()")
        browser.send("Input.insertText", {"text": text})
        browser.press_enter()
        browser.wait_for(
            f"{BOT_REPLIES}.length > {before} && {LOG}.getAttribute('aria-busy') === 'false'",
            f"the reply to {text!r}",
            WIDGET_STATE,
        )
        return str(browser.evaluate(f"{BOT_REPLIES}[{BOT_REPLIES}.length - 1]"))

    def test_a_booking_conversation_in_the_widget_books_the_offered_slot(self) -> None:
        self._open_widget()

        replies = [self._say(text) for text in CONVERSATION]

        offered = next(line for line in replies[0].splitlines() if line.startswith("1. "))
        appointment = Appointment.objects.get(clinic=self.clinic)
        assert appointment.provider_id == self.provider.pk
        assert appointment.status == Appointment.Status.SCHEDULED
        when = local(self.clinic, appointment.start_at)  # e.g. "Tuesday, March 3 at 9:00 AM EST"
        assert offered == f"1. {when} with {self.provider.display_name}"
        last = replies[-1]
        assert self.provider.display_name in last
        assert when in last
        log = self.browser.evaluate(
            f"({{role: {LOG}.getAttribute('role'), busy: {LOG}.getAttribute('aria-busy'),"
            f" seen: {FRAME}.contentWindow.__busyValues}})"
        )
        assert log["role"] == "log"
        assert "true" in log["seen"]
        assert log["busy"] == "false"
        user_messages = self.browser.evaluate(
            f"Array.from({LOG}.querySelectorAll('.nc-msg--user')).map(n => n.textContent)"
        )
        assert user_messages == CONVERSATION
