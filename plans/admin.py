"""Admin for countries, coverage, plans and plan documents."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from plans.filters import M49_REGIONS
from plans.models import (
    Country,
    Coverage,
    CoverageRequest,
    NationalActionPlan,
    PlanDocument,
    WPSIndexEntry,
)
from plans.regions import m49_label
from plans.services import coverage_anonymity_set, coverage_request_decide


def m49_region_filter(field_path: str) -> type[admin.SimpleListFilter]:
    """An admin filter on an M49 region that names the regions in the reader's language."""

    class M49RegionFilter(admin.SimpleListFilter):
        title = _("M49 region")
        parameter_name = field_path

        def lookups(self, request, model_admin):
            return [(region, m49_label(region)) for region in M49_REGIONS]

        def queryset(self, request, queryset):
            return queryset.filter(**{field_path: self.value()}) if self.value() else queryset

    return M49RegionFilter


def plan_label(plan: NationalActionPlan) -> str:
    period = plan.period_display
    return f"{plan.label} ({period})" if period and period not in plan.label else str(plan.label)


class CoverageInline(admin.TabularInline):
    model = Coverage
    extra = 0
    autocomplete_fields = ["organization", "country"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "organization")


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = [
        "iso3",
        "name",
        "iso2",
        "m49",
        "region",
        "subregion",
        "un_member",
        "un_observer",
        "plan_count",
    ]
    list_filter = [m49_region_filter("region"), "un_member", "un_observer"]
    search_fields = ["iso3", "iso2", "name", "official_name"]
    ordering = ["name"]
    inlines = [CoverageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(plans_n=Count("plans", distinct=True))

    @admin.display(description=_("plans"), ordering="plans_n")
    def plan_count(self, obj):
        return obj.plans_n

    def get_readonly_fields(self, request, obj=None):
        # The ISO code is the public key in URLs and the API: fixed once created.
        return ["iso3"] if obj else []


@admin.register(Coverage)
class CoverageAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "country", "publish_anonymously", "created_at"]
    list_filter = ["organization", "publish_anonymously", m49_region_filter("country__region")]
    search_fields = ["organization__name", "country__name", "country__iso3"]
    list_select_related = ["organization", "country"]
    autocomplete_fields = ["organization", "country"]

    def save_model(self, request, obj, form, change):
        """Anonymity through ``coverage_anonymity_set`` (it applies to the assessments too)."""
        anonymous = obj.publish_anonymously
        if not change:
            obj.publish_anonymously = False
        elif "publish_anonymously" in form.changed_data:
            obj.publish_anonymously = not anonymous  # as stored; the service changes it
        super().save_model(request, obj, form, change)
        if anonymous != obj.publish_anonymously:
            updated = coverage_anonymity_set(
                coverage=obj, actor=request.user, publish_anonymously=anonymous
            )
            obj.publish_anonymously = updated.publish_anonymously


class PlanDocumentInline(admin.TabularInline):
    model = PlanDocument
    extra = 0
    fields = ["kind", "title", "language", "url", "file", "sha256", "is_official_translation"]


@admin.register(NationalActionPlan)
class NationalActionPlanAdmin(SimpleHistoryAdmin):
    list_display = [
        "country",
        "generation",
        "adopted_year",
        "period_start",
        "period_end",
        "status",
        "lead_category",
        "supersedes",
        "is_published",
        "is_sample",
    ]
    list_filter = [
        "status",
        "lead_category",
        "budget",
        "is_published",
        "is_sample",
        m49_region_filter("country__region"),
    ]
    search_fields = ["country__name", "country__iso3", "title", "lead_ministry", "notes"]
    list_select_related = ["country", "supersedes__country"]
    autocomplete_fields = ["country", "supersedes"]
    inlines = [PlanDocumentInline]
    readonly_fields = ["lineage"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "country",
                    "generation",
                    "supersedes",
                    "lineage",
                    "title",
                    "original_title",
                ]
            },
        ),
        (
            "Dates and status",
            {
                "fields": [
                    "adopted_on",
                    "adopted_on_precision",
                    "adopted_year",
                    "period_start",
                    "period_end",
                    "status",
                ]
            },
        ),
        ("Leadership", {"fields": ["lead_ministry", "lead_category", "scope"]}),
        ("Budget", {"fields": ["budget", "budget_amount", "budget_currency"]}),
        (
            "Monitoring and civil society",
            {
                "fields": [
                    "me_framework",
                    "me_indicators",
                    "me_baseline",
                    "me_targets",
                    "cso_role_design",
                    "cso_role_implementation",
                    "cso_role_monitoring",
                ]
            },
        ),
        ("Source", {"fields": ["source_url", "notes", "is_published", "is_sample"]}),
    ]

    @admin.display(description=_("lineage"))
    def lineage(self, obj):
        """The country's plans in order of generation, this one in bold, each a link."""
        if obj is None or obj.pk is None:
            return "—"
        plans = NationalActionPlan.objects.filter(country_id=obj.country_id).order_by(
            "generation", "period_start", "pk"
        )
        return format_html_join(
            " → ",
            "{}",
            (
                (
                    format_html("<strong>{}</strong>", plan_label(plan))
                    if plan.pk == obj.pk
                    else format_html(
                        '<a href="{}">{}</a>',
                        reverse("admin:plans_nationalactionplan_change", args=[plan.pk]),
                        plan_label(plan),
                    ),
                )
                for plan in plans
            ),
        )


@admin.register(PlanDocument)
class PlanDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "kind", "language", "is_official_translation"]
    list_filter = ["kind", "language", "is_official_translation"]
    search_fields = ["title", "url", "plan__country__name", "sha256"]
    list_select_related = ["plan__country"]
    autocomplete_fields = ["plan"]


@admin.register(WPSIndexEntry)
class WPSIndexEntryAdmin(admin.ModelAdmin):
    """Published reference values: browsable, never edited by hand.

    Rows come from plans/data/giwps_wps_index_2025.csv through ``load_reference_data``;
    a correction needs a new source file, not an edit here.
    """

    list_display = [
        "country",
        "edition",
        "rank",
        "score",
        "parliamentary_representation",
        "region_codes",
        "fragile_state",
    ]
    list_filter = ["edition", "region", "fragile_state"]
    search_fields = ["country__name", "country__iso3"]
    list_select_related = ["country"]
    ordering = ["edition", "rank"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CoverageRequest)
class CoverageRequestAdmin(SimpleHistoryAdmin):
    """Countries organizations ask to cover (from their members page); a site admin approves
    (which adds the coverage) or declines them with the actions, through the services."""

    list_display = ["organization", "country", "status", "requested_by", "created_at", "decided_by"]
    list_filter = ["status", m49_region_filter("country__region")]
    search_fields = ["organization__name", "country__name", "country__iso3"]
    list_select_related = ["organization", "country", "requested_by", "decided_by"]
    readonly_fields = [
        "organization",
        "country",
        "reason",
        "status",
        "requested_by",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    fields = readonly_fields
    actions = ["approve", "decline"]

    def has_add_permission(self, request):
        return False  # requested by an organization's admin on its members page

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def decide(self, request, queryset, approve: bool):
        done = 0
        for coverage_request in queryset.select_related("organization", "country"):
            try:
                coverage_request_decide(
                    coverage_request=coverage_request, actor=request.user, approve=approve
                )
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request,
                    f"{coverage_request}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}",
                    messages.ERROR,
                )
        return done

    @admin.action(description=_("Approve the selected requests (adds the coverage)"))
    def approve(self, request, queryset):
        done = self.decide(request, queryset, approve=True)
        self.message_user(
            request,
            ngettext("%(count)d request approved.", "%(count)d requests approved.", done)
            % {"count": done},
        )

    @admin.action(description=_("Decline the selected requests"))
    def decline(self, request, queryset):
        done = self.decide(request, queryset, approve=False)
        self.message_user(
            request,
            ngettext("%(count)d request declined.", "%(count)d requests declined.", done)
            % {"count": done},
        )


from plans import review_admin  # noqa: E402, F401 - the NAP quality review (decision 91)
