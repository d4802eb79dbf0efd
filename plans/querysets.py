"""Chainable reads for countries and plans: what is public, what a list or detail needs."""

from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q


class CountryQuerySet(models.QuerySet):
    def with_plan_stats(self):
        """Annotate the number of published plans, whether there is one, and the latest year."""
        from plans.models import NationalActionPlan

        published = NationalActionPlan.objects.published().filter(country=OuterRef("pk"))
        return self.annotate(
            plan_count=Count("plans", filter=Q(plans__is_published=True), distinct=True),
            has_plan=Exists(published),
            latest_plan_year=Max("plans__adopted_year", filter=Q(plans__is_published=True)),
        )

    def for_list(self):
        return self.with_plan_stats().order_by("name")


class NationalActionPlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def for_list(self):
        return self.select_related("country", "supersedes").order_by("country__name", "generation")
