"""Serializers of indicators."""

from rest_framework import serializers

from indicators.models import Indicator


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "cluster",
            "title",
            "short_title",
            "description",
            "components",
            "min_components",
            "not_applicable_allowed",
            "unit",
            "direction",
            "wording_verified",
            "source_url",
            "order",
        ]
