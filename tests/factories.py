"""factory_boy factories for the models of every app."""

from datetime import timedelta

import factory
from django.utils import timezone

from indicators.models import Assessment, Indicator, IndicatorValue, Methodology, ReplyPeriod
from indicators.worked_example import WORKED_EXAMPLE
from organizations.models import Membership, Organization, User
from plans.models import Country, Coverage, NationalActionPlan

PASSWORD = "a-test-password-123"  # noqa: S105 - tests only


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.EDITOR


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    organization = factory.SubFactory(OrganizationFactory)
    country = factory.LazyFunction(lambda: Country.objects.get(iso3="NOR"))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalActionPlan

    country = factory.LazyFunction(lambda: Country.objects.get(iso3="NOR"))
    generation = factory.Sequence(lambda n: n + 1)
    adopted_year = 2015
    period_start = 2015
    period_end = 2019
    source_url = "https://example.org/plan"


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    country = factory.LazyFunction(lambda: Country.objects.get(iso3="NOR"))
    organization = factory.SubFactory(OrganizationFactory)
    year = factory.Sequence(lambda n: 2000 + n % 100)
    status = Assessment.Status.VALIDATED
    validated_at = factory.LazyFunction(timezone.now)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    assessment = factory.SubFactory(AssessmentFactory)
    indicator = factory.LazyFunction(lambda: Indicator.objects.get(code="WC04"))
    component = "peacekeepers"
    inputs = factory.LazyFunction(lambda: {"women": 14, "men": 86})


def current_methodology() -> Methodology:
    return Methodology.objects.current()


def add_values(assessment: Assessment, indicators: dict) -> list[IndicatorValue]:
    """Store national-level values shaped like the API's ``indicators`` object."""
    by_code = {i.code: i for i in Indicator.objects.all()}
    rows = []
    for code, entry in indicators.items():
        if entry.get("not_applicable"):
            rows.append(
                IndicatorValue(
                    assessment=assessment,
                    indicator=by_code[code],
                    not_applicable=True,
                    not_applicable_reason=entry["reason"],
                )
            )
            continue
        for key, inputs in entry["components"].items():
            rows.append(
                IndicatorValue(
                    assessment=assessment,
                    indicator=by_code[code],
                    component=key,
                    inputs=inputs,
                    source_url="https://example.org/evidence",
                    source_page="p. 12",
                    source_quote=f"Quoted evidence for {code} {key}.",
                )
            )
    return IndicatorValue.objects.bulk_create(rows)


def scored_assessment(indicators: dict | None = None, **kwargs) -> Assessment:
    """An assessment with the worked example's values (or ``indicators``), scored."""
    from indicators.services import assessment_rescore

    assessment = AssessmentFactory(**kwargs)
    add_values(assessment, WORKED_EXAMPLE["indicators"] if indicators is None else indicators)
    assessment_rescore(assessment=assessment)
    return assessment


class ReplyPeriodFactory(factory.django.DjangoModelFactory):
    """A right-of-reply period open for a week from now."""

    class Meta:
        model = ReplyPeriod

    assessment = factory.SubFactory(AssessmentFactory)
    opened_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyFunction(lambda: timezone.now().date() + timedelta(days=7))
