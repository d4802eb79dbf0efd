"""API of the NAP quality review: plan reviews with their ratings, and the criteria.

Visibility is ``PlanReview.objects.visible_to`` (validated reviews of published plans;
members also see their organizations' others; staff all). Serializers read the stored
score; they never compute. No person's name is answered (decision 94).
"""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import filters, generics, mixins, serializers, viewsets

from indicators import right_of_reply
from indicators.api import schema
from indicators.filters import OrganizationSegmentFilter
from indicators.published_data import today as utc_today
from nap_tracker import publication
from nap_tracker.conditional import ConditionalGetMixin
from nap_tracker.converters import PlanKeyConverter
from nap_tracker.exports import ExportMixin
from nap_tracker.fields import URIField
from plans.filters import ISO3ListFilter, YesNoFilter
from plans.models import NationalActionPlan
from plans.review_models import CriterionRating, PlanReview, QualityCriterion

RATING_WORDS = {0: "absent", 1: "partial", 2: "clear"}
UNSET = object()


class CriterionSerializer(serializers.ModelSerializer):
    """A criterion of a quality framework, with whether its wording is verified."""

    framework = serializers.CharField(
        source="framework.version", read_only=True, help_text="Version of the framework."
    )
    source_url = URIField(read_only=True)

    class Meta:
        model = QualityCriterion
        fields = [
            "framework",
            "code",
            "order",
            "title",
            "wording",
            "guidance",
            "source_url",
            "wording_verified",
        ]


class RatingSerializer(serializers.ModelSerializer):
    """One criterion's rating (0 absent, 1 partial, 2 clear) with its evidence."""

    code = serializers.CharField(source="criterion.code", read_only=True)
    title = serializers.CharField(source="criterion.title", read_only=True)
    wording_verified = serializers.BooleanField(source="criterion.wording_verified")
    rating_label = serializers.SerializerMethodField()

    class Meta:
        model = CriterionRating
        fields = [
            "code",
            "title",
            "wording_verified",
            "rating",
            "rating_label",
            "evidence",
            "quote",
        ]

    def get_rating_label(self, rating) -> str:
        """The rating in words: absent, partial or clear."""
        return RATING_WORDS[rating.rating]


class ReviewRightOfReplySerializer(serializers.Serializer):
    """The government's right of reply to a plan review: its latest period and replies
    (never a rating)."""

    status = serializers.ChoiceField(
        choices=right_of_reply.STATUS_CHOICES,
        allow_null=True,
        help_text="`replied` or `no_reply` once the period has ended; `open` while it runs "
        "(only members of the organization see such a review); null when no period was "
        "opened.",
    )
    deadline = serializers.DateField(
        allow_null=True, help_text="The last day (UTC) on which the government could reply."
    )
    replied_on = serializers.DateField(
        allow_null=True, help_text="The day of the government's latest reply; null if none."
    )
    overall = serializers.CharField(
        allow_null=True, help_text="The government's reply to the review overall; null if none."
    )
    criteria = serializers.DictField(
        child=serializers.CharField(allow_null=True),
        help_text="The government's reply on each rated criterion, by criterion code (null "
        "where it gave none).",
    )


def review_reply_json(review) -> dict:
    """``right_of_reply.as_json`` of a review loaded with ``review_prefetch()`` and its
    ratings: the criteria keyed by code."""
    codes = [r.criterion.code for r in review.ratings.all()]
    data = right_of_reply.as_json(right_of_reply.of_assessment(review, utc_today()), codes)
    data["criteria"] = data.pop("indicators")
    return data


class PlanReviewSerializer(serializers.ModelSerializer):
    """A review of one plan by one organization, with its stored quality score and ratings."""

    country = serializers.CharField(source="plan.country_id", read_only=True)
    plan = serializers.CharField(source="plan.url_key", read_only=True, help_text="Plan key.")
    organization = serializers.SerializerMethodField()
    framework = serializers.CharField(source="framework.version", read_only=True)
    score = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text="Quality score 0–100 as stored; null while nothing is rated.",
    )
    ratings = RatingSerializer(many=True, read_only=True)
    right_of_reply = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = PlanReview
        fields = [
            "country",
            "plan",
            "organization",
            "framework",
            "status",
            "score",
            "rated_count",
            "summary",
            "is_sample",
            "submitted_at",
            "validated_at",
            "ratings",
            "right_of_reply",
            "url",
            "page_url",
        ]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_organization(self, review):
        """Slug of the reviewing organization; null when it publishes anonymously (then the
        links hold the review's public key, `cso-…`, instead of a slug). Members of that
        organization and administrators see the slug."""
        shown = getattr(review, "shown_organization", UNSET)
        if shown is UNSET:
            return None if review.publish_anonymously else review.organization.slug
        return shown

    @extend_schema_field(ReviewRightOfReplySerializer)
    def get_right_of_reply(self, review) -> dict:
        """The government's reply, published beside the ratings; it never changes them."""
        return review_reply_json(review)

    def get_url(self, review) -> str:
        """This review in the API."""
        return self._absolute(
            reverse(
                "api:plan-review-detail",
                kwargs={
                    "iso3": review.plan.country_id,
                    "key": review.plan.url_key,
                    "org": getattr(review, "url_segment", None) or review.public_segment,
                },
            )
        )

    def get_page_url(self, review) -> str:
        """The plan's public page, where validated reviews are shown."""
        return self._absolute(review.plan.get_absolute_url() + "#quality")


class PlanKeyFilter(django_filters.CharFilter):
    """A plan key (``2``, ``adopted-2010``, ``period-2012``); anything else is a 400."""

    def __init__(self, *args, **kwargs):
        message = _("A plan key is a generation (2), adopted-<year> or period-<year>.")
        kwargs["validators"] = [RegexValidator(rf"^({PlanKeyConverter.regex})$", message)]
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(plan__in=NationalActionPlan.objects.by_key(value))


class PlanReviewFilter(django_filters.FilterSet):
    """Filters of the plan-review list (API)."""

    country = ISO3ListFilter(
        field_name="plan__country_id", label=_("Country ISO3 codes, comma-separated")
    )
    plan = PlanKeyFilter(label=_("Plan key"))
    organization = OrganizationSegmentFilter(
        field_name="organization__slug",
        label=_("Organization slug, or an anonymous review's public key"),
    )
    status = django_filters.ChoiceFilter(choices=PlanReview.Status.choices, label=_("Status"))
    is_sample = YesNoFilter(label=_("Sample data"))


def plan_reviews_for(request):
    """The reviews the caller may see, with the organization's slug where the caller may
    see it (``shown_organization``, else null) and the organization segment of their links
    (``url_segment``: the public key of an anonymous review, decision 111)."""
    user = request.user
    ratings = CriterionRating.objects.select_related("criterion").order_by(
        "criterion__order", "criterion__code"
    )
    return (
        PlanReview.objects.visible_to(user)
        .for_list()
        .annotate(
            shown_organization=publication.organization_expression(user),
            url_segment=publication.segment_expression(),
        )
        .prefetch_related(Prefetch("ratings", queryset=ratings), right_of_reply.review_prefetch())
    )


FILTER_TEXT = {
    "plan": "Plan key as in the plan page's URL (`2`, `adopted-2010`, `period-2012`); with "
    "`country`, one plan.",
    "organization": "Slug of the reviewing organization (`owning-org`), or the public key "
    "(`cso-…`) of an anonymous review; a slug never matches an organization's anonymous "
    "reviews, except for its own members and administrators.",
    "status": "Status of the review. It only narrows what you may see: anonymous callers "
    "only ever get validated reviews; members also see their organizations' others.",
}
PLAN_REVIEW_PATH_PARAMETERS = [
    OpenApiParameter("iso3", OpenApiTypes.STR, OpenApiParameter.PATH, pattern="^[A-Za-z]{3}$"),
    OpenApiParameter(
        "key",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        pattern="^([0-9]{1,2}|adopted-[0-9]{4}|period-[0-9]{4})$",
        description="The plan's key, as in its page's URL.",
    ),
    OpenApiParameter(
        "org",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description="Organization slug, or the public key (`cso-…`) of an anonymous review.",
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="List NAP quality reviews with their ratings",
        description="Reviews of national action plans against the NAP quality criteria "
        "(a separate instrument, never part of the Women Count score): validated reviews of "
        "published plans (members also see their organizations' other reviews; "
        "administrators all), each with its stored quality score (0–100: the sum of the "
        "ratings over twice the number of rated criteria) and every rating with its "
        "evidence. `is_sample` true marks sample data. Filters: "
        f"{schema.filter_list(PlanReviewFilter)}. `ordering`: `score` (`-score` for "
        "descending). "
        "Paginated: 50 rows a page, `page_size` up to 250.",
        parameters=[
            *schema.filter_parameters(PlanReviewFilter, **FILTER_TEXT),
            schema.ordering_parameter(["score"], "by country name, then plan"),
            *schema.PAGINATION_PARAMETERS,
        ],
        responses={200: PlanReviewSerializer(many=True), **schema.FILTERED_LIST_ERRORS},
    ),
)
class PlanReviewViewSet(
    ConditionalGetMixin, ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """NAP quality reviews; one is `plan-reviews/{iso3}/{key}/{org}/`."""

    serializer_class = PlanReviewSerializer
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    filterset_class = PlanReviewFilter
    ordering_fields = ["score"]
    ordering = ["plan__country__name", "plan__adopted_year", "plan__generation", "pk"]
    lookup_field = "org"

    def get_queryset(self):
        return plan_reviews_for(self.request)


class PlanReviewDetailView(ConditionalGetMixin, generics.RetrieveAPIView):
    """One plan review by its plan's country and key and its organization."""

    serializer_class = PlanReviewSerializer

    def get_queryset(self):
        return plan_reviews_for(self.request)

    def get_object(self):
        plans = NationalActionPlan.objects.filter(country_id=self.kwargs["iso3"].upper()).by_key(
            self.kwargs["key"]
        )
        return get_object_or_404(
            self.get_queryset().at_public_segment(self.kwargs["org"], self.request.user),
            plan__in=plans,
        )

    @extend_schema(
        summary="One NAP quality review with its ratings",
        description="One review by its plan's country, key and the reviewing organization's "
        "slug (the review's public key, `cso-…`, when it publishes anonymously): the same "
        "fields as a row of the list. A review that is not validated answers "
        "404 except to members of its organization and administrators.",
        parameters=PLAN_REVIEW_PATH_PARAMETERS,
        responses={
            200: PlanReviewSerializer,
            404: schema.not_found("plan review you may see", "PlanReview"),
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary="List the NAP quality review criteria",
        description="Every criterion of every quality framework version, in order. "
        "`wording_verified` false: the wording is our working paraphrase, not yet checked "
        "against `source_url`. Not paginated.",
        responses={200: CriterionSerializer(many=True), **schema.LIST_ERRORS},
    ),
)
class ReviewCriterionViewSet(
    ConditionalGetMixin, ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """The criteria of the NAP quality review."""

    serializer_class = CriterionSerializer
    pagination_class = None

    def get_queryset(self):
        return QualityCriterion.objects.select_related("framework").order_by(
            "framework__version", "order", "code"
        )
