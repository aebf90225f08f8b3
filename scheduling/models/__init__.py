"""Scheduling data: appointments and the time around them (`appointments`), and the
receptionist's conversations and handoffs to a person (`conversations`)."""

from scheduling.models.appointments import Appointment, ClinicClosure, ProviderTimeOff, VisitType
from scheduling.models.conversations import ConversationSession, HandoffRequest

__all__ = ["Appointment", "ClinicClosure", "ConversationSession", "HandoffRequest", "ProviderTimeOff", "VisitType"]
