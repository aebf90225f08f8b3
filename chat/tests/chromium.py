"""Headless Chromium for the widget's browser tests, driven through the DevTools protocol.

Debian's `chromium` runs with `--remote-debugging-pipe` (fd 3: commands in, fd 4: replies
and events out, NUL-terminated JSON); stdlib only, nothing downloaded. One page target;
frames from another site (the widget's iframe on a clinic's own site) are separate targets
reached through their own session.
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
from typing import Any

CHROMIUM = "/usr/bin/chromium"
STEP_TIMEOUT = 15.0  # seconds to wait for one reply or page state; generous for a shared 2-core box

# Keys as Chromium's own keyboard sends them (Input.dispatchKeyEvent).
KEYS: dict[str, dict[str, Any]] = {
    "Tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
    "Enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "Space": {"key": " ", "code": "Space", "windowsVirtualKeyCode": 32, "text": " "},
    "Escape": {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27},
}
SHIFT = 8  # the protocol's modifier bit


class CDPError(RuntimeError):
    pass


class Chromium:
    """Commands are sent and awaited in turn; events that arrive meanwhile are kept in `events`."""

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
        self.events: list[dict[str, Any]] = []  # protocol events, in arrival order

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, page: bool = True, session: str | None = None
    ) -> dict[str, Any]:
        """A command to the page (default), to another target's `session`, or to the browser."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session or (page and self.session):
            message["sessionId"] = session or self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            if "method" in reply:
                self.events.append(reply)

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

    def open_page(self, url: str, *, width: int | None = None) -> None:
        """A new tab on `url`; `width` emulates a phone of that many CSS pixels."""
        target = self.send("Target.createTarget", {"url": "about:blank"}, page=False)
        attached = self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, page=False)
        self.session = attached["sessionId"]
        self.send("Page.enable")
        # Headless, no window has the system's focus; without this the page never has focus,
        # and keyboard focus (and :focus-visible) behave as in a background tab.
        self.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        if width is not None:
            metrics = {"width": width, "height": 2 * width, "deviceScaleFactor": 1, "mobile": True}
            self.send("Emulation.setDeviceMetricsOverride", metrics)
        self.send("Network.enable")
        # Frames from another site get their own target (and session), announced as events.
        self.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": True})
        self.send("Page.navigate", {"url": url})

    def frame_session(self) -> str:
        """The session of the first cross-site frame of the page, once it is attached."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline:
            for event in self.events:
                if event["method"] == "Target.attachedToTarget" and event["params"]["targetInfo"]["type"] == "iframe":
                    return str(event["params"]["sessionId"])
            self.evaluate("0")  # reads what has arrived
            time.sleep(0.1)
        raise AssertionError("No cross-site frame was attached.")

    def evaluate(self, expression: str, *, session: str | None = None) -> Any:
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        result = self.send("Runtime.evaluate", params, session=session)
        if "exceptionDetails" in result:
            raise CDPError(f"{expression[:80]}…: {result['exceptionDetails']}")
        return result["result"].get("value")

    def press(self, name: str, *, modifiers: int = 0) -> None:
        """One key pressed and released, as the keyboard would: the page's default actions
        (focus moves on Tab, a button clicks on Enter or Space, a form submits) follow."""
        key = KEYS[name]
        down = "keyDown" if "text" in key else "rawKeyDown"
        self.send("Input.dispatchKeyEvent", {"type": down, "modifiers": modifiers, **key})
        up = {field: value for field, value in key.items() if field != "text"}
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "modifiers": modifiers, **up})

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
