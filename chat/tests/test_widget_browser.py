"""The widget end to end in a real browser (headless Chromium, see `chromium.py`) against
daphne serving Nuvae in another process, with the deterministic receptionist behind it.

- a booking typed into the demo page's widget lands in the database;
- each reply is announced once to a screen reader, whole (a model of the live regions);
- on a clinic's own site (another origin, as deployed) the widget works by keyboard alone;
- the server stops and starts again under an open chat: the widget reconnects with growing,
  jittered delays and the same conversation goes on to the booking;
- a 429 from the ticket endpoint is waited out as long as Retry-After says;
- the demo page fits a phone's screen.

The live server runs in another process, so the test database must be a file or PostgreSQL.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
import unittest
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from asgiref.sync import SyncToAsync
from channels.layers import channel_layers
from channels.testing import ChannelsLiveServerTestCase
from channels.testing.live import make_application, set_database_connection
from daphne.testing import DaphneProcess
from django.conf import settings
from django.db import connections

from chat.models import WidgetConfig
from chat.tests.chromium import CHROMIUM, SHIFT, STEP_TIMEOUT, CDPError, Chromium
from chat.tests.factories import WidgetConfigFactory
from clinics.tests.factories import ClinicFactory, ProviderFactory
from scheduling.models import Appointment, ConversationSession
from scheduling.receptionist.replies import local
from scheduling.tests.factories import VisitTypeFactory

# Known to complete with the deterministic engine (receptionist_scripts.json: "book-tomorrow-new-patient",
# with "next Tuesday" so the day is always a weekday inside the provider's hours).
CONVERSATION = [
    "I'd like to book an appointment with Dr. Lee next Tuesday",
    "the first one",
    "My name is Maria Gomez, born 05/06/1975, phone 607-555-0199",
    "checkup",
    "yes",
]

# In the embedding page.
FRAME = "document.getElementById('nuvae-chat-frame')"
LAUNCHER = "document.querySelector('.nuvae-chat-launcher')"

# In the widget's own document (the iframe).
LOG = "document.getElementById('nc-log')"
ROOT = "document.querySelector('.nc-chat')"
# What the widget shows: its status line and the text of every message (for failure messages).
WIDGET_STATE = (
    "({state: document.querySelector('.nc-chat').dataset.state,"
    " status: document.getElementById('nc-status').textContent,"
    f" messages: Array.from({LOG}.children).map(n => n.className + ': ' + n.textContent)}})"
)
BOT_REPLIES = f"Array.from({LOG}.querySelectorAll('.nc-msg--bot')).map(n => n.textContent)"

# Runs inside the iframe once the chat is ready. It records:
# - __busyValues: every value aria-busy takes on the log;
# - __announcements: what the live regions hand a screen reader, as a strict model of it: a
#   change inside a live region that is not busy is spoken at once (one per DOM change);
#   changes while the log is aria-busy wait, and are spoken together, once, when it stops
#   being busy (the text of what was added, as it stands then);
# - __reconnects: each reconnect the widget schedules (attempt, delay in ms), read from the
#   data-reconnect-* attributes it documents on its root element.
OBSERVE = """
(() => {
  const root = document.querySelector(".nc-chat");
  const log = document.getElementById("nc-log");
  const status = document.getElementById("nc-status");
  window.__busyValues = [];
  window.__announcements = [];
  window.__reconnects = [];
  let busy = log.getAttribute("aria-busy") === "true";
  let held = [];
  const speak = (region, text) => window.__announcements.push({region, text});
  const added = (record) => record.type === "characterData"
    ? record.target.textContent : Array.from(record.addedNodes).map(n => n.textContent).join("");
  new MutationObserver((records) => {
    // Records arrive in batches after the fact: follow aria-busy through the batch in order.
    records.forEach((record, index) => {
      if (record.type === "attributes") {
        const next = records.slice(index + 1).find(r => r.type === "attributes");
        const value = next ? next.oldValue : log.getAttribute("aria-busy");
        window.__busyValues.push(value);
        busy = value === "true";
        if (!busy && held.length) {
          const nodes = [...new Set(held)].filter(n => n.isConnected);
          const outermost = nodes.filter(n => !nodes.some(o => o !== n && o.contains(n)));
          speak("log", outermost.map(n => n.textContent).join(""));
          held = [];
        }
      } else if (busy) {
        held.push(...(record.type === "characterData" ? [record.target] : record.addedNodes));
      } else {
        speak("log", added(record));
      }
    });
  }).observe(log, {attributes: true, attributeFilter: ["aria-busy"], attributeOldValue: true,
                   childList: true, characterData: true, subtree: true});
  new MutationObserver(() => speak("status", status.textContent))
    .observe(status, {childList: true, characterData: true, subtree: true});
  new MutationObserver(() => window.__reconnects.push({
    attempt: Number(root.dataset.reconnectAttempt), delay: Number(root.dataset.reconnectDelayMs)}))
    .observe(root, {attributes: true, attributeFilter: ["data-reconnect-delay-ms"]});
  return true;
})()
"""

# Where the keyboard focus is in a document, and whether it shows (the element matches
# :focus-visible and draws an outline). Run in the page, then in the iframe if it has it.
FOCUS = """
(() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const name = el.id ? "#" + el.id : el.classList.length ? "." + el.classList[0] : el.tagName.toLowerCase();
  return {
    frame: el.tagName === "IFRAME",
    element: name,
    visible: el.matches(":focus-visible") && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
  };
})()
"""


def wait_until(check: Callable[[], Any], what: str, explain: Callable[[], Any] = lambda: None) -> Any:
    """Poll `check` until it is truthy; its value. A script error counts as not yet (the
    iframe may still be loading). On a timeout the failure shows what `explain` returns."""
    deadline = time.monotonic() + STEP_TIMEOUT
    error: CDPError | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
        except CDPError as exc:
            value, error = None, exc
        if value:
            return value
        time.sleep(0.1)
    try:
        state = explain()
    except CDPError as exc:
        state = exc
    raise AssertionError(f"Timed out waiting for {what}; state: {state!r}; last script error: {error}")


class WidgetFrame:
    """The widget's iframe, for reading its document: through the page when it is the same
    origin (the demo page), through the frame's own session when it is another site."""

    def __init__(self, browser: Chromium, session: str | None = None) -> None:
        self.browser = browser
        self.session = session

    def evaluate(self, expression: str) -> Any:
        if self.session:
            return self.browser.evaluate(expression, session=self.session)
        return self.browser.evaluate(f"{FRAME}.contentWindow.eval({json.dumps(expression)})")

    def wait_for(self, expression: str, what: str) -> Any:
        return wait_until(lambda: self.evaluate(expression), what, lambda: self.evaluate(WIDGET_STATE))


def clinic_site(html: str) -> tuple[str, Callable[[], None]]:
    """A clinic's own website on another origin (127.0.0.1, where Nuvae is on localhost):
    one page, `html`. Its origin and a function that stops it."""
    body = html.encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}", stop


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
        self.widget = WidgetConfigFactory.create(clinic=self.clinic, allowed_origins=[self.live_server_url])
        self.browser = Chromium()
        self.addCleanup(self.browser.close)
        self.frame = WidgetFrame(self.browser)

    # --- driving the page ---------------------------------------------------------------

    def _load(self, url: str, *, cross_site: bool = False) -> None:
        """`url`, with the chat connected in its (still hidden) iframe and observed."""
        browser = self.browser
        browser.open_page(url)
        wait_until(lambda: browser.evaluate(f"!!{LAUNCHER}"), "the launcher button")
        if cross_site:
            self.frame = WidgetFrame(browser, browser.frame_session())
        # Ready: the page got a ticket, the iframe opened the socket and enabled the input.
        self.frame.wait_for(f"{ROOT}.dataset.state === 'ready'", "the chat to connect")
        assert self.frame.evaluate(OBSERVE) is True

    def _open_widget(self) -> None:
        self._load(f"{self.live_server_url}/widget/demo/")
        self.browser.evaluate(f"{LAUNCHER}.click()")
        wait_until(lambda: self.browser.evaluate(f"!{FRAME}.hidden"), "the chat iframe to open")

    def _say(self, text: str) -> str:
        """Put the focus in the iframe's input, type `text`, press Enter; the whole reply."""
        self.browser.evaluate(f"{FRAME}.contentWindow.focus()")
        self.frame.evaluate("document.getElementById('nc-input').focus()")
        return self._type_and_send(text)

    def _type_and_send(self, text: str) -> str:
        """Type `text` where the focus is, press Enter, wait for the whole reply; the reply."""
        before = self.frame.evaluate(f"{BOT_REPLIES}.length")
        self.browser.send("Input.insertText", {"text": text})
        self.browser.press("Enter")
        self.frame.wait_for(
            f"{BOT_REPLIES}.length > {before} && {LOG}.getAttribute('aria-busy') === 'false'", f"the reply to {text!r}"
        )
        return str(self.frame.evaluate(f"{BOT_REPLIES}[{BOT_REPLIES}.length - 1]"))

    def _focus(self) -> dict[str, Any]:
        """Where the focus is: {where: page or frame, element: #id or .class, visible}."""
        page = self.browser.evaluate(FOCUS)
        if not page["frame"]:
            return {"where": "page", "element": page["element"], "visible": page["visible"]}
        inside = self.frame.evaluate(FOCUS)
        return {"where": "frame", "element": inside["element"], "visible": inside["visible"]}

    def _expect_focus(self, where: str, element: str) -> None:
        """The focus reaches `element` (in the page or the frame) and shows. Waited for: focus
        moving into or out of a frame from another site crosses processes, so it lands a moment
        after the key."""
        expected = {"where": where, "element": element, "visible": True}
        wait_until(lambda: self._focus() == expected, f"the focus on {where} {element}", self._focus)

    def _session_id(self) -> str | None:
        storage_key = json.dumps(f"nuvae-chat-session:{self.widget.publishable_key}")
        return self.frame.evaluate(f"sessionStorage.getItem({storage_key})")  # type: ignore[no-any-return]

    def _booked(self) -> Appointment:
        appointment = Appointment.objects.get(clinic=self.clinic)
        assert appointment.provider_id == self.provider.pk
        assert appointment.status == Appointment.Status.SCHEDULED
        return appointment

    # --- the server under the page --------------------------------------------------------

    def _stop_server(self) -> None:
        """The server goes away (a crash, a deploy): its sockets close, nothing listens."""
        cls = type(self)
        cls._server_process.terminate()
        cls._server_process.join()
        # Should the test fail while the server is down, the next tests still get one.
        self.addCleanup(lambda: None if cls._server_process.is_alive() else self._start_server_again())

    def _start_server_again(self) -> None:
        """A new server process on the same port, as the restarted deployment."""
        cls = type(self)
        application = partial(make_application, static_wrapper=cls.static_wrapper if cls.serve_static else None)
        cls._server_process = cls.ProtocolServerProcess(
            cls.host, application, setup=set_database_connection, port=cls._port
        )
        cls._server_process.start()
        if not cls._server_process.ready.wait(timeout=STEP_TIMEOUT):
            raise AssertionError(f"The server did not start again on port {cls._port}.")

    # --- the tests --------------------------------------------------------------------------

    def test_a_booking_conversation_in_the_widget_books_the_offered_slot(self) -> None:
        self._open_widget()

        replies = [self._say(text) for text in CONVERSATION]

        offered = next(line for line in replies[0].splitlines() if line.startswith("1. "))
        appointment = self._booked()
        when = local(self.clinic, appointment.start_at)  # e.g. "Tuesday, March 3 at 9:00 AM EST"
        assert offered == f"1. {when} with {self.provider.display_name}"
        last = replies[-1]
        assert self.provider.display_name in last
        assert when in last
        user_messages = f"Array.from({LOG}.querySelectorAll('.nc-msg--user')).map(n => n.textContent)"
        assert self.frame.evaluate(user_messages) == CONVERSATION

    def test_each_reply_is_announced_once_and_only_when_finished(self) -> None:
        self._open_widget()

        replies = [self._say(text) for text in CONVERSATION[:2]]

        seen = self.frame.evaluate(
            f"({{role: {LOG}.getAttribute('role'), busy: {LOG}.getAttribute('aria-busy'),"
            " values: window.__busyValues, spoken: window.__announcements})"
        )
        assert seen["role"] == "log"
        # Busy from the first frame of each reply to its end, then not busy.
        changes = [value for index, value in enumerate(seen["values"]) if seen["values"][index - 1 : index] != [value]]
        assert changes == ["true", "false"] * len(replies)
        assert seen["busy"] == "false"
        # The patient's own message is added (and read) as sent; each reply exactly once, whole;
        # nothing partial, and no "typing…" or other status in between.
        assert seen["spoken"] == [
            {"region": "log", "text": text} for pair in zip(CONVERSATION[:2], replies, strict=True) for text in pair
        ]
        assert all(len(reply) > 40 for reply in replies)  # long enough to have streamed in several deltas

    def test_on_a_clinics_own_site_the_widget_works_by_keyboard_alone(self) -> None:
        browser = self.browser
        site, stop_site = clinic_site(
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>Alpha Family Clinic</title></head>"
            "<body><h1>Alpha Family Clinic</h1><p><a href='/hours'>Opening hours</a></p>"
            f"<script src='{self.live_server_url}/static/widget/nuvae-chat.js'"
            f" data-widget-key='{self.widget.publishable_key}'></script></body></html>"
        )
        self.addCleanup(stop_site)
        WidgetConfig.objects.filter(pk=self.widget.pk).update(allowed_origins=[site])
        self._load(f"{site}/", cross_site=True)

        # Tab from the top of the page: the site's link, then the launcher; the focus shows.
        browser.press("Tab")
        browser.press("Tab")
        self._expect_focus("page", ".nuvae-chat-launcher")
        assert browser.evaluate(f"{FRAME}.hidden") is True

        browser.press("Enter")  # opens the chat; the focus lands in its input
        wait_until(lambda: browser.evaluate(f"!{FRAME}.hidden"), "the chat to open")
        assert browser.evaluate(f"{LAUNCHER}.getAttribute('aria-expanded')") == "true"
        self._expect_focus("frame", "#nc-input")

        reply = self._type_and_send(CONVERSATION[0])  # Enter sends
        assert "1. " in reply
        self._expect_focus("frame", "#nc-input")

        # The panel is not modal, so it does not trap the focus: Shift+Tab walks back through
        # its controls and out to the launcher just before it; Tab walks in again, through
        # every control in order. Each shows its focus.
        for where, element in [("frame", "#nc-log"), ("frame", ".nc-close"), ("page", ".nuvae-chat-launcher")]:
            browser.press("Tab", modifiers=SHIFT)
            self._expect_focus(where, element)
        for element in [".nc-close", "#nc-log", "#nc-input", ".nc-send"]:
            browser.press("Tab")
            self._expect_focus("frame", element)
        browser.press("Tab", modifiers=SHIFT)
        self._expect_focus("frame", "#nc-input")

        browser.press("Escape")  # closes the chat; the focus goes back to the launcher
        wait_until(lambda: browser.evaluate(f"{FRAME}.hidden"), "the chat to close")
        self._expect_focus("page", ".nuvae-chat-launcher")
        assert browser.evaluate(f"{LAUNCHER}.getAttribute('aria-expanded')") == "false"

        browser.press("Space")  # Space opens it too, into the same conversation
        wait_until(lambda: browser.evaluate(f"!{FRAME}.hidden"), "the chat to open again")
        self._expect_focus("frame", "#nc-input")
        self._type_and_send(CONVERSATION[1])
        conversation = ConversationSession.objects.get(clinic=self.clinic)
        assert conversation.message_count == 2
        assert conversation.slot_selected is not None  # "the first one" picked what the first reply offered

        for where, element in [("frame", "#nc-log"), ("frame", ".nc-close"), ("page", ".nuvae-chat-launcher")]:
            browser.press("Tab", modifiers=SHIFT)  # back out to the launcher: Escape there closes the chat too
            self._expect_focus(where, element)
        browser.press("Escape")
        wait_until(lambda: browser.evaluate(f"{FRAME}.hidden"), "the chat to close from the launcher")
        self._expect_focus("page", ".nuvae-chat-launcher")

        # Not trapped: from Send, Tab goes on out of the panel (past the page's last control).
        browser.press("Enter")
        self._expect_focus("frame", "#nc-input")
        browser.press("Tab")
        self._expect_focus("frame", ".nc-send")
        browser.press("Tab")
        wait_until(lambda: self._focus()["where"] == "page", "the focus to leave the panel", self._focus)

    def test_after_the_server_drops_the_widget_reconnects_with_backoff_and_the_booking_goes_on(self) -> None:
        browser = self.browser
        self._open_widget()
        replies = [self._say(text) for text in CONVERSATION[:2]]
        session_id = self._session_id()
        assert session_id
        browser.events.clear()

        self._stop_server()
        self.frame.wait_for(
            f"{ROOT}.dataset.state === 'reconnecting' && Number({ROOT}.dataset.reconnectAttempt) >= 3",
            "three reconnect attempts to fail",
        )
        # Typed while the server is away: the input stays usable and the message waits.
        browser.send("Input.insertText", {"text": CONVERSATION[2]})
        browser.press("Enter")
        self._start_server_again()
        self.frame.wait_for(f"{ROOT}.dataset.state === 'ready'", "the chat to reconnect")
        self.frame.wait_for(
            f"{BOT_REPLIES}.length === 3 && {LOG}.getAttribute('aria-busy') === 'false'",
            "the reply to the message sent while away",
        )
        self._expect_focus("frame", "#nc-input")  # the reconnect neither moved nor dropped the focus
        replies.append(str(self.frame.evaluate(f"{BOT_REPLIES}[2]")))
        replies += [self._type_and_send(text) for text in CONVERSATION[3:]]

        # Backoff: each wait chosen between half and all of a ceiling that doubles from 0.5 s,
        # so the waits grow; and jitter: not the same fraction of the ceiling every time.
        scheduled = self.frame.evaluate("window.__reconnects")
        assert len(scheduled) >= 3
        assert [attempt["attempt"] for attempt in scheduled] == list(range(1, len(scheduled) + 1))
        delays = [attempt["delay"] for attempt in scheduled]
        ceilings = [500 * 2 ** (attempt["attempt"] - 1) for attempt in scheduled]
        assert all(ceiling / 2 <= delay <= ceiling for delay, ceiling in zip(delays, ceilings, strict=True))
        assert all(earlier < later for earlier, later in itertools.pairwise(delays))
        assert len({round(delay / ceiling, 3) for delay, ceiling in zip(delays, ceilings, strict=True)}) > 1
        # What the browser did: after the socket closed, one ticket request per attempt, each
        # at least its chosen delay after the one before, each for the same conversation.
        closed = next(e["params"]["timestamp"] for e in browser.events if e["method"] == "Network.webSocketClosed")
        tickets = [
            e["params"]
            for e in browser.events
            if e["method"] == "Network.requestWillBeSent"
            and e["params"]["request"]["url"].endswith("/widget/session")
            and e["params"]["request"]["method"] == "POST"
        ]
        assert len(tickets) == len(scheduled)
        asked = [ticket["timestamp"] for ticket in tickets]
        waited_ms = [(later - earlier) * 1000 for earlier, later in zip([closed, *asked], asked, strict=False)]
        assert all(waited >= delay - 5 for waited, delay in zip(waited_ms, delays, strict=True)), (waited_ms, delays)
        assert {json.loads(ticket["request"]["postData"])["session_id"] for ticket in tickets} == {session_id}

        # The same conversation went on to the booking.
        assert self._session_id() == session_id
        appointment = self._booked()
        conversation = ConversationSession.objects.get(clinic=self.clinic)
        assert str(conversation.session_key) == session_id
        assert conversation.appointment_id == appointment.pk
        assert conversation.message_count == len(CONVERSATION)
        assert local(self.clinic, appointment.start_at) in replies[-1]
        # The outage was announced once, in the status line; every reply still once, whole.
        spoken = self.frame.evaluate("window.__announcements")
        assert [a["text"] for a in spoken if a["region"] == "status" and a["text"]] == ["Reconnecting…"]
        assert [a["text"] for a in spoken if a["region"] == "log"] == [
            text for pair in zip(CONVERSATION, replies, strict=True) for text in pair
        ]

    @unittest.skipUnless(settings.REDIS_URL, "the live server shares the rate-limit window only through Redis")
    def test_a_rate_limited_widget_waits_as_long_as_retry_after_says(self) -> None:
        # This machine's address takes every ticket of the window first, as a looping script would.
        request = urllib.request.Request(  # noqa: S310 - the live server's own http URL
            f"{self.live_server_url}/widget/session",
            data=json.dumps({"widget_key": self.widget.publishable_key}).encode(),
            headers={"Content-Type": "application/json", "Origin": self.live_server_url},
        )
        for _ in range(settings.WIDGET_SESSION_RATE_LIMIT):
            with urllib.request.urlopen(request, timeout=STEP_TIMEOUT) as response:  # noqa: S310
                assert response.status == 200

        self.browser.open_page(f"{self.live_server_url}/widget/demo/")

        self.frame.wait_for(f"{ROOT}.dataset.state === 'reconnecting'", "the refused ticket")
        refused = next(
            e["params"]["response"]
            for e in self.browser.events
            if e["method"] == "Network.responseReceived" and e["params"]["response"]["url"].endswith("/widget/session")
        )
        assert refused["status"] == 429
        retry_after = int({name.lower(): value for name, value in refused["headers"].items()}["retry-after"])
        assert retry_after >= 1
        # The first backoff would be at most half a second; the widget waits what it was told.
        assert int(self.frame.evaluate(f"{ROOT}.dataset.reconnectDelayMs")) >= retry_after * 1000
        assert self.frame.evaluate("document.getElementById('nc-status').textContent") == "Reconnecting…"

    def test_demo_page_fits_a_phone_screen(self) -> None:
        browser = self.browser
        browser.open_page(f"{self.live_server_url}/widget/demo/", width=375)
        wait_until(lambda: browser.evaluate(f"!!{LAUNCHER}"), "the launcher button")

        page = browser.evaluate(
            "({scroll: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,"
            " snippet: document.querySelector('pre').getBoundingClientRect().right,"
            f" launcher: {LAUNCHER}.getBoundingClientRect().right}})"
        )
        # The embed snippet wraps inside its box: no sideways scrolling, and the launcher
        # (fixed to the layout viewport's corner) stays on the screen.
        assert page["viewport"] == 375
        assert page["scroll"] == page["viewport"]
        assert page["snippet"] <= page["viewport"]
        assert page["launcher"] <= page["viewport"]
