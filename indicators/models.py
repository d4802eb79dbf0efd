"""The Women Count indicators, methodology versions, assessments, their values and scores."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators import scoring, scoring_messages
from indicators.querysets import (
    AssessmentQuerySet,
    IndicatorQuerySet,
    IndicatorValueQuerySet,
    MethodologyQuerySet,
    ReplyPeriodQuerySet,
)
from nap_tracker import publication
from nap_tracker.models import TimeStampedModel
from nap_tracker.publication import new_public_key

# The order in which input fields are shown (JSONB does not keep key order).
INPUT_FIELD_ORDER = [
    "women",
    "men",
    "numerator",
    "denominator",
    "level",
    "items",
    "reported",
    "investigated",
    "prosecuted",
    "penalised",
    "allocated",
    "disbursed",
    "to_civil_society",
    "currency",
]
# Indicator fields that have French and Spanish versions in Indicator.translations.
TRANSLATED_FIELDS = ("title", "short_title", "description")


def translated_text(instance, field: str, language: str | None = None) -> str:
    """``instance.field`` in ``language`` (default: the active one) from its ``translations``
    JSON (``{"fr": {field: text}}``), or the English field when that text is missing or empty."""
    if field not in instance.TRANSLATED_FIELDS:
        raise ValueError(f"{field} is not a translated field of {type(instance).__name__}")
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    texts = (instance.translations or {}).get(language)
    text = texts.get(field) if isinstance(texts, dict) else None
    if isinstance(text, str) and text.strip():
        return text
    return getattr(instance, field)


SCORE_FIELD = {"max_digits": 4, "decimal_places": 1, "null": True, "blank": True}


class Cluster(models.TextChoices):
    PARTICIPATION = "participation", _("Participation")
    PREVENTION_PROTECTION = "prevention_protection", _("Prevention and protection")
    PROMOTION = "promotion", _("Promotion of a gender perspective")


class ScoreStatus(models.TextChoices):
    SCORED = "scored", _("Scored")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    NO_DATA = "no_data", _("No data")
    INSUFFICIENT_DATA = "insufficient_data", _("Insufficient data")


class Band(models.TextChoices):
    VERY_LOW = "very_low", _("Very low")
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


class Indicator(TimeStampedModel):
    """One of the eleven Women Count indicators; titles are editable working titles."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    cluster = models.CharField(_("cluster"), max_length=30, choices=Cluster)
    title = models.CharField(_("title"), max_length=200)
    short_title = models.CharField(_("short title"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    components = models.JSONField(
        _("components"),
        default=list,
        help_text=_("The scoring components: key, kind and checklist items (read-only)."),
    )
    min_components = models.PositiveSmallIntegerField(_("minimum scored components"), default=1)
    not_applicable_allowed = models.BooleanField(_("may be not applicable"), default=False)
    unit = models.CharField(_("unit"), max_length=60, default="score 0–100")
    direction = models.CharField(
        _("direction"),
        max_length=20,
        default="higher_is_better",
        choices=[("higher_is_better", _("Higher is better"))],
    )
    wording_verified = models.BooleanField(
        _("wording verified"),
        default=False,
        help_text=_("Tick only once the title is checked against a GNWP source."),
    )
    source_url = models.URLField(_("source URL"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_(
            "French and Spanish versions of the title, short title and description, keyed by "
            'language: {"fr": {"title": …, "short_title": …, "description": …}, '
            '"es": {…}}. They translate this project\'s working titles and are this '
            "project's wording too, not GNWP's. An empty or missing text shows the English one."
        ),
    )

    objects = IndicatorQuerySet.as_manager()
    # Who changed a title or marked the wording verified, and when (issue 9, decision 83).
    history = HistoricalRecords()
    TRANSLATED_FIELDS = TRANSLATED_FIELDS

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.short_title}"

    @property
    def component_keys(self) -> list[str]:
        return [c["key"] for c in self.components]

    def localized(self, field: str, language: str | None = None) -> str:
        """``field`` (title, short_title or description) in ``language`` (default: the active
        one), or the English field when there is no translation for it."""
        return translated_text(self, field, language)

    @property
    def localized_title(self) -> str:
        return self.localized("title")

    @property
    def localized_short_title(self) -> str:
        return self.localized("short_title")

    @property
    def localized_description(self) -> str:
        return self.localized("description")


class Methodology(TimeStampedModel):
    """A version of the scoring method; every score names the version that made it."""

    version = models.CharField(_("version"), max_length=10, unique=True)
    published_on = models.DateField(_("published on"))
    parameters = models.JSONField(_("parameters"), default=dict)
    description = models.TextField(_("description"), blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_(
            'French and Spanish versions of the description: {"fr": {"description": …}, '
            '"es": {…}}. An empty or missing text shows the English one.'
        ),
    )

    objects = MethodologyQuerySet.as_manager()
    history = HistoricalRecords()
    TRANSLATED_FIELDS = ("description",)

    class Meta:
        ordering = ["-published_on", "-version"]
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="methodology_single_current",
                violation_error_message=_("Only one methodology can be current."),
            )
        ]

    def __str__(self) -> str:
        return f"Method {self.version}"

    @property
    def localized_description(self) -> str:
        return translated_text(self, "description")


class Assessment(TimeStampedModel):
    """One civil-society monitoring report on one country for one reporting year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VALIDATED = "validated", _("Validated")
        RETURNED = "returned", _("Returned")

    country = models.ForeignKey(
        "plans.Country",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("country"),
    )
    plan = models.ForeignKey(
        "plans.NationalActionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        help_text=_("The plan in force that year, if any."),
        verbose_name=_("plan"),
    )
    year = models.PositiveSmallIntegerField(
        _("reporting year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("organization"),
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
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Illustrative demo data, not a real monitoring report."),
    )
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

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name", "-year"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year", "organization"],
                name="assessment_unique_country_year_organization",
                violation_error_message=_(
                    "This organization already has an assessment of this country for this year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="assessment_returned_has_reason",
                violation_error_message=_("A returned assessment needs a reason."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "year"]),
            # A country's latest validated assessment (querysets.LATEST_ORDER) in one index
            # probe: the country index, the map and the countries API ask it per country.
            models.Index(
                "country",
                F("year").desc(),
                F("validated_at").desc(nulls_last=True),
                F("id").desc(),
                condition=Q(status="validated"),
                name="assessment_latest_validated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.year} ({self.organization})"

    def get_absolute_url(self) -> str:
        return reverse(
            "public:scorecard",
            kwargs={"iso3": self.country_id, "year": self.year, "org": self.public_segment},
        )

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

    def clean(self) -> None:
        if (
            self.plan_id is not None
            and self.country_id is not None
            and self.plan.country_id != self.country_id
        ):
            raise ValidationError({"plan": _("The plan must be one of this country's plans.")})


class IndicatorValue(TimeStampedModel):
    """The raw inputs of one component of one indicator in one assessment, with evidence."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        LOCAL = "local", _("Local")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="values", verbose_name=_("assessment")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    component = models.CharField(
        _("component"),
        max_length=40,
        blank=True,
        help_text=_("Component key, e.g. parliament; empty on a 'not applicable' row."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level, default=Level.NATIONAL)
    locality = models.CharField(_("locality"), max_length=120, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    not_applicable_reason = models.CharField(_("why not applicable"), max_length=300, blank=True)
    inputs = models.JSONField(
        _("inputs"),
        default=dict,
        blank=True,
        help_text=_('The component\'s raw inputs, e.g. {"women": 5, "men": 15}.'),
    )
    data_year = models.PositiveSmallIntegerField(
        _("data year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    source_url = models.URLField(_("source / evidence URL"), max_length=500, blank=True)
    source_page = models.CharField(_("page or section"), max_length=100, blank=True)
    source_quote = models.TextField(_("quote"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = IndicatorValueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "indicator__order", "component", "level", "locality"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator", "component", "level", "locality"],
                name="value_unique_per_component_level_locality",
                violation_error_message=_(
                    "This assessment already has a value for this component at this level."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(not_applicable=True) & Q(component="") & ~Q(not_applicable_reason=""))
                | (Q(not_applicable=False) & ~Q(component="")),
                name="value_not_applicable_or_component",
                violation_error_message=_(
                    "A value is either 'not applicable' with a reason and no component, "
                    "or the inputs of one component."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level="national", locality="") | Q(level="local") & ~Q(locality=""),
                name="value_locality_matches_level",
                violation_error_message=_(
                    "Local values need a locality; national values have none."
                ),
            ),
        ]

    def __str__(self) -> str:
        what = "N/A" if self.not_applicable else self.component
        where = f" @ {self.locality}" if self.locality else ""
        return f"{self.indicator.code} {what}{where}"

    @property
    def input_pairs(self) -> list[tuple[str, str]]:
        """The inputs as (field, shown value) pairs; checklist answers spelled out."""
        pairs = []
        inputs = self.inputs or {}
        rank = {name: i for i, name in enumerate(INPUT_FIELD_ORDER)}
        for key in sorted(inputs, key=lambda k: rank.get(k, len(rank))):
            value = inputs[key]
            if isinstance(value, dict):
                value = ", ".join(f"{item}: {answer}" for item, answer in value.items())
            pairs.append((key, str(value)))
        return pairs

    def row_errors(self) -> dict[str, list[str]]:
        """Problems of this one row, keyed by field; inputs as ``inputs.<name>``.

        Rules that span an indicator's rows (not applicable beside components, duplicates)
        are checked by the values service, which sees the whole set at once.
        """
        if self.indicator_id is None:
            return {}
        code = self.indicator.code
        if self.not_applicable:
            if not self.indicator.not_applicable_allowed:
                message = _("%(code)s cannot be marked not applicable.") % {"code": code}
                return {"not_applicable": [message]}
            if not self.not_applicable_reason.strip():
                return {"not_applicable_reason": [_("Give the reason it is not applicable.")]}
            return {}
        if self.component not in self.indicator.component_keys:
            message = _("Unknown component %(key)s for %(code)s; expected one of: %(keys)s.") % {
                "key": self.component,
                "code": code,
                "keys": ", ".join(self.indicator.component_keys),
            }
            return {"component": [message]}
        errors = scoring.validate_component(code, self.component, self.inputs or {})
        return {
            f"inputs.{field}": [scoring_messages.render(m) for m in messages]
            for field, messages in errors.items()
        }

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        for key, messages in self.row_errors().items():
            if key.startswith("inputs."):
                field = key.removeprefix("inputs.")
                errors.setdefault("inputs", []).extend(f"{field}: {m}" for m in messages)
            else:
                errors[key] = messages
        if errors:
            raise ValidationError(errors)


class AssessmentScore(models.Model):
    """A snapshot of an assessment's score, written only by the rescoring service."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="score", verbose_name=_("assessment")
    )
    methodology = models.ForeignKey(
        Methodology, on_delete=models.PROTECT, related_name="scores", verbose_name=_("methodology")
    )
    overall = models.DecimalField(_("overall score"), **SCORE_FIELD)
    overall_status = models.CharField(_("overall status"), max_length=20, choices=ScoreStatus)
    arithmetic_mean = models.DecimalField(_("arithmetic mean of clusters"), **SCORE_FIELD)
    band = models.CharField(_("band"), max_length=10, choices=Band, blank=True)
    participation = models.DecimalField(_("participation"), **SCORE_FIELD)
    participation_status = models.CharField(
        _("participation status"), max_length=20, choices=ScoreStatus
    )
    prevention_protection = models.DecimalField(_("prevention and protection"), **SCORE_FIELD)
    prevention_protection_status = models.CharField(
        _("prevention and protection status"), max_length=20, choices=ScoreStatus
    )
    promotion = models.DecimalField(_("promotion"), **SCORE_FIELD)
    promotion_status = models.CharField(_("promotion status"), max_length=20, choices=ScoreStatus)
    indicator_scores = models.JSONField(
        _("indicator scores"),
        default=dict,
        help_text=_("Per indicator: score, status, components."),
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-computed_at"]
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        indexes = [models.Index(fields=["overall"])]

    def __str__(self) -> str:
        shown = self.overall if self.overall is not None else self.get_overall_status_display()
        return f"{self.assessment}: {shown}"

    def as_dict(self) -> dict:
        """The stored snapshot in the shape of ``scoring.ScoreResult.as_dict()``."""

        def number(value):
            return None if value is None else float(value)

        return {
            "methodology": self.methodology.version,
            "indicators": self.indicator_scores,
            "clusters": {
                name.value: {
                    "score": number(getattr(self, name.value)),
                    "status": getattr(self, f"{name.value}_status"),
                }
                for name in Cluster
            },
            "overall": {
                "score": number(self.overall),
                "arithmetic_mean": number(self.arithmetic_mean),
                "band": self.band or None,
                "status": self.overall_status,
            },
        }


class ReplyPeriod(TimeStampedModel):
    """A right-of-reply period: the government of the assessment's country may answer the
    validated result until ``deadline`` (inclusive, UTC) before it is published (decision 97).

    Closing it early (``closed_at``) publishes the result at once; either way the period and
    its replies are kept, and are what the public scorecard shows beside the score.
    """

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reply_periods",
        verbose_name=_("assessment"),
    )
    # Or a plan quality review (decision 112): exactly one of the two.
    review = models.ForeignKey(
        "plans.PlanReview",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reply_periods",
        verbose_name=_("plan review"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"))
    deadline = models.DateField(
        _("deadline"), help_text=_("Replies are accepted through this day (UTC).")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    objects = ReplyPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("right-of-reply period")
        verbose_name_plural = _("right-of-reply periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("opened_at")),
                name="reply_period_closed_after_opened",
                violation_error_message=_("A period cannot close before it opened."),
            ),
            models.CheckConstraint(
                condition=Q(assessment__isnull=False, review__isnull=True)
                | Q(assessment__isnull=True, review__isnull=False),
                name="reply_period_assessment_or_review",
                violation_error_message=_(
                    "A period is for an assessment or for a plan review, not both."
                ),
            ),
        ]

    @property
    def subject(self):
        """The assessment or plan review the period is for."""
        return self.assessment if self.assessment_id else self.review

    def __str__(self) -> str:
        return f"{self.subject}: reply until {self.deadline:%Y-%m-%d}"


class GovernmentReply(TimeStampedModel):
    """The government's answer to one indicator of an assessment, or (no indicator) to the
    result overall; one of each per period. It never changes a score."""

    period = models.ForeignKey(
        ReplyPeriod, on_delete=models.CASCADE, related_name="replies", verbose_name=_("period")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
        help_text=_("Empty: the reply to the result overall."),
    )
    # The criterion of a plan review replied to (decision 112); both empty: overall.
    criterion = models.ForeignKey(
        "plans.QualityCriterion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("criterion"),
    )
    text = models.TextField(_("reply"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["period", F("indicator__order").asc(nulls_first=True), "pk"]
        verbose_name = _("government reply")
        verbose_name_plural = _("government replies")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator"],
                name="government_reply_one_per_indicator",
                violation_error_message=_("This period already has a reply to this indicator."),
            ),
            models.UniqueConstraint(
                fields=["period", "criterion"],
                name="government_reply_one_per_criterion",
                violation_error_message=_("This period already has a reply to this criterion."),
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(indicator__isnull=True, criterion__isnull=True),
                name="government_reply_one_overall",
                violation_error_message=_("This period already has an overall reply."),
            ),
            models.CheckConstraint(
                condition=Q(indicator__isnull=True) | Q(criterion__isnull=True),
                name="government_reply_indicator_or_criterion",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="government_reply_not_empty"),
        ]

    def __str__(self) -> str:
        what = (
            self.indicator.code
            if self.indicator_id
            else self.criterion.code
            if self.criterion_id
            else "overall"
        )
        return f"{self.period.subject}: reply ({what})"


# Dataset releases (issue 10, part 4) live in their own module, in this app.
from indicators.release_models import (  # noqa: E402, F401
    Release,
    ReleaseFile,
    ReleaseImmutable,
    ReleaseRecord,
)
