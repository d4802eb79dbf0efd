"""factory_boy factories for the models of every app."""

import factory
from django.utils import timezone

from indicators.models import Assessment, Indicator, IndicatorValue, Methodology
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
