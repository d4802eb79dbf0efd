"""``/sitemap.xml``: the public pages a crawler may index (django.contrib.sitemaps).

Scorecards come from ``Assessment.objects.published()`` (embargoed ones are absent) at
their public URL (an anonymous one only under its public key: decision 105)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from indicators.models import Assessment, Indicator
from plans.models import Country, NationalActionPlan


class PageSitemap(Sitemap):
    """The site's fixed pages."""

    changefreq = "weekly"
    NAMES = (
        "public:home",
        "public:country_list",
        "public:compare",
        "public:indicator_list",
        "public:methodology",
    )

    def items(self):
        return list(self.NAMES)

    def location(self, item):
        return reverse(item)


class CountrySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Country.objects.order_by("iso3").only("iso3")


class PlanSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            NationalActionPlan.objects.published()
            .order_by("country_id", "pk")
            .only("country_id", "generation", "adopted_year", "period_start")
        )


class IndicatorSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Indicator.objects.ordered().only("code")

    def location(self, item):
        return reverse("public:indicator_detail", kwargs={"code": item.code})


class ScorecardSitemap(Sitemap):
    """Published scorecards at their public URL; ``lastmod`` is when they were validated."""

    changefreq = "monthly"

    def items(self):
        return (
            Assessment.objects.published()
            .select_related("organization")
            .order_by("country_id", "-year", "pk")
            .only(
                "country_id",
                "year",
                "publish_anonymously",
                "public_key",
                "validated_at",
                "organization__slug",
            )
        )

    def lastmod(self, item):
        return item.validated_at


SITEMAPS = {
    "pages": PageSitemap,
    "countries": CountrySitemap,
    "plans": PlanSitemap,
    "indicators": IndicatorSitemap,
    "scorecards": ScorecardSitemap,
}
