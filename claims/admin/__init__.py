"""The billing staff's admin: claims as billed (with the EDI file pages), remittances as
paid, and the denial worklist."""

from claims.admin import claim, denial, lines, remittance

__all__ = ["claim", "denial", "lines", "remittance"]
