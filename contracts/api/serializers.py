"""Serializers of the payer resource of the REST API v1 (read-only)."""

from __future__ import annotations

from rest_framework import serializers

from contracts.models import Payer


class PayerAppealAddressSerializer(serializers.Serializer):
    line1 = serializers.CharField(source="appeal_address_line1")
    line2 = serializers.CharField(source="appeal_address_line2")
    city = serializers.CharField(source="appeal_city")
    state = serializers.CharField(source="appeal_state")
    postal_code = serializers.CharField(source="appeal_postal_code")


class PayerSerializer(serializers.ModelSerializer):
    appeal_address = PayerAppealAddressSerializer(source="*", read_only=True)

    class Meta:
        model = Payer
        fields = [
            "id", "name", "payer_id", "payer_type", "appeal_address", "fax", "portal_url", "timely_filing_days",
            "appeal_deadline_days", "active", "created_at", "updated_at",
        ]
        read_only_fields = fields
