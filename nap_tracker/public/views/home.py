"""The home page: what is on record, a world map of the latest bands, the latest scorecards."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from indicators.filters import countries_queryset
from indicators.models import Assessment, Band, Indicator
from nap_tracker.public import worldmap
from plans.models import NationalActionPlan

# Fills of the map classes (SVG presentation attributes, so no inline style is needed).
# Band colours are site.css's --high … --very-low; the two "nothing to show" classes are
# patterns defined in the map's <defs>, so they differ from the bands by more than colour.
FILLS = {
    "high": "#1b6b3a",
    "moderate": "#7a6a00",
    "low": "#a85000",
    "very_low": "#b3261e",
    worldmap.NO_OVERALL: "url(#map-cross)",
    worldmap.NO_ASSESSMENT: "url(#map-hatch)",
    worldmap.NO_PLAN: "url(#map-dots)",
}
LEGEND_LABELS = {
    **dict(Band.choices),
    worldmap.NO_OVERALL: gettext_lazy("Validated assessment without an overall score"),
    worldmap.NO_ASSESSMENT: gettext_lazy("Sourced plan on record, no validated assessment yet"),
    worldmap.NO_PLAN: gettext_lazy("No sourced plan on record"),
}


@dataclass(frozen=True)
class MapArea:
    country: object  # an annotated Country
    d: str
    css: str
    fill: str
    title: str


def map_title(country, css: str) -> str:
    """The words a country's shape carries: name and what is on record."""
    if css in worldmap.BANDS:
        return _("%(name)s: overall score %(score)s (%(band)s band), %(year)s") % {
            "name": country.name,
            "score": number_format(country.latest_overall, 1),
            "band": Band(css).label.lower(),
            "year": country.latest_year,
        }
    if css == worldmap.NO_OVERALL:
        return _("%(name)s: validated assessment of %(year)s without an overall score") % {
            "name": country.name,
            "year": country.latest_year,
        }
    if css == worldmap.NO_ASSESSMENT:
        return _("%(name)s: sourced plan on record, no validated assessment yet") % {
            "name": country.name
        }
    return _("%(name)s: no sourced plan on record") % {"name": country.name}


def map_class_of(country) -> str:
    band = country.latest_band if country.latest_overall is not None else None
    return worldmap.map_class(
        has_plan=country.has_plan,
        has_assessment=country.latest_assessment_id is not None,
        band=band,
    )


class HomeView(TemplateView):
    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = list(countries_queryset())
        classes = {country.iso3: map_class_of(country) for country in countries}
        world = worldmap.world_map()
        shapes = world.by_m49()
        areas, on_map = [], set()
        for country in countries:
            shape = shapes.get(country.m49)
            if shape is None:
                continue
            css = classes[country.iso3]
            on_map.add(shape.m49)
            areas.append(MapArea(country, shape.d, css, FILLS[css], map_title(country, css)))
        # Shapes the atlas draws without a code of ours (e.g. Kosovo): grey, no link.
        unlinked = [s for s in world.shapes if s.m49 not in on_map]
        counts = {css: 0 for css in FILLS}
        for css in classes.values():
            counts[css] += 1
        legend = [
            {"css": css, "fill": FILLS[css], "label": LEGEND_LABELS[css], "count": counts[css]}
            for css in FILLS
            if counts[css] or css not in (worldmap.NO_OVERALL,)
        ]
        latest = list(
            Assessment.objects.published().for_list().order_by("-year", "country__name")[:10]
        )
        with_plan = [c for c in countries if c.has_plan]
        assessed = [c for c in countries if c.latest_assessment_id is not None]
        context.update(
            country_count=len(countries),
            countries_with_plan=len(with_plan),
            countries_assessed=len(assessed),
            plan_count=NationalActionPlan.objects.published().count(),
            indicator_count=Indicator.objects.count(),
            latest_assessments=latest,
            has_sample=any(a.is_sample for a in latest),
            world=world,
            map_areas=areas,
            map_unlinked=unlinked,
            map_legend=legend,
            map_table=[c for c in countries if c.has_plan or c.latest_assessment_id is not None],
            map_table_has_sample=any(c.latest_is_sample for c in assessed),
            off_map_count=len(countries) - len(areas),
        )
        return context
