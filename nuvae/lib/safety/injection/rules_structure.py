"""Rules for the machinery of a prompt: fake role and turn markers from chat templates, fake
tool calls, instructions smuggled through translation or encoding."""

# ruff: noqa: F403, F405 -- the shared vocabulary is a flat namespace of pattern pieces.

from __future__ import annotations

import re

from .vocabulary import *

STRUCTURE_RULES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    # --- fake role and turn delimiters --------------------------------------------------------
    (
        "delimiter_injection",
        0.95,
        _r(
            r"(?:^|\s)(?:system|assistant|developer|admin)\s*:\s*(?!(?:windows|win\s?\d|mac\s?os|macos|os\s?x|ios|"
            r"ipados|android|linux|ubuntu|chrome\s?os|iphone|ipad|samsung|pixel|galaxy|[\d.]+\b))\S",
        ),
    ),
    (
        "delimiter_injection",
        0.95,
        _r(
            r"<\|?(?:im_start|im_end|system|endoftext|eot_id|start_header_id|end_header_id|begin_of_text|user|"
            r"assistant|end)\|?>|<\|[\w/ -]{1,30}\|>|\[/?inst\]|<<\s*/?sys\s*>>|</?(?:system|assistant|user|developer|"
            r"admin|tool|instructions?|prompt|context)(?:[_-]\w+)?\s*>|</?s>|<\s*/?\s*(?:start|end)_of_turn\s*>",
        ),
    ),
    (
        "delimiter_injection",
        0.9,
        _r(
            r"\[\s*(?:system|assistant|developer|admin|model|tool|instructions?)\s*\]\s*(?::|\(|\s*-)|"
            r"\[\s*system\s*\]|\[\s*(?:user|human)\s*\]\s*:",
        ),
    ),
    ("delimiter_injection", 0.95, _r(r"[\"']?role[\"']?\s*:\s*[\"'](?:system|assistant|developer|tool|model)[\"']")),
    (
        "delimiter_injection",
        0.9,
        _r(
            r"```\s*(?:system|assistant|developer|admin|tool|instructions?)\b|\brole\s*=\s*[\"']?(?:system|admin|"
            r"assistant|developer|root)\b",
        ),
    ),
    (
        "delimiter_injection",
        0.85,
        _r(
            r"(?:^|\s)#{1,}\s*(?:system|instructions?|new\s+instructions?|response|assistant|human|user)\s*:?(?=\s|$)",
        ),
    ),
    (
        "delimiter_injection",
        0.9,
        _r(
            r"(?:-{2,}|={2,}|\*{2,}|#{2,}|<{2,}|\[{1,2}|_{2,})\s*(?:end|begin|start|close)(?:\s+of|_of)?[\s_-]+"
            r"(?:[a-z]+[\s_-]+){0,2}?(?:message|input|data|conversation|text|prompt|context|instructions?|query|request|"
            r"document|transcript|content|chat|turn)",
        ),
    ),
    (
        "delimiter_injection",
        0.9,
        _r(
            r"\b(?:end|start|begin)_of_[a-z_]+\b|\b(?:user|patient|customer|human|client|untrusted)(?:'s)?\s+"
            r"(?:message|input|query|turn|text|request|data)\s+(?:ends?|ended|is\s+over|stops|finished|complete[sd]?)\b|"
            r"\bend\s+of\s+(?:the\s+)?(?:user|patient|customer|human|untrusted)\s+(?:message|input|data|turn|text)",
        ),
    ),
    (
        "delimiter_injection",
        0.9,
        _r(
            r"(?:={2,}|-{3,}|\*{2,}|#+|\[{1,2}|<{2,})\s*(?:[a-z]+\s+){0,2}?(?:admin(?:istrator)?|system|developer|staff|"
            r"operator|trusted|new|updated|internal|priority|override)\s+(?:instructions?|notes?|messages?|prompts?|"
            r"directives?|commands?|override|update|mode)\b",
        ),
    ),
    (
        "delimiter_injection",
        0.85,
        _r(
            r"\b(?:begin|start)\s+(?:of\s+)?(?:trusted|system|admin|developer|new|real|privileged)\s+(?:instructions?|"
            r"prompt|message|section|block|mode)|\b(?:assistant|system|ai|bot|model|chatbot|developer|admin)\s+"
            r"(?:instructions?|prompt|rules|directive|config(?:uration)?)\s+(?:update|change|override|patch|amendment)|"
            r"\b(?:developer|admin|operator|moderator)\s+(?:note|notice|message|directive|instruction|command)\s*:",
        ),
    ),
    # --- fake tool calls ---------------------------------------------------------------------
    (
        "tool_call_smuggling",
        0.95,
        _r(
            r"<\s*/?\s*(?:function_calls?|tool_calls?|tool_use|invoke|antml|function)\b|<\|/?(?:tool_calls?|"
            r"function_calls?|tool_use|tool_result|tool|function|plugin|api)\|?>",
        ),
    ),
    (
        "tool_call_smuggling",
        0.9,
        _r(
            r"[{,]\s*[\"']?(?:tool|tool_name|function|function_call|tool_calls|name|action|arguments|parameters)[\"']?\s*:\s*"
            r"[\"'{\[][^}]{0,200}(?:cancel|delete|book|reschedule|list|export|update|drop|send|refund|transfer|all_)",
        ),
    ),
    (
        "tool_call_smuggling",
        0.9,
        _r(
            r"[\"']?(?:name|function|tool|tool_name|action|api|method|command|cmd)[\"']?\s*:\s*[\"']?[a-z]+_[a-z_]+",
            r"|[\"']?(?:parameters|arguments|args|params|kwargs|tool_input|action_input|input)[\"']?\s*:\s*[\"']?[{\[]",
            r"|\b(?:tool_calls?|function_call|tool_use|tool_code)\b",
        ),
    ),
    # snake_case_name(arg=…) or name('…'): function-call syntax
    (
        "tool_call_smuggling",
        0.9,
        _r(
            r"\b[a-z]+(?:_[a-z]+)+\s*\(\s*(?:[a-z_]+\s*=|[\"'*%])|\b[a-z]\w{2,}\s*\(\s*[a-z_]+\s*=\s*[\"'\w*%]",
        ),
    ),
    ("tool_call_smuggling", 0.9, _r(r"\baction\s+input\s*:|\b(?:thought|observation)\s*:.{0,200}\baction\s*:")),
    # wildcard identifiers: '*', '%', 'ALL'
    (
        "tool_call_smuggling",
        0.85,
        _r(
            r"[=:]\s*[\"']?(?:\*|%)[\"']?(?=[\s,)}\]]|$)|\s[\"'](?:\*|%)[\"']|=\s*[\"']?(?:all|any|everyone)[\"']?\s*[,)]",
        ),
    ),
    (
        "tool_call_smuggling",
        0.85,
        _r(
            r"\b(?:call|invoke|execute|run|trigger|use|fire)\s+(?:your\s+|the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:tool|function|"
            r"api|endpoint|command|plugin|action)s?\b.{0,60}(?:\b(?:cancel|delete|drop|export|refund|admin)(?:\b|_)|\b(?:on|for|to)\s+"
            r"(?:every|all|each|everyone|any)\s+(?:of\s+)?(?:the\s+)?(?:[a-z]+\s+)?(?:appointments?|patients?|records?|bookings?|"
            r"invoices?|accounts?|users?|charts?)\b)",
        ),
    ),
    (
        "tool_call_smuggling",
        0.85,
        _r(
            r"\b(?:call|invoke|execute|trigger|run)\s+(?:the\s+)?(?:function\s+|tool\s+|command\s+)?[a-z]+_[a-z_]+\b"
            r"|\b[a-z]+_ids?\s*=\s*[\"'*%\d]",
        ),
    ),
    (
        "tool_call_smuggling",
        0.85,
        _r(
            r"\b(?:cancel|delete|remove|wipe|drop)\s+(?:all|every|everyone'?s?)\s+(?:the\s+)?(?:appointments|patients|"
            r"records|bookings|data)\b",
        ),
    ),
    # --- instructions hidden behind a transformation ---------------------------------------------
    (
        "instruction_smuggling",
        0.7,
        _r(
            r"\b(?:translate|decode|summari[sz]e|rewrite|read|reverse)\b.{0,60}\b(?:then|and\s+then|and)\s+(?:follow|execute|"
            r"obey|do|run|act\s+on|carry\s+(?:it|them)\s+out)\b",
        ),
    ),
    (
        "instruction_smuggling",
        0.75,
        _r(
            r"\b(?:follow|execute|obey|run)\s+(?:the\s+)?(?:instructions?|commands?|text|steps)\s+(?:below|above|in\s+",
            r"(?:this|the)\s+(?:message|text|link|file|base64|code))",
        ),
    ),
    (
        "instruction_smuggling",
        0.8,
        _r(
            r"\b(?:execute|run|follow|obey|do|perform|process)\b[^.?!]{0,30}\b(?:base64|hex|binary|encoded|rot13|"
            r"cipher|reversed|backwards|decoded)\b",
        ),
    ),
    # (f) encodings announced after the payload ("binary from my kid's club, execute: …").
    (
        "instruction_smuggling",
        0.8,
        _r(
            r"\b(?:base64|base32|hex|binary|encoded|rot13|rot-13|cipher|reversed|backwards|morse|percent-encoded|"
            r"url-?encoded|leet)\b[^.?!]{0,40}\b(?:execute|run|follow|obey|carry\s+(?:it|this|them)\s+out|act\s+on|"
            r"do\s+what\s+it\s+says)\b",
        ),
    ),
)
