"""Create clearly labelled sample organizations, users and assessments for local use.

Every row this command creates carries ``is_sample=True`` (organizations, assessments)
so that pages and the API can say it is demo data. Reference data (countries, sourced
plans, indicators) is never touched. Running it twice changes nothing.
"""

import random
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from indicators import scoring
from indicators.models import Assessment, IndicatorValue, Release, ReplyPeriod
from indicators.published_data import today as utc_today
from indicators.services import (
    ValueData,
    assessment_create,
    assessment_publication_set,
    assessment_rescore,
    assessment_return,
    assessment_submit,
    assessment_validate,
    assessment_validate_with_reply,
    assessment_values_save,
    plan_review_validate_with_reply,
    release_cut,
    reply_period_close,
    reply_save,
)
from organizations.models import Membership, Organization, User
from plans.models import Country, Coverage
from plans.services import coverage_anonymity_set

SAMPLE_RELEASE = "2026.1"  # the sample dataset release seed_demo cuts once
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for local use; refused without DEBUG
YEARS = (2019, 2020, 2021, 2022)
ORGANIZATIONS = [
    {
        "slug": "demo-wps-coalition",
        "name": "Demo Women, Peace and Security Coalition",
        "acronym": "DWPSC",
        "kind": Organization.Kind.NETWORK,
        "base_country_iso3": "NLD",
        "countries": ["DNK", "NLD", "GBR", "AUS", "IDN"],
    },
    {
        "slug": "demo-peacebuilders-africa",
        "name": "Demo Women Peacebuilders Africa",
        "acronym": "DWPA",
        "kind": Organization.Kind.CIVIL_SOCIETY,
        "base_country_iso3": "UGA",
        "countries": ["UGA", "COD", "NGA", "LBR", "NPL"],
    },
    {
        "slug": "demo-research-institute",
        "name": "Demo Gender and Security Research Institute",
        "acronym": "DGSRI",
        "kind": Organization.Kind.RESEARCH,
        "base_country_iso3": "",
        "countries": [],
    },
]
USERS = [
    # username, organization slug, role, staff/superuser
    ("demo-editor", "demo-wps-coalition", Membership.Role.EDITOR, False),
    ("demo-reviewer", "demo-wps-coalition", Membership.Role.REVIEWER, False),
    ("demo-editor-africa", "demo-peacebuilders-africa", Membership.Role.EDITOR, False),
    ("demo-admin", None, None, True),
]
# The right of reply (decisions 96–100): a government respondent of the Netherlands for the
# coalition, and three Dutch years that show each state of a reply period.
RESPONDENT = ("gov-demo", "demo-wps-coalition", "NLD")
REPLY_YEARS = {2023: "open", 2018: "replied", 2017: "no_reply"}
SAMPLE_REPLIES = {
    "overall": "Sample reply invented by seed_demo: the government welcomes the scorecard and "
    "notes that the 2018 budget law raised the plan's funding.",
    "WC04": "Sample reply invented by seed_demo: two more police units with women officers "
    "were deployed in the second half of the year.",
}

# Status of the newest year, per organization country by country, so that every step of
# the workflow has an example: the demo reviewer finds submissions waiting in /review/.
LATEST_YEAR_STATUS = {
    "demo-wps-coalition": [
        Assessment.Status.DRAFT,
        Assessment.Status.SUBMITTED,
        Assessment.Status.RETURNED,
    ],
    "demo-peacebuilders-africa": [Assessment.Status.SUBMITTED],
}
# Assessor safety samples: (organization, country) publishing anonymously; a validated
# assessment (organization, country, year) under embargo for EMBARGO_DAYS from seeding.
ANONYMOUS_COVERAGE = ("demo-peacebuilders-africa", "COD")
EMBARGOED = ("demo-peacebuilders-africa", "UGA", YEARS[-2])
EMBARGO_DAYS = 90


class Command(BaseCommand):
    help = "Create sample organizations, demo users and sample assessments (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (demo users have a published password).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "seed_demo creates users with a published password; run it with DEBUG=true "
                "or pass --allow-production."
            )
        with transaction.atomic():
            organizations = self.seed_organizations()
            users = self.seed_users(organizations)
            created, scored = self.seed_assessments(organizations, users)
            created += self.seed_replies(organizations, users)
            safety = self.seed_assessor_safety(organizations, users)
            reviews = seed_plan_reviews(organizations, users)
            # Last: the sample release freezes all the sample data above.
            release = self.seed_release(users["demo-admin"])
        for line in safety:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sample data: {len(organizations)} organizations, {created} new assessments, "
                f"{scored} newly scored, {reviews} new plan reviews."
            )
        )
        self.stdout.write(f"Sample dataset release {release.version}: /releases/{release.version}/")
        self.stdout.write("Demo logins (local use only), password for all: " + DEMO_PASSWORD)
        for username, org_slug, role, is_admin in USERS:
            what = "site admin" if is_admin else f"{role} of {organizations[org_slug].name}"
            self.stdout.write(f"  {username:<20} {what}")
        username, org_slug, iso3 = RESPONDENT
        self.stdout.write(
            f"  {username:<20} government respondent ({iso3}) of {organizations[org_slug].name}"
        )

    def seed_release(self, admin: User) -> Release:
        """The sample release, cut once at the end of the demo data (never again: frozen)."""
        release = Release.objects.filter(version=SAMPLE_RELEASE).first()
        if release is None:
            release = release_cut(
                version=SAMPLE_RELEASE,
                title="SAMPLE release of the demonstration data",
                notes="SAMPLE: cut by seed_demo from the demonstration data to show how "
                "dataset releases work. Not a real release: do not cite it.",
                actor=admin,
                is_sample=True,
            )
        return release

    def seed_organizations(self) -> dict[str, Organization]:
        organizations = {}
        for spec in ORGANIZATIONS:
            spec = dict(spec)
            countries = spec.pop("countries")
            org, _ = Organization.objects.get_or_create(
                slug=spec["slug"], defaults={**spec, "is_sample": True}
            )
            for iso3 in countries:
                Coverage.objects.get_or_create(organization=org, country_id=iso3)
            organizations[org.slug] = org
        return organizations

    def seed_users(self, organizations) -> dict[str, User]:
        users = {}
        for username, org_slug, role, is_admin in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    email=f"{username}@example.org",
                    first_name=username.replace("demo-", "Demo ").replace("-", " ").title(),
                    is_staff=is_admin,
                    is_superuser=is_admin,
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
            if org_slug:
                Membership.objects.get_or_create(
                    user=user, organization=organizations[org_slug], defaults={"role": role}
                )
            users[username] = user
        return users

    def seed_replies(self, organizations, users) -> int:
        """The respondent, and one Dutch assessment open for reply, one published with the
        government's reply, one published with "no reply received"."""
        username, org_slug, iso3 = RESPONDENT
        org = organizations[org_slug]
        respondent = User.objects.filter(username=username).first()
        if respondent is None:
            respondent = User(
                username=username,
                email=f"{username}@example.org",
                first_name="Demo Government Respondent",
            )
            respondent.set_password(DEMO_PASSWORD)
            respondent.save()
        Membership.objects.get_or_create(
            user=respondent,
            organization=org,
            defaults={"role": Membership.Role.GOVERNMENT_RESPONDENT, "country_id": iso3},
        )
        editor = member_with_role(users, org_slug, Membership.Role.EDITOR)
        reviewer = member_with_role(users, org_slug, Membership.Role.REVIEWER)
        country = Country.objects.get(iso3=iso3)
        created = 0
        for year, outcome in REPLY_YEARS.items():
            if Assessment.objects.filter(country=country, year=year, organization=org).exists():
                continue
            assessment = seed_one(org, country, year, Assessment.Status.SUBMITTED, editor, reviewer)
            days = 30 if outcome == "open" else 1
            period = assessment_validate_with_reply(
                assessment=assessment, actor=reviewer, deadline=utc_today() + timedelta(days=days)
            )
            if outcome == "replied":
                reply_save(period=period, actor=respondent, replies=SAMPLE_REPLIES)
                reply_period_close(period=period, actor=reviewer)
            elif outcome == "no_reply":
                # Sample data only: stands for the weeks that passed without a reply.
                ReplyPeriod.objects.filter(pk=period.pk).update(
                    deadline=utc_today() - timedelta(days=10)
                )
            created += 1
        return created

    def seed_assessments(self, organizations, users) -> tuple[int, int]:
        """Sample assessments walked through the workflow by the demo users, via the services."""
        created = scored = 0
        for org in organizations.values():
            editor = member_with_role(users, org.slug, Membership.Role.EDITOR)
            reviewer = member_with_role(users, org.slug, Membership.Role.REVIEWER)
            reviewer = reviewer or users["demo-admin"]
            latest = LATEST_YEAR_STATUS.get(org.slug, [Assessment.Status.VALIDATED])
            countries = Country.objects.filter(coverages__organization=org).order_by("iso3")
            for number, country in enumerate(countries):
                for year in YEARS:
                    assessment = Assessment.objects.filter(
                        country=country, year=year, organization=org
                    ).first()
                    if assessment is None:
                        status = Assessment.Status.VALIDATED
                        if year == YEARS[-1]:
                            status = latest[number % len(latest)]
                        assessment = seed_one(org, country, year, status, editor, reviewer)
                        created += 1
                    elif not hasattr(assessment, "score"):
                        assessment_rescore(assessment=assessment)
                        scored += 1
        return created, scored

    def seed_assessor_safety(self, organizations, users) -> list[str]:
        """Assessor safety, shown on sample data: one country whose coverage publishes
        anonymously (its assessments and plan reviews), and one validated assessment under
        embargo (decisions 101–105, 111)."""
        from plans.review_models import PlanReview

        admin = users["demo-admin"]
        org = organizations[ANONYMOUS_COVERAGE[0]]
        lines = []
        coverage = Coverage.objects.filter(organization=org, country_id=ANONYMOUS_COVERAGE[1])
        coverage = coverage.first()
        if coverage is not None:
            # Also when a plan review seeded before decision 111 still names the organization.
            named_reviews = PlanReview.objects.filter(
                organization=org, plan__country_id=coverage.country_id, publish_anonymously=False
            )
            if not coverage.publish_anonymously or named_reviews.exists():
                coverage_anonymity_set(coverage=coverage, actor=admin, publish_anonymously=True)
            lines.append(
                f"Sample: {org.name}'s assessments of {coverage.country.name} publish as "
                "“A civil-society organization”."
            )
        slug, iso3, year = EMBARGOED
        embargoed = Assessment.objects.filter(
            organization__slug=slug, country_id=iso3, year=year, status=Assessment.Status.VALIDATED
        ).first()
        if embargoed is not None:
            if embargoed.embargo_until is None:
                embargoed = assessment_publication_set(
                    assessment=embargoed,
                    actor=admin,
                    publish_anonymously=embargoed.publish_anonymously,
                    embargo_until=datetime.now(UTC).date() + timedelta(days=EMBARGO_DAYS),
                )
            lines.append(
                f"Sample: the validated {iso3} {year} assessment of {slug} is under embargo "
                f"until {embargoed.embargo_until.isoformat()} (not public before that day)."
            )
        return lines


def seed_one(org, country, year: int, status: str, editor: User, reviewer: User) -> Assessment:
    """Create, fill and, as ``status`` asks, submit and validate one sample assessment."""
    assessment = assessment_create(
        actor=editor,
        organization=org,
        country=country,
        year=year,
        summary="Sample assessment generated by seed_demo: invented values.",
        is_sample=True,
    )
    assessment = assessment_values_save(
        assessment=assessment,
        values=sample_values(assessment),
        actor=editor,
        expected_version=assessment.version,
    )
    if status != Assessment.Status.DRAFT:
        # Sample values may trip a consistency warning; the demo editor has "checked" them.
        assessment = assessment_submit(assessment=assessment, actor=editor, confirm_warnings=True)
    if status == Assessment.Status.VALIDATED:
        assessment = assessment_validate(assessment=assessment, actor=reviewer)
    if status == Assessment.Status.RETURNED:
        assessment = assessment_return(
            assessment=assessment,
            actor=reviewer,
            reason="Sample return: please cite the page of the budget document for WC11.",
        )
    return assessment


def member_with_role(users: dict[str, User], org_slug: str, role: str) -> User | None:
    for username, slug, user_role, _admin in USERS:
        if slug == org_slug and user_role == role:
            return users[username]
    return None


def sample_values(assessment: Assessment) -> dict[str, list[ValueData]]:
    """Plausible invented values: a country-specific level plus a small yearly improvement."""
    rng = random.Random(f"{assessment.country_id}-{assessment.year}")
    level = random.Random(assessment.country_id).uniform(0.25, 0.8)
    trend = (assessment.year - YEARS[0]) * 0.02

    def share(total: int) -> dict:
        women = round(total * min(0.6, max(0.02, level * 0.5 + trend + rng.uniform(-0.08, 0.08))))
        return {"women": women, "men": total - women}

    def ratio(denominator: int, factor: float = 1.0) -> dict:
        numerator = round(denominator * min(1, max(0, level * factor + rng.uniform(-0.1, 0.1))))
        return {"numerator": numerator, "denominator": denominator}

    reported = rng.randint(150, 900)
    investigated = round(reported * rng.uniform(0.3, 0.8))
    prosecuted = round(investigated * rng.uniform(0.2, 0.6))
    allocated = rng.choice([0, 250_000, 500_000, 1_000_000, 2_000_000])
    disbursed = round(allocated * min(1.0, level + rng.uniform(-0.2, 0.2)))
    answers = ["yes", "yes", "yes", "no", "na"]
    components = {
        "WC01": {
            "cabinet": share(rng.randint(18, 30)),
            "parliament": share(rng.randint(100, 400)),
            "local_government": share(rng.randint(1000, 8000)),
        },
        "WC03": {
            "military": share(rng.randint(5000, 40000)),
            "police": share(rng.randint(5000, 40000)),
            "judiciary": share(rng.randint(200, 2000)),
        },
        "WC04": {"peacekeepers": share(rng.randint(20, 800))},
        "WC05": {"task_force_seats": ratio(rng.randint(8, 20), 0.6)},
        "WC06": {
            "laws_and_policies": {
                "items": {item: rng.choice(answers) for item in scoring.WC06_ITEMS}
            }
        },
        "WC07": {
            "military_training": ratio(rng.randint(10, 40)),
            "police_training": ratio(rng.randint(10, 40)),
        },
        "WC09": {
            "sgbv_cases": {
                "reported": reported,
                "investigated": investigated,
                "prosecuted": prosecuted,
                "penalised": round(prosecuted * rng.uniform(0.3, 0.8)),
            }
        },
        "WC10": {"dissemination": {"level": min(4, max(0, round(level * 4 + rng.uniform(-1, 1))))}},
        "WC11": {
            "funding": {
                "allocated": allocated,
                "disbursed": disbursed,
                "to_civil_society": round(disbursed * 0.2),
                "currency": "USD",
            }
        },
    }
    not_applicable = {
        "WC02": "Sample: no formal peace process in the reporting year.",
        "WC08": "Sample: no transitional justice process.",
    }
    # Some countries do have these processes in the sample: rate them instead.
    if level > 0.6:
        components["WC02"] = {"negotiating_teams": share(rng.randint(6, 20))}
        not_applicable.pop("WC02")
    if assessment.country.region == "Africa":
        components["WC08"] = {"transitional_justice": {"level": rng.randint(1, 3)}}
        not_applicable.pop("WC08")

    evidence = {
        "data_year": assessment.year,
        "source_url": "https://example.org/sample-evidence",
        "source_page": "Sample data",
        "notes": "Invented sample value.",
    }
    values: dict[str, list[ValueData]] = {
        code: [ValueData(component=key, inputs=inputs, **evidence) for key, inputs in comps.items()]
        for code, comps in components.items()
    }
    for code, reason in not_applicable.items():
        values[code] = [ValueData(not_applicable=True, not_applicable_reason=reason)]
    # One local-level value shows that local data is stored and displayed but not scored.
    values["WC01"].append(
        ValueData(
            component="local_government",
            level=IndicatorValue.Level.LOCAL,
            locality="Sample district",
            inputs=share(rng.randint(20, 60)),
            data_year=assessment.year,
            notes="Invented sample value.",
        )
    )
    return values


def seed_plan_reviews(organizations, users) -> int:
    """Sample NAP quality reviews (issue 10 part 1), through the plan-review services.

    The coalition reviews the two latest plans of its first country with two generations
    (both validated, so plan-compare shows a move) and submits one of another country (for
    the demo reviewer's queue); the Africa network has one validated review. The coalition
    also reviews the latest Dutch plan with a right of reply that gov-demo answered (decision
    112). Idempotent.
    """
    from plans.models import NationalActionPlan
    from plans.review_models import PlanReview, QualityCriterion
    from plans.review_services import (
        RatingData,
        plan_review_create,
        plan_review_ratings_save,
        plan_review_submit,
        plan_review_validate,
    )

    codes = list(
        QualityCriterion.objects.filter(framework__is_current=True)
        .order_by("order")
        .values_list("code", flat=True)
    )
    older, newer = (1, 1, 0, 1, 2, 1, 0), (2, 1, 1, 2, 2, 2, 1)

    def one(org, plan, values, status, reviewer, respondent=None) -> int:
        editor = member_with_role(users, org.slug, Membership.Role.EDITOR)
        if PlanReview.objects.filter(plan=plan, organization=org).exists():
            return 0
        review = plan_review_create(
            actor=editor,
            plan=plan,
            organization=org,
            summary="Sample plan review generated by seed_demo: invented ratings.",
            is_sample=True,
        )
        ratings = {
            code: RatingData(
                rating=value,
                evidence=f"Sample: p. {4 + 3 * n}, §{n + 1}",
                quote="Sample quote, invented.",
            )
            for n, (code, value) in enumerate(zip(codes, values, strict=False))
        }
        review = plan_review_ratings_save(
            review=review, actor=editor, ratings=ratings, expected_version=review.version
        )
        review = plan_review_submit(review=review, actor=editor)
        if respondent is not None:
            period = plan_review_validate_with_reply(
                review=review, actor=reviewer, deadline=utc_today() + timedelta(days=30)
            )
            replies = {
                "overall": "Sample reply invented by seed_demo: the government notes the review "
                "and will publish a costed annex with its next progress report.",
                codes[0]: "Sample reply invented by seed_demo: see the plan's annex 2.",
            }
            reply_save(period=period, actor=respondent, replies=replies)
            reply_period_close(period=period, actor=reviewer)
        elif status == PlanReview.Status.VALIDATED:
            plan_review_validate(review=review, actor=reviewer)
        return 1

    def latest_plans(org):
        for country in Country.objects.filter(coverages__organization=org).order_by("iso3"):
            plans = list(
                NationalActionPlan.objects.published()
                .filter(country=country)
                .order_by("adopted_year", "generation")
            )
            if plans:
                yield plans

    made = 0
    coalition = organizations["demo-wps-coalition"]
    reviewer = users["demo-reviewer"]
    gov_username, _org, gov_iso3 = RESPONDENT
    found = list(latest_plans(coalition))
    # The Netherlands (gov-demo's country) gets the review with a reply; the others the rest.
    dutch = next((plans for plans in found if plans[-1].country_id == gov_iso3), None)
    countries = [plans for plans in found if plans is not dutch]
    two = next((plans for plans in countries if len(plans) >= 2), None)
    if two:
        made += one(coalition, two[-2], older, PlanReview.Status.VALIDATED, reviewer)
        made += one(coalition, two[-1], newer, PlanReview.Status.VALIDATED, reviewer)
    other = next((plans for plans in countries if plans is not two), None)
    if other:
        made += one(coalition, other[-1], newer, PlanReview.Status.SUBMITTED, reviewer)
    respondent = User.objects.filter(username=gov_username).first()
    if dutch and respondent:
        made += one(coalition, dutch[-1], newer, PlanReview.Status.VALIDATED, reviewer, respondent)
    africa = organizations["demo-peacebuilders-africa"]
    first = next(iter(latest_plans(africa)), None)
    if first:
        made += one(africa, first[-1], newer, PlanReview.Status.VALIDATED, users["demo-admin"])
    return made
