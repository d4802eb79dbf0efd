"""Chainable reads for indicators and assessments: visibility rules live here, once."""

from django.db import models
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)

from nap_tracker import publication
from organizations.models import Membership


class IndicatorQuerySet(models.QuerySet):
    def ordered(self):
        return self.order_by("order", "code")


class MethodologyQuerySet(models.QuerySet):
    def current(self):
        return self.get(is_current=True)


def member_of_owner(user, roles=None):
    """Exists(): the user belongs to the assessment's organization (with one of ``roles``)."""
    return Exists(
        Membership.objects.of_user(user, roles).filter(organization=OuterRef("organization"))
    )


def owner_covers_country():
    """Exists(): the assessment's organization covers the assessment's country."""
    from plans.models import Coverage

    return Exists(
        Coverage.objects.filter(organization=OuterRef("organization"), country=OuterRef("country"))
    )


class ReplyPeriodQuerySet(models.QuerySet):
    def open(self):
        """Periods still taking replies: not closed, deadline today or later (UTC)."""
        return self.filter(closed_at__isnull=True, deadline__gte=publication.today_utc())

    def ended(self):
        """Periods closed early or whose deadline has passed."""
        return self.exclude(closed_at__isnull=True, deadline__gte=publication.today_utc())


def open_reply_period(assessment_ref: str = "pk"):
    """Exists(): the assessment has a right-of-reply period still open (decision 97)."""
    from indicators.models import ReplyPeriod

    return Exists(ReplyPeriod.objects.open().filter(assessment=OuterRef(assessment_ref)))


def open_review_reply_period(review_ref: str = "pk"):
    """Exists(): the plan review has a right-of-reply period still open (decision 112)."""
    from indicators.models import ReplyPeriod

    return Exists(ReplyPeriod.objects.open().filter(review=OuterRef(review_ref)))


def published_condition(prefix: str = "") -> Q:
    """The one definition of "published", as a ``Q``, used by ``published()`` and
    ``visible_to()``: validated, no embargo or its date has come (decision 103), and no
    right-of-reply period open (decision 97). Dates are compared in the database."""
    return (
        Q(**{f"{prefix}status": "validated"})
        & publication.embargo_lifted(prefix)
        & ~open_reply_period(f"{prefix}pk")
    )


# Which assessment of a country is its "latest", on every page and in the API: the highest
# reporting year; when several organizations reported that year, the one validated last,
# then the highest id, so the pick never depends on chance.
LATEST_ORDER = ("-year", F("validated_at").desc(nulls_last=True), "-pk")


class AssessmentQuerySet(models.QuerySet):
    def published(self):
        """What anyone may see (``published_condition``): validated, out of embargo and out
        of any right-of-reply period."""
        return self.filter(published_condition())

    def visible_to(self, user):
        """Published rows, plus every row of the user's organizations; staff see everything."""
        if not user.is_authenticated:
            return self.published()
        if user.is_staff:
            return self.all()
        return self.filter(published_condition() | member_of_owner(user))

    def at_public_segment(self, segment: str, user=None):
        """The rows at this organization segment of a public URL (the public key of an
        anonymous row, the slug of a named one; see ``publication.segment_lookup``)."""
        return self.filter(publication.segment_lookup(segment, user))

    def of_member(self, user):
        """Rows of the user's organizations, whatever their status; staff: every row."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(member_of_owner(user))

    def editable_by(self, user):
        """Drafts and returned rows the user may enter data in.

        Editors and organization admins: their organizations' rows for countries the
        organization covers. Staff: every draft and returned row.
        """
        if not user.is_authenticated:
            return self.none()
        rows = self.filter(status__in=[self.model.Status.DRAFT, self.model.Status.RETURNED])
        if user.is_staff:
            return rows
        return rows.filter(member_of_owner(user, Membership.EDITING_ROLES), owner_covers_country())

    def reviewable_by(self, user):
        """Submitted and validated rows the user may validate, return or reopen.

        Reviewers and organization admins: their organizations' rows. Staff: all of them.
        Whether this person may validate this row (not their own submission) is the
        workflow service's question.
        """
        if not user.is_authenticated:
            return self.none()
        rows = self.filter(status__in=[self.model.Status.SUBMITTED, self.model.Status.VALIDATED])
        if user.is_staff:
            return rows
        return rows.filter(member_of_owner(user, Membership.REVIEWING_ROLES))

    def for_respondent(self, user):
        """Assessments a government respondent was asked to answer: of an organization she
        responds for, of her country, with a right-of-reply period (open or ended). Staff:
        every assessment with a period. Whether she may still reply is ``open_for_reply()``."""
        from indicators.models import ReplyPeriod

        if not user.is_authenticated:
            return self.none()
        rows = self.filter(Exists(ReplyPeriod.objects.filter(assessment=OuterRef("pk"))))
        if user.is_staff:
            return rows
        respondent = Membership.objects.respondents().filter(
            user=user, organization=OuterRef("organization"), country=OuterRef("country")
        )
        return rows.filter(Exists(respondent))

    def open_for_reply(self):
        """Assessments with a right-of-reply period open now."""
        return self.filter(open_reply_period())

    def latest_per_country(self):
        """One assessment per country, the latest by LATEST_ORDER (PostgreSQL DISTINCT ON)."""
        return self.order_by("country_id", *LATEST_ORDER).distinct("country_id")

    def for_list(self):
        return self.select_related("country", "organization", "plan", "score__methodology")

    def for_scorecard(self):
        from indicators.models import IndicatorValue

        values = IndicatorValue.objects.select_related("indicator")
        return self.select_related(
            "country", "organization", "plan", "score__methodology"
        ).prefetch_related(models.Prefetch("values", queryset=values))


class IndicatorValueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The values of the assessments the user may see (``AssessmentQuerySet.visible_to``)."""
        from indicators.models import Assessment

        return self.filter(assessment__in=Assessment.objects.visible_to(user))

    def for_list(self):
        return self.select_related("assessment__country", "assessment__organization", "indicator")


def latest_published_assessment(country_ref: str = "pk"):
    """The country's latest validated assessment (LATEST_ORDER), to slice in a Subquery."""
    from indicators.models import Assessment

    return (
        Assessment.objects.published().filter(country=OuterRef(country_ref)).order_by(*LATEST_ORDER)
    )


# annotation name -> field of the latest validated assessment
LATEST_ASSESSMENT_FIELDS = {
    "latest_assessment_id": "pk",
    "latest_year": "year",
    "latest_org_slug": "organization__slug",
    "latest_org_name": "organization__name",
    "latest_segment": "public_key",
    "latest_is_sample": "is_sample",
    "latest_methodology": "score__methodology__version",
    "latest_overall": "score__overall",
    "latest_overall_status": "score__overall_status",
    "latest_band": "score__band",
    "latest_participation": "score__participation",
    "latest_participation_status": "score__participation_status",
    "latest_prevention_protection": "score__prevention_protection",
    "latest_prevention_protection_status": "score__prevention_protection_status",
    "latest_promotion": "score__promotion",
    "latest_promotion_status": "score__promotion_status",
}


def with_latest_score(countries):
    """Annotate each country with its latest validated assessment and that one's scores.

    The latest assessment's id is one correlated subquery (an index probe of
    ``assessment_latest_validated``), used as the condition of one join to that assessment
    (a ``FilteredRelation``); its organization, score and methodology are plain joins from
    there. Sorting and filtering on scores stay in SQL and the number of queries does not
    depend on how many assessments there are (decision 82: one subquery and four joins
    instead of fifteen subqueries). Only validated assessments count, whoever asks: the
    index and the map are public pages. A country without one has ``latest_assessment_id``
    None; ``latest_overall`` is None also when the assessment has no stored score or no
    overall score (its status says which).
    """
    latest = latest_published_assessment()
    hidden = Q(latest_validated__publish_anonymously=True)
    # The organization of an anonymous assessment is null, whoever asks (these are public
    # rows), and its links use the public key (decision 102).
    identity = {
        "latest_org_slug": Case(
            When(hidden, then=Value(None)),
            default=F("latest_validated__organization__slug"),
            output_field=CharField(),
        ),
        "latest_org_name": Case(
            When(hidden, then=Value(None)),
            default=F("latest_validated__organization__name"),
            output_field=CharField(),
        ),
        "latest_segment": publication.segment_expression("latest_validated__"),
    }
    return (
        countries.alias(latest_validated_id=Subquery(latest.values("pk")[:1]))
        .alias(
            latest_validated=FilteredRelation(
                "assessments", condition=Q(assessments__pk=F("latest_validated_id"))
            )
        )
        .annotate(
            **{
                name: identity.get(name) or F(f"latest_validated__{field}")
                for name, field in LATEST_ASSESSMENT_FIELDS.items()
            }
        )
    )
