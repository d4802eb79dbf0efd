"""Admin for countries, coverage, plans and plan documents."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from plans.filters import M49_REGIONS
from plans.models import Country, Coverage, NationalActionPlan, PlanDocument, WPSIndexEntry
from plans.regions import m49_label


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


class CoverageInline(admin.TabularInline):
    model = Coverage
    extra = 0
    autocomplete_fields = ["organization", "country"]


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
    ]
    list_filter = [m49_region_filter("region"), "un_member", "un_observer"]
    search_fields = ["iso3", "iso2", "name", "official_name"]
    ordering = ["name"]
    inlines = [CoverageInline]

    def get_readonly_fields(self, request, obj=None):
        # The ISO code is the public key in URLs and the API: fixed once created.
        return ["iso3"] if obj else []


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    list_display = ["organization", "country", "created_at"]
    list_filter = ["organization", m49_region_filter("country__region")]
    search_fields = ["organization__name", "country__name", "country__iso3"]
    list_select_related = ["organization", "country"]
    autocomplete_fields = ["organization", "country"]


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
    list_select_related = ["country"]
    autocomplete_fields = ["country", "supersedes"]
    inlines = [PlanDocumentInline]
    fieldsets = [
        (None, {"fields": ["country", "generation", "supersedes", "title", "original_title"]}),
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
