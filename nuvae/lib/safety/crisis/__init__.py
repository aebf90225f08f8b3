"""Crisis detection: rules first, a model only to confirm or raise, and what to do next.

`detect(text)` is deterministic and fast; `assess(text, confirm=...)` adds an optional
model opinion that may raise a tier but never lower one; `response_for(assessment)` says
what the caller does (continue, redirect, hand off, emergency), what to tell the person,
which resources to show and which audit event to record.
"""

from .confirm import assess
from .detector import detect
from .responses import CrisisResponse, Resource, response_for

__all__ = ["CrisisResponse", "Resource", "assess", "detect", "response_for"]
