from claims.models.claim import Claim, ClaimLine
from claims.models.codes import Code, CodeSystem
from claims.models.denial import Denial
from claims.models.edi import EdiFile, Job
from claims.models.remittance import (
    Adjustment,
    AdjustmentCategory,
    ClaimPayment,
    GroupCode,
    MatchMethod,
    ProviderAdjustment,
    Remittance,
    ServiceLinePayment,
)

__all__ = [
    "Adjustment",
    "AdjustmentCategory",
    "Claim",
    "ClaimLine",
    "ClaimPayment",
    "Code",
    "CodeSystem",
    "Denial",
    "EdiFile",
    "GroupCode",
    "Job",
    "MatchMethod",
    "ProviderAdjustment",
    "Remittance",
    "ServiceLinePayment",
]
