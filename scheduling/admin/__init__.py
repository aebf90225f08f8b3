"""The scheduling app's admin: the front desk's schedule, and the receptionist's
conversations and handoffs."""

from scheduling.admin import conversations, schedule

__all__ = ["conversations", "schedule"]
