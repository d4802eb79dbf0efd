"""Chainable reads for countries and plans: what is public, what a list or detail needs."""

from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from organizations.models import Membership


def covering(user, roles, country_ref: str):
    """Exists(): one of the user's organizations (with one of ``roles``) covers the country."""
    from plans.models import Coverage

    return Exists(
        Coverage.objects.filter(
            country=OuterRef(country_ref),
            organization__in=Membership.objects.of_user(user, roles).values("organization"),
        )
    )


class CountryQuerySet(models.QuerySet):
    def with_plan_stats(self):
        """Annotate the number of published plans, whether there is one, and the latest year."""
        from plans.models import NationalActionPlan

        published = NationalActionPlan.objects.published().filter(country=OuterRef("pk"))
        per_country = published.order_by().values("country")
        # Subqueries rather than a join and GROUP BY, so that joins added later (the latest
        # assessment's, indicators.querysets.with_latest_score) need no grouping.
        return self.annotate(
            plan_count=Coalesce(
                Subquery(per_country.annotate(count=Count("pk")).values("count")), 0
            ),
            has_plan=Exists(published),
            latest_plan_year=Subquery(
                per_country.annotate(year=Max("adopted_year")).values("year")
            ),
        )

    def with_latest_plan_status(self):
        """Annotate ``latest_plan_status``: the status of the latest published plan.

        Latest: the highest year of adoption, then generation (unknowns last). Empty when
        the source states no status, None when no plan is on record.
        """
        from plans.models import NationalActionPlan

        latest = (
            NationalActionPlan.objects.published()
            .filter(country=OuterRef("pk"))
            .order_by(
                F("adopted_year").desc(nulls_last=True),
                F("generation").desc(nulls_last=True),
                "-pk",
            )
        )
        return self.annotate(latest_plan_status=Subquery(latest.values("status")[:1]))

    def for_list(self):
        return self.with_plan_stats().with_latest_plan_status().order_by("name")

    def covered_by(self, user, roles=Membership.EDITING_ROLES):
        """Countries that one of the user's organizations (with one of ``roles``) covers.

        Staff: every country some organization covers.
        """
        from plans.models import Coverage

        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.filter(Exists(Coverage.objects.filter(country=OuterRef("pk"))))
        return self.filter(covering(user, roles, "pk"))


class NationalActionPlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def editable_by(self, user):
        """Plans of the countries the user's organizations cover as editors; staff: all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(covering(user, Membership.EDITING_ROLES, "country"))

    def by_key(self, key: str):
        """Plans with a URL key: the generation, ``adopted-<year>`` when none is known, or
        ``period-<start>`` when the source gives neither generation nor year of adoption.

        The plankey URL converter admits only those three shapes.
        """
        if key.startswith("adopted-"):
            year = int(key.removeprefix("adopted-"))
            return self.filter(generation__isnull=True, adopted_year=year)
        if key.startswith("period-"):
            year = int(key.removeprefix("period-"))
            return self.filter(
                generation__isnull=True, adopted_year__isnull=True, period_start=year
            )
        return self.filter(generation=int(key))

    def in_force(self, *, country, year: int):
        """The latest published plan of the country whose period covers the year, or None."""
        return (
            self.published()
            .filter(country=country, period_start__lte=year)
            .filter(Q(period_end__gte=year) | Q(period_end__isnull=True))
            .order_by("-period_start")
            .first()
        )

    def for_list(self):
        return self.select_related("country", "supersedes").order_by("country__name", "generation")


class CoverageQuerySet(models.QuerySet):
    def public(self):
        """Coverage the public may see (decision 102): not anonymous, and the organization
        publishes none of its assessments of that country anonymously (an anonymous
        assessment must not be tied to its organization through the coverage lists)."""
        from indicators.models import Assessment

        anonymous = Assessment.objects.filter(
            organization=OuterRef("organization"),
            country=OuterRef("country"),
            publish_anonymously=True,
        )
        return self.filter(publish_anonymously=False).exclude(Exists(anonymous))
