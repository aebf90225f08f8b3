"""The one door to language models.

`get_provider()` returns the configured provider (Anthropic, OpenAI, Azure OpenAI) or
None, in which case the deterministic engines answer. A provider takes patient text only
as `nuvae.lib.safety.prompt.ModelText`, appends its data-block rule to the system prompt,
bounds every call by a deadline, records model, tokens and latency, and raises only
`LLMError(retryable=…)`.
"""

from .base import AssistantText, Completion, LLMError, LLMOutputError, Message, Provider, Usage
from .factory import get_provider

__all__ = [
    "AssistantText",
    "Completion",
    "LLMError",
    "LLMOutputError",
    "Message",
    "Provider",
    "Usage",
    "get_provider",
]
