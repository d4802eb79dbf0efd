"""API views of indicators and the public score preview."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators import scoring, scoring_messages
from indicators.api import schema
from indicators.api.serializers import (
    COUNTRY_SOURCES,
    CountryDetailWithScoresSerializer,
    CountryWithScoresSerializer,
    IndicatorSerializer,
    country_rows,
)
from indicators.filters import CountryScoreFilter, countries_queryset
from indicators.models import Indicator, Methodology
from indicators.services import methodology_parameters
from nap_tracker.conditional import ConditionalGetMixin
from nap_tracker.exports import ExportMixin
from nap_tracker.parsers import SafeJSONParser
from nap_tracker.rows import PlainRowsMixin
from plans.models import NationalActionPlan


@extend_schema_view(
    list=extend_schema(
        summary="List countries with their plans and latest validated scores",
        description="Every ISO 3166-1 country and territory (249), by name, with its UN M49 "
        "region, how many national action plans are on record, the latest plan's status and "
        "the scores of its latest validated assessment (`latest_assessment`, null when there "
        "is none). The filters are the country index page's (the same FilterSet); only "
        "validated assessments count. Paginated: 50 rows a page, `page_size` up to 250.",
        parameters=[*schema.COUNTRY_FILTER_PARAMETERS, *schema.PAGINATION_PARAMETERS],
        responses={200: CountryWithScoresSerializer(many=True), **schema.COUNTRY_LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One country with its published plans",
        description="The country's row as in the list, plus every published plan with its "
        "lineage (`supersedes`, the URL key of the plan it replaced) and its page.",
        parameters=[
            OpenApiParameter(
                "iso3",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="ISO 3166-1 alpha-3 code, any case (`NLD`, `nld`).",
                pattern="^[A-Za-z]{3}$",
            )
        ],
        responses={200: CountryDetailWithScoresSerializer, 404: schema.COUNTRY_NOT_FOUND},
    ),
)
class CountryViewSet(
    ConditionalGetMixin, PlainRowsMixin, ExportMixin, viewsets.ReadOnlyModelViewSet
):
    """Every ISO 3166-1 country with its UN M49 region, plans and latest validated scores.

    Filters (the country index page's): `q` (name or code), `show` (`all`, the default, or
    `un` for UN member and observer states), `region`, `subregion`, `has_plan`, `un_member`
    (true/false), `nap_status` (a plan status, `not_stated` or `none`), `band` (a band or
    `none`), `year` (of the latest validated assessment). `sort`: `name`, `generations`,
    `year`, `overall`, `participation`, `prevention_protection`, `promotion`, `-` first for
    descending; empty values sort last. Only validated assessments count.
    """

    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"
    filterset_class = CountryScoreFilter

    def get_queryset(self):
        queryset = countries_queryset()
        if self.action == "retrieve":
            plans = NationalActionPlan.objects.published().select_related("supersedes")
            queryset = queryset.prefetch_related(
                Prefetch("plans", queryset=plans, to_attr="published_plans")
            )
        return queryset

    def row_source(self, queryset):
        return queryset.values(*COUNTRY_SOURCES)

    def build_rows(self, records, request):
        return country_rows(records, request)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CountryDetailWithScoresSerializer
        return CountryWithScoresSerializer

    def get_object(self):
        self.kwargs["iso3"] = self.kwargs["iso3"].upper()
        return super().get_object()


@extend_schema_view(
    list=extend_schema(
        summary="List the eleven Women Count indicators",
        description="The eleven indicators in order (WC01–WC11), each with its cluster and "
        "scoring components. Not paginated. `wording_verified` is false while a title is a "
        "working title, not GNWP's verbatim wording.",
    ),
    retrieve=extend_schema(
        summary="One indicator",
        description="One indicator by its code, with its scoring components.",
        parameters=[
            OpenApiParameter(
                "code",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Indicator code, `WC01` to `WC11`.",
            )
        ],
        responses={
            200: IndicatorSerializer,
            404: schema.INDICATOR_NOT_FOUND,
        },
    ),
)
class IndicatorViewSet(ConditionalGetMixin, ExportMixin, viewsets.ReadOnlyModelViewSet):
    """The eleven Women Count indicators with their scoring components.

    `wording_verified` is false while a title is a working title, not GNWP's verbatim wording.
    """

    queryset = Indicator.objects.ordered()
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    pagination_class = None


class ScorePreviewView(APIView):
    """Score a set of inputs with a methodology version, storing nothing.

    Body: `{"methodology": "1.0", "indicators": {"WC01": {"components": {...}}, ...}}`
    (see /methodology/). Answers 200 with every indicator, cluster and the overall score,
    or 400 with errors keyed by indicator, component and field.
    """

    permission_classes = [AllowAny]
    authentication_classes = []  # public and stateless: no session, so no CSRF token needed
    parser_classes = [SafeJSONParser]
    # The worked example is about 2 KB; anything far larger is not a score request.
    max_body_bytes = 64 * 1024

    @extend_schema(
        summary="Score a set of inputs without storing them",
        description="Scores the inputs of one assessment with a methodology version, exactly "
        "as stored assessments are scored (the same function), and stores nothing: anyone can "
        "reproduce a published score from its inputs. The body is METHODOLOGY.md §5's JSON; "
        "see [/methodology/](/methodology/) for each component's inputs and rule. The answer "
        "has all eleven indicators, all three clusters and the overall score with its band. "
        "No sign-in and no CSRF token needed. Bodies over 64 KiB are refused unread.",
        request=schema.ScorePreviewSerializer,
        responses={200: schema.ScorePreviewResponseSerializer, **schema.SCORE_PREVIEW_ERRORS},
        examples=schema.score_preview_examples(),
    )
    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_body_bytes:
            return Response(
                {"detail": f"The body is {length} bytes; at most {self.max_body_bytes} are read."},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        try:
            version, inputs = scoring.parse_payload(request.data)
        except scoring.ScoringError as exc:
            # Same nesting as exc.errors, in the request's language (LocaleMiddleware).
            errors = scoring_messages.render_errors(exc.errors)
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        methodology = Methodology.objects.filter(version=version).first()
        if methodology is None:
            return Response(
                {"methodology": [f"Unknown methodology version {version!r}."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        result = scoring.score(inputs, methodology_parameters(methodology))
        return Response(result.as_dict())
