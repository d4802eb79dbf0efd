"""Assessor safety for plan reviews (decision 111): anonymity and embargo, like assessments.

The protected organization of the assessments' leak suite (tests/test_assessor_safety.py,
whose Norway coverage publishes anonymously) also has an anonymous validated review of a
Norway plan and an embargoed one. No public page, API list or detail (JSON, CSV, XLSX),
archive, schema or sitemap leaks its name, slug or people to any persona, and the embargoed
review appears nowhere until its date.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from nap_tracker import publication
from organizations.models import Membership
from plans.models import NationalActionPlan
from plans.review_models import PlanReview
from plans.review_services import plan_review_publication_set
from plans.services import coverage_anonymity_set
from tests import test_assessor_safety as safety
from tests.factories import CoverageFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.plan_review_data import ALL_TWO, MIXED, review

pytestmark = pytest.mark.django_db

# The assessments' fixture: the protected organization, its people and assessments.
protected = safety.protected

EMBARGO_SUMMARY = "EMBARGOED-REVIEW-SUMMARY-4410"


def norway_plans() -> list[NationalActionPlan]:
    plans = list(
        NationalActionPlan.objects.published()
        .filter(country_id="NOR")
        .order_by("adopted_year", "generation")
    )
    assert len(plans) >= 2  # Norway's sourced plans
    return plans


@pytest.fixture
def reviews(protected):
    """An anonymous validated review of Norway's second-latest plan (anonymous because the
    coverage is) and an embargoed validated one of its latest plan."""
    org, editor, reviewer = protected["organization"], protected["editor"], protected["reviewer"]
    older, newer = norway_plans()[-2:]
    anonymous = review(older, org, editor, values=ALL_TWO, status="validated", reviewer=reviewer)
    embargoed = review(
        newer,
        org,
        editor,
        values=MIXED,
        status="validated",
        reviewer=reviewer,
        summary=EMBARGO_SUMMARY,
    )
    embargoed = plan_review_publication_set(
        review=embargoed,
        actor=editor,
        publish_anonymously=True,
        embargo_until=safety.today() + datetime.timedelta(days=30),
    )
    return {"anonymous": anonymous, "embargoed": embargoed, "older": older, "newer": newer}


def review_urls(reviews) -> list[str]:
    older, newer = reviews["older"], reviews["newer"]
    key = reviews["anonymous"].public_key
    slug = safety.ORG_SLUG
    lists = ["/api/v1/plan-reviews/", "/api/v1/plan-reviews/?country=NOR"]
    return [
        older.get_absolute_url(),
        newer.get_absolute_url(),
        f"/countries/NOR/plans/{newer.url_key}/compare/",
        f"/countries/NOR/plans/{newer.url_key}/compare/?with={older.url_key}",
        *lists,
        *[
            f"{url}{'&' if '?' in url else '?'}format={fmt}"
            for url in lists
            for fmt in ("csv", "xlsx")
        ],
        f"/api/v1/plan-reviews/NOR/{older.url_key}/{key}/",
        f"/api/v1/plan-reviews/NOR/{older.url_key}/{slug}/",
        f"/api/v1/plan-reviews/NOR/{newer.url_key}/{reviews['embargoed'].public_key}/",
        f"/api/v1/plan-reviews/NOR/{newer.url_key}/{slug}/",
        f"/api/v1/plan-reviews/?organization={slug}",
        f"/api/v1/plan-reviews/?organization={slug}&format=csv",
        "/api/v1/download/",
        "/api/schema/",
    ]


# --- The leak suite -------------------------------------------------------------------------


def test_no_public_surface_leaks_the_protected_organization_of_a_plan_review_to_any_persona(
    protected, reviews, other_organization
):
    forbidden = [*safety.PROTECTED, *safety.EMBARGOED, EMBARGO_SUMMARY]
    for persona, client in safety.persona_clients(protected, other_organization).items():
        urls = [*safety.everything(client, protected), *review_urls(reviews)]
        assert safety.leaks(client, urls, forbidden) == [], persona
        page = safety.body(client.get(reviews["older"].get_absolute_url()))
        assert "Review by A civil-society organization" in page, persona


def test_the_owning_editor_sees_only_the_label_on_the_public_plan_pages(protected, reviews):
    client = safety.session_client(protected["editor"])
    own = ("Zenobia", "Quillfeather", "zq-hidden-editor")
    others = [w for w in safety.PROTECTED if w not in own]
    pages = review_urls(reviews)[:4]
    assert safety.leaks(client, pages, others) == []


def test_the_api_answers_organization_null_and_public_key_links_for_anonymous_reviews(
    api_client, protected, reviews
):
    anonymous, older = reviews["anonymous"], reviews["older"]
    rows = api_client.get("/api/v1/plan-reviews/?country=NOR").json()["results"]
    assert [(r["plan"], r["organization"]) for r in rows] == [(older.url_key, None)]
    url = f"http://testserver/api/v1/plan-reviews/NOR/{older.url_key}/{anonymous.public_key}/"
    assert rows[0]["url"] == url
    assert api_client.get(url).json() == rows[0]
    assert (
        api_client.get(f"/api/v1/plan-reviews/?organization={anonymous.public_key}").json()["count"]
        == 1
    )
    by_slug = api_client.get(f"/api/v1/plan-reviews/?organization={safety.ORG_SLUG}").json()
    assert by_slug["count"] == 0
    slug_url = f"/api/v1/plan-reviews/NOR/{older.url_key}/{safety.ORG_SLUG}/"
    assert api_client.get(slug_url).status_code == 404


def test_members_and_staff_keep_the_slug_in_the_api_and_the_name_on_internal_pages(
    client, protected, reviews, admin_user
):
    older = reviews["older"]
    for user in (protected["editor"], admin_user):
        api = safety.session_client(user)
        slug_url = f"/api/v1/plan-reviews/NOR/{older.url_key}/{safety.ORG_SLUG}/"
        row = api.get(slug_url).json()
        assert row["organization"] == safety.ORG_SLUG
        assert reviews["anonymous"].public_key in row["url"]
        found = api.get(f"/api/v1/plan-reviews/?organization={safety.ORG_SLUG}").json()
        assert found["count"] == 2  # the embargoed one too: members and staff see it
    client.force_login(protected["editor"])
    page = client.get(f"/entry/plan-reviews/NOR/{older.url_key}/{safety.ORG_SLUG}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Publishes as: A civil-society organization." in text
    assert safety.ORG_NAME in text  # internal page: the organization's own name


def test_an_embargoed_review_appears_nowhere_until_its_date_then_everywhere(
    client, api_client, reviews
):
    embargoed, newer = reviews["embargoed"], reviews["newer"]
    detail = f"/api/v1/plan-reviews/NOR/{newer.url_key}/{embargoed.public_key}/"
    assert embargoed not in PlanReview.objects.published()
    assert embargoed not in PlanReview.objects.visible_to(UserFactory())
    assert api_client.get(detail).status_code == 404
    assert EMBARGO_SUMMARY not in client.get(newer.get_absolute_url()).content.decode()
    PlanReview.objects.filter(pk=embargoed.pk).update(embargo_until=publication.today_utc())
    assert embargoed in PlanReview.objects.published()
    assert api_client.get(detail).status_code == 200
    page = client.get(newer.get_absolute_url()).content.decode()
    assert EMBARGO_SUMMARY in page and "Review by A civil-society organization" in page


def test_members_of_the_owning_organization_still_see_their_embargoed_review(protected, reviews):
    assert reviews["embargoed"] in PlanReview.objects.visible_to(protected["editor"])


def test_plan_compare_pairs_the_anonymous_reviews_of_one_organization_under_the_label(
    client, reviews
):
    PlanReview.objects.filter(pk=reviews["embargoed"].pk).update(embargo_until=None)
    newer, older = reviews["newer"], reviews["older"]
    page = client.get(f"/countries/NOR/plans/{newer.url_key}/compare/?with={older.url_key}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Criterion by criterion, as reviewed by A civil-society organization" in text
    assert safety.ORG_NAME not in text


def test_plan_compare_never_pairs_an_anonymous_review_with_a_named_one_of_the_same_org(
    client, protected, reviews
):
    """Pairing them would tell the public whose the anonymous review is."""
    PlanReview.objects.filter(pk=reviews["embargoed"].pk).update(
        embargo_until=None, publish_anonymously=False
    )
    newer, older = reviews["newer"], reviews["older"]
    text = client.get(
        f"/countries/NOR/plans/{newer.url_key}/compare/?with={older.url_key}"
    ).content.decode()
    assert "Criterion by criterion" not in text
    assert "No organization has a validated review of both plans" in text


# --- Services -------------------------------------------------------------------------------


def test_a_new_review_copies_the_anonymity_of_the_organizations_coverage(protected):
    org = protected["organization"]
    made = review(norway_plans()[0], org, protected["editor"])
    assert made.publish_anonymously is True
    assert publication.KEY_PREFIX in made.public_key


def test_a_new_review_of_a_named_coverage_is_named(organization, editor):
    made = review(norway_plans()[0], organization, editor)
    assert (made.publish_anonymously, made.public_segment) == (False, organization.slug)


def test_coverage_anonymity_applies_to_the_organizations_plan_reviews_with_history(
    protected, reviews
):
    org = protected["organization"]
    admin = MembershipFactory(organization=org, role=Membership.Role.ORG_ADMIN).user
    coverage_anonymity_set(coverage=protected["coverage"], actor=admin, publish_anonymously=False)
    anonymous = PlanReview.objects.get(pk=reviews["anonymous"].pk)
    assert anonymous.publish_anonymously is False
    last = anonymous.history.first()
    assert last.history_user == admin
    assert last.history_change_reason == (
        "Coverage publication set: under the organization's name (from the organization's coverage)"
    )


def test_coverage_anonymity_leaves_the_plan_reviews_of_other_countries_alone(organization):
    norway = CoverageFactory(organization=OrganizationFactory())
    other = review(
        norway_plans()[0],
        organization,
        MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user,
    )
    admin = MembershipFactory(organization=norway.organization, role=Membership.Role.ORG_ADMIN)
    coverage_anonymity_set(coverage=norway, actor=admin.user, publish_anonymously=True)
    assert PlanReview.objects.get(pk=other.pk).publish_anonymously is False


@pytest.mark.parametrize(
    "role", [Membership.Role.EDITOR, Membership.Role.REVIEWER, Membership.Role.ORG_ADMIN]
)
def test_editors_reviewers_and_org_admins_set_the_publication_of_their_reviews(
    protected, reviews, role
):
    actor = MembershipFactory(organization=protected["organization"], role=role).user
    until = safety.today() + datetime.timedelta(days=3)
    done = plan_review_publication_set(
        review=reviews["anonymous"], actor=actor, publish_anonymously=False, embargo_until=until
    )
    assert (done.publish_anonymously, done.embargo_until) == (False, until)
    last = done.history.first()
    assert last.history_user == actor
    assert last.history_change_reason == (
        f"Publication set: under the organization's name, under embargo until {until}"
    )


def test_outsiders_may_not_set_the_publication_of_a_review(protected, reviews, other_editor):
    for actor in (other_editor, UserFactory()):
        with pytest.raises(PermissionDenied):
            plan_review_publication_set(
                review=reviews["anonymous"],
                actor=actor,
                publish_anonymously=False,
                embargo_until=None,
            )
    assert PlanReview.objects.get(pk=reviews["anonymous"].pk).publish_anonymously is True


def test_public_keys_of_reviews_are_random_and_distinct(reviews):
    keys = {reviews["anonymous"].public_key, reviews["embargoed"].public_key}
    assert len(keys) == 2
    assert all(len(key) == len("cso-") + 12 for key in keys)


# --- The Publication box --------------------------------------------------------------------


def test_the_publication_box_of_a_review_saves_through_the_service(client, protected, reviews):
    older = reviews["older"]
    url = f"/entry/plan-reviews/NOR/{older.url_key}/{safety.ORG_SLUG}/publication/"
    client.force_login(protected["editor"])
    page = client.get(url)
    assert page.status_code == 200 and "publication-embargo_until" in page.content.decode()
    response = client.post(
        url, {"publication-embargo_until": "2031-02-03", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == f"/entry/plan-reviews/NOR/{older.url_key}/{safety.ORG_SLUG}/"
    done = PlanReview.objects.get(pk=reviews["anonymous"].pk)
    assert (done.publish_anonymously, done.embargo_until) == (False, datetime.date(2031, 2, 3))


def test_a_bad_embargo_date_keeps_the_input_and_says_what_is_wrong(client, protected, reviews):
    older = reviews["older"]
    url = f"/entry/plan-reviews/NOR/{older.url_key}/{safety.ORG_SLUG}/publication/"
    client.force_login(protected["editor"])
    response = client.post(
        url, {"publication-publish_anonymously": "on", "publication-embargo_until": "soon"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'value="soon"' in text and "Enter a valid date." in text
    assert PlanReview.objects.get(pk=reviews["anonymous"].pk).embargo_until is None


def test_outsiders_and_government_respondents_get_404_from_the_publication_box_of_a_review(
    client, reviews, other_editor
):
    older = reviews["older"]
    url = f"/entry/plan-reviews/NOR/{older.url_key}/{safety.ORG_SLUG}/publication/"
    client.force_login(other_editor)
    assert client.post(url, {"publication-embargo_until": ""}).status_code == 404
    respondent = MembershipFactory(
        organization=PlanReview.objects.get(pk=reviews["anonymous"].pk).organization,
        role=Membership.Role.GOVERNMENT_RESPONDENT,
        country_id="NOR",
    ).user
    client.force_login(respondent)  # not one of the organization's own people (decision 96)
    assert client.post(url, {"publication-embargo_until": ""}).status_code == 404
    assert PlanReview.objects.get(pk=reviews["anonymous"].pk).embargo_until is None
