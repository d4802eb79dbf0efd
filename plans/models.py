"""Countries, which organizations monitor them, national action plans and their documents."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nap_tracker.models import TimeStampedModel
from plans.querysets import CountryQuerySet, CoverageQuerySet, NationalActionPlanQuerySet
from plans.regions import m49_label

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Country(models.Model):
    """An ISO 3166-1 country or territory with its UN M49 classification."""

    iso3 = models.CharField(
        _("ISO 3166-1 alpha-3"),
        max_length=3,
        primary_key=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Three capital letters, e.g. NOR."))],
    )
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    m49 = models.PositiveSmallIntegerField(_("UN M49 numeric code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    region = models.CharField(_("M49 region"), max_length=40, blank=True, db_index=True)
    subregion = models.CharField(_("M49 sub-region"), max_length=60, blank=True)
    un_member = models.BooleanField(_("UN member state"), default=False)
    un_member_since = models.PositiveSmallIntegerField(_("UN member since"), null=True, blank=True)
    un_observer = models.BooleanField(_("UN non-member observer state"), default=False)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:country_detail", kwargs={"iso3": self.iso3})

    @property
    def region_label(self) -> str:
        """The M49 region in the reader's language."""
        return str(m49_label(self.region)) if self.region else ""

    @property
    def subregion_label(self) -> str:
        return str(m49_label(self.subregion)) if self.subregion else ""


class Coverage(TimeStampedModel):
    """An organization monitors a country; this scopes what its editors may edit."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="coverages",
        verbose_name=_("organization"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="coverages", verbose_name=_("country")
    )
    publish_anonymously = models.BooleanField(
        _("publish anonymously"),
        default=False,
        help_text=_(
            "The organization's assessments of this country publish as “A civil-society "
            "organization”, and the public does not see that it monitors this country."
        ),
    )

    objects = CoverageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name", "organization__name"]
        verbose_name = _("coverage")
        verbose_name_plural = _("coverage")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "country"],
                name="coverage_unique_organization_country",
                violation_error_message=_("This organization already covers this country."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.country}"


def plan_url_key(generation, adopted_year, period_start) -> str:
    """``NationalActionPlan.url_key`` from the three fields (for rows read with ``values()``)."""
    if generation is not None:
        return str(generation)
    if adopted_year is not None:
        return f"adopted-{adopted_year}"
    return f"period-{period_start}"


class CoverageRequest(TimeStampedModel):
    """An organization admin asks that her organization cover a country; a site admin
    approves (which adds the coverage) or declines, in the Django admin (decision 85)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="coverage_requests",
        verbose_name=_("organization"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="coverage_requests",
        verbose_name=_("country"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, editable=False
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the organization monitors this country.")
    )
    requested_by = models.ForeignKey(
        "organizations.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
        editable=False,
    )
    decided_by = models.ForeignKey(
        "organizations.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("coverage request")
        verbose_name_plural = _("coverage requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "country"],
                condition=Q(status="pending"),
                name="coverage_request_one_pending",
                violation_error_message=_("This country is already requested."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.country} ({self.get_status_display()})"


class NationalActionPlan(TimeStampedModel):
    """One generation of a country's national action plan on UNSCR 1325."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded")
        UNDER_REVISION = "under_revision", _("Under revision")
        DRAFT = "draft", _("Draft")

    class LeadCategory(models.TextChoices):
        FOREIGN_AFFAIRS = "foreign_affairs", _("Foreign affairs")
        DEFENCE = "defence", _("Defence")
        GENDER = "gender", _("Gender / women")
        INTERIOR = "interior", _("Interior")
        SOCIAL_AFFAIRS = "social_affairs", _("Social affairs")
        PRESIDENCY = "presidency", _("Presidency / prime minister")
        OTHER = "other", _("Other")

    class Budget(models.TextChoices):
        NONE = "none", _("No budget")
        PARTIAL = "partial", _("Partial budget")
        EARMARKED = "earmarked", _("Earmarked budget")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        LOCAL = "local", _("Local")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="plans", verbose_name=_("country")
    )
    generation = models.PositiveSmallIntegerField(
        _("generation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("1 for the first plan, 2 for the second…; empty when no source says."),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
        help_text=_("The previous generation of the same country's plan."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    original_title = models.CharField(_("title in original language"), max_length=300, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_on_precision = models.CharField(
        _("precision of adoption date"),
        max_length=5,
        blank=True,
        choices=[("day", _("Day")), ("month", _("Month")), ("year", _("Year"))],
        help_text=_("How precise the source is: a month-only date is stored as its first day."),
    )
    adopted_year = models.PositiveSmallIntegerField(
        _("year adopted"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    period_start = models.PositiveSmallIntegerField(
        _("period start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    period_end = models.PositiveSmallIntegerField(
        _("period end year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Leave empty when the plan is open-ended or the source does not say."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        blank=True,
        help_text=_("Leave empty when no source states it."),
    )
    lead_ministry = models.CharField(_("lead ministry"), max_length=200, blank=True)
    lead_category = models.CharField(
        _("lead category"), max_length=20, choices=LeadCategory, blank=True
    )
    budget = models.CharField(_("budget"), max_length=10, choices=Budget, blank=True)
    budget_amount = models.DecimalField(
        _("budget amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_currency = models.CharField(
        _("budget currency"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("ISO 4217 code, e.g. USD."))],
    )
    # M&E and civil-society flags are nullable booleans: empty means "not known yet".
    me_framework = models.BooleanField(_("M&E framework"), null=True, blank=True)
    me_indicators = models.BooleanField(_("M&E indicators"), null=True, blank=True)
    me_baseline = models.BooleanField(_("M&E baseline"), null=True, blank=True)
    me_targets = models.BooleanField(_("M&E targets"), null=True, blank=True)
    cso_role_design = models.BooleanField(_("civil society in design"), null=True, blank=True)
    cso_role_implementation = models.BooleanField(
        _("civil society in implementation"), null=True, blank=True
    )
    cso_role_monitoring = models.BooleanField(
        _("civil society in monitoring"), null=True, blank=True
    )
    scope = models.CharField(
        _("scope"),
        max_length=10,
        choices=Scope,
        blank=True,
        help_text=_("Leave empty when no source states it."),
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Unpublished plans are visible to staff only, e.g. while being entered."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = NationalActionPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name", "adopted_year", "generation"]
        verbose_name = _("national action plan")
        verbose_name_plural = _("national action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "generation"],
                name="plan_unique_country_generation",
                violation_error_message=_("This country already has a plan of this generation."),
            ),
            models.UniqueConstraint(
                fields=["country", "adopted_year"],
                condition=Q(generation__isnull=True),
                name="plan_unique_country_year_without_generation",
                violation_error_message=_(
                    "A plan without a generation needs a year of adoption unique for its country."
                ),
            ),
            models.UniqueConstraint(
                fields=["country", "period_start"],
                condition=Q(generation__isnull=True, adopted_year__isnull=True),
                name="plan_unique_country_period_without_generation_or_year",
                violation_error_message=_(
                    "A plan with neither generation nor year of adoption needs a period start "
                    "unique for its country."
                ),
            ),
            models.CheckConstraint(
                condition=Q(generation__isnull=False)
                | Q(adopted_year__isnull=False)
                | Q(period_start__isnull=False),
                name="plan_generation_year_or_period",
                violation_error_message=_(
                    "Give the plan's generation, its year of adoption or the start of its period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="plan_period_end_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | ~Q(budget_currency=""),
                name="plan_budget_amount_has_currency",
                violation_error_message=_("A budget amount needs its currency."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} — {self.label}"

    @property
    def label(self) -> str:
        if self.generation is not None:
            return _("NAP %(generation)s") % {"generation": self.generation}
        if self.adopted_year is not None:
            return _("NAP adopted %(year)s") % {"year": self.adopted_year}
        return _("NAP for %(period)s") % {"period": self.period_display}

    @property
    def url_key(self) -> str:
        """Natural key in URLs: the generation; where no source gives it, ``adopted-<year>``;
        where the source gives neither, ``period-<start year>``."""
        return plan_url_key(self.generation, self.adopted_year, self.period_start)

    @property
    def sort_year(self) -> int:
        """The year a timeline places the plan at: its period start, else its adoption."""
        return self.period_start or self.adopted_year or 0

    def get_absolute_url(self) -> str:
        return reverse("public:plan_detail", kwargs={"iso3": self.country_id, "key": self.url_key})

    @property
    def period_display(self) -> str:
        if self.period_start is None:
            return ""
        end = self.period_end if self.period_end is not None else "…"
        return f"{self.period_start}–{end}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.supersedes_id is not None:
            previous = self.supersedes
            if previous.country_id != self.country_id:
                raise ValidationError(
                    {"supersedes": _("A plan can only supersede a plan of the same country.")}
                )
            if (
                previous.generation is not None
                and self.generation is not None
                and previous.generation >= self.generation
            ):
                raise ValidationError(
                    {"supersedes": _("A plan can only supersede an earlier generation.")}
                )


class PlanDocument(TimeStampedModel):
    """A document of a plan: its text, a report, an evaluation or a shadow report."""

    class Kind(models.TextChoices):
        PLAN_TEXT = "plan_text", _("Plan text")
        IMPLEMENTATION_REPORT = "implementation_report", _("Implementation report")
        EVALUATION = "evaluation", _("Evaluation")
        SHADOW_REPORT = "shadow_report", _("Civil-society shadow report")

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")
        ES = "es", _("Spanish")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(
        NationalActionPlan,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("plan"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, default=Kind.PLAN_TEXT)
    title = models.CharField(_("title"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language, default=Language.EN)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="plan_documents/%Y/", blank=True)
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        blank=True,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", _("64 lowercase hexadecimal characters."))],
        help_text=_("Checksum of the exact version cited, so evidence never silently changes."),
    )
    is_official_translation = models.BooleanField(_("official translation"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "kind", "language"]
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""),
                name="plan_document_has_url_or_file",
                violation_error_message=_("Give a URL or upload a file."),
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.plan} — {self.get_kind_display()} ({self.language})"

    def save(self, *args, **kwargs):
        # Fingerprint every newly uploaded file, so the cited version can be checked later.
        if self.file and not self.file._committed:
            import hashlib

            digest = hashlib.sha256()
            for chunk in self.file.chunks():
                digest.update(chunk)
            self.sha256 = digest.hexdigest()
        super().save(*args, **kwargs)


def _indicator(label):
    return models.DecimalField(label, max_digits=8, decimal_places=3, null=True, blank=True)


class WPSIndexEntry(models.Model):
    """One country's row of a published edition of the GIWPS/PRIO Women, Peace and Security Index.

    Published reference values, stored as the source gives them: nap_tracker never
    recomputes the index. Show them with ``attribution`` and ``source_url``.
    """

    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="wps_index_entries",
        verbose_name=_("country"),
    )
    edition = models.CharField(_("edition"), max_length=10, help_text=_("e.g. 2025/26"))
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Ties share a rank."))
    score = models.DecimalField(
        _("index score"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 (worst) to 1 (best)."),
    )
    region_codes = models.CharField(
        _("region codes"), max_length=20, help_text=_("As published, e.g. 'SSA, FS'.")
    )
    region = models.CharField(_("index region"), max_length=10)
    fragile_state = models.BooleanField(_("fragile state"), default=False)
    education = _indicator(_("education (mean years of schooling, women 25+)"))
    employment = _indicator(_("employment (%)"))
    financial_inclusion = _indicator(_("financial inclusion (%)"))
    cell_phone_use = _indicator(_("cell phone use (%)"))
    parliamentary_representation = _indicator(_("parliamentary representation (% of seats)"))
    absence_of_legal_discrimination = _indicator(_("absence of legal discrimination (0–100)"))
    access_to_justice = _indicator(_("access to justice (V-Dem scale)"))
    maternal_mortality_ratio = _indicator(_("maternal mortality ratio (per 100,000 live births)"))
    son_bias = _indicator(_("son bias (male births per 100 female)"))
    intimate_partner_violence = _indicator(_("intimate partner violence (%)"))
    community_safety = _indicator(_("community safety (%)"))
    political_violence_targeting_women = _indicator(
        _("political violence targeting women (events per 100,000 women)")
    )
    proximity_to_conflict = _indicator(_("proximity to conflict (%)"))
    source_url = models.URLField(_("source URL"), max_length=300)
    attribution = models.CharField(_("attribution"), max_length=200)

    class Meta:
        ordering = ["edition", "rank", "country__name"]
        verbose_name = _("WPS Index entry")
        verbose_name_plural = _("WPS Index entries")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "edition"],
                name="wps_index_unique_country_edition",
                violation_error_message=_("This country already has an entry in this edition."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} — {self.attribution}"


# The NAP quality review (decision 91) lives in its own module; imported so Django finds it.
from plans.review_models import (  # noqa: E402, F401
    CriterionRating,
    PlanReview,
    QualityCriterion,
    QualityFramework,
)
