"""The API's write path for draft assessments: the entry forms' checks, the entry services.

Nothing here writes a model: a body is checked by the browser's own form classes (so the
messages are the entry pages' words, in the request's language), then handed to the
services of ``indicators.services`` (``assessment_create``, ``assessment_update``,
``assessment_values_save``, ``assessment_submit``), which apply the same permissions and
rules as for the browser. Their errors become answers here, once:

- a body or service ``ValidationError`` → 400, messages keyed by the field at fault
  (``__all__`` for the body as a whole; value errors by their path in the body,
  ``indicators.WC04.0.inputs.women``);
- ``PermissionDenied`` → 403 ``{"detail": ...}`` (only for assessments the caller may see:
  the others are 404 before any check);
- ``AssessmentConflict`` (a stale ``version``) → 409 ``{"detail": ..., "version": current}``.

See decisions 71–74.
"""

import re
from dataclasses import asdict

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.response import Response

from indicators.api.schema import FIELD_ERRORS, ErrorDetailSerializer
from indicators.forms import AssessmentCreateForm
from indicators.models import Assessment, IndicatorValue
from indicators.services import (
    UNSET,
    AssessmentConflict,
    ValueData,
    assessment_create,
    assessment_update,
)
from nap_tracker.converters import PlanKeyConverter
from nap_tracker.parsers import SafeJSONParser
from plans.models import NationalActionPlan

BODY = "__all__"  # the key of errors about the body as a whole (as the JSON parser's)
PLAN_KEY = re.compile(rf"^(?:{PlanKeyConverter.regex})$")


class BodyError(Exception):
    """A body the endpoint cannot take; ``errors`` are keyed as the 400 answers them."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(errors)


# --- Reading a body -----------------------------------------------------------------------


def body_object(request, fields: tuple[str, ...]) -> dict:
    """The JSON object of the request; unknown keys are errors (a typo is not ignored)."""
    data = request.data
    if not isinstance(data, dict):
        raise BodyError({BODY: [_("The body must be a JSON object.")]})
    unknown = [key for key in data if key not in fields]
    if unknown:
        message = _("Unknown field; expected one of: %(fields)s.") % {"fields": ", ".join(fields)}
        raise BodyError({key: [message] for key in unknown})
    return data


def _type_error(value, kind: str, nullable: bool = False) -> str | None:
    if value is None:
        return None if nullable else _("This field may not be null.")
    if kind == "text" and not isinstance(value, str):
        return _("Expected text.")
    if kind == "bool" and not isinstance(value, bool):
        return _("Expected true or false.")
    if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        return _("Expected a whole number.")
    if kind == "object" and not isinstance(value, dict):
        return _("Expected an object.")
    if kind == "list" and not isinstance(value, list):
        return _("Expected a list.")
    return None


def check_types(data: dict, kinds: dict[str, tuple[str, bool]], prefix: str = "") -> dict:
    """Errors of the given fields that have the wrong JSON type: ``{name: (kind, nullable)}``."""
    errors = {}
    for name, (kind, nullable) in kinds.items():
        if name in data:
            message = _type_error(data[name], kind, nullable)
            if message:
                errors[f"{prefix}{name}"] = [message]
    return errors


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    """A bound form's errors as the API answers them: ``{"field": ["message"]}``."""
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def service_errors(exc: ValidationError, prefix: str = "") -> dict[str, list[str]]:
    """A service's ValidationError keyed as the API answers it (``__all__`` if unkeyed)."""
    if not hasattr(exc, "error_dict"):
        return {BODY: exc.messages}
    return {
        (name if name == BODY else f"{prefix}{name}"): messages
        for name, messages in exc.message_dict.items()
    }


def invalid_choice() -> str:
    return str(forms.ModelChoiceField.default_error_messages["invalid_choice"])


def plan_of(form: forms.Form, country, given):
    """The published plan of ``country`` with key ``given``; None for null; else a form error."""
    if given in (None, ""):
        return None
    plan = None
    if isinstance(given, str) and PLAN_KEY.match(given):
        plan = NationalActionPlan.objects.published().filter(country=country).by_key(given).first()
    if plan is None:
        form.add_error("plan", invalid_choice())
    return plan


# --- Answers ------------------------------------------------------------------------------


def bad_request(errors: dict) -> Response:
    return Response(errors, status=status.HTTP_400_BAD_REQUEST)


def forbidden(exc: PermissionDenied) -> Response:
    detail = str(exc) or _("You do not have permission to perform this action.")
    return Response({"detail": detail}, status=status.HTTP_403_FORBIDDEN)


def conflict(exc: AssessmentConflict) -> Response:
    """409: someone saved the assessment since the caller read it; nothing was written."""
    detail = _(
        "This assessment was saved by someone else after you read it: it is at version "
        "%(current)s, your change was made to version %(expected)s. Nothing was saved; read "
        "it again and make your change to the current version."
    ) % {"current": exc.current.version, "expected": exc.expected_version}
    return Response(
        {"detail": detail, "version": exc.current.version}, status=status.HTTP_409_CONFLICT
    )


def answer_errors(call, prefix: str = ""):
    """Run ``call()``; its service errors as API answers: (result, None) or (None, response)."""
    try:
        return call(), None
    except BodyError as exc:
        return None, bad_request(exc.errors)
    except AssessmentConflict as exc:
        return None, conflict(exc)
    except PermissionDenied as exc:
        return None, forbidden(exc)
    except ValidationError as exc:
        return None, bad_request(service_errors(exc, prefix))


def assessment_url(request, assessment: Assessment, name: str = "api:assessment-detail") -> str:
    kwargs = {
        "iso3": assessment.country_id,
        "year": assessment.year,
        "org": assessment.public_segment,
    }
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


# --- Forms: the entry pages' fields, with the API's natural keys ----------------------------


class ApiAssessmentCreateForm(AssessmentCreateForm):
    """The new-assessment form of the entry pages, keyed by slug, with plan and summary.

    The organization must be one the caller edits for and the country one it covers: the
    browser form's choices, checks and messages.
    """

    plan = forms.CharField(required=False)  # a key; read from the body by clean()
    summary = forms.CharField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organization"].to_field_name = "slug"
        self.plan = UNSET

    def clean(self):
        cleaned = super().clean()
        if "plan" in self.data and cleaned.get("country"):
            self.plan = plan_of(self, cleaned["country"], self.data["plan"])
        return cleaned


class AssessmentDetailsForm(forms.Form):
    """The describing fields of the entry form (plan, summary) and the version read."""

    version = forms.IntegerField(min_value=1)
    plan = forms.CharField(required=False)  # a key; read from the body by clean()
    summary = forms.CharField(required=False)
    is_sample = forms.BooleanField(required=False)

    def __init__(self, *args, assessment: Assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.plan = UNSET

    def clean(self):
        cleaned = super().clean()
        if "plan" in self.data:
            self.plan = plan_of(self, self.assessment.country, self.data["plan"])
        return cleaned

    def changes(self) -> dict:
        """The fields the body names, as assessment_update takes them."""
        given = {"plan": self.plan}
        for name in ("summary", "is_sample"):
            if name in self.data:
                given[name] = self.cleaned_data[name]
        return given


CREATE_FIELDS = ("country", "year", "organization", "plan", "summary")
UPDATE_FIELDS = ("version", "plan", "summary", "is_sample")


def create_assessment(request) -> Assessment:
    data = body_object(request, CREATE_FIELDS)
    errors = check_types(data, {"plan": ("text", True), "summary": ("text", False)})
    if errors:
        raise BodyError(errors)
    data = dict(data)
    if isinstance(data.get("country"), str):
        data["country"] = data["country"].upper()
    form = ApiAssessmentCreateForm(data, user=request.user)
    if not form.is_valid():
        raise BodyError(form_errors(form))
    return assessment_create(
        actor=request.user,
        organization=form.cleaned_data["organization"],
        country=form.cleaned_data["country"],
        year=form.cleaned_data["year"],
        plan=form.plan,
        summary=form.cleaned_data["summary"],
    )


def update_assessment(request, assessment: Assessment) -> Assessment:
    data = body_object(request, UPDATE_FIELDS)
    kinds = {"plan": ("text", True), "summary": ("text", False), "is_sample": ("bool", False)}
    errors = check_types(data, kinds)
    if errors:
        raise BodyError(errors)
    form = AssessmentDetailsForm(data, assessment=assessment)
    if not form.is_valid():
        raise BodyError(form_errors(form))
    return assessment_update(
        assessment=assessment,
        actor=request.user,
        expected_version=form.cleaned_data["version"],
        **form.changes(),
    )


class VersionForm(forms.Form):
    """What every write to an existing assessment sends: the version the caller read."""

    version = forms.IntegerField(min_value=1)


def expected_version(data: dict) -> int:
    form = VersionForm({"version": data.get("version")})
    if not form.is_valid():
        raise BodyError(form_errors(form))
    return form.cleaned_data["version"]


# --- Values: the entry services' value sets as JSON -----------------------------------------

VALUE_FIELDS = {
    "component": ("text", False),
    "inputs": ("object", False),
    "level": ("text", False),
    "locality": ("text", False),
    "not_applicable": ("bool", False),
    "not_applicable_reason": ("text", False),
    "data_year": ("int", True),
    "source_url": ("text", False),
    "source_page": ("text", False),
    "source_quote": ("text", False),
    "notes": ("text", False),
}


def value_row(value: ValueData) -> dict:
    row = asdict(value)
    row["inputs"] = dict(value.inputs)
    return row


def value_sets(data: dict) -> dict[str, list[ValueData]]:
    """``{"WC04": [{...}, ...]}`` of a body as the values service takes it; shape errors
    keyed by their path (``indicators.WC04.0.inputs``). What the values mean is the
    service's to check."""
    indicators = data.get("indicators")
    message = _type_error(indicators, "object")
    if message:
        raise BodyError({"indicators": [message]})
    errors: dict[str, list[str]] = {}
    sets: dict[str, list[ValueData]] = {}
    for code, rows in indicators.items():
        message = _type_error(rows, "list")
        if message:
            errors[f"indicators.{code}"] = [message]
            continue
        sets[code] = []
        for index, row in enumerate(rows):
            where = f"indicators.{code}.{index}"
            message = _type_error(row, "object")
            if message:
                errors[where] = [message]
                continue
            unknown = [key for key in row if key not in VALUE_FIELDS]
            for key in unknown:
                errors[f"{where}.{key}"] = [
                    _("Unknown field; expected one of: %(fields)s.")
                    % {"fields": ", ".join(VALUE_FIELDS)}
                ]
            row_errors = check_types(row, VALUE_FIELDS, prefix=f"{where}.")
            errors.update(row_errors)
            if not unknown and not row_errors:
                sets[code].append(ValueData(**row))
    if errors:
        raise BodyError(errors)
    return sets


# --- OpenAPI: request bodies and error answers ------------------------------------------------


class AssessmentCreateRequestSerializer(serializers.Serializer):
    """A new draft assessment, as the entry page's form takes it."""

    country = serializers.CharField(
        help_text="ISO3 code of a country the organization covers (any case)."
    )
    year = serializers.IntegerField(
        help_text="The reporting year: from 2000 to next year.", min_value=2000
    )
    organization = serializers.CharField(
        help_text="Slug of an organization you are an editor or organization admin of."
    )
    plan = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="Key of the country's published plan to link (`3`, `adopted-2019`); null "
        "for none. Left out: the plan in force that year, as the entry page links it.",
    )
    summary = serializers.CharField(required=False, allow_blank=True)


class AssessmentUpdateRequestSerializer(serializers.Serializer):
    """What describes a draft: only the fields given change."""

    version = serializers.IntegerField(
        min_value=1, help_text="The `version` of the assessment as you last read it."
    )
    plan = serializers.CharField(
        required=False, allow_null=True, help_text="Key of the country's plan to link; null: none."
    )
    summary = serializers.CharField(required=False, allow_blank=True)
    is_sample = serializers.BooleanField(
        required=False, help_text="Sample data, not a real report (site admins only)."
    )


class ValueEntrySerializer(serializers.Serializer):
    """One value: a component's inputs at the national level or in one locality, with its
    evidence; or, alone at the national level, the indicator marked not applicable."""

    component = serializers.CharField(
        required=False, allow_blank=True, help_text="Component key; empty when not applicable."
    )
    inputs = serializers.DictField(
        required=False,
        help_text='The component\'s inputs, as in a score-preview body (`{"women": 5, '
        '"men": 15}`, `{"level": 3}`, `{"items": {"budget": "yes"}}`).',
    )
    level = serializers.ChoiceField(
        choices=IndicatorValue.Level.choices, required=False, default="national"
    )
    locality = serializers.CharField(
        required=False, allow_blank=True, help_text="The locality of a local value."
    )
    not_applicable = serializers.BooleanField(required=False, default=False)
    not_applicable_reason = serializers.CharField(required=False, allow_blank=True)
    data_year = serializers.IntegerField(required=False, allow_null=True)
    source_url = serializers.CharField(required=False, allow_blank=True)
    source_page = serializers.CharField(required=False, allow_blank=True)
    source_quote = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class ValueSetsSerializer(serializers.Serializer):
    """An assessment's values by indicator code."""

    version = serializers.IntegerField(
        help_text="The assessment's version: send it back with your changes."
    )
    indicators = serializers.DictField(
        child=ValueEntrySerializer(many=True),
        help_text="Every indicator code (`WC01`–`WC11`) with its values; an empty list: none.",
    )


class ValueSetsRequestSerializer(serializers.Serializer):
    """The values of the indicators named; the others keep theirs."""

    version = serializers.IntegerField(
        min_value=1, help_text="The `version` of the assessment as you last read it."
    )
    indicators = serializers.DictField(
        child=ValueEntrySerializer(many=True),
        help_text="Indicator codes with their whole new set of values (an empty list clears "
        "one). Indicators left out are not changed.",
    )


class SubmitRequestSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The `version` of the assessment as you last read it."
    )
    confirm_warnings = serializers.BooleanField(
        required=False,
        default=False,
        help_text="True once you checked the consistency warnings (the entry page's tick box).",
    )


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    version = serializers.IntegerField(help_text="The assessment's current version.")


def _example(name, value, description=""):
    return OpenApiExample(name, value=value, description=description)


UNAUTHORIZED = OpenApiResponse(
    ErrorDetailSerializer,
    description="No credentials (sign in, or send a token), or a token that is unknown, "
    "revoked or expired; `WWW-Authenticate: Token` says how to authenticate.",
    examples=[
        _example("No credentials", {"detail": "Authentication credentials were not provided."}),
        _example("Revoked token", {"detail": "This token has been revoked."}),
    ],
)
CONFLICT = OpenApiResponse(
    ConflictSerializer,
    description="`version` is not the assessment's current version: someone saved it since "
    "you read it. Nothing was saved; the answer gives the current version.",
    examples=[
        _example(
            "Stale version",
            {
                "detail": "This assessment was saved by someone else after you read it: it is "
                "at version 4, your change was made to version 3. Nothing was saved; read it "
                "again and make your change to the current version.",
                "version": 4,
            },
        )
    ],
)
UNSUPPORTED = OpenApiResponse(
    ErrorDetailSerializer,
    description="The body is not `application/json`.",
    examples=[
        _example(
            "Form body",
            {"detail": 'Unsupported media type "application/x-www-form-urlencoded" in request.'},
        )
    ],
)
READ_ONLY_TOKEN = _example(
    "Read-only token",
    {
        "detail": "This token's scope is read only (read): it may not POST. Create a read and "
        "write (read_write) token to change data."
    },
)


def forbidden_response(*examples) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorDetailSerializer,
        description="A read-only token, or an assessment you may see but not edit (not an "
        "editor of its organization, or not a country it covers).",
        examples=[READ_ONLY_TOKEN, *examples],
    )


def write_errors(not_found, *bad_request_examples, forbidden_examples=()) -> dict:
    """The error answers of a write endpoint, for ``extend_schema(responses=...)``."""
    return {
        400: OpenApiResponse(
            FIELD_ERRORS,
            description="The body is not valid: messages keyed by the field at fault, the "
            "entry pages' words (`__all__`: the body as a whole).",
            examples=list(bad_request_examples),
        ),
        401: UNAUTHORIZED,
        403: forbidden_response(*forbidden_examples),
        **({404: not_found} if not_found else {}),
        415: UNSUPPORTED,
    }


# --- The create and update handlers, mixed into the read views of resources.py -----------------


class AssessmentCreateMixin:
    """``POST assessments/``: a new draft through ``assessment_create``."""

    parser_classes = [SafeJSONParser]

    def create(self, request, *args, **kwargs):
        assessment, error = answer_errors(lambda: create_assessment(request))
        if error:
            return error
        row = self.get_serializer(self.get_queryset().get(pk=assessment.pk)).data
        return Response(row, status=status.HTTP_201_CREATED, headers={"Location": row["url"]})


class AssessmentUpdateMixin:
    """``PATCH assessments/{iso3}/{year}/{org}/``: describing fields through
    ``assessment_update``, with optimistic locking."""

    parser_classes = [SafeJSONParser]

    def patch(self, request, *args, **kwargs):
        assessment = self.get_object()  # 404 unless the caller may see it
        updated, error = answer_errors(lambda: update_assessment(request, assessment))
        if error:
            return error
        return Response(self.get_serializer(self.get_queryset().get(pk=updated.pk)).data)


# --- Their OpenAPI descriptions (resources.py passes the read serializer) --------------------

NOT_YOUR_ORGANIZATION = _example(
    "Not your organization",
    {"organization": ["Select a valid choice. That choice is not one of the available choices."]},
    "The organization is not one you edit for (the entry page's choices).",
)
STALE_OR_MISSING_VERSION = _example("No version", {"version": ["This field is required."]})


def create_schema(read_serializer) -> dict:
    return {
        "summary": "Create a draft assessment",
        "description": "A new draft assessment of a country for a reporting year by your "
        "organization, exactly as the entry page's form creates it: you must be an editor "
        "or organization admin of the organization, and the organization must cover the "
        "country. The plan in force that year is linked unless `plan` is given. Answers 201 "
        "with the assessment (its `version` is what later writes send back) and its URL in "
        "`Location`. Needs a `read_write` token or a signed-in session (with its CSRF token).",
        "request": AssessmentCreateRequestSerializer,
        "responses": {
            201: read_serializer,
            **write_errors(
                None,
                NOT_YOUR_ORGANIZATION,
                _example(
                    "Already there",
                    {
                        BODY: [
                            "This organization already has an assessment of this country for "
                            "this year."
                        ]
                    },
                ),
                _example(
                    "Year too early",
                    {"year": ["Ensure this value is greater than or equal to 2000."]},
                ),
                _example(
                    "Unknown field",
                    {
                        "notes": [
                            "Unknown field; expected one of: country, year, organization, "
                            "plan, summary."
                        ]
                    },
                ),
            ),
        },
        "examples": [
            OpenApiExample(
                "New draft",
                value={"country": "NOR", "year": 2024, "organization": "owning-org"},
                request_only=True,
            ),
            OpenApiExample(
                "With plan and summary",
                value={
                    "country": "NOR",
                    "year": 2024,
                    "organization": "owning-org",
                    "plan": "4",
                    "summary": "Desk review of the 2024 progress report.",
                },
                request_only=True,
            ),
        ],
    }


def update_schema(read_serializer, not_found) -> dict:
    return {
        "summary": "Change what describes a draft assessment",
        "description": "Changes the fields given (`plan`, `summary`; `is_sample` for site "
        "admins) of a draft or returned assessment, through the same service as the entry "
        "page. `version` is required: the assessment's `version` as you last read it; if "
        "someone saved it since, the answer is 409 with the current version and nothing is "
        "saved. An assessment you may not see is 404; one you may see but not edit (another "
        "organization's validated one; a reviewer) is 403. Answers the assessment with its "
        "new `version`.",
        "request": AssessmentUpdateRequestSerializer,
        "responses": {
            200: read_serializer,
            **write_errors(
                not_found,
                STALE_OR_MISSING_VERSION,
                _example(
                    "Unknown plan",
                    {
                        "plan": [
                            "Select a valid choice. That choice is not one of the available "
                            "choices."
                        ]
                    },
                ),
                forbidden_examples=[
                    _example("Not yours", {"detail": "You may not edit this assessment."})
                ],
            ),
            409: CONFLICT,
        },
        "examples": [
            OpenApiExample(
                "New summary", value={"version": 3, "summary": "Revised."}, request_only=True
            ),
            OpenApiExample("No plan", value={"version": 3, "plan": None}, request_only=True),
        ],
    }
