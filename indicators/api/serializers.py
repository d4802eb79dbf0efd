"""Serializers of indicators, and of countries with their latest validated scores."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.api.schema import IndicatorComponentsField, LatestAssessmentSerializer
from indicators.models import Indicator
from indicators.querysets import LATEST_ASSESSMENT_FIELDS
from indicators.scoring import CLUSTERS
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
                org=country.latest_segment,
            ),
        }


# What a country row is read from (``values()`` of ``countries_queryset()``):
# CountryWithScoresSerializer's rows, built by ``country_rows`` (decision 81).
COUNTRY_FIELDS = tuple(
    name for name in CountrySerializer.Meta.fields if name not in ("url", "page_url")
)
COUNTRY_SOURCES = (*COUNTRY_FIELDS, "latest_plan_status", *LATEST_ASSESSMENT_FIELDS)


def score_number(value) -> float | None:
    """A stored score (Decimal) as the JSON number the API answers; None stays None."""
    return None if value is None else float(value)


def country_rows(records, request):
    """CountryWithScoresSerializer's rows of ``values(*COUNTRY_SOURCES)`` records."""
    origin = links.origin(request)
    scorecard = links.path_of("public:scorecard")
    detail = links.path_of("api:country-detail")
    page = links.path_of("public:country_detail")
    for r in records:
        iso3 = r["iso3"]
        latest = None
        if r["latest_assessment_id"] is not None:
            latest = {
                "year": r["latest_year"],
                "organization": r["latest_org_slug"],
                "is_sample": r["latest_is_sample"],
                "methodology": r["latest_methodology"],
                "overall": score_number(r["latest_overall"]),
                "overall_status": r["latest_overall_status"],
                "band": r["latest_band"] or None,
                "clusters": {
                    cluster: {
                        "score": score_number(r[f"latest_{cluster}"]),
                        "status": r[f"latest_{cluster}_status"],
                    }
                    for cluster in CLUSTERS
                },
                "page_url": origin
                + scorecard(iso3=iso3, year=r["latest_year"], org=r["latest_segment"]),
            }
        yield {
            **{name: r[name] for name in COUNTRY_FIELDS},
            "url": origin + detail(iso3=iso3),
            "page_url": origin + page(iso3=iso3),
            "nap_status": r["latest_plan_status"],
            "latest_assessment": latest,
        }


class CountryDetailWithScoresSerializer(CountryWithScoresSerializer, CountryDetailSerializer):
    class Meta(CountryWithScoresSerializer.Meta):
        fields = [*CountryWithScoresSerializer.Meta.fields, "plans"]
