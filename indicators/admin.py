"""Admin for indicators, methodologies, assessments, values and scores."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indicators.models import (
    Assessment,
    AssessmentScore,
    Indicator,
    IndicatorValue,
    Methodology,
)
from indicators.services import assessment_rescore

SCORE_FIELDS = [
    "methodology",
    "overall",
    "overall_status",
    "arithmetic_mean",
    "band",
    "participation",
    "participation_status",
    "prevention_protection",
    "prevention_protection_status",
    "promotion",
    "promotion_status",
    "indicator_scores",
    "computed_at",
]


def rescore_with_message(model_admin, request, assessment) -> None:
    """Rescore after an edit; a value set that cannot be scored is a warning, not a 500."""
    try:
        assessment_rescore(assessment=assessment)
    except ValidationError as exc:
        model_admin.message_user(request, "; ".join(exc.messages), messages.WARNING)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "short_title", "cluster", "wording_verified", "order"]
    list_filter = ["cluster", "wording_verified"]
    search_fields = ["code", "title", "short_title", "description"]
    # Components and their rules belong to the scoring method: shown, not edited here.
    readonly_fields = ["code", "cluster", "components", "min_components", "not_applicable_allowed"]


@admin.register(Methodology)
class MethodologyAdmin(admin.ModelAdmin):
    list_display = ["version", "published_on", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["version", "description"]
    readonly_fields = ["parameters"]


class IndicatorValueInline(admin.StackedInline):
    model = IndicatorValue
    extra = 0
    autocomplete_fields = ["indicator"]
    fields = [
        ("indicator", "component", "level", "locality"),
        ("not_applicable", "not_applicable_reason"),
        "inputs",
        ("data_year", "source_url", "source_page"),
        "source_quote",
        "notes",
    ]


class AssessmentScoreInline(admin.StackedInline):
    model = AssessmentScore
    can_delete = False
    extra = 0
    max_num = 0
    readonly_fields = SCORE_FIELDS
    fields = SCORE_FIELDS


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = [
        "country",
        "year",
        "organization",
        "status",
        "overall_score",
        "band",
        "is_sample",
    ]
    list_filter = ["status", "year", "is_sample", "organization", "country__region"]
    search_fields = ["country__name", "country__iso3", "organization__name"]
    list_select_related = ["country", "organization", "score"]
    autocomplete_fields = ["country", "plan", "organization"]
    readonly_fields = [
        "created_by",
        "submitted_by",
        "submitted_at",
        "validated_by",
        "validated_at",
        "returned_by",
        "returned_at",
        "version",
    ]
    inlines = [IndicatorValueInline, AssessmentScoreInline]
    actions = ["rescore"]

    @admin.display(description=_("overall"), ordering="score__overall")
    def overall_score(self, obj):
        score = getattr(obj, "score", None)
        if score is None:
            return _("not scored")
        return score.overall if score.overall is not None else score.get_overall_status_display()

    @admin.display(description=_("band"), ordering="score__band")
    def band(self, obj):
        score = getattr(obj, "score", None)
        return score.get_band_display() if score and score.band else "—"

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Values are saved by the inline formset; the score follows them.
        super().save_related(request, form, formsets, change)
        rescore_with_message(self, request, form.instance)

    @admin.action(description=_("Recompute scores of the selected assessments"))
    def rescore(self, request, queryset):
        done = 0
        for assessment in queryset:
            try:
                assessment_rescore(assessment=assessment)
                done += 1
            except ValidationError as exc:
                self.message_user(
                    request, f"{assessment}: {'; '.join(exc.messages)}", messages.ERROR
                )
        self.message_user(request, _("Rescored %(n)d assessments.") % {"n": done})


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Values one by one; every change rescores their assessment, as the inline does."""

    list_display = ["assessment", "indicator", "component", "level", "not_applicable", "data_year"]
    list_filter = ["indicator", "level", "not_applicable"]
    search_fields = ["assessment__country__name", "indicator__code", "component", "source_quote"]
    list_select_related = ["assessment__country", "assessment__organization", "indicator"]
    autocomplete_fields = ["assessment", "indicator"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        rescore_with_message(self, request, obj.assessment)

    def delete_model(self, request, obj):
        assessment = obj.assessment
        super().delete_model(request, obj)
        rescore_with_message(self, request, assessment)

    def delete_queryset(self, request, queryset):
        assessments = {value.assessment for value in queryset.select_related("assessment")}
        super().delete_queryset(request, queryset)
        for assessment in assessments:
            rescore_with_message(self, request, assessment)


@admin.register(AssessmentScore)
class AssessmentScoreAdmin(admin.ModelAdmin):
    list_display = ["assessment", "overall", "band", "overall_status", "methodology", "computed_at"]
    list_filter = ["band", "overall_status", "methodology"]
    search_fields = ["assessment__country__name", "assessment__country__iso3"]
    list_select_related = ["assessment__country", "assessment__organization", "methodology"]
    readonly_fields = ["assessment", *SCORE_FIELDS]

    def has_add_permission(self, request):
        return False  # written only by the rescoring service
