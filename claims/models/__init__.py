from claims.models.claim import Claim, ClaimLine
from claims.models.denial import Denial
from claims.models.remittance import Adjustment, ClaimPayment, GroupCode, Remittance, ServiceLinePayment

__all__ = [
    "Adjustment",
    "Claim",
    "ClaimLine",
    "ClaimPayment",
    "Denial",
    "GroupCode",
    "Remittance",
    "ServiceLinePayment",
]
