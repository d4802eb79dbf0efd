"""Admin of the NAP quality review: criteria wording (and its verification), reviews read-mostly.

Workflow steps go through the services: validating from the list's action; returning and
reopening need a reason, so they link to the reviewer's decision page.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from plans.review_models import CriterionRating, PlanReview, QualityCriterion, QualityFramework
from plans.review_services import plan_review_validate


class QualityCriterionInline(admin.TabularInline):
    model = QualityCriterion
    fields = ["code", "order", "title", "wording_verified", "source_url"]
    extra = 0
    show_change_link = True


@admin.register(QualityFramework)
class QualityFrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["version", "title", "is_current"]
    inlines = [QualityCriterionInline]


@admin.register(QualityCriterion)
class QualityCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "framework", "order", "wording_verified"]
    list_filter = ["framework", "wording_verified"]
    list_select_related = ["framework"]
    search_fields = ["code", "title", "wording"]
    ordering = ["framework", "order", "code"]


class CriterionRatingInline(admin.TabularInline):
    model = CriterionRating
    fields = ["criterion", "rating", "evidence", "quote"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PlanReview)
class PlanReviewAdmin(SimpleHistoryAdmin):
    """Read-mostly: ratings and workflow change through the pages and the services."""

    list_display = ["plan", "organization", "status", "score", "rated_count", "is_sample"]
    list_filter = ["status", "is_sample", "framework"]
    list_select_related = ["plan__country", "organization"]
    search_fields = ["plan__country__name", "organization__name"]
    readonly_fields = [
        "plan",
        "organization",
        "framework",
        "status",
        "score",
        "rated_count",
        "summary",
        "return_reason",
        "created_by",
        "submitted_by",
        "submitted_at",
        "validated_by",
        "validated_at",
        "returned_by",
        "returned_at",
        "version",
        "is_sample",
        "publish_anonymously",
        "embargo_until",
        "public_key",
        "decision_page",
    ]
    fields = readonly_fields
    inlines = [CriterionRatingInline]
    actions = ["validate"]

    def has_add_permission(self, request):
        return False  # reviews start on /entry/plan-reviews/new/ (plan_review_create)

    @admin.display(description=_("decision page"))
    def decision_page(self, obj):
        kwargs = {
            "iso3": obj.plan.country_id,
            "key": obj.plan.url_key,
            "org": obj.organization.slug,
        }
        return format_html(
            '<a href="{}">{}</a>',
            reverse("plan_review:decide", kwargs=kwargs),
            _("Validate, return or reopen with a reason"),
        )

    @admin.action(description=_("Validate the selected plan reviews (publishes them)"))
    def validate(self, request, queryset):
        done = 0
        for review in queryset:
            try:
                plan_review_validate(review=review, actor=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                shown = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                self.message_user(request, f"{review}: {' '.join(shown)}", messages.ERROR)
        self.message_user(request, _("Validated %(n)d plan reviews.") % {"n": done})
