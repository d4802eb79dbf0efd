"""Read-only API resources: methodologies, organizations, plans and assessments.

Natural keys in the URLs (a methodology's version, an organization's slug); the standard
pagination; ``?ordering=`` on the fields each view lists. Conditional GET first in the bases,
as every read view of the router (``tests/test_api_caching.py``).
"""

from itertools import islice

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import filters, generics, mixins, serializers, viewsets
from rest_framework.response import Response

from indicators import right_of_reply, scorecard
from indicators.api import schema, writes
from indicators.api.serializers import score_number
from indicators.filters import AssessmentFilter
from indicators.models import Assessment, Band, Indicator, Methodology, ScoreStatus
from indicators.published_data import today as utc_today
from indicators.scoring import CLUSTERS, INDICATORS
from nap_tracker import links, publication
from nap_tracker.conditional import ConditionalGetMixin
from nap_tracker.exports import CHUNK_SIZE, ExportMixin
from nap_tracker.fields import URIModelSerializer
from nap_tracker.rows import PlainRowsMixin
from organizations.models import Organization
from plans.api.serializers import PlanSerializer
from plans.filters import PlanFilter
from plans.models import Coverage, NationalActionPlan, PlanDocument, plan_url_key

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


class OrganizationSerializer(URIModelSerializer):
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
class MethodologyViewSet(ConditionalGetMixin, ExportMixin, viewsets.ReadOnlyModelViewSet):
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
        "codes of the countries it monitors (`countries`). Countries where it publishes "
        "anonymously are left out, and an organization that publishes anonymously "
        "everywhere is not listed (assessor safety). Demo organizations have "
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
        description="One active organization by its slug, with the countries it monitors "
        "publicly. An inactive organization, or one that publishes anonymously everywhere, "
        "answers 404.",
        parameters=[SLUG_PARAMETER],
        responses={
            200: OrganizationSerializer,
            404: schema.not_found("active organization", "Organization"),
        },
    ),
)
class OrganizationViewSet(ConditionalGetMixin, ExportMixin, viewsets.ReadOnlyModelViewSet):
    """Active partner organizations and the countries they monitor."""

    serializer_class = OrganizationSerializer
    lookup_field = "slug"
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["name", "slug", "kind"]
    ordering = ["name"]

    def get_queryset(self):
        # Public coverage only: an anonymous assessment's country is not listed under its
        # organization (decision 102), whoever asks: this list is public reference data.
        coverage = (
            Coverage.objects.public().order_by("country_id").only("organization_id", "country_id")
        )
        return Organization.objects.publicly_listed().prefetch_related(
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
        "unknown. Filters: "
        f"{schema.filter_list(PlanFilter)}. `ordering`: `country`, `adopted_year`, `period_start`, "
        "`generation`, `status` (`-` first for descending). Paginated: 50 rows a page, "
        "`page_size` up to 250.",
        parameters=[
            *schema.filter_parameters(PlanFilter, status="Status of the plan."),
            schema.ordering_parameter(
                ["country", "adopted_year", "period_start", "generation", "status"],
                "by country name, then year of adoption and generation",
            ),
            *schema.PAGINATION_PARAMETERS,
        ],
        responses={200: PlanSerializer(many=True), **schema.FILTERED_LIST_ERRORS},
    ),
)
class PlanViewSet(ConditionalGetMixin, ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
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


UNSET = object()

# --- Assessments --------------------------------------------------------------------------


# The indicators a government reply may answer, in the API's order (decision 99).
REPLY_CODES = tuple(definition.code for definition in INDICATORS)

RightOfReplyIndicatorsSerializer = type(
    "RightOfReplyIndicatorsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "The government's reply on each indicator (null where it gave none).",
        **{
            code: serializers.CharField(
                allow_null=True, help_text=f"The reply on {code}; null when there is none."
            )
            for code in REPLY_CODES
        },
    },
)


class RightOfReplySerializer(serializers.Serializer):
    """The government's right of reply: its latest period and replies (never a score)."""

    status = serializers.ChoiceField(
        choices=right_of_reply.STATUS_CHOICES,
        allow_null=True,
        help_text="`replied` or `no_reply` once the period has ended; `open` while it runs "
        "(only members of the organization see such an assessment); null when no period "
        "was opened.",
    )
    deadline = serializers.DateField(
        allow_null=True, help_text="The last day (UTC) on which the government could reply."
    )
    replied_on = serializers.DateField(
        allow_null=True, help_text="The day of the government's latest reply; null if none."
    )
    overall = serializers.CharField(
        allow_null=True, help_text="The government's reply to the result overall; null if none."
    )
    indicators = RightOfReplyIndicatorsSerializer()


class AssessmentSerializer(serializers.ModelSerializer):
    """An assessment with the scores stored when it was last scored (never recomputed)."""

    country = serializers.CharField(source="country_id", read_only=True)
    organization = serializers.SerializerMethodField()
    plan = serializers.SerializerMethodField()
    methodology = serializers.SerializerMethodField()
    overall = serializers.SerializerMethodField()
    overall_status = serializers.SerializerMethodField()
    band = serializers.SerializerMethodField()
    clusters = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    scores_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    right_of_reply = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "country",
            "year",
            "organization",
            "plan",
            "status",
            "version",
            "is_sample",
            "validated_at",
            "methodology",
            "overall",
            "overall_status",
            "band",
            "clusters",
            "right_of_reply",
            "url",
            "scores_url",
            "page_url",
        ]

    @staticmethod
    def stored(assessment):
        return getattr(assessment, "score", None)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_organization(self, assessment):
        """Slug of the assessing organization; null when it publishes anonymously (then
        the links hold the assessment's public key, `cso-…`, instead of a slug). Members
        of that organization and administrators see the slug."""
        shown = getattr(assessment, "shown_organization", UNSET)
        if shown is UNSET:
            return None if assessment.publish_anonymously else assessment.organization.slug
        return shown

    def get_plan(self, assessment) -> str | None:
        """URL key of the plan in force that year (`plans/{country}/{key}/`), null if none."""
        return assessment.plan.url_key if assessment.plan_id else None

    def get_methodology(self, assessment) -> str | None:
        """Methodology version of the stored score; null while it has none."""
        score = self.stored(assessment)
        return score.methodology.version if score else None

    def get_overall(self, assessment) -> float | None:
        """Overall score 0–100 as stored; null unless `overall_status` is `scored`."""
        score = self.stored(assessment)
        return score_number(score.overall) if score else None

    @extend_schema_field(serializers.ChoiceField(choices=ScoreStatus.choices, allow_null=True))
    def get_overall_status(self, assessment):
        """Status of the overall score; null while the assessment has no stored score."""
        score = self.stored(assessment)
        return score.overall_status if score else None

    @extend_schema_field(serializers.ChoiceField(choices=Band.choices, allow_null=True))
    def get_band(self, assessment):
        """Band of the overall score; null when there is none."""
        score = self.stored(assessment)
        return (score.band or None) if score else None

    @extend_schema_field(schema.LatestClustersSerializer(allow_null=True))
    def get_clusters(self, assessment):
        """The three cluster scores as stored; null while the assessment has no score."""
        score = self.stored(assessment)
        if score is None:
            return None
        return {
            cluster: {
                "score": score_number(getattr(score, cluster)),
                "status": getattr(score, f"{cluster}_status"),
            }
            for cluster in CLUSTERS
        }

    def _absolute(self, name, assessment) -> str:
        kwargs = {
            "iso3": assessment.country_id,
            "year": assessment.year,
            "org": getattr(assessment, "url_segment", None) or assessment.public_segment,
        }
        return self.context["request"].build_absolute_uri(reverse(name, kwargs=kwargs))

    def get_url(self, assessment) -> str:
        return self._absolute("api:assessment-detail", assessment)

    def get_scores_url(self, assessment) -> str:
        """Its score rows: overall, clusters and the eleven indicators, in long form."""
        return self._absolute("api:assessment-scores", assessment)

    def get_page_url(self, assessment) -> str:
        """Its scorecard page (the same stored scores, with inputs and evidence)."""
        return self._absolute("public:scorecard", assessment)

    @extend_schema_field(RightOfReplySerializer)
    def get_right_of_reply(self, assessment) -> dict:
        """The government's reply, published beside the scores; it never changes them."""
        summaries = right_of_reply.summaries_of([assessment.pk], utc_today())
        return right_of_reply.as_json(summaries.get(assessment.pk), REPLY_CODES)


# What an assessment row is read from (``values()``): AssessmentSerializer's rows, built by
# ``assessment_rows`` without a model instance or a field object per value (decision 81).
ASSESSMENT_SOURCES = (
    "id",
    "country_id",
    "year",
    "shown_organization",
    "url_segment",
    "plan_id",
    "plan__generation",
    "plan__adopted_year",
    "plan__period_start",
    "status",
    "version",
    "is_sample",
    "validated_at",
    "score__id",
    "score__methodology__version",
    "score__overall",
    "score__overall_status",
    "score__band",
    *(f"score__{cluster}{suffix}" for cluster in CLUSTERS for suffix in ("", "_status")),
)
_DATETIME = serializers.DateTimeField()


def assessment_rows(records, request):
    """AssessmentSerializer's rows of ``values(*ASSESSMENT_SOURCES)`` records, in order."""
    origin = links.origin(request)
    detail = links.path_of("api:assessment-detail")
    scores = links.path_of("api:assessment-scores")
    page = links.path_of("public:scorecard")
    datetime = _DATETIME.to_representation
    today = utc_today()
    for r, reply in with_replies(records, today):
        keys = {"iso3": r["country_id"], "year": r["year"], "org": r["url_segment"]}
        scored = r["score__id"] is not None
        plan = None
        if r["plan_id"] is not None:
            plan = plan_url_key(
                r["plan__generation"], r["plan__adopted_year"], r["plan__period_start"]
            )
        validated_at = r["validated_at"]
        yield {
            "country": keys["iso3"],
            "year": keys["year"],
            "organization": r["shown_organization"],
            "plan": plan,
            "status": r["status"],
            "version": r["version"],
            "is_sample": r["is_sample"],
            "validated_at": None if validated_at is None else datetime(validated_at),
            "methodology": r["score__methodology__version"] if scored else None,
            "overall": score_number(r["score__overall"]) if scored else None,
            "overall_status": r["score__overall_status"] if scored else None,
            "band": (r["score__band"] or None) if scored else None,
            "clusters": {
                cluster: {
                    "score": score_number(r[f"score__{cluster}"]),
                    "status": r[f"score__{cluster}_status"],
                }
                for cluster in CLUSTERS
            }
            if scored
            else None,
            "right_of_reply": right_of_reply.as_json(reply, REPLY_CODES),
            "url": origin + detail(**keys),
            "scores_url": origin + scores(**keys),
            "page_url": origin + page(**keys),
        }


def with_replies(records, today):
    """Each record with its right-of-reply summary (or None), read ``CHUNK_SIZE`` records
    at a time: one query per chunk (a page is one chunk)."""
    records = iter(records)
    while chunk := list(islice(records, CHUNK_SIZE)):
        summaries = right_of_reply.summaries_of((r["id"] for r in chunk), today)
        for r in chunk:
            yield r, summaries.get(r["id"])


class ScoreRowSerializer(serializers.Serializer):
    """One score of an assessment: overall, a cluster or an indicator (long form)."""

    level = serializers.ChoiceField(choices=["overall", "cluster", "indicator"])
    key = serializers.CharField(help_text="`overall`, a cluster key or an indicator code.")
    cluster = serializers.CharField(help_text="The cluster of the row; empty for `overall`.")
    score = serializers.FloatField(
        allow_null=True, help_text="0–100 with one decimal; null unless the status is scored."
    )
    status = serializers.ChoiceField(
        choices=[*ScoreStatus.values, scorecard.NOT_SCORED],
        help_text="`not_scored` on every row while the assessment has no stored score.",
    )


ASSESSMENT_PATH_PARAMETERS = [
    OpenApiParameter(
        "iso3",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description="ISO 3166-1 alpha-3 code of the assessed country, any case.",
        pattern="^[A-Za-z]{3}$",
    ),
    OpenApiParameter(
        "year",
        OpenApiTypes.INT,
        OpenApiParameter.PATH,
        description="The reporting year the assessment describes.",
    ),
    OpenApiParameter(
        "org",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description="Slug of the assessing organization, as in the assessment's `url`; for "
        "an assessment published anonymously, its public key (`cso-…`) instead.",
        pattern=r"^[-a-zA-Z0-9_]+$",
    ),
]
ASSESSMENT_NOT_FOUND = schema.not_found(
    "assessment you may see (validated, or of your organization)", "Assessment"
)


def assessments_for(request):
    """The assessments the caller may see, with their stored score (never recomputed), the
    organization's slug where the caller may see it (``shown_organization``, else null) and
    the organization segment of their links (``url_segment``: decision 102)."""
    user = request.user
    return (
        Assessment.objects.visible_to(user)
        .for_list()
        .annotate(
            overall=F("score__overall"),
            shown_organization=publication.organization_expression(user),
            url_segment=publication.segment_expression(),
        )
    )


def assessment_of(view):
    """The assessment of the view's URL, if the caller may see it; else 404."""
    kwargs = view.kwargs
    return get_object_or_404(
        view.get_queryset().at_public_segment(kwargs["org"], view.request.user),
        country_id=kwargs["iso3"].upper(),
        year=int(kwargs["year"]),
    )


@extend_schema_view(
    list=extend_schema(
        summary="List assessments with their stored scores",
        description="Validated assessments (signed-in members also see every assessment of "
        "their own organizations, whatever its status; administrators see all), by country "
        "name, latest year first, each with the scores stored when it was last scored: "
        "overall, band and the three clusters (null while it has none). An assessment "
        "published anonymously has `organization` null and its public key (`cso-…`) in its "
        "links; one under embargo is absent until its date. `is_sample` true marks "
        "sample data, not a real monitoring report. Filters: "
        f"{schema.filter_list(AssessmentFilter)} (`status` narrows what you may see: "
        "anonymous callers only ever get validated rows; `plan_*` are the facts of the plan "
        "in force that year; score bounds are 0–100, decimals allowed). `ordering`: `country`, "
        "`year`, `overall` (`-` first for descending). Paginated: 50 rows a page, "
        "`page_size` up to 250.",
        parameters=[
            *schema.filter_parameters(AssessmentFilter),
            schema.ordering_parameter(
                ["country", "year", "overall"], "by country name, then latest year first"
            ),
            *schema.PAGINATION_PARAMETERS,
        ],
        responses={200: AssessmentSerializer(many=True), **schema.FILTERED_LIST_ERRORS},
    ),
    create=extend_schema(**writes.create_schema(AssessmentSerializer)),
)
class AssessmentViewSet(
    ConditionalGetMixin,
    PlainRowsMixin,
    ExportMixin,
    writes.AssessmentCreateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Assessments with their stored scores; one is `assessments/{iso3}/{year}/{org}/`."""

    export_formats = ("csv", "xlsx")

    serializer_class = AssessmentSerializer
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    filterset_class = AssessmentFilter
    ordering_fields = ["country", "year", "overall"]
    ordering = ["country__name", "-year", "url_segment"]
    # Three keys (country, year, organization): the detail is its own view.
    lookup_field = "org"

    def get_queryset(self):
        return assessments_for(self.request)

    def row_source(self, queryset):
        return queryset.values(*ASSESSMENT_SOURCES)

    def build_rows(self, records, request):
        return assessment_rows(records, request)


@extend_schema_view(
    patch=extend_schema(
        parameters=ASSESSMENT_PATH_PARAMETERS,
        **writes.update_schema(AssessmentSerializer, ASSESSMENT_NOT_FOUND),
    )
)
class AssessmentDetailView(
    ConditionalGetMixin, writes.AssessmentUpdateMixin, generics.RetrieveAPIView
):
    """One assessment by country, year and organization, with its stored scores."""

    serializer_class = AssessmentSerializer

    def get_queryset(self):
        return assessments_for(self.request)

    def get_object(self):
        return assessment_of(self)

    @extend_schema(
        summary="One assessment with its stored scores",
        description="One assessment by its country's ISO3 code, its reporting year and its "
        "organization's slug, as in its scorecard page's URL: the same fields as a row of "
        "the list. An assessment that is not validated answers 404 except to members of its "
        "organization and administrators.",
        parameters=ASSESSMENT_PATH_PARAMETERS,
        responses={200: AssessmentSerializer, 404: ASSESSMENT_NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AssessmentScoresView(ConditionalGetMixin, generics.GenericAPIView):
    """The score rows of one assessment, built by the scorecard page's own code."""

    serializer_class = ScoreRowSerializer
    pagination_class = None

    def get_queryset(self):
        return assessments_for(self.request)

    @extend_schema(
        summary="The score rows of one assessment (long form)",
        description="One row per score of the assessment: `overall`, then the three "
        "clusters, then the eleven indicators by cluster, each with its score (0–100, null "
        "unless `status` is `scored`) and status. The rows are the stored scores as the "
        "scorecard page shows them (`indicators.scorecard`, the same code), never "
        "recomputed; an assessment without a stored score answers every row `not_scored`. Not "
        "paginated. Visibility as for the assessment.",
        parameters=ASSESSMENT_PATH_PARAMETERS,
        responses={200: ScoreRowSerializer(many=True), 404: ASSESSMENT_NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        assessment = assessment_of(self)
        stored = getattr(assessment, "score", None)
        card = scorecard.build(Indicator.objects.ordered(), stored.as_dict() if stored else None)
        return Response(scorecard.score_rows(card))
