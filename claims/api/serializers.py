"""Serializers of the claim and denial resources of the REST API v1 (read-only).

Money is a decimal string ("150.00"), never a float.
"""

from __future__ import annotations

from rest_framework import serializers

from claims.models import Adjustment, Claim, ClaimLine, ClaimPayment, Denial, Remittance, ServiceLinePayment


class ClaimLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimLine
        fields = [
            "id", "line_number", "procedure_code", "modifiers", "diagnosis_pointers", "units", "charge",
            "service_date", "revenue_code",
        ]
        read_only_fields = fields


class AdjustmentSerializer(serializers.ModelSerializer):
    reason_code = serializers.CharField(read_only=True, help_text="CARC (claim adjustment reason code).")

    class Meta:
        model = Adjustment
        fields = ["id", "group_code", "reason_code", "amount", "quantity"]
        read_only_fields = fields


class ServiceLinePaymentSerializer(serializers.ModelSerializer):
    adjustments = AdjustmentSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceLinePayment
        fields = [
            "id", "claim_line", "procedure_code", "modifiers", "charge_amount", "paid_amount", "units",
            "service_date", "adjustments",
        ]
        read_only_fields = fields


class RemittanceSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Remittance
        fields = ["id", "trace_number", "payment_method", "payment_amount", "payment_date"]
        read_only_fields = fields


class ClaimPaymentSerializer(serializers.ModelSerializer):
    remittance = RemittanceSummarySerializer(read_only=True)
    adjustments = AdjustmentSerializer(
        source="claim_adjustments", many=True, read_only=True, help_text="Claim-level adjustments (CAS)."
    )
    lines = ServiceLinePaymentSerializer(many=True, read_only=True)

    class Meta:
        model = ClaimPayment
        fields = [
            "id", "remittance", "status_code", "charge_amount", "paid_amount", "patient_responsibility",
            "payer_claim_control_number", "adjustments", "lines",
        ]
        read_only_fields = fields


class DenialSerializer(serializers.ModelSerializer):
    patient_control_number = serializers.CharField(source="claim.patient_control_number", read_only=True)
    payer = serializers.UUIDField(source="claim.payer_id", read_only=True, allow_null=True)
    carc_code = serializers.CharField(read_only=True, help_text="CARC (claim adjustment reason code).")

    class Meta:
        model = Denial
        fields = [
            "id", "claim", "patient_control_number", "payer", "claim_line", "claim_payment", "carc_code",
            "rarc_codes", "group_code", "denied_amount", "category", "status", "appeal_deadline", "assignee",
            "created_at", "updated_at",
        ]
        read_only_fields = fields


class ClaimDenialSerializer(serializers.ModelSerializer):
    """A denial inside its claim (the claim's own fields are not repeated)."""

    class Meta:
        model = Denial
        fields = [
            "id", "claim_line", "claim_payment", "carc_code", "rarc_codes", "group_code", "denied_amount",
            "category", "status", "appeal_deadline", "assignee", "created_at", "updated_at",
        ]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    payer_name = serializers.CharField(source="payer.name", read_only=True, allow_null=True, default=None)
    patient_name = serializers.CharField(source="patient.full_name", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id", "patient_control_number", "payer_claim_control_number", "claim_type", "frequency_code",
            "status", "patient", "patient_name", "billing_provider", "rendering_provider", "payer", "payer_name",
            "plan", "place_of_service", "service_date_from", "service_date_to", "total_charge",
            "prior_authorization_number", "diagnosis_codes", "submitted_at", "created_at", "updated_at",
        ]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    lines = ClaimLineSerializer(many=True, read_only=True)
    payments = ClaimPaymentSerializer(many=True, read_only=True)
    denials = ClaimDenialSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "lines", "payments", "denials"]
        read_only_fields = fields
