"""Chainable reads for indicators and assessments: visibility rules live here, once."""

from django.db import models
from django.db.models import Q


class IndicatorQuerySet(models.QuerySet):
    def ordered(self):
        return self.order_by("order", "code")


class MethodologyQuerySet(models.QuerySet):
    def current(self):
        return self.get(is_current=True)


class AssessmentQuerySet(models.QuerySet):
    def published(self):
        """What anyone may see: validated assessments."""
        return self.filter(status="validated")

    def visible_to(self, user):
        """Published rows, plus every row of the user's organizations; staff see everything."""
        if not user.is_authenticated:
            return self.published()
        if user.is_staff:
            return self.all()
        return self.filter(
            Q(status="validated") | Q(organization__memberships__user=user)
        ).distinct()

    def editable_by(self, user):
        """Drafts and returned rows of the user's organizations for countries they cover."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(
            status__in=["draft", "returned"],
            organization__memberships__user=user,
            organization__memberships__role__in=["editor", "org_admin"],
            organization__coverages__country=models.F("country"),
        ).distinct()

    def for_list(self):
        return self.select_related("country", "organization", "plan", "score__methodology")

    def for_scorecard(self):
        from indicators.models import IndicatorValue

        values = IndicatorValue.objects.select_related("indicator")
        return self.select_related(
            "country", "organization", "plan", "score__methodology"
        ).prefetch_related(models.Prefetch("values", queryset=values))
