"""The billing staff's admin: claims as billed (with the EDI file pages), the EDI file
records and their pyx12 check, remittances as paid, and the denial worklist."""

from claims.admin import claim, denial, edi_file, lines, remittance

__all__ = ["claim", "denial", "edi_file", "lines", "remittance"]
