"""Read-only API resources: methodologies and organizations.

Natural keys in the URLs (a methodology's version, an organization's slug); the standard
pagination; ``?ordering=`` on the fields each view lists. Conditional GET first in the bases,
as every read view of the router (``tests/test_api_caching.py``).
"""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, serializers, viewsets

from indicators.api import schema
from indicators.models import Methodology
from nap_tracker.conditional import ConditionalGetMixin
from organizations.models import Organization
from plans.models import Coverage

# --- Serializers --------------------------------------------------------------------------


class MethodologySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:methodology-detail", lookup_field="version", lookup_url_kwarg="version"
    )
    parameters = serializers.JSONField(
        read_only=True,
        help_text="The scoring parameters of this version (METHODOLOGY.md), as stored: "
        "cluster and indicator weights, band thresholds, component rules.",
    )

    class Meta:
        model = Methodology
        fields = ["version", "published_on", "is_current", "description", "parameters", "url"]


class OrganizationSerializer(serializers.ModelSerializer):
    base_country = serializers.CharField(
        source="base_country_iso3",
        read_only=True,
        allow_null=True,
        help_text="ISO3 code of the country where the organization is based; null if unknown.",
    )
    countries = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug", lookup_url_kwarg="slug"
    )

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "website",
            "base_country",
            "is_sample",
            "countries",
            "url",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["base_country"] = data["base_country"] or None
        return data

    def get_countries(self, organization) -> list[str]:
        """ISO3 codes of the countries the organization monitors, in code order."""
        return [coverage.country_id for coverage in organization.covered]


# --- Views --------------------------------------------------------------------------------

VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="Methodology version, as scores name it (`1.0`).",
    pattern=r"^[0-9A-Za-z._-]+$",
)
SLUG_PARAMETER = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The organization's slug, as in its assessments' URLs (lower case).",
    pattern=r"^[-a-zA-Z0-9_]+$",
)


@extend_schema_view(
    list=extend_schema(
        summary="List the methodology versions",
        description="Every version of the scoring method, newest first, with its scoring "
        "parameters; `is_current` marks the one new scores use. Every stored score names the "
        "version that made it. `ordering`: `version`, `published_on` (`-` first for "
        "descending). Paginated: 50 rows a page, `page_size` up to 250.",
        parameters=schema.PAGINATION_PARAMETERS,
        responses={200: MethodologySerializer(many=True), **schema.LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One methodology version with its parameters",
        description="One version of the scoring method by its version string, with the "
        "parameters that scored every assessment naming it.",
        parameters=[VERSION_PARAMETER],
        responses={
            200: MethodologySerializer,
            404: schema.not_found("methodology version", "Methodology"),
        },
    ),
)
class MethodologyViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Versions of the scoring method with their parameters, newest first."""

    queryset = Methodology.objects.all()
    serializer_class = MethodologySerializer
    lookup_field = "version"
    lookup_value_regex = r"[0-9A-Za-z._-]+"
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["version", "published_on"]
    ordering = ["-published_on", "-version"]


@extend_schema_view(
    list=extend_schema(
        summary="List the active partner organizations",
        description="Every active organization that assesses plans, by name, with the ISO3 "
        "codes of the countries it monitors (`countries`). Demo organizations have "
        "`is_sample` true: their assessments are sample data. `ordering`: `name`, `slug`, "
        "`kind` (`-` first for descending). Paginated: 50 rows a page, `page_size` up to 250.",
        parameters=schema.PAGINATION_PARAMETERS,
        responses={200: OrganizationSerializer(many=True), **schema.LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One partner organization",
        description="One active organization by its slug, with the countries it monitors. "
        "An inactive organization answers 404.",
        parameters=[SLUG_PARAMETER],
        responses={
            200: OrganizationSerializer,
            404: schema.not_found("active organization", "Organization"),
        },
    ),
)
class OrganizationViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Active partner organizations and the countries they monitor."""

    serializer_class = OrganizationSerializer
    lookup_field = "slug"
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["name", "slug", "kind"]
    ordering = ["name"]

    def get_queryset(self):
        coverage = Coverage.objects.order_by("country_id").only("organization_id", "country_id")
        return Organization.objects.active().prefetch_related(
            Prefetch("coverages", queryset=coverage, to_attr="covered")
        )
