"""Chainable reads for plan reviews: the same visibility and permission rules as assessments."""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q

from indicators.querysets import member_of_owner, open_review_reply_period
from nap_tracker import publication
from organizations.models import Membership


class QualityFrameworkQuerySet(models.QuerySet):
    def current(self):
        return self.get(is_current=True)


def owner_covers_plan_country():
    """Exists(): the review's organization covers the country of the reviewed plan."""
    from plans.models import Coverage

    return Exists(
        Coverage.objects.filter(
            organization=OuterRef("organization"), country=OuterRef("plan__country")
        )
    )


def review_published_condition(prefix: str = "") -> Q:
    """The one definition of a published review, as a ``Q`` for ``published()`` and
    ``visible_to()``: validated, of a published plan, out of embargo (decision 111) and not
    open for the government's reply (decision 112)."""
    return (
        Q(**{f"{prefix}status": "validated", f"{prefix}plan__is_published": True})
        & publication.embargo_lifted(prefix)
        & ~open_review_reply_period(f"{prefix}pk")
    )


class PlanReviewQuerySet(models.QuerySet):
    def published(self):
        """What anyone may see (``review_published_condition``): validated reviews of
        published plans, out of embargo and not open for reply."""
        return self.filter(review_published_condition())

    def at_public_segment(self, segment: str, user=None):
        """The rows at this organization segment of a public URL (the public key of an
        anonymous row, the slug of a named one; see ``publication.segment_lookup``)."""
        return self.filter(publication.segment_lookup(segment, user))

    def visible_to(self, user):
        """Published rows, plus every row of the user's organizations; staff see everything."""
        if not user.is_authenticated:
            return self.published()
        if user.is_staff:
            return self.all()
        return self.filter(review_published_condition() | member_of_owner(user))

    def of_member(self, user):
        """Rows of the user's organizations, whatever their status; staff: every row."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(member_of_owner(user))

    def editable_by(self, user):
        """Drafts and returned rows: editors and org admins of the owning organization, for a
        plan of a country it covers; staff: every draft and returned row."""
        if not user.is_authenticated:
            return self.none()
        rows = self.filter(status__in=[self.model.Status.DRAFT, self.model.Status.RETURNED])
        if user.is_staff:
            return rows
        return rows.filter(
            member_of_owner(user, Membership.EDITING_ROLES), owner_covers_plan_country()
        )

    def reviewable_by(self, user):
        """Submitted and validated rows: reviewers and org admins of the owning organization;
        staff all. Four eyes (not the submitter) is the service's question."""
        if not user.is_authenticated:
            return self.none()
        rows = self.filter(status__in=[self.model.Status.SUBMITTED, self.model.Status.VALIDATED])
        if user.is_staff:
            return rows
        return rows.filter(member_of_owner(user, Membership.REVIEWING_ROLES))

    def for_respondent(self, user):
        """Reviews a government respondent was asked to answer: of an organization she
        responds for, of a plan of her country, with a period (open or ended); staff: every
        review with a period (decision 112)."""
        from indicators.models import ReplyPeriod

        if not user.is_authenticated:
            return self.none()
        rows = self.filter(Exists(ReplyPeriod.objects.filter(review=OuterRef("pk"))))
        if user.is_staff:
            return rows
        respondent = Membership.objects.respondents().filter(
            user=user, organization=OuterRef("organization"), country=OuterRef("plan__country")
        )
        return rows.filter(Exists(respondent))

    def open_for_reply(self):
        """Reviews with a right-of-reply period open now (decision 112)."""
        return self.filter(open_review_reply_period())

    def for_list(self):
        return self.select_related("plan__country", "organization", "framework")

    def for_detail(self):
        """Rows with their ratings and each rating's criterion, in criterion order."""
        from plans.review_models import CriterionRating

        ratings = CriterionRating.objects.select_related("criterion").order_by(
            "criterion__order", "criterion__code"
        )
        return self.for_list().prefetch_related(
            Prefetch("ratings", queryset=ratings), "framework__criteria"
        )
