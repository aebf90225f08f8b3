/* The chat inside Nuvae's iframe: asks the embedding page for a ticket, opens /ws/chat/,
 * renders streamed replies, reconnects with exponential backoff and jitter, and keeps the
 * session id in sessionStorage so a reload or reconnect resumes the conversation.
 *
 * Screen readers: the log (role="log", polite) is aria-busy from the first frame of a reply
 * until its `end`, so the reply is announced once, finished, not word by word. The status
 * line (role="status") speaks only of the connection; "typing…" is shown, not announced
 * (aria-busy already tells assistive technology that the log is being written).
 *
 * The root element carries the connection state for support staff and the browser test:
 * data-state (connecting, ready, reconnecting, unavailable), and, once a reconnect is
 * scheduled, data-reconnect-attempt and data-reconnect-delay-ms (the wait chosen for it).
 */
(function () {
  "use strict";
  var BASE_DELAY_MS = 500;
  var MAX_DELAY_MS = 30000;
  var params = new URLSearchParams(window.location.search);
  var key = params.get("key") || "";
  var storageKey = "nuvae-chat-session:" + key;
  var root = document.querySelector(".nc-chat");
  var log = document.getElementById("nc-log");
  var status = document.getElementById("nc-status");
  var typing = document.getElementById("nc-typing");
  var form = document.querySelector(".nc-form");
  var input = document.getElementById("nc-input");
  var send = document.querySelector(".nc-send");
  var closeButton = document.querySelector(".nc-close");
  var parentWindow = window.parent !== window ? window.parent : null;

  var socket = null;
  var ready = false;
  var attempt = 0;
  var reconnectTimer = null;
  var focusInputWhenReady = false;
  var outbox = [];
  var bubbles = {};
  var streaming = {};
  var counter = 0;

  function sessionId() { try { return window.sessionStorage.getItem(storageKey); } catch (e) { return null; } }
  function keepSession(id) { try { if (id) { window.sessionStorage.setItem(storageKey, id); } } catch (e) { /* storage off */ } }

  function setState(state, text) {
    root.dataset.state = state;
    if (status.textContent !== text) { status.textContent = text; }  // the same words are not said again
  }
  function setEnabled(on) { input.disabled = !on; send.disabled = !on; }

  function busy() {
    var on = Object.keys(streaming).length > 0;
    log.setAttribute("aria-busy", on ? "true" : "false");
    typing.hidden = !on;
  }

  function bubble(kind, text) {
    var node = document.createElement("div");
    node.className = "nc-msg nc-msg--" + kind;
    node.textContent = text;
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    return node;
  }

  function toParent(message) {
    if (parentWindow) { message.source = "nuvae-chat"; parentWindow.postMessage(message, "*"); }
  }

  function requestTicket() {
    // The embedding page holds the Origin the server checks; only it can get a ticket.
    toParent({ type: "ticket-request", session_id: sessionId() });
  }

  function reconnectDelay(retryAfterSeconds) {
    var ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * Math.pow(2, attempt));
    // Jitter: between half and all of the ceiling, so the tabs a server restart dropped
    // come back spread out rather than all at once. Never sooner than the server asked.
    var delay = ceiling / 2 + Math.random() * ceiling / 2;
    return Math.max(delay, (retryAfterSeconds || 0) * 1000);
  }

  function scheduleReconnect(retryAfterSeconds) {
    ready = false;
    if (reconnectTimer) { return; }
    var delay = reconnectDelay(retryAfterSeconds);
    attempt += 1;
    root.dataset.reconnectAttempt = String(attempt);
    root.dataset.reconnectDelayMs = String(Math.round(delay));
    setState("reconnecting", "Reconnecting…");
    reconnectTimer = window.setTimeout(function () { reconnectTimer = null; requestTicket(); }, delay);
  }

  function dropUnfinishedReplies() {
    // Frames of a reply in flight may be lost with the connection: leave the log not busy
    // (a busy log is never announced again) and say that the reply may be incomplete.
    var unfinished = Object.keys(streaming).length > 0;
    streaming = {};
    bubbles = {};
    busy();
    if (unfinished) { bubble("error", "The connection dropped before the reply finished; it may be incomplete."); }
  }

  function connect(ticket) {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var current = new WebSocket(scheme + window.location.host + root.dataset.wsPath);
    socket = current;
    current.onopen = function () { current.send(JSON.stringify({ type: "auth", ticket: ticket })); };
    current.onmessage = function (event) { handle(JSON.parse(event.data)); };
    current.onclose = function (event) {
      if (socket !== current) { return; }
      socket = null;
      dropUnfinishedReplies();
      if (event.code === 4403) { ready = false; setEnabled(false); setState("unavailable", "This chat is not available here."); return; }
      scheduleReconnect(0);
    };
  }

  function replyStarted(msgId) {
    if (!streaming[msgId]) { streaming[msgId] = true; busy(); }
  }

  function replyBubble(msgId) {
    return bubbles[msgId] || (bubbles[msgId] = bubble("bot", ""));
  }

  function handle(frame) {
    if (frame.type === "ready") {
      ready = true;
      attempt = 0;
      keepSession(frame.session_id);
      setEnabled(true);
      setState("ready", "");
      if (focusInputWhenReady && document.activeElement === log) { input.focus(); }
      focusInputWhenReady = false;
      toParent({ type: "ready" });
      while (outbox.length && socket) { socket.send(JSON.stringify(outbox.shift())); }
    } else if (frame.type === "typing") {
      replyStarted(frame.msg_id);
    } else if (frame.type === "start") {
      replyStarted(frame.msg_id);
      replyBubble(frame.msg_id);
    } else if (frame.type === "delta") {
      replyStarted(frame.msg_id);
      replyBubble(frame.msg_id).textContent += frame.text;
      log.scrollTop = log.scrollHeight;
    } else if (frame.type === "end") {
      replyBubble(frame.msg_id).textContent = frame.text;
      log.scrollTop = log.scrollHeight;
      keepSession(frame.session_id);
      delete bubbles[frame.msg_id];
      delete streaming[frame.msg_id];
      busy();  // aria-busy false: the finished reply is announced, once
    } else if (frame.type === "error") {
      if (frame.msg_id) { delete streaming[frame.msg_id]; delete bubbles[frame.msg_id]; }
      busy();
      bubble("error", frame.detail || "Something went wrong.");
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    counter += 1;
    var message = { type: "message", text: text, msg_id: "m" + Date.now().toString(36) + "-" + counter };
    bubble("user", text);
    input.value = "";
    // While reconnecting the input stays usable (disabling it would drop the focus):
    // messages wait in the outbox and go out once the socket is ready again.
    if (socket && ready) { socket.send(JSON.stringify(message)); } else { outbox.push(message); }
    input.focus();
  });

  function closeChat() { toParent({ type: "close" }); }
  closeButton.addEventListener("click", closeChat);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { closeChat(); } });

  function takeFocus() {
    if (!input.disabled) { input.focus(); return; }
    // Not connected yet: the conversation takes the focus, the input once it is usable.
    focusInputWhenReady = true;
    log.focus();
  }

  window.addEventListener("message", function (event) {
    if (!parentWindow || event.source !== parentWindow) { return; }
    var data = event.data || {};
    if (data.source !== "nuvae-chat") { return; }
    if (data.type === "ticket") { keepSession(data.session_id); connect(data.ticket); }
    else if (data.type === "ticket-error") { scheduleReconnect(data.retry_after); }
    else if (data.type === "focus") { takeFocus(); }
  });

  if (parentWindow) { setState("connecting", "Connecting…"); requestTicket(); }
  else { setState("unavailable", "Open this chat from the clinic's website."); }
})();
