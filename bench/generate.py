"""Full-scale data for the benchmark: every UN member state, plans, 15 years of assessments.

At ``scale=1``: the 193 UN member states, each with up to five plan generations (its sourced
plans, else invented ones), covered by one to five sample organizations that each assess it
every year 2010–2024: about 8,700 assessments and 160,000 component values. The values are
``seed_demo``'s invented value builder (``sample_values``) plus a few local-level rows; rows
are written with ``bulk_create`` for speed, and every score is the real one, written by the
rescore service (``indicators.services.assessments_rescore``, what ``manage.py rescore``
runs). ``scale`` takes that share of the countries (at least two). Everything is
``is_sample``. Deterministic: the same scale gives the same rows.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from indicators.management.commands.seed_demo import sample_values
from indicators.models import Assessment, Indicator, IndicatorValue
from organizations.models import Organization
from plans.models import Country, Coverage, NationalActionPlan

YEARS = range(2010, 2025)
ORGANIZATIONS = 40
MAX_GENERATIONS = 5
LOCALITIES = ["North district", "South district", "East district", "Capital district"]


def countries_for(scale: float) -> list[Country]:
    members = list(Country.objects.filter(un_member=True).order_by("iso3"))
    count = max(2, round(len(members) * scale))
    step = len(members) / count
    return [members[int(i * step)] for i in range(count)]


def make_organizations() -> list[Organization]:
    kinds = [choice for choice, _label in Organization.Kind.choices]
    return Organization.objects.bulk_create(
        Organization(
            slug=f"bench-org-{n:02d}",
            name=f"Benchmark Organization {n:02d}",
            acronym=f"BO{n:02d}",
            kind=kinds[n % len(kinds)],
            is_sample=True,
        )
        for n in range(1, ORGANIZATIONS + 1)
    )


def make_plans(countries: list[Country]) -> dict[str, list[NationalActionPlan]]:
    """Each country's published plans; countries without sourced ones get 0–5 invented."""
    plans: dict[str, list[NationalActionPlan]] = {}
    for plan in NationalActionPlan.objects.filter(country__in=countries).order_by("period_start"):
        plans.setdefault(plan.country_id, []).append(plan)
    invented = []
    for country in countries:
        if country.iso3 in plans:
            continue
        rng = random.Random(f"plans-{country.iso3}")
        generations = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5])
        first = rng.randint(2005, 2012)
        for generation in range(1, generations + 1):
            start = first + 4 * (generation - 1)
            invented.append(
                NationalActionPlan(
                    country=country,
                    generation=generation,
                    title=f"Sample national action plan {generation} of {country.name}",
                    adopted_year=start,
                    period_start=start,
                    period_end=start + 3,
                    status=NationalActionPlan.Status.SUPERSEDED
                    if generation < generations
                    else NationalActionPlan.Status.IN_FORCE,
                    source_url="https://example.org/sample-plan",
                    is_sample=True,
                )
            )
    for plan in NationalActionPlan.objects.bulk_create(invented):
        plans.setdefault(plan.country_id, []).append(plan)
    previous = {}
    lineage = []
    for plan in sorted(invented, key=lambda p: (p.country_id, p.generation)):
        if plan.country_id in previous:
            plan.supersedes = previous[plan.country_id]
            lineage.append(plan)
        previous[plan.country_id] = plan
    NationalActionPlan.objects.bulk_update(lineage, ["supersedes"])
    return plans


def in_force(plans: list[NationalActionPlan], year: int) -> NationalActionPlan | None:
    """As ``NationalActionPlan.objects.in_force``: the latest started plan covering ``year``."""
    covering = [
        p
        for p in plans
        if p.is_published
        and p.period_start is not None
        and p.period_start <= year
        and (p.period_end is None or p.period_end >= year)
    ]
    return max(covering, key=lambda p: p.period_start, default=None)


def value_rows(assessment: Assessment, indicators: dict[str, Indicator], rng) -> list:
    rows = [
        IndicatorValue(assessment=assessment, indicator=indicators[code], **data.model_fields())
        for code, entries in sample_values(assessment).items()
        for data in entries
    ]
    # seed_demo has one local row (WC01, "Sample district"); some reports give a few more.
    for locality in rng.sample(LOCALITIES, rng.choice([0, 0, 1, 1, 2, 3, 4])):
        women = rng.randint(5, 40)
        rows.append(
            IndicatorValue(
                assessment=assessment,
                indicator=indicators["WC01"],
                component="local_government",
                level=IndicatorValue.Level.LOCAL,
                locality=locality,
                inputs={"women": women, "men": rng.randint(20, 80)},
                data_year=assessment.year,
                notes="Invented sample value.",
            )
        )
    return rows


def statuses(rng) -> list[str]:
    """Validated, except the newest year of some reports (draft, submitted or returned)."""
    status = Assessment.Status
    latest = rng.choice([status.VALIDATED] * 6 + [status.DRAFT, status.SUBMITTED, status.RETURNED])
    return [status.VALIDATED] * (len(YEARS) - 1) + [latest]


@transaction.atomic
def generate(scale: float = 1.0) -> dict[str, int]:
    """Write the benchmark's rows (unscored) and answer how many of each."""
    countries = countries_for(scale)
    organizations = make_organizations()
    plans = make_plans(countries)
    indicators = {i.code: i for i in Indicator.objects.all()}
    coverages, assessments = [], []
    for country in countries:
        rng = random.Random(f"assess-{country.iso3}")
        for org in rng.sample(organizations, rng.randint(1, 5)):
            coverages.append(Coverage(organization=org, country=country))
            for year, status in zip(YEARS, statuses(rng), strict=True):
                validated = status == Assessment.Status.VALIDATED
                assessments.append(
                    Assessment(
                        country=country,
                        organization=org,
                        year=year,
                        plan=in_force(plans.get(country.iso3, []), year),
                        status=status,
                        return_reason="Sample return." if status == "returned" else "",
                        validated_at=timezone.make_aware(
                            datetime.datetime(year + 1, 3, 1) + datetime.timedelta(hours=org.pk)
                        )
                        if validated
                        else None,
                        summary="Benchmark assessment: invented sample values.",
                        is_sample=True,
                    )
                )
    Coverage.objects.bulk_create(coverages)
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    values = 0
    batch: list[IndicatorValue] = []
    for assessment in assessments:
        rng = random.Random(
            f"values-{assessment.country_id}-{assessment.organization_id}-{assessment.year}"
        )
        batch += value_rows(assessment, indicators, rng)
        if len(batch) >= 10000:
            values += len(IndicatorValue.objects.bulk_create(batch))
            batch = []
    values += len(IndicatorValue.objects.bulk_create(batch))
    return {
        "countries": len(countries),
        "plans": sum(len(p) for p in plans.values()),
        "organizations": len(organizations),
        "assessments": len(assessments),
        "values": values,
    }
