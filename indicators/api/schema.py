"""What the OpenAPI schema says of the indicators API beyond what the views and serializers show.

Documentation only: the serializers here validate nothing at run time (the score preview is
checked by ``scoring.parse_payload``); they describe its request and response for
drf-spectacular. The request serializers are built from ``scoring.INDICATORS`` and the
examples are computed by the scoring code itself, so the schema cannot drift from the method.
"""

import copy

from django import forms
from django.utils import translation
from django_filters import ChoiceFilter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema_field,
)
from rest_framework import serializers

from indicators import scoring, scoring_messages
from indicators.filters import CountryScoreFilter, ScoreBoundFilter
from indicators.models import Band, ScoreStatus
from indicators.scorecard import NOT_SCORED
from indicators.worked_example import WORKED_EXAMPLE
from plans.filters import GenerationFilter, YearFilter, YesNoFilter

# --- Errors -------------------------------------------------------------------------------


class ErrorDetailSerializer(serializers.Serializer):
    """An error about the request as a whole."""

    detail = serializers.CharField(help_text="What is wrong, in the request's language.")


# Field-keyed errors: {"field": ["message", ...]}, nested for the score preview
# ({"WC04": {"peacekeepers": {"women": ["..."]}}}); "__all__" holds errors of the level above.
FIELD_ERRORS = {
    "type": "object",
    "description": (
        "Errors keyed by the parameter or field at fault, each a list of messages; the score "
        "preview nests them by indicator code, component and input field. `__all__` holds "
        "errors about the object itself; a body that is not JSON answers `detail` alone."
    ),
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "object", "additionalProperties": True},
            {"type": "string"},
        ]
    },
}

COUNTRY_NOT_FOUND = OpenApiResponse(
    ErrorDetailSerializer,
    description="No country has that ISO3 code.",
    examples=[OpenApiExample("Not found", value={"detail": "No Country matches the given query."})],
)
INDICATOR_NOT_FOUND = OpenApiResponse(
    ErrorDetailSerializer,
    description="No indicator has that code (codes are upper case: `WC01`).",
    examples=[
        OpenApiExample("Not found", value={"detail": "No Indicator matches the given query."})
    ],
)


# --- Indicators ---------------------------------------------------------------------------


class IndicatorComponentSerializer(serializers.Serializer):
    """One scoring component of an indicator; its kind fixes its inputs and rule."""

    key = serializers.CharField(help_text="The key of its inputs in a score-preview body.")
    kind = serializers.ChoiceField(choices=list(scoring.KIND_RULES))
    items = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="A checklist's items (checklist components only).",
    )


@extend_schema_field(IndicatorComponentSerializer(many=True))
class IndicatorComponentsField(serializers.JSONField):
    """The stored components list, as it is; described item by item in the schema."""


# --- Countries ----------------------------------------------------------------------------


class ScoreWithStatusSerializer(serializers.Serializer):
    score = serializers.FloatField(
        allow_null=True, help_text="0–100 with one decimal; null unless the status is scored."
    )
    status = serializers.ChoiceField(choices=ScoreStatus.choices)


class LatestClustersSerializer(serializers.Serializer):
    participation = ScoreWithStatusSerializer()
    prevention_protection = ScoreWithStatusSerializer()
    promotion = ScoreWithStatusSerializer()


class LatestAssessmentSerializer(serializers.Serializer):
    """The scores of a country's latest validated assessment, as stored."""

    year = serializers.IntegerField(help_text="The year the assessment describes.")
    organization = serializers.CharField(
        allow_null=True,
        help_text="Slug of the assessing organization; null when it publishes anonymously "
        "(`page_url` then holds the assessment's public key instead of a slug).",
    )
    is_sample = serializers.BooleanField(help_text="True for sample data, not a real assessment.")
    methodology = serializers.CharField(help_text="Methodology version that scored it.")
    overall = serializers.FloatField(allow_null=True, help_text="Overall score, 0–100.")
    overall_status = serializers.ChoiceField(choices=ScoreStatus.choices)
    band = serializers.ChoiceField(
        choices=Band.choices, allow_null=True, help_text="Band of the overall score."
    )
    clusters = LatestClustersSerializer()
    page_url = serializers.URLField(help_text="The scorecard page of this assessment.")


def _choices(name: str) -> list[str]:
    """The values a choice filter of the country FilterSet accepts (groups flattened)."""
    values = []
    for value, label in CountryScoreFilter.base_filters[name].extra["choices"]:
        if isinstance(label, list | tuple):
            values.extend(inner for inner, _ in label)
        else:
            values.append(value)
    return values


def _sort_values() -> list[str]:
    keys = list(CountryScoreFilter.base_filters["sort"].param_map)
    return [*keys, *(f"-{key}" for key in keys)]


# The FilterSet's filters as parameters. drf-spectacular reads them from django-filter; these
# add what it cannot see (what each value means, grouped sub-region choices, the year range)
# and take the accepted values from the FilterSet itself.
COUNTRY_FILTER_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="Part of the country's name or official name, or its exact ISO3 or ISO2 "
        "code (any case).",
        examples=[OpenApiExample("Part of a name", value="land")],
    ),
    OpenApiParameter(
        "show",
        OpenApiTypes.STR,
        enum=_choices("show"),
        default="all",
        description="`all` (the default): every ISO 3166-1 country and territory; `un`: UN "
        "member and observer states only.",
    ),
    OpenApiParameter(
        "region",
        OpenApiTypes.STR,
        enum=_choices("region"),
        description="UN M49 region.",
    ),
    OpenApiParameter(
        "subregion",
        OpenApiTypes.STR,
        enum=_choices("subregion"),
        description="UN M49 sub-region (intermediate regions are not stored).",
    ),
    OpenApiParameter(
        "has_plan",
        OpenApiTypes.BOOL,
        description="`true` (or `1`): countries with at least one published national action "
        "plan; `false` (or `0`): those without.",
    ),
    OpenApiParameter(
        "un_member",
        OpenApiTypes.BOOL,
        description="`true` (or `1`): UN member states; `false` (or `0`): everything else.",
    ),
    OpenApiParameter(
        "nap_status",
        OpenApiTypes.STR,
        enum=_choices("nap_status"),
        description="Status of the latest published plan; `not_stated`: its source states "
        "none; `none`: no sourced plan on record.",
    ),
    OpenApiParameter(
        "band",
        OpenApiTypes.STR,
        enum=_choices("band"),
        description="Band of the latest validated assessment; `none`: no validated assessment yet.",
    ),
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": 2000, "maximum": 2100},
        description="Year of the latest validated assessment.",
    ),
    OpenApiParameter(
        "sort",
        {"type": "string", "enum": _sort_values()},
        description="Order of the rows: `name` (the default), `generations` (number of plans), "
        "`year` of the latest validated assessment, or one of its scores (`overall`, "
        "`participation`, `prevention_protection`, `promotion`); `-` first for descending. "
        "Empty values sort last either way; ties by name.",
    ),
]

# drf-spectacular's pagination parameters, with the limits StandardPagination enforces.
PAGINATION_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description="Page number, from 1. A page past the last answers 404.",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1},
        description="Rows per page: 50 by default, at most 250 (larger sizes are capped). "
        "Anything but a whole number of at least 1 answers 400 naming `page_size`.",
    ),
]


def ordering_parameter(fields: list[str], default: str) -> OpenApiParameter:
    """``?ordering=``: one of ``fields``, ``-`` first for descending."""
    return OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=[*fields, *(f"-{field}" for field in fields)],
        description=f"Sort by this field, `-` first for descending; by default {default}. "
        "An unknown field is ignored.",
    )


# The errors of a list without filters: a bad page size, a page past the end.
LIST_ERRORS = {
    400: OpenApiResponse(
        FIELD_ERRORS,
        description="`page_size` is not a whole number of at least 1: the error is keyed by "
        "the parameter's name.",
        examples=[
            OpenApiExample(
                "Bad page size",
                value={"page_size": ["page_size must be a whole number from 1 to 250."]},
            ),
        ],
    ),
    404: OpenApiResponse(
        ErrorDetailSerializer,
        description="`page` is past the last page or not a number.",
        examples=[OpenApiExample("Invalid page", value={"detail": "Invalid page."})],
    ),
}


FILTERED_LIST_ERRORS = {
    400: OpenApiResponse(
        FIELD_ERRORS,
        description="A filter or `page_size` has a value it does not accept: the error is "
        "keyed by the parameter's name.",
        examples=[
            OpenApiExample(
                "Bad country list",
                value={
                    "country": ["Give one or more ISO3 codes separated by commas, like NOR,SWE."]
                },
            ),
            OpenApiExample(
                "Bad page size",
                value={"page_size": ["page_size must be a whole number from 1 to 250."]},
            ),
        ],
    ),
    404: LIST_ERRORS[404],
}


def not_found(what: str, model: str) -> OpenApiResponse:
    """The 404 of a detail endpoint whose key matches no ``what`` the caller may see."""
    return OpenApiResponse(
        ErrorDetailSerializer,
        description=f"No {what} has that key.",
        examples=[
            OpenApiExample("Not found", value={"detail": f"No {model} matches the given query."})
        ],
    )


COUNTRY_LIST_ERRORS = {
    400: OpenApiResponse(
        FIELD_ERRORS,
        description="A filter or `page_size` has a value it does not accept: the error is "
        "keyed by the parameter's name.",
        examples=[
            OpenApiExample(
                "Unknown region",
                value={
                    "region": [
                        "Select a valid choice. Atlantis is not one of the available choices."
                    ]
                },
            ),
            OpenApiExample(
                "Bad page size",
                value={"page_size": ["page_size must be a whole number from 1 to 250."]},
            ),
        ],
    ),
    404: OpenApiResponse(
        ErrorDetailSerializer,
        description="`page` is past the last page or not a number.",
        examples=[OpenApiExample("Invalid page", value={"detail": "Invalid page."})],
    ),
}


# --- Score preview: the request -----------------------------------------------------------

_COUNT = {"min_value": 0, "help_text": "A whole number, 0 or more."}


class ShareInputsSerializer(serializers.Serializer):
    """Counts of women and of men; scored as the share of women against parity."""

    women = serializers.IntegerField(**_COUNT)
    men = serializers.IntegerField(**_COUNT)


class RatioInputsSerializer(serializers.Serializer):
    """A numerator not larger than its denominator; scored against the component's target."""

    numerator = serializers.IntegerField(**_COUNT)
    denominator = serializers.IntegerField(**_COUNT)


class RatingInputsSerializer(serializers.Serializer):
    """A level of the indicator's rubric; scored as level ÷ 4 × 100."""

    level = serializers.IntegerField(min_value=0, max_value=scoring.MAX_LEVEL)


class AttritionInputsSerializer(serializers.Serializer):
    """SGBV cases at each stage; each stage is not larger than the one before."""

    reported = serializers.IntegerField(**_COUNT)
    investigated = serializers.IntegerField(**_COUNT)
    prosecuted = serializers.IntegerField(**_COUNT)
    penalised = serializers.IntegerField(**_COUNT)


class FundingInputsSerializer(serializers.Serializer):
    """Amounts allocated and disbursed; optionally the amount to civil society and currency."""

    allocated = serializers.FloatField(min_value=0)
    disbursed = serializers.FloatField(min_value=0)
    to_civil_society = serializers.FloatField(
        min_value=0, required=False, help_text="Not larger than the amount disbursed."
    )
    currency = serializers.RegexField(
        r"^[A-Z]{3}$", required=False, help_text="ISO 4217 code such as USD."
    )


CHECKLIST_ANSWERS = [("yes", "yes"), ("no", "no"), ("na", "not applicable")]


def _checklist_serializer(definition, component) -> type[serializers.Serializer]:
    items = type(
        f"{definition.code}ItemsSerializer",
        (serializers.Serializer,),
        {
            "__doc__": f"Each item of {definition.code}'s checklist: yes, no or na (not "
            "applicable, not counted).",
            **{
                item: serializers.ChoiceField(CHECKLIST_ANSWERS, required=False)
                for item in component.items
            },
        },
    )
    return type(
        f"{definition.code}ChecklistInputsSerializer",
        (serializers.Serializer,),
        {"__doc__": "A checklist; scored as yes ÷ (yes + no) × 100.", "items": items()},
    )


_KIND_SERIALIZERS = {
    scoring.SHARE: ShareInputsSerializer,
    scoring.RATIO: RatioInputsSerializer,
    scoring.RATING: RatingInputsSerializer,
    scoring.ATTRITION: AttritionInputsSerializer,
    scoring.FUNDING: FundingInputsSerializer,
}


def _entry_serializer(definition) -> type[serializers.Serializer]:
    """One indicator's entry: its components' inputs, or not applicable with a reason."""
    components = {}
    for component in definition.components:
        kind = (
            _checklist_serializer(definition, component)
            if component.kind == scoring.CHECKLIST
            else _KIND_SERIALIZERS[component.kind]
        )
        components[component.key] = kind(required=False)
    components_serializer = type(
        f"{definition.code}ComponentsSerializer",
        (serializers.Serializer,),
        {
            "__doc__": f"{definition.code}'s components; at least "
            f"{definition.min_components} scored for the indicator to be scored.",
            **components,
        },
    )
    fields = {"components": components_serializer(required=False)}
    if definition.not_applicable_allowed:
        fields["not_applicable"] = serializers.BooleanField(
            required=False,
            help_text=f"True when the indicator does not apply ({definition.not_applicable_hint})"
            "; then give a reason and no components.",
        )
        fields["reason"] = serializers.CharField(
            required=False, help_text="Why it does not apply; required with not_applicable."
        )
    return type(
        f"{definition.code}EntrySerializer",
        (serializers.Serializer,),
        {"__doc__": f"{definition.code}: {definition.title}.", **fields},
    )


ScorePreviewIndicatorsSerializer = type(
    "ScorePreviewIndicatorsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Inputs keyed by indicator code; an indicator left out has no data.",
        **{d.code: _entry_serializer(d)(required=False) for d in scoring.INDICATORS},
    },
)


class ScorePreviewSerializer(serializers.Serializer):
    """The inputs of one assessment (METHODOLOGY.md §5); unknown keys are errors."""

    methodology = serializers.ChoiceField(
        choices=scoring.SUPPORTED_VERSIONS, help_text="The methodology version to score with."
    )
    indicators = ScorePreviewIndicatorsSerializer()


# --- Score preview: the response ----------------------------------------------------------


class IndicatorResultSerializer(ScoreWithStatusSerializer):
    components = serializers.DictField(
        child=ScoreWithStatusSerializer(),
        help_text="Each component of the indicator by key, with its score and status.",
    )


ScorePreviewIndicatorResultsSerializer = type(
    "ScorePreviewIndicatorResultsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Every indicator, always all eleven.",
        **{d.code: IndicatorResultSerializer() for d in scoring.INDICATORS},
    },
)


class ClusterResultsSerializer(serializers.Serializer):
    """Every cluster, always all three."""

    participation = ScoreWithStatusSerializer()
    prevention_protection = ScoreWithStatusSerializer()
    promotion = ScoreWithStatusSerializer()


class OverallResultSerializer(ScoreWithStatusSerializer):
    arithmetic_mean = serializers.FloatField(
        allow_null=True, help_text="The clusters' arithmetic mean, shown beside the score."
    )
    band = serializers.ChoiceField(choices=Band.choices, allow_null=True)


class ScorePreviewResponseSerializer(serializers.Serializer):
    """The §6 response: the same function computes stored scores."""

    methodology = serializers.CharField()
    indicators = ScorePreviewIndicatorResultsSerializer()
    clusters = ClusterResultsSerializer()
    overall = OverallResultSerializer()


# --- Score preview: examples, computed by the scoring code --------------------------------


def _scored(body: dict) -> dict:
    """The response to ``body`` with methodology 1.0's parameters (the stored ones)."""
    _, inputs = scoring.parse_payload(body)
    return scoring.score(inputs, scoring.DEFAULT_PARAMETERS).as_dict()


def _errors(body: object) -> dict:
    try:
        scoring.parse_payload(body)
    except scoring.ScoringError as exc:
        with translation.override("en"):
            return scoring_messages.render_errors(exc.errors)
    raise AssertionError("this example body is valid")  # pragma: no cover


def _with(code: str, entry: dict) -> dict:
    body = copy.deepcopy(WORKED_EXAMPLE)
    body["indicators"][code] = entry
    return body


_BAD_COUNTS = _with("WC04", {"components": {"peacekeepers": {"women": -1, "men": "many"}}})
_BAD_COUNTS["methodology"] = "9.9"
EMPTY_INPUTS = {"methodology": "1.0", "indicators": {}}

# Bodies whose 400 answers are the error examples (the tests post them and compare).
ERROR_EXAMPLE_BODIES = {
    "Errors keyed by path": _BAD_COUNTS,
    "Unknown indicator": {"methodology": "1.0", "indicators": {"WC12": {}}},
    "Not an object": ["WC01", "WC02"],
}


def score_preview_examples() -> list[OpenApiExample]:
    """The worked example in and out, and 400s as the view answers them (English)."""
    descriptions = {
        "Errors keyed by path": "Every error at once: an unknown methodology version and "
        "bad counts of WC04's peacekeepers.",
        "Unknown indicator": "A code that is not one of WC01–WC11.",
        "Not an object": "A body that is JSON but not an object.",
    }
    return [
        OpenApiExample(
            "Worked example",
            summary="Worked example",
            description="The inputs of the methodology's worked example (METHODOLOGY.md §5).",
            value=WORKED_EXAMPLE,
            request_only=True,
        ),
        OpenApiExample(
            "Worked example",
            summary="Worked example",
            description="The worked example's published results: WC02 and WC08 are not "
            "applicable, WC03's judiciary has no data.",
            value=_scored(WORKED_EXAMPLE),
            response_only=True,
            status_codes=["200"],
        ),
        OpenApiExample(
            "No inputs",
            summary="No inputs",
            description="With no inputs every indicator has no data and the overall score is "
            "insufficient data.",
            value=EMPTY_INPUTS,
            request_only=True,
        ),
        OpenApiExample(
            "No inputs",
            summary="No inputs",
            value=_scored(EMPTY_INPUTS),
            response_only=True,
            status_codes=["200"],
        ),
        *(
            OpenApiExample(
                name,
                description=descriptions[name],
                value=_errors(body),
                response_only=True,
                status_codes=["400"],
            )
            for name, body in ERROR_EXAMPLE_BODIES.items()
        ),
        OpenApiExample(
            "Not JSON",
            description="A body that does not parse as JSON.",
            value={"detail": "JSON parse error - Expecting value: line 1 column 1 (char 0)"},
            response_only=True,
            status_codes=["400"],
        ),
    ]


SCORE_PREVIEW_ERRORS = {
    400: OpenApiResponse(
        FIELD_ERRORS,
        description="The body is not JSON, is not an object, or has bad inputs: errors "
        "keyed by indicator code, component and input field (`__all__` for the object "
        "itself), every error at once. An unknown methodology version is keyed "
        "`methodology`.",
    ),
    413: OpenApiResponse(
        ErrorDetailSerializer,
        description="The body is larger than 64 KiB; it is not read.",
        examples=[
            OpenApiExample(
                "Too large", value={"detail": "The body is 70000 bytes; at most 65536 are read."}
            )
        ],
    ),
    415: OpenApiResponse(
        ErrorDetailSerializer,
        description="The body is not `application/json`.",
        examples=[
            OpenApiExample(
                "Form body",
                value={
                    "detail": 'Unsupported media type "application/x-www-form-urlencoded" '
                    "in request."
                },
            )
        ],
    ),
}


# --- Score rows ---------------------------------------------------------------------------

# The levels and statuses of a score row (``scorecard.score_rows``), named once in the schema.
SCORE_ROW_LEVELS = ["overall", "cluster", "indicator"]
SCORE_ROW_STATUSES = [*ScoreStatus.values, NOT_SCORED]


# --- Filters of the plan, assessment, value and score lists -------------------------------

# What each filter means, by parameter name; a list may say more (``filter_parameters``).
FILTER_DESCRIPTIONS = {
    "country": "One or more ISO3 country codes, comma-separated, any case (`NOR`, `gha,sen`).",
    "region": "UN M49 region of the country.",
    "subregion": "UN M49 sub-region of the country (intermediate regions are not stored).",
    "year_min": "Reporting year from (inclusive), four digits.",
    "year_max": "Reporting year to (inclusive), four digits.",
    "organization": "Slug of the assessing organization (`owning-org`).",
    "status": "Status of the assessment. It only narrows what you may see: anonymous callers "
    "only ever get validated assessments; members also see their organizations' others.",
    "is_sample": "`true` (or `1`): sample data only; `false` (or `0`): real data only.",
    "methodology": "Methodology version of the stored score (`1.0`).",
    "band": "Band of the stored overall score.",
    "plan_generation": "Generation of the plan in force that year (1–20); assessments "
    "without a plan in force match none of the `plan_*` filters.",
    "plan_status": "Status of the plan in force that year.",
    "plan_lead_category": "Lead ministry category of the plan in force that year.",
    "plan_budget": "Budget of the plan in force that year.",
    "plan_me_framework": "`true`: the plan in force that year has an M&E framework; `false`: "
    "its source says it has none (unknown matches neither).",
    "indicator": "One or more indicator codes, comma-separated, any case (`WC01,WC04`).",
    "cluster": "Cluster of the indicator.",
    "generation": "The plan's generation (1–20); plans whose source gives none match no value.",
    "lead_category": "Lead ministry category of the plan.",
    "budget": "Budget of the plan.",
    "me_framework": "`true`: the plan has an M&E framework; `false`: its source says it has "
    "none (unknown matches neither).",
    "adopted_year_min": "Year of adoption from (inclusive), four digits.",
    "adopted_year_max": "Year of adoption to (inclusive), four digits.",
}
_SCORE_NAMES = {
    "overall": "overall score",
    "participation": "participation cluster score",
    "prevention_protection": "prevention and protection cluster score",
    "promotion": "promotion cluster score",
}
for _key, _name in _SCORE_NAMES.items():
    FILTER_DESCRIPTIONS[f"{_key}_min"] = (
        f"Stored {_name} at least this (0–100, decimals allowed); assessments whose "
        f"{_name} is not scored match no bound."
    )
    FILTER_DESCRIPTIONS[f"{_key}_max"] = f"Stored {_name} at most this (0–100, decimals allowed)."


def _filter_schema(filter_) -> dict:
    """The OpenAPI schema of one filter's query-string value, from its form field."""
    if isinstance(filter_, ChoiceFilter):
        values = []
        for value, label in filter_.extra["choices"]:
            if isinstance(label, list | tuple):
                values.extend(inner for inner, _ in label)
            else:
                values.append(value)
        return {"type": "string", "enum": values}
    if isinstance(filter_, YesNoFilter):
        return {"type": "boolean"}
    if isinstance(filter_, YearFilter):
        return {"type": "integer", "minimum": 1900, "maximum": 2100}
    if isinstance(filter_, GenerationFilter):
        return {"type": "integer", "minimum": 1, "maximum": 20}
    if isinstance(filter_, ScoreBoundFilter):
        return {"type": "number", "minimum": 0, "maximum": 100}
    assert issubclass(filter_.field_class, forms.CharField), filter_  # noqa: S101
    return {"type": "string"}


def filter_parameters(filterset_class, **descriptions: str) -> list[OpenApiParameter]:
    """Every filter of ``filterset_class`` as a documented query parameter, in its order.

    The descriptions are ``FILTER_DESCRIPTIONS``'s unless given here by name; the accepted
    values come from the filters themselves, so the schema cannot drift from the FilterSet.
    """
    return [
        OpenApiParameter(
            name,
            _filter_schema(filter_),
            description=descriptions.get(name) or FILTER_DESCRIPTIONS[name],
        )
        for name, filter_ in filterset_class.base_filters.items()
    ]


def filter_list(filterset_class) -> str:
    """The filters' names as a sentence for an endpoint's description."""
    return ", ".join(f"`{name}`" for name in filterset_class.base_filters)
