"""Serializers of countries and plans; ISO3 codes are the public ids."""

from django.urls import reverse
from django.utils.encoding import iri_to_uri
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nap_tracker import links
from nap_tracker.fields import URIModelSerializer
from plans.models import Country, NationalActionPlan, PlanDocument
from plans.services import PLAN_FIELDS


class PlanSummarySerializer(URIModelSerializer):
    country = serializers.CharField(source="country_id", read_only=True)
    supersedes = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = NationalActionPlan
        fields = [
            "country",
            "generation",
            "title",
            "adopted_on",
            "adopted_on_precision",
            "adopted_year",
            "period_start",
            "period_end",
            "status",
            "lead_ministry",
            "lead_category",
            "supersedes",
            "source_url",
            "notes",
            "is_sample",
            "page_url",
        ]

    def get_supersedes(self, plan) -> str | None:
        return plan.supersedes.url_key if plan.supersedes_id else None

    def get_page_url(self, plan) -> str:
        return self.context["request"].build_absolute_uri(plan.get_absolute_url())


class CountrySerializer(serializers.ModelSerializer):
    has_plan = serializers.BooleanField(read_only=True)
    plan_count = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Country
        fields = [
            "iso3",
            "iso2",
            "m49",
            "name",
            "official_name",
            "region",
            "subregion",
            "un_member",
            "un_member_since",
            "un_observer",
            "has_plan",
            "plan_count",
            "url",
            "page_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, country) -> str:
        """This country in the API."""
        return links.absolute(self.context["request"], "api:country-detail", iso3=country.iso3)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, country) -> str:
        """The country's page on the site."""
        return links.absolute(self.context["request"], "public:country_detail", iso3=country.iso3)


class CountryDetailSerializer(CountrySerializer):
    plans = PlanSummarySerializer(source="published_plans", many=True, read_only=True)

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "plans"]


class PlanDocumentSerializer(URIModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = PlanDocument
        fields = ["kind", "language", "title", "url", "sha256", "is_official_translation"]

    def get_url(self, document) -> str:
        """The document's address: its source URL (as a URI), else the uploaded file's."""
        if document.url or not document.file:
            return iri_to_uri(document.url)
        return self.context["request"].build_absolute_uri(document.file.url)


def visible_key(plan, request) -> str | None:
    """``plan``'s URL key if the caller may see it (published, or staff), else None."""
    if plan is None:
        return None
    user = request.user
    if plan.is_published or (user.is_authenticated and user.is_staff):
        return plan.url_key
    return None


class PlanSerializer(URIModelSerializer):
    """Every field of a plan, its lineage by URL key and its documents."""

    country = serializers.CharField(source="country_id", read_only=True)
    key = serializers.CharField(source="url_key", read_only=True)
    region = serializers.CharField(source="country.region", read_only=True)
    budget_amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, coerce_to_string=False, allow_null=True, read_only=True
    )
    supersedes = serializers.SerializerMethodField()
    superseded_by = serializers.SerializerMethodField()
    documents = PlanDocumentSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = NationalActionPlan
        # The plan's own facts in the order the entry form has them (one list, plans.services).
        fields = [
            "country",
            "key",
            "region",
            *(name for name in PLAN_FIELDS if name != "supersedes"),
            "is_published",
            "is_sample",
            "supersedes",
            "superseded_by",
            "documents",
            "url",
            "page_url",
        ]

    def get_supersedes(self, plan) -> str | None:
        """URL key of the plan this one replaced (same country), null if none on record."""
        return visible_key(plan.supersedes, self.context["request"])

    def get_superseded_by(self, plan) -> str | None:
        """URL key of the plan that replaced this one (same country), null if none."""
        try:
            successor = plan.superseded_by
        except NationalActionPlan.DoesNotExist:
            successor = None
        return visible_key(successor, self.context["request"])

    def get_url(self, plan) -> str:
        path = reverse("api:plan-detail", kwargs={"iso3": plan.country_id, "key": plan.url_key})
        return self.context["request"].build_absolute_uri(path)

    def get_page_url(self, plan) -> str:
        return self.context["request"].build_absolute_uri(plan.get_absolute_url())
