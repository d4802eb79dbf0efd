"""The researchers' lists: every stored value (long format) and the scores of many assessments.

Flat rows, ready for a CSV export or a data frame: no nesting but a value's ``inputs``.
``values/`` lists one row per stored ``IndicatorValue``; ``scores/`` one row per assessment
and score (long, the default) or one row per assessment (``?form=wide``), both built by
``indicators.scorecard`` from the stored ``AssessmentScore``, never recomputed. Visibility
is the querysets' (``visible_to``); filters are the shared FilterSets of
``indicators.filters``.
"""

from django.db.models import F
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext, gettext_noop
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import filters, mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from indicators import scorecard, scoring
from indicators.api import schema
from indicators.api.resources import UNSET, ScoreRowSerializer, assessments_for
from indicators.filters import LONG, WIDE, ScoreRowFilter, ValueFilter
from indicators.models import Assessment, Band, Cluster, Indicator, IndicatorValue, ScoreStatus
from nap_tracker import links, publication
from nap_tracker.conditional import ConditionalGetMixin
from nap_tracker.exports import (
    CHUNK_SIZE,
    ExportMixin,
    ExportRenderer,
    serializer_columns,
    without_format,
)
from nap_tracker.fields import URIField, URIModelSerializer
from nap_tracker.rows import PlainRowsMixin


class StableOrderingFilter(filters.OrderingFilter):
    """The caller's ``?ordering=``, then the view's default ordering, so that rows tied on
    the caller's field keep one order and pages never overlap or skip a row."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        named = {term.lstrip("-") for term in ordering}
        default = self.get_default_ordering(view) or []
        return [*ordering, *(term for term in default if term.lstrip("-") not in named)]


def assessment_url(request, assessment) -> str:
    kwargs = {
        "iso3": assessment.country_id,
        "year": assessment.year,
        "org": getattr(assessment, "url_segment", None) or assessment.public_segment,
    }
    return request.build_absolute_uri(reverse("api:assessment-detail", kwargs=kwargs))


# --- Values -------------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "description": 'The component\'s raw inputs as stored, e.g. `{"women": 5, "men": 15}`; '
        "a checklist's answers under `items`. Empty on a not-applicable row.",
    }
)
class InputsField(serializers.JSONField):
    """The stored inputs object, as it is."""


# ValueRowSerializer's fields in its order, each with what it is read from (``values_list``);
# ``assessment_url`` is made from the first three.
VALUE_SOURCES = {
    "country": "assessment__country_id",
    "year": "assessment__year",
    "organization": "shown_organization",
    "assessment_status": "assessment__status",
    "is_sample": "assessment__is_sample",
    "indicator": "indicator__code",
    "cluster": "indicator__cluster",
    **{
        name: name
        for name in (
            "component",
            "level",
            "locality",
            "not_applicable",
            "not_applicable_reason",
            "inputs",
            "data_year",
            "source_url",
            "source_page",
            "source_quote",
            "notes",
        )
    },
}
VALUE_NAMES = (*VALUE_SOURCES, "assessment_url")
SOURCE_URL = list(VALUE_SOURCES).index("source_url")


class ValueRowSerializer(URIModelSerializer):
    """One stored value: one component of one indicator at one level, with its evidence."""

    country = serializers.CharField(
        source="assessment.country_id", help_text="ISO3 code of the assessed country."
    )
    year = serializers.IntegerField(source="assessment.year", help_text="The reporting year.")
    organization = serializers.SerializerMethodField()
    assessment_status = serializers.ChoiceField(
        source="assessment.status",
        choices=Assessment.Status.choices,
        help_text="Status of the assessment (anonymous callers only see `validated`).",
    )
    is_sample = serializers.BooleanField(
        source="assessment.is_sample", help_text="True for sample data, not a real assessment."
    )
    indicator = serializers.CharField(source="indicator.code", help_text="Indicator code.")
    cluster = serializers.ChoiceField(source="indicator.cluster", choices=Cluster.choices)
    component = serializers.CharField(
        help_text="Component key (`parliament`); empty on a not-applicable row."
    )
    inputs = InputsField()
    # Declared: a read-only model field loses allow_blank, and "" is not a URI (fuzz run).
    source_url = URIField(
        read_only=True, allow_blank=True, help_text="The evidence's address; empty if none."
    )
    assessment_url = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorValue
        fields = list(VALUE_NAMES)  # the plain rows' columns (value_rows), in their order
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_organization(self, value):
        """Slug of the assessing organization; null when it publishes anonymously (members
        of that organization and administrators see the slug)."""
        shown = getattr(value, "shown_organization", UNSET)
        if shown is UNSET:
            assessment = value.assessment
            return None if assessment.publish_anonymously else assessment.organization.slug
        return shown

    def get_assessment_url(self, value) -> str:
        """The value's assessment in this API, with its stored scores."""
        return assessment_url(self.context["request"], value.assessment)


VALUE_ORDERING = ["country", "year", "organization", "indicator"]


def value_records(records, request):
    """Each record with its ``assessment_url``: ValueRowSerializer's values in its order.

    Records come ordered by assessment, so the last assessment's URL is the one to reuse
    (memory stays flat however many assessments the export has).
    """
    origin = links.origin(request)
    detail = links.path_of("api:assessment-detail")
    last_key = url = None
    for record in records:
        *record, segment = record  # the last source: the links' organization segment
        key = (record[0], record[1], segment)
        if key != last_key:
            last_key = key
            url = origin + detail(iso3=key[0], year=key[1], org=key[2])
        source = record[SOURCE_URL]
        if source and not source.isascii():  # answered as a URI, as URIField does
            record = (*record[:SOURCE_URL], iri_to_uri(source), *record[SOURCE_URL + 1 :])
        yield (*record, url)


def value_rows(records, request):
    """ValueRowSerializer's rows of ``values_list(*VALUE_SOURCES.values())`` records."""
    for values in value_records(records, request):
        yield dict(zip(VALUE_NAMES, values, strict=True))


@extend_schema_view(
    list=extend_schema(
        summary="List stored values in long format, with their evidence",
        description="One row per stored value of the assessments you may see: one component "
        "of one indicator at one level (national, or local with its locality), or an "
        "indicator marked not applicable with its reason. Each row has its assessment's keys "
        "(`country`, `year`, `organization`, `assessment_status`, `is_sample`), the "
        "indicator's code and cluster, the raw `inputs` exactly as stored (the score "
        "preview's vocabulary), `data_year` and the evidence (`source_url`, `source_page`, "
        "`source_quote`, `notes`). Anonymous callers see validated assessments only; members "
        "also see their organizations' others; administrators see all. Rows are flat (only "
        "`inputs` is an object), for CSV and data frames. Filters: "
        f"{schema.filter_list(ValueFilter)}; the assessment filters apply to each value's "
        "assessment. `ordering`: `country` (by name), `year`, `organization`, `indicator` "
        "(`-` first for descending); by default by country name, latest year first, then "
        "organization, indicator, component, level and locality. Paginated: 50 rows a page, "
        "`page_size` up to 250.",
        parameters=[
            *schema.filter_parameters(
                ValueFilter,
                level="`national` values are scored; `local` values (with a locality) are "
                "stored and shown, never scored.",
            ),
            schema.ordering_parameter(
                VALUE_ORDERING, "by country name, latest year first, then indicator"
            ),
            *schema.PAGINATION_PARAMETERS,
        ],
        responses={200: ValueRowSerializer(many=True), **schema.FILTERED_LIST_ERRORS},
    ),
)
class ValueViewSet(
    ConditionalGetMixin,
    PlainRowsMixin,
    ExportMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Every stored value of the assessments you may see, one row each, with its evidence."""

    serializer_class = ValueRowSerializer
    export_formats = ("csv", "xlsx")
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ValueFilter
    ordering_fields = VALUE_ORDERING
    ordering = [
        "country",
        "-year",
        "organization",
        "indicator",
        "component",
        "level",
        "locality",
        "pk",
    ]

    def get_queryset(self):
        # The ordering names of the query string, as aliases: sorting needs no extra query.
        return (
            IndicatorValue.objects.visible_to(self.request.user)
            .for_list()
            .alias(
                country=F("assessment__country__name"),
                year=F("assessment__year"),
                organization=publication.segment_expression("assessment__"),
            )
            .annotate(
                shown_organization=publication.organization_expression(
                    self.request.user, "assessment__"
                ),
                url_segment=publication.segment_expression("assessment__"),
            )
        )

    def row_source(self, queryset):
        return queryset.values_list(*VALUE_SOURCES.values(), "url_segment")

    def build_rows(self, records, request):
        return value_rows(records, request)

    def export_table(self, queryset, columns):
        if tuple(column.name for column in columns) != VALUE_NAMES:
            return super().export_table(queryset, columns)
        records = self.row_source(queryset).iterator(chunk_size=CHUNK_SIZE)
        return value_records(records, without_format(self.request))


# --- Scores -------------------------------------------------------------------------------


class AssessmentColumnsSerializer(serializers.Serializer):
    """The assessment's keys, first in every score row."""

    country = serializers.CharField(help_text="ISO3 code of the assessed country.")
    year = serializers.IntegerField(help_text="The reporting year.")
    organization = serializers.CharField(
        allow_null=True,
        help_text="Slug of the assessing organization; null when it publishes anonymously.",
    )
    assessment_status = serializers.ChoiceField(
        choices=Assessment.Status.choices,
        help_text="Status of the assessment (anonymous callers only see `validated`).",
    )
    is_sample = serializers.BooleanField(help_text="True for sample data.")
    methodology = serializers.CharField(
        allow_null=True,
        help_text="Methodology version of the stored score; null while it has none.",
    )


class BandField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=Band.choices,
            allow_null=True,
            help_text="Band of the overall score; null when there is none.",
            **kwargs,
        )


class ScoreLongRowSerializer(AssessmentColumnsSerializer, ScoreRowSerializer):
    """One score of one assessment: overall, a cluster or an indicator."""

    band = BandField()
    assessment_url = serializers.URLField(help_text="The assessment in this API.")


def _score_column(name: str) -> serializers.FloatField:
    return serializers.FloatField(
        allow_null=True, help_text=f"{name}: 0–100, null unless its status is `scored`."
    )


def _status_column(name: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=[*ScoreStatus.values, scorecard.NOT_SCORED],
        help_text=f"Status of {name}; `not_scored` while the assessment has no stored score.",
    )


ScoreWideRowSerializer = type(
    "ScoreWideRowSerializer",
    (AssessmentColumnsSerializer,),
    {
        "__doc__": "One assessment with every score as a column: overall and band, the three "
        "clusters, then each indicator by code, each score beside its status.",
        "overall": _score_column("The overall score"),
        "overall_status": _status_column("the overall score"),
        "band": BandField(),
        **{
            column: field
            for cluster in Cluster
            for column, field in (
                (cluster.value, _score_column(f"The {cluster.value} cluster")),
                (f"{cluster.value}_status", _status_column(f"the {cluster.value} cluster")),
            )
        },
        **{
            column: field
            for definition in scoring.INDICATORS
            for column, field in (
                (definition.code, _score_column(definition.code)),
                (f"{definition.code}_status", _status_column(definition.code)),
            )
        },
        "assessment_url": serializers.URLField(help_text="The assessment in this API."),
    },
)

# Translated when answered (the view calls gettext on it); English in the schema's example.
WIDE_PICKS_NO_ROWS = gettext_noop(
    "The wide form has one row per assessment with every score: leave out indicator and "
    "level, or ask for form=long."
)
SCORE_ROW_PARAMETERS = {
    "form": "`long` (the default): one row per assessment and score (overall, three "
    "clusters, eleven indicators); `wide`: one row per assessment, a column per score.",
    "indicator": "Long form only: keep the rows of these indicator codes, comma-separated "
    "(`WC01,WC04`); the overall and cluster rows are left out.",
    "level": "Long form only: keep the rows of this level (`overall`, `cluster`, `indicator`).",
}
SCORE_ORDERING = ["country", "year", "overall"]


def score_head(assessment, card: scorecard.Scorecard) -> dict:
    return {
        "country": assessment.country_id,
        "year": assessment.year,
        "organization": assessment.shown_organization,
        "assessment_status": assessment.status,
        "is_sample": assessment.is_sample,
        "methodology": card.methodology,
    }


def long_rows(head: dict, card: scorecard.Scorecard, url: str, picked: dict) -> list[dict]:
    """The assessment's long rows: ``scorecard.score_rows``, picked by indicator and level."""
    codes, level = picked["indicator"], picked["level"]
    return [
        {**head, **row, "band": card.band, "assessment_url": url}
        for row in scorecard.score_rows(card)
        if (not level or row["level"] == level)
        and (not codes or (row["level"] == "indicator" and row["key"] in codes))
    ]


def wide_row(head: dict, card: scorecard.Scorecard, url: str) -> dict:
    """The assessment's one wide row: ``scorecard.score_wide_row``."""
    return {**head, **scorecard.score_wide_row(card), "assessment_url": url}


@extend_schema_view(
    list=extend_schema(
        summary="List the stored scores of many assessments, long or wide",
        description="The stored scores of every assessment you may see (visibility as the "
        "assessment list), built by the scorecard page's own code (`indicators.scorecard`), "
        "never recomputed. Long form (the default): one row per assessment and score, "
        "`overall`, then the three clusters, then the eleven indicators by cluster, each with "
        "the assessment's keys, methodology version and band. `form=wide`: one row per "
        "assessment with `overall`, `overall_status`, `band`, then a score and a `_status` "
        "column per cluster and per indicator code. An assessment without a stored score "
        "has every status `not_scored`. Filters (the assessment list's, picking "
        f"assessments): {schema.filter_list(ScoreRowFilter)}; `indicator` and `level` pick "
        "rows of the long form and answer 400 with `form=wide`. `ordering`: `country` (by "
        "name), `year`, `overall` (`-` first for descending); by default by country name, "
        "latest year first. Paginated by assessment: `count` is the number of assessments, "
        "a page holds 50 assessments (`page_size` up to 250) and every row of each, so one "
        "assessment is never split across pages.",
        parameters=[
            *schema.filter_parameters(ScoreRowFilter, **SCORE_ROW_PARAMETERS),
            schema.ordering_parameter(SCORE_ORDERING, "by country name, then latest year first"),
            *schema.PAGINATION_PARAMETERS,
        ],
        responses={
            200: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="ScoreListRow",
                    serializers=[ScoreLongRowSerializer, ScoreWideRowSerializer],
                    resource_type_field_name=None,
                    many=True,
                ),
                description="Long rows by default, wide rows with `form=wide`.",
            ),
            400: OpenApiResponse(
                schema.FIELD_ERRORS,
                description="A filter or `page_size` has a value it does not accept, or "
                "`indicator` or `level` came with `form=wide`: the error is keyed by the "
                "parameter's name.",
                examples=[
                    OpenApiExample(
                        "Bad score bound",
                        value={"overall_min": ["Ensure this value is less than or equal to 100."]},
                    ),
                    OpenApiExample(
                        "Rows of the wide form",
                        value={"indicator": [WIDE_PICKS_NO_ROWS]},
                    ),
                ],
            ),
            404: schema.LIST_ERRORS[404],
        },
    ),
)
class ScoreViewSet(
    ConditionalGetMixin, ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Stored scores of many assessments: long (a row per score) or wide (a row each)."""

    serializer_class = ScoreLongRowSerializer
    export_formats = ("csv", "xlsx")
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ScoreRowFilter
    ordering_fields = SCORE_ORDERING
    ordering = ["country__name", "-year", "url_segment", "pk"]

    def get_queryset(self):
        return assessments_for(self.request)

    def picked_rows(self) -> dict:
        """Which rows of each assessment: ``form``, ``indicator``, ``level`` (validated)."""
        request = self.request
        rows = ScoreRowFilter(request.query_params, queryset=self.get_queryset(), request=request)
        if not rows.is_valid():  # the filter backend has answered 400 already
            raise ValidationError(rows.errors)
        picked = rows.clean_rows()
        if picked["form"] == WIDE:
            given = [name for name in ("indicator", "level") if picked[name]]
            if given:
                raise ValidationError({name: [gettext(WIDE_PICKS_NO_ROWS)] for name in given})
        return picked

    def rows_of(self, assessments, picked: dict, request):
        """The score rows of these assessments, in the picked form (JSON page and export)."""
        indicators = list(Indicator.objects.ordered())
        for assessment in assessments:
            stored = getattr(assessment, "score", None)
            card = scorecard.build(indicators, stored.as_dict() if stored else None)
            head = score_head(assessment, card)
            url = assessment_url(request, assessment)
            if picked["form"] == LONG:
                yield from long_rows(head, card, url, picked)
            else:
                yield wide_row(head, card, url)

    def list(self, request, *args, **kwargs):
        if isinstance(getattr(request, "accepted_renderer", None), ExportRenderer):
            return super().list(request, *args, **kwargs)  # ExportMixin, with the two below
        queryset = self.filter_queryset(self.get_queryset())
        picked = self.picked_rows()
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(list(self.rows_of(page, picked, request)))

    def export_columns(self):
        # Checked here, before the first byte is streamed: a bad pick is still a JSON 400.
        self.picked = self.picked_rows()
        wide = self.picked["form"] == WIDE
        return serializer_columns(ScoreWideRowSerializer() if wide else ScoreLongRowSerializer())

    def export_rows(self, queryset):
        assessments = queryset.iterator(chunk_size=CHUNK_SIZE)
        return self.rows_of(assessments, self.picked, without_format(self.request))
