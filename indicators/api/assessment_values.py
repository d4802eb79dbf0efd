"""An assessment's values (read and replace) and its submission for validation.

``assessments/{iso3}/{year}/{org}/values/``: GET answers every indicator's value set as the
entry services hold it (``ValueData``: a component's inputs in the score preview's words,
level and locality, evidence); PUT replaces the sets of the indicators it names through
``assessment_values_save``, as the entry page's Save does (decision 72).
``assessments/{iso3}/{year}/{org}/submit/`` sends it for validation through
``assessment_submit``, as the entry page's "Save and submit" does.
"""

from django.db.models import F
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from indicators.api import writes
from indicators.api.resources import (
    ASSESSMENT_NOT_FOUND,
    ASSESSMENT_PATH_PARAMETERS,
    AssessmentSerializer,
    assessment_of,
    assessments_for,
)
from indicators.models import Assessment, Indicator
from indicators.services import (
    assessment_submit,
    assessment_values_save,
    assessment_warnings,
    stored_value_sets,
)
from nap_tracker.conditional import ConditionalGetMixin
from nap_tracker.parsers import SafeJSONParser

VALUES_FIELDS = ("version", "indicators")
SUBMIT_FIELDS = ("version", "confirm_warnings")


def values_of(assessment: Assessment) -> dict:
    """Every indicator (in order) with its stored values, as the values service takes them."""
    values = assessment.values.select_related("indicator").order_by(
        F("indicator__order"),
        "indicator__code",
        "-not_applicable",
        "component",
        "-level",
        "locality",
    )
    sets = stored_value_sets(values)
    return {
        "version": assessment.version,
        "indicators": {
            indicator.code: [writes.value_row(row) for row in sets.get(indicator.code, [])]
            for indicator in Indicator.objects.ordered()
        },
    }


def assessment_for_values(view) -> Assessment:
    kwargs = view.kwargs
    return get_object_or_404(
        Assessment.objects.visible_to(view.request.user)
        .at_public_segment(kwargs["org"], view.request.user)
        .select_related("organization"),
        country_id=kwargs["iso3"].upper(),
        year=int(kwargs["year"]),
    )


WC04_VALUES = {
    "component": "peacekeepers",
    "inputs": {"women": 14, "men": 86},
    "level": "national",
    "locality": "",
    "not_applicable": False,
    "not_applicable_reason": "",
    "data_year": 2023,
    "source_url": "https://example.org/report.pdf",
    "source_page": "p. 12",
    "source_quote": "14 of the 100 peacekeepers deployed were women.",
    "notes": "",
}


class AssessmentValuesView(ConditionalGetMixin, generics.GenericAPIView):
    """The values of one assessment by indicator; PUT replaces the indicators it names."""

    serializer_class = writes.ValueSetsSerializer
    pagination_class = None
    parser_classes = [SafeJSONParser]

    def get_queryset(self):
        return Assessment.objects.visible_to(self.request.user)

    @extend_schema(
        summary="The values of one assessment, by indicator",
        description="Every indicator code (`WC01`–`WC11`, in order) with the assessment's "
        "values: one row per component value (its `inputs` as in a score-preview body, "
        "`level` national or local with its `locality`, and its evidence), or one row "
        "marking the indicator not applicable with its reason; an empty list when it has "
        "none. `version` is the assessment's: send it back to change the values. The same "
        "sets the entry page edits; visibility as for the assessment.",
        parameters=ASSESSMENT_PATH_PARAMETERS,
        responses={200: writes.ValueSetsSerializer, 404: ASSESSMENT_NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        return Response(values_of(assessment_for_values(self)))

    @extend_schema(
        summary="Replace the values of some indicators of a draft assessment",
        description="For each indicator code in `indicators`, its whole set of values becomes "
        "the list given (an empty list clears it); indicators left out keep theirs. So a "
        "script can send one indicator or all eleven, and a GET, an edit and a PUT of the "
        "answer change exactly what was edited. The values are checked as the entry page "
        "checks them (the same service and messages: errors are keyed by their place in the "
        "body, `indicators.WC04.0.inputs.women`), every error at once, and nothing is saved "
        "unless all are valid; then the assessment is rescored, and a returned assessment "
        "becomes a draft again. `version` is required: a stale one answers 409 with the "
        "current version. Only drafts and returned assessments of your organization, for a "
        "country it covers, may be changed (403 otherwise; 404 if you may not see it). "
        "Answers the values as GET does, with the new `version`.",
        parameters=ASSESSMENT_PATH_PARAMETERS,
        request=writes.ValueSetsRequestSerializer,
        responses={
            200: writes.ValueSetsSerializer,
            **writes.write_errors(
                ASSESSMENT_NOT_FOUND,
                writes._example(
                    "Bad inputs",
                    {"indicators.WC04.0.inputs.women": ["women must be a whole number ≥ 0."]},
                    "The scoring rules' message, as the entry page shows it at the field.",
                ),
                writes._example(
                    "Read-only",
                    {
                        writes.BODY: [
                            "This assessment is submitted and read-only; a reviewer must "
                            "return it first."
                        ]
                    },
                ),
                writes.STALE_OR_MISSING_VERSION,
                forbidden_examples=[
                    writes._example("Not yours", {"detail": "You may not edit this assessment."})
                ],
            ),
            409: writes.CONFLICT,
        },
        examples=[
            OpenApiExample(
                "One indicator",
                value={"version": 3, "indicators": {"WC04": [WC04_VALUES]}},
                request_only=True,
            ),
            OpenApiExample(
                "Not applicable, and a cleared indicator",
                value={
                    "version": 3,
                    "indicators": {
                        "WC02": [
                            {
                                "not_applicable": True,
                                "not_applicable_reason": "No peace process in the year.",
                            }
                        ],
                        "WC06": [],
                    },
                },
                request_only=True,
            ),
        ],
    )
    def put(self, request, *args, **kwargs):
        assessment = assessment_for_values(self)

        def save():
            data = writes.body_object(request, VALUES_FIELDS)
            version = writes.expected_version(data)
            return assessment_values_save(
                assessment=assessment,
                values=writes.value_sets(data),
                actor=request.user,
                expected_version=version,
            )

        saved, error = writes.answer_errors(save, prefix="indicators.")
        if error:
            return error
        return Response(values_of(saved))


UNCONFIRMED = {
    "confirm_warnings": ["Confirm that you checked the warnings below."],
    "warnings": [
        "The WC06 checklist says no national action plan is in force, but the assessment is "
        "linked to a plan in force that year. Check the checklist or the linked plan."
    ],
}


class AssessmentSubmitView(generics.GenericAPIView):
    """Send a draft or returned assessment for validation, as the entry page does."""

    serializer_class = AssessmentSerializer
    parser_classes = [SafeJSONParser]

    def get_queryset(self):
        return assessments_for(self.request)

    @extend_schema(
        summary="Submit a draft assessment for validation",
        description="Sends a draft or returned assessment to its organization's reviewers, "
        'through the same service and rules as the entry page\'s "Save and submit": it '
        "needs at least one value, and if the values raise consistency warnings, "
        "`confirm_warnings: true` (the 400 lists the warnings). `version` is required: a "
        "stale one answers 409. Only editors of the organization, for a country it covers "
        "(403 otherwise; 404 if you may not see it). Answers the assessment, `status` "
        "`submitted`, with its new `version`; a reviewer then validates or returns it.",
        parameters=ASSESSMENT_PATH_PARAMETERS,
        request=writes.SubmitRequestSerializer,
        responses={
            200: AssessmentSerializer,
            **writes.write_errors(
                ASSESSMENT_NOT_FOUND,
                writes._example(
                    "No values", {writes.BODY: ["Enter at least one indicator before submitting."]}
                ),
                writes._example("Warnings not confirmed", UNCONFIRMED),
                writes.STALE_OR_MISSING_VERSION,
                forbidden_examples=[
                    writes._example("Not yours", {"detail": "You may not edit this assessment."})
                ],
            ),
            409: writes.CONFLICT,
        },
        examples=[
            OpenApiExample("Submit", value={"version": 5}, request_only=True),
            OpenApiExample(
                "Warnings checked",
                value={"version": 5, "confirm_warnings": True},
                request_only=True,
            ),
        ],
    )
    def post(self, request, *args, **kwargs):
        assessment = assessment_of(self)

        def submit():
            data = writes.body_object(request, SUBMIT_FIELDS)
            errors = writes.check_types(data, {"confirm_warnings": ("bool", False)})
            if errors:
                raise writes.BodyError(errors)
            return assessment_submit(
                assessment=assessment,
                actor=request.user,
                expected_version=writes.expected_version(data),
                confirm_warnings=data.get("confirm_warnings", False),
            )

        submitted, error = writes.answer_errors(submit)
        if error:
            if "confirm_warnings" in error.data:
                error.data["warnings"] = [
                    w.message for w in assessment_warnings(assessment=assessment)
                ]
            return error
        return Response(self.get_serializer(self.get_queryset().get(pk=submitted.pk)).data)
