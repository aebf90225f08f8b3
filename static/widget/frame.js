/* The chat inside Nuvae's iframe: asks the embedding page for a ticket, opens /ws/chat/,
 * renders streamed replies, reconnects with exponential backoff and jitter, and keeps the
 * session id in sessionStorage so a reload or reconnect resumes the conversation. */
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var key = params.get("key") || "";
  var storageKey = "nuvae-chat-session:" + key;
  var root = document.querySelector(".nc-chat");
  var log = document.getElementById("nc-log");
  var status = document.getElementById("nc-status");
  var form = document.querySelector(".nc-form");
  var input = document.getElementById("nc-input");
  var send = document.querySelector(".nc-send");
  var closeButton = document.querySelector(".nc-close");
  var parentWindow = window.parent !== window ? window.parent : null;

  var socket = null;
  var ready = false;
  var attempt = 0;
  var reconnectTimer = null;
  var outbox = [];
  var bubbles = {};
  var streaming = {};
  var counter = 0;

  function sessionId() { try { return window.sessionStorage.getItem(storageKey); } catch (e) { return null; } }
  function keepSession(id) { try { if (id) { window.sessionStorage.setItem(storageKey, id); } } catch (e) { /* storage off */ } }

  function setStatus(text) { status.textContent = text; }
  function setEnabled(on) { input.disabled = !on; send.disabled = !on; }
  function busy() { log.setAttribute("aria-busy", Object.keys(streaming).length ? "true" : "false"); }

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

  function scheduleReconnect() {
    ready = false;
    setEnabled(false);
    if (reconnectTimer) { return; }
    var delay = Math.min(30000, 500 * Math.pow(2, attempt));
    delay = delay / 2 + Math.random() * delay / 2;  // jitter: reconnects of many tabs spread out
    attempt += 1;
    setStatus("Reconnecting…");
    reconnectTimer = window.setTimeout(function () { reconnectTimer = null; requestTicket(); }, delay);
  }

  function connect(ticket) {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.dataset.wsPath);
    socket.onopen = function () { socket.send(JSON.stringify({ type: "auth", ticket: ticket })); };
    socket.onmessage = function (event) { handle(JSON.parse(event.data)); };
    socket.onclose = function (event) {
      socket = null;
      if (event.code === 4403) { setStatus("This chat is not available here."); return; }
      scheduleReconnect();
    };
  }

  function handle(frame) {
    if (frame.type === "ready") {
      ready = true;
      attempt = 0;
      keepSession(frame.session_id);
      setEnabled(true);
      setStatus("");
      toParent({ type: "ready" });
      while (outbox.length) { socket.send(JSON.stringify(outbox.shift())); }
    } else if (frame.type === "typing") {
      streaming[frame.msg_id] = true;
      busy();
      setStatus("The receptionist is typing…");
    } else if (frame.type === "start") {
      streaming[frame.msg_id] = true;
      busy();
      bubbles[frame.msg_id] = bubble("bot", "");
    } else if (frame.type === "delta") {
      var node = bubbles[frame.msg_id] || (bubbles[frame.msg_id] = bubble("bot", ""));
      node.textContent += frame.text;
      log.scrollTop = log.scrollHeight;
    } else if (frame.type === "end") {
      (bubbles[frame.msg_id] || bubble("bot", "")).textContent = frame.text;
      keepSession(frame.session_id);
      delete bubbles[frame.msg_id];
      delete streaming[frame.msg_id];
      setStatus("");
      busy();  // aria-busy false: the finished reply is announced once
    } else if (frame.type === "error") {
      if (frame.msg_id) { delete streaming[frame.msg_id]; delete bubbles[frame.msg_id]; }
      bubble("error", frame.detail || "Something went wrong.");
      setStatus("");
      busy();
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
    if (socket && ready) { socket.send(JSON.stringify(message)); } else { outbox.push(message); }
    input.focus();
  });

  function closeChat() { toParent({ type: "close" }); }
  closeButton.addEventListener("click", closeChat);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { closeChat(); } });

  window.addEventListener("message", function (event) {
    if (!parentWindow || event.source !== parentWindow) { return; }
    var data = event.data || {};
    if (data.source !== "nuvae-chat") { return; }
    if (data.type === "ticket") { keepSession(data.session_id); connect(data.ticket); }
    else if (data.type === "ticket-error") { scheduleReconnect(); }
    else if (data.type === "focus") { if (!input.disabled) { input.focus(); } else { log.focus(); } }
  });

  if (parentWindow) { requestTicket(); } else { setStatus("Open this chat from the clinic's website."); }
})();
