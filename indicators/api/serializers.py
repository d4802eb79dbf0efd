"""Serializers of indicators, and of countries with their latest validated scores."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.api.schema import IndicatorComponentsField, LatestAssessmentSerializer
from indicators.models import Indicator
from nap_tracker import links
from nap_tracker.fields import URIModelSerializer
from plans.api.serializers import CountryDetailSerializer, CountrySerializer


class IndicatorSerializer(URIModelSerializer):
    components = IndicatorComponentsField(
        read_only=True, help_text="The scoring components: key, kind and checklist items."
    )

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


class CountryWithScoresSerializer(CountrySerializer):
    """A country row with the latest plan's status and its latest validated assessment."""

    nap_status = serializers.CharField(
        source="latest_plan_status",
        read_only=True,
        allow_null=True,
        help_text="Status of the latest published plan; empty when its source states none, "
        "null when no plan is on record.",
    )
    latest_assessment = serializers.SerializerMethodField()

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "nap_status", "latest_assessment"]

    @extend_schema_field(LatestAssessmentSerializer(allow_null=True))
    def get_latest_assessment(self, country) -> dict | None:
        """The latest validated assessment's scores (null when there is none)."""
        if country.latest_assessment_id is None:
            return None

        def number(value):
            return None if value is None else float(value)

        return {
            "year": country.latest_year,
            "organization": country.latest_org_slug,
            "is_sample": country.latest_is_sample,
            "methodology": country.latest_methodology,
            "overall": number(country.latest_overall),
            "overall_status": country.latest_overall_status,
            "band": country.latest_band or None,
            "clusters": {
                cluster: {
                    "score": number(getattr(country, f"latest_{cluster}")),
                    "status": getattr(country, f"latest_{cluster}_status"),
                }
                for cluster in ("participation", "prevention_protection", "promotion")
            },
            "page_url": links.absolute(
                self.context["request"],
                "public:scorecard",
                iso3=country.iso3,
                year=country.latest_year,
                org=country.latest_org_slug,
            ),
        }


class CountryDetailWithScoresSerializer(CountryWithScoresSerializer, CountryDetailSerializer):
    class Meta(CountryWithScoresSerializer.Meta):
        fields = [*CountryWithScoresSerializer.Meta.fields, "plans"]
