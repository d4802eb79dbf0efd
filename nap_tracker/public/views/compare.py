"""Country compare: 2–5 countries' latest validated scores side by side.

``/compare/?c=NOR&c=SWE``. Each country's latest validated assessment (validated only,
whoever asks) is turned into scorecard rows by ``indicators.scorecard.build``; scores are
the stored snapshot. Notes say where two assessments are not strictly comparable: another
methodology version, or an indicator whose values are local only in one country (local
values are not scored in method 1.0).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from indicators import scorecard
from indicators.models import Assessment, Indicator, IndicatorValue
from nap_tracker.public import charts
from plans.models import Country

MIN_COUNTRIES = 2
MAX_COUNTRIES = 5


@dataclass
class Column:
    """One compared country: its latest validated assessment and scorecard, if any."""

    country: Country
    assessment: Assessment | None = None
    card: scorecard.Scorecard | None = None
    local_only: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return self.country.name

    @property
    def methodology(self) -> str | None:
        return self.card.methodology if self.card else None


def chosen_codes(values: list[str]) -> tuple[list[str], list[str]]:
    """The codes as typed, cleaned (trimmed, upper case, empty ones dropped), in order,
    and the ones given more than once."""
    codes, duplicates = [], []
    for value in values:
        code = value.strip().upper()
        if not code:
            continue
        if code in codes:
            if code not in duplicates:
                duplicates.append(code)
            continue
        codes.append(code)
    return codes, duplicates


class CompareView(TemplateView):
    template_name = "public/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes, duplicates = chosen_codes(self.request.GET.getlist("c"))
        all_countries = list(Country.objects.order_by("name").only("iso3", "name"))
        by_code = {c.iso3: c for c in all_countries}
        unknown = [code for code in codes if code not in by_code]
        known = [code for code in codes if code in by_code]
        problems = []
        if unknown:
            problems.append(
                _("No country has the code %(codes)s; choose it from the list.")
                % {"codes": ", ".join(unknown)}
            )
        if duplicates:
            problems.append(
                _("%(codes)s was chosen more than once; it is compared once.")
                % {"codes": ", ".join(by_code[c].name if c in by_code else c for c in duplicates)}
            )
        if codes and len(known) < MIN_COUNTRIES:
            problems.append(_("Choose at least two countries to compare."))
        if len(known) > MAX_COUNTRIES:
            problems.append(
                _("Choose at most five countries; %(count)s are chosen. Remove some to compare.")
                % {"count": len(known)}
            )
        compare = MIN_COUNTRIES <= len(known) <= MAX_COUNTRIES
        columns = build_columns([by_code[c] for c in known]) if compare else []
        slots = max(MAX_COUNTRIES, len(codes))
        context.update(
            countries=all_countries,
            selects=[
                {
                    "index": i + 1,
                    "chosen": codes[i] if i < len(codes) else "",
                    "unknown": i < len(codes) and codes[i] in unknown,
                }
                for i in range(slots)
            ],
            problems=problems,
            compared=compare,
            columns=columns,
            assessed=[c for c in columns if c.card],
            rows=comparison_rows(columns),
            notes=comparability_notes(columns),
            has_sample=any(c.assessment and c.assessment.is_sample for c in columns),
            chart=cluster_chart(columns),
        )
        return context


def build_columns(countries: list[Country]) -> list[Column]:
    """Each country's latest validated assessment, scored rows, and local-only indicators.

    Three queries whatever the number of countries: indicators, assessments, value levels.
    """
    indicators = list(Indicator.objects.ordered())
    assessments = {
        a.country_id: a
        for a in Assessment.objects.published()
        .filter(country__in=[c.iso3 for c in countries])
        .latest_per_country()
        .select_related("organization", "plan", "score__methodology")
    }
    levels: dict[tuple[int, str], set[str]] = {}
    for assessment_id, code, level in (
        IndicatorValue.objects.filter(assessment__in=[a.pk for a in assessments.values()])
        .exclude(not_applicable=True)
        .values_list("assessment_id", "indicator__code", "level")
        .distinct()
    ):
        levels.setdefault((assessment_id, code), set()).add(level)
    columns = []
    for country in countries:
        assessment = assessments.get(country.iso3)
        if assessment is None:
            columns.append(Column(country))
            continue
        assessment.country = country
        stored = getattr(assessment, "score", None)
        card = scorecard.build(indicators, stored.as_dict() if stored else None)
        local_only = {
            code
            for (assessment_id, code), found in levels.items()
            if assessment_id == assessment.pk and found == {IndicatorValue.Level.LOCAL}
        }
        columns.append(Column(country, assessment, card, local_only))
    return columns


@dataclass(frozen=True)
class Row:
    """One line of the comparison: overall, a cluster or an indicator, a cell per column."""

    level: str
    key: str
    label: str
    cells: tuple
    cluster: str = ""
    title: str = ""
    wording_verified: bool = True


def comparison_rows(columns: list[Column]) -> list[Row]:
    """Overall, then each cluster followed by its indicators; a cell is a Score or None."""
    template = next((c.card for c in columns if c.card), None)
    if template is None:
        return []
    rows = [
        Row(
            "overall",
            "overall",
            str(_("Overall")),
            tuple(c.card.overall if c.card else None for c in columns),
        )
    ]
    for cluster in template.clusters:
        rows.append(
            Row(
                "cluster",
                cluster.key,
                cluster.label,
                tuple(c.card.cluster(cluster.key).score if c.card else None for c in columns),
            )
        )
        for indicator in cluster.indicators:
            rows.append(
                Row(
                    "indicator",
                    indicator.code,
                    indicator.short_title,
                    tuple(
                        c.card.indicator(indicator.code).score if c.card else None for c in columns
                    ),
                    cluster=cluster.key,
                    title=indicator.title,
                    wording_verified=indicator.wording_verified,
                )
            )
    return rows


def cluster_chart(columns: list[Column]):
    """Grouped bars: the three clusters and the overall score, one bar per assessed country."""
    assessed = [c for c in columns if c.card]
    if not assessed:
        return None
    clusters = assessed[0].card.clusters
    categories = [cluster.label for cluster in clusters] + [str(_("Overall"))]

    def value(score: scorecard.Score):
        return score.value if score.is_scored else None

    return charts.grouped_bar_chart(
        categories,
        [
            (
                c.country.name,
                [value(c.card.cluster(cl.key).score) for cl in clusters] + [value(c.card.overall)],
            )
            for c in assessed
        ],
        title=_("Cluster and overall scores of each country's latest validated assessment (0–100)"),
        category_heading=_("Cluster"),
        missing=_("no score"),
    )


def comparability_notes(columns: list[Column]) -> list[str]:
    """Where the compared assessments are not strictly comparable, in words."""
    assessed = [c for c in columns if c.card]
    notes = []
    versions = {c.methodology for c in assessed}
    if len(versions) > 1:
        each = "; ".join(
            str(
                _("%(country)s: method %(version)s")
                % {"country": c.country.name, "version": c.methodology or _("not scored yet")}
            )
            for c in assessed
        )
        notes.append(
            _(
                "These assessments were scored with different methodology versions, so their "
                "scores are not strictly comparable (%(each)s)."
            )
            % {"each": each}
        )
    codes = sorted({code for c in assessed for code in c.local_only}) if len(assessed) > 1 else []
    for code in codes:
        local = [c.country.name for c in assessed if code in c.local_only]
        if len(local) == len(assessed):
            continue  # local only everywhere: no national score stands beside a local one
        notes.append(
            _(
                "%(code)s: %(countries)s reported only local values, which method 1.0 does not "
                "score, so %(code)s is not strictly comparable with the national values of the "
                "others."
            )
            % {"code": code, "countries": ", ".join(local)}
        )
    years = {c.assessment.year for c in assessed}
    if len(years) > 1:
        each = "; ".join(
            str(_("%(country)s: %(year)s") % {"country": c.country.name, "year": c.assessment.year})
            for c in assessed
        )
        notes.append(
            _("The latest validated assessments are of different years (%(each)s).")
            % {"each": each}
        )
    return notes
