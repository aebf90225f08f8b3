/* Nuvae chat widget loader. One tag on the clinic's site:
 *   <script src="https://nuvae.example/static/widget/nuvae-chat.js" data-widget-key="wk_..."></script>
 * adds a launcher button that opens the chat in an iframe served by Nuvae. This page asks
 * Nuvae for a short-lived ticket (the server checks this page's Origin against the clinic's
 * allowed origins) and hands it to the iframe with postMessage; the iframe opens the socket.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.widgetKey) { return; }
  var key = script.dataset.widgetKey;
  var base = new URL(script.src, window.location.href).origin;
  var frame = null;
  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "nuvae-chat-launcher";
  launcher.textContent = "Chat with us";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "nuvae-chat-frame");
  launcher.style.cssText = "position:fixed;right:1.25rem;bottom:1.25rem;z-index:2147483000;padding:.75rem 1.1rem;" +
    "border:0;border-radius:2rem;background:#0f766e;color:#fff;font:600 15px system-ui,sans-serif;cursor:pointer;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.25)";

  function post(message) { if (frame) { frame.contentWindow.postMessage(message, base); } }

  function ensureFrame() {
    if (frame) { return frame; }
    frame = document.createElement("iframe");
    frame.id = "nuvae-chat-frame";
    frame.title = "Chat with the clinic";
    frame.src = base + "/widget/frame/?key=" + encodeURIComponent(key);
    frame.hidden = true;
    frame.style.cssText = "position:fixed;right:1.25rem;bottom:5rem;z-index:2147483000;width:min(24rem,calc(100vw - 2.5rem));" +
      "height:min(36rem,calc(100vh - 7rem));border:1px solid #cbd2d9;border-radius:.8rem;background:#fff;" +
      "box-shadow:0 8px 30px rgba(0,0,0,.25)";
    document.body.appendChild(frame);
    return frame;
  }

  function open() {
    ensureFrame().hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    // Focus the frame from this page first. A frame from another site (Nuvae, on the
    // clinic's page) may not pull the focus into itself: Chromium left it on the launcher
    // (chat/tests/test_widget_browser.py). Once the frame has it, the frame places it.
    frame.focus();
    post({ source: "nuvae-chat", type: "focus" });
  }

  function close() {
    if (frame) { frame.hidden = true; }
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  function issueTicket(sessionId) {
    var body = { widget_key: key };
    if (sessionId) { body.session_id = sessionId; }
    fetch(base + "/widget/session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit"
    }).then(function (response) {
      if (!response.ok) {
        // 429: Retry-After says how long to wait; the iframe waits at least that long.
        var retryAfter = parseInt(response.headers.get("Retry-After") || "0", 10) || 0;
        post({ source: "nuvae-chat", type: "ticket-error", detail: String(response.status), retry_after: retryAfter });
        return;
      }
      return response.json().then(function (data) {
        post({ source: "nuvae-chat", type: "ticket", ticket: data.ticket, session_id: data.session_id });
      });
    }).catch(function (error) {
      post({ source: "nuvae-chat", type: "ticket-error", detail: String(error && error.message || error) });
    });
  }

  window.addEventListener("message", function (event) {
    if (!frame || event.origin !== base || event.source !== frame.contentWindow) { return; }
    var data = event.data || {};
    if (data.source !== "nuvae-chat") { return; }
    if (data.type === "ticket-request") { issueTicket(data.session_id); }
    else if (data.type === "close") { close(); }
  });

  launcher.addEventListener("click", function () {
    if (frame && !frame.hidden) { close(); } else { open(); }
  });
  launcher.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && frame && !frame.hidden) { close(); }
  });

  function mount() { document.body.appendChild(launcher); ensureFrame(); }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
