"""NAP quality review: a second instrument that rates a plan itself, never mixed into Women Count.

A versioned framework of criteria (reference data, like the indicators), a review of one
plan by one organization going through the assessments' workflow, and one rating per
criterion with its evidence. The score is computed by ``plans.quality`` and stored.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nap_tracker import publication
from nap_tracker.models import TimeStampedModel
from nap_tracker.publication import new_public_key
from plans.review_querysets import PlanReviewQuerySet, QualityFrameworkQuerySet


class QualityFramework(TimeStampedModel):
    """A version of the quality-review criteria; every review names the version it used."""

    version = models.CharField(_("version"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source_note = models.TextField(_("source note"), blank=True)
    is_current = models.BooleanField(_("current"), default=False)

    objects = QualityFrameworkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("quality framework")
        verbose_name_plural = _("quality frameworks")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="quality_framework_single_current",
                violation_error_message=_("Only one quality framework can be current."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class QualityCriterion(TimeStampedModel):
    """One criterion of a framework, rated 0 (absent), 1 (partial) or 2 (clear)."""

    framework = models.ForeignKey(
        QualityFramework,
        on_delete=models.PROTECT,
        related_name="criteria",
        verbose_name=_("framework"),
    )
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    wording = models.TextField(_("wording"))
    guidance = models.TextField(_("guidance"), help_text=_("What a rating of 0, 1 and 2 means."))
    source_url = models.URLField(_("source URL"), max_length=500)
    wording_verified = models.BooleanField(
        _("wording verified"),
        default=False,
        help_text=_("Tick once an admin has checked the wording against the source."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("quality criterion")
        verbose_name_plural = _("quality criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="quality_criterion_unique_code",
                violation_error_message=_("This framework already has a criterion with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PlanReview(TimeStampedModel):
    """One organization's review of one national action plan against a quality framework."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VALIDATED = "validated", _("Validated")
        RETURNED = "returned", _("Returned")

    plan = models.ForeignKey(
        "plans.NationalActionPlan",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("plan"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="plan_reviews",
        verbose_name=_("organization"),
    )
    framework = models.ForeignKey(
        QualityFramework,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("framework"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    return_reason = models.TextField(_("reason for return"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("returned by"),
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised on every save, so a form can tell when someone else saved first."),
    )
    summary = models.TextField(_("summary"), blank=True)
    score = models.DecimalField(
        _("quality score"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("0–100, computed from the ratings; empty while nothing is rated."),
    )
    rated_count = models.PositiveSmallIntegerField(_("criteria rated"), default=0)
    publish_anonymously = models.BooleanField(
        _("publish anonymously"),
        default=False,
        help_text=_(
            "Public pages, the API and the downloads show “A civil-society organization” "
            "instead of the organization's name, and a random key instead of its slug in links."
        ),
    )
    embargo_until = models.DateField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_(
            "A validated result stays off every public surface until this date (UTC) and is "
            "published on that date. Leave empty to publish on validation."
        ),
    )
    public_key = models.CharField(
        _("public key"),
        max_length=20,
        unique=True,
        default=new_public_key,
        editable=False,
        help_text=_("The random segment that replaces the organization's slug in public links."),
    )
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Illustrative demo data, not a real review."),
    )

    objects = PlanReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan__country__name", "plan__adopted_year", "organization__name"]
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organization"],
                name="plan_review_unique_plan_organization",
                violation_error_message=_("This organization already has a review of this plan."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="plan_review_returned_has_reason",
                violation_error_message=_("A returned review needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} ({self.organization})"

    @property
    def public_segment(self) -> str:
        """The organization part of public URLs: its slug, or the public key if anonymous."""
        return publication.public_segment(self)

    @property
    def public_organization_name(self) -> str:
        return publication.public_organization_name(self)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class CriterionRating(TimeStampedModel):
    """A review's rating of one criterion, with where in the plan document it is shown."""

    class Rating(models.IntegerChoices):
        ABSENT = 0, _("0 — absent")
        PARTIAL = 1, _("1 — partial")
        CLEAR = 2, _("2 — clear")

    review = models.ForeignKey(
        PlanReview, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        QualityCriterion,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("criterion"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating)
    evidence = models.CharField(
        _("evidence"),
        max_length=300,
        help_text=_("Where the plan document shows it: page and section, e.g. “p. 12, §3.2”."),
    )
    quote = models.TextField(_("quote"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "criterion__order", "criterion__code"]
        verbose_name = _("criterion rating")
        verbose_name_plural = _("criterion ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"],
                name="criterion_rating_unique_review_criterion",
                violation_error_message=_("This criterion is already rated in this review."),
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=0, rating__lte=2),
                name="criterion_rating_0_to_2",
                violation_error_message=_("A rating is 0, 1 or 2."),
            ),
            models.CheckConstraint(
                condition=~Q(evidence=""),
                name="criterion_rating_has_evidence",
                violation_error_message=_("A rating needs its evidence note."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.rating}"
