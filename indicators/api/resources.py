"""Read-only API resources: methodologies, organizations and plans.

Natural keys in the URLs (a methodology's version, an organization's slug); the standard
pagination; ``?ordering=`` on the fields each view lists. Conditional GET first in the bases,
as every read view of the router (``tests/test_api_caching.py``).
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, generics, mixins, serializers, viewsets

from indicators.api import schema
from indicators.models import Methodology
from nap_tracker.conditional import ConditionalGetMixin
from organizations.models import Organization
from plans.api.serializers import PlanSerializer
from plans.filters import PlanFilter
from plans.models import Coverage, NationalActionPlan, PlanDocument

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
        parameters=[
            schema.ordering_parameter(["version", "published_on"], "newest first"),
            *schema.PAGINATION_PARAMETERS,
        ],
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
        parameters=[
            schema.ordering_parameter(["name", "slug", "kind"], "by name"),
            *schema.PAGINATION_PARAMETERS,
        ],
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


PLAN_PATH_PARAMETERS = [
    OpenApiParameter(
        "iso3",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description="ISO 3166-1 alpha-3 code of the plan's country, any case (`NOR`, `nor`).",
        pattern="^[A-Za-z]{3}$",
    ),
    OpenApiParameter(
        "key",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description="The plan's key, as in its page's URL: its generation (`1`, `2`…); where "
        "no source gives one, `adopted-<year>`; where the source gives no year of adoption "
        "either, `period-<start year>`.",
        pattern="^([0-9]{1,2}|adopted-[0-9]{4}|period-[0-9]{4})$",
    ),
]


def plans_for(request):
    """The plans the caller may see (published; staff: all) with what a row needs."""
    documents = PlanDocument.objects.order_by("kind", "language", "pk")
    return (
        NationalActionPlan.objects.visible_to(request.user)
        .select_related("country", "supersedes", "superseded_by")
        .prefetch_related(Prefetch("documents", queryset=documents))
    )


@extend_schema_view(
    list=extend_schema(
        summary="List national action plans with their lineage and documents",
        description="Every published national action plan (administrators also see "
        "unpublished ones: `is_published` false), by country name then year of adoption, with "
        "all its fields, its lineage (`supersedes` and `superseded_by`: the URL keys of the "
        "country's previous and next plan, null when none is on record) and its documents. "
        "Empty fields mean the source does not say; `me_*` and `cso_role_*` are null when "
        "unknown. Filters: `country` (one or more ISO3 codes, comma-separated), `region`, "
        "`status`, `lead_category`, `budget`, `me_framework` (true/false), `adopted_year_min`, "
        "`adopted_year_max`. `ordering`: `country`, `adopted_year`, `period_start`, "
        "`generation`, `status` (`-` first for descending). Paginated: 50 rows a page, "
        "`page_size` up to 250.",
        parameters=[
            schema.ordering_parameter(
                ["country", "adopted_year", "period_start", "generation", "status"],
                "by country name, then year of adoption and generation",
            ),
            *schema.PAGINATION_PARAMETERS,
        ],
        responses={200: PlanSerializer(many=True), **schema.PLAN_LIST_ERRORS},
    ),
)
class PlanViewSet(ConditionalGetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """National action plans with lineage and documents; the detail is `plans/{iso3}/{key}/`."""

    serializer_class = PlanSerializer
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    filterset_class = PlanFilter
    ordering_fields = ["country", "adopted_year", "period_start", "generation", "status"]
    ordering = ["country__name", "adopted_year", "generation", "pk"]
    # The detail has two keys (country and plan), so it is its own view (PlanDetailView).
    lookup_field = "key"

    def get_queryset(self):
        return plans_for(self.request)


class PlanDetailView(ConditionalGetMixin, generics.RetrieveAPIView):
    """One national action plan by its country's ISO3 code and its key."""

    serializer_class = PlanSerializer

    def get_queryset(self):
        return plans_for(self.request)

    def get_object(self):
        plans = self.get_queryset().filter(country_id=self.kwargs["iso3"].upper())
        return get_object_or_404(plans.by_key(self.kwargs["key"]))

    @extend_schema(
        summary="One national action plan with its lineage and documents",
        description="One plan by its country's ISO3 code and its key, as in its page's URL "
        "(`/api/v1/plans/NOR/3/`): the same fields as a row of the list. An unpublished plan "
        "answers 404 except to administrators.",
        parameters=PLAN_PATH_PARAMETERS,
        responses={
            200: PlanSerializer,
            404: schema.not_found("published plan", "NationalActionPlan"),
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
