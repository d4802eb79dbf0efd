"""Serializers of countries and plans; ISO3 codes are the public ids."""

from rest_framework import serializers

from plans.models import Country, NationalActionPlan


class PlanSummarySerializer(serializers.ModelSerializer):
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
    url = serializers.HyperlinkedIdentityField(
        view_name="api:country-detail", lookup_field="iso3", lookup_url_kwarg="iso3"
    )
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

    def get_page_url(self, country) -> str:
        return self.context["request"].build_absolute_uri(country.get_absolute_url())


class CountryDetailSerializer(CountrySerializer):
    plans = PlanSummarySerializer(source="published_plans", many=True, read_only=True)

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "plans"]
