"""Assessor safety (issue 10 part 3): anonymous publication and embargo.

The leak suite builds a protected organization ("Secret Sisters Network") whose assessments
of Norway publish anonymously, with assessors of distinctive names, and an embargoed
validated assessment with distinctive evidence. Then, for every persona, it fetches every
public page (the sitemap's and the lists'), every API list and detail (JSON, CSV, XLSX), the
download archive, the OpenAPI schema, deliberate 404s and bad filters, and checks that no
protected string appears anywhere, and that the embargoed result appears nowhere until its
date has come (decisions 101–105).
"""

import datetime
import io
import re
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from indicators.models import Assessment, IndicatorValue
from indicators.services import assessment_create, assessment_publication_set
from nap_tracker import publication
from organizations.models import Membership
from organizations.services import api_token_create
from plans.models import Country, Coverage
from plans.services import coverage_anonymity_set
from tests.factories import (
    CoverageFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    scored_assessment,
)

pytestmark = pytest.mark.django_db

ORG_NAME = "Secret Sisters Network"
ORG_SLUG = "secret-sisters-network"
# Everything that would identify the organization or its people.
PROTECTED = [
    ORG_NAME,
    "Secret Sisters",
    ORG_SLUG,
    "SECSISNET",  # acronym
    "secret-sisters.example",  # website and e-mail domain
    "Zenobia",
    "Quillfeather",
    "zq-hidden-editor",
    "Octavia",
    "Marchbanks",
    "om-hidden-reviewer",
]
EMBARGO_QUOTE = "EMBARGOED-QUOTE-7731"
EMBARGO_URL = "https://embargoed.example/evidence-7731"
EMBARGOED = [EMBARGO_QUOTE, "embargoed.example"]


def today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


@pytest.fixture
def protected(db, other_organization):
    """The protected organization, its people, an anonymous validated assessment (NOR 2021)
    and an embargoed validated one (NOR 2022), beside a named organization's (SEN 2020)."""
    org = OrganizationFactory(
        name=ORG_NAME,
        slug=ORG_SLUG,
        acronym="SECSISNET",
        website="https://secret-sisters.example/",
    )
    coverage = CoverageFactory(organization=org, publish_anonymously=True)
    editor = MembershipFactory(
        organization=org,
        role=Membership.Role.EDITOR,
        user=UserFactory(
            username="zq-hidden-editor",
            first_name="Zenobia",
            last_name="Quillfeather",
            email="zenobia@secret-sisters.example",
        ),
    ).user
    reviewer = MembershipFactory(
        organization=org,
        role=Membership.Role.REVIEWER,
        user=UserFactory(
            username="om-hidden-reviewer",
            first_name="Octavia",
            last_name="Marchbanks",
            email="octavia@secret-sisters.example",
        ),
    ).user
    people = {"created_by": editor, "submitted_by": editor, "validated_by": reviewer}
    anonymous = scored_assessment(
        organization=org, year=2021, publish_anonymously=True, summary="", **people
    )
    embargoed = scored_assessment(
        organization=org,
        year=2022,
        publish_anonymously=True,
        embargo_until=today() + datetime.timedelta(days=30),
        **people,
    )
    IndicatorValue.objects.filter(assessment=embargoed).update(
        source_quote=EMBARGO_QUOTE, source_url=EMBARGO_URL
    )
    CoverageFactory(organization=other_organization, country=Country.objects.get(iso3="SEN"))
    named = scored_assessment(
        organization=other_organization, country=Country.objects.get(iso3="SEN"), year=2020
    )
    return {
        "organization": org,
        "coverage": coverage,
        "editor": editor,
        "reviewer": reviewer,
        "anonymous": anonymous,
        "embargoed": embargoed,
        "named": named,
    }


# --- Personas -------------------------------------------------------------------------------


def session_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def persona_clients(protected, other_organization) -> dict:
    """Outsiders: nobody among them may see a protected string or the embargoed result."""
    other_editor = MembershipFactory(
        organization=other_organization, role=Membership.Role.EDITOR
    ).user
    other_reviewer = MembershipFactory(
        organization=other_organization, role=Membership.Role.REVIEWER
    ).user
    token_user = UserFactory(username="token-only-user")
    _token, secret = api_token_create(user=token_user, name="leak test", scope="read")
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return {
        "anonymous": session_client(),
        "editor of another organization": session_client(other_editor),
        "reviewer of another organization": session_client(other_reviewer),
        "token user without an organization": token_client,
    }


# --- Fetching everything --------------------------------------------------------------------


def body(response) -> str:
    """The whole answer as text; ZIP answers (archive, XLSX) with every member read."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return content.decode("utf-8", "replace")


def sitemap_paths(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [
        re.sub(r"^https?://[^/]+", "", loc)
        for loc in re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    ]


API_LISTS = [
    "/api/v1/",
    "/api/v1/countries/",
    "/api/v1/countries/NOR/",
    "/api/v1/countries/SEN/",
    "/api/v1/indicators/",
    "/api/v1/methodologies/",
    "/api/v1/organizations/",
    "/api/v1/organizations/other-org/",
    "/api/v1/plans/",
    "/api/v1/assessments/",
    "/api/v1/assessments/?country=NOR",
    "/api/v1/values/",
    "/api/v1/values/?country=NOR",
    "/api/v1/scores/",
    "/api/v1/scores/?form=wide",
]
EXPORTS = [
    f"{url}{'&' if '?' in url else '?'}format={fmt}"
    for url in (
        "/api/v1/countries/",
        "/api/v1/organizations/",
        "/api/v1/assessments/",
        "/api/v1/values/",
        "/api/v1/scores/",
        "/api/v1/scores/?form=wide",
    )
    for fmt in ("csv", "xlsx")
    if not (fmt == "xlsx" and url.startswith(("/api/v1/countries", "/api/v1/organizations")))
]
# Deliberate 404s and filters naming the protected organization.
PROBES = [
    f"/countries/NOR/2021/{ORG_SLUG}/",
    f"/countries/NOR/2022/{ORG_SLUG}/",
    f"/api/v1/assessments/NOR/2021/{ORG_SLUG}/",
    f"/api/v1/assessments/NOR/2021/{ORG_SLUG}/scores/",
    f"/api/v1/assessments/NOR/2021/{ORG_SLUG}/values/",
    f"/api/v1/organizations/{ORG_SLUG}/",
    f"/api/v1/assessments/?organization={ORG_SLUG}",
    f"/api/v1/values/?organization={ORG_SLUG}",
    f"/api/v1/scores/?organization={ORG_SLUG}",
    f"/api/v1/assessments/?organization={ORG_SLUG}&format=csv",
    "/api/v1/assessments/?country=NOR&year_min=nonsense",
    f"/api/v1/assessments/NOR/2021/{ORG_SLUG}-x/",
]


def public_pages(client, protected) -> list[str]:
    anonymous, named = protected["anonymous"], protected["named"]
    return [
        *sitemap_paths(client),
        "/countries/?page=2",
        "/countries/?region=europe",
        "/countries/NOR/2021/",
        "/countries/NOR/2022/",
        anonymous.get_absolute_url(),
        named.get_absolute_url(),
        "/compare/?c=NOR&c=SEN",
        "/indicators/WC04/",
    ]


def everything(client, protected) -> list[str]:
    anonymous = protected["anonymous"]
    key = anonymous.public_key
    details = [
        f"/api/v1/assessments/NOR/2021/{key}/",
        f"/api/v1/assessments/NOR/2021/{key}/scores/",
        f"/api/v1/assessments/NOR/2021/{key}/values/",
        "/api/v1/download/",
        "/api/schema/",
        "/api/schema/?format=json",
    ]
    return [*public_pages(client, protected), *API_LISTS, *details, *EXPORTS, *PROBES]


def leaks(client, urls, forbidden) -> list[tuple[str, str]]:
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 400, 404), (url, response.status_code)
        text = body(response) + response.get("Location", "")
        found += [(url, word) for word in forbidden if word.lower() in text.lower()]
    return found


# --- The leak suite -------------------------------------------------------------------------


def test_no_public_surface_leaks_a_protected_organization_or_person_to_any_persona(
    protected, other_organization
):
    for persona, client in persona_clients(protected, other_organization).items():
        urls = everything(client, protected)
        assert len(urls) > 50, persona  # the sitemap was crawled
        assert leaks(client, urls, PROTECTED + EMBARGOED) == [], persona


def test_the_owning_editor_sees_only_the_label_on_the_public_pages(protected):
    """Public pages are public for their own members too: the label, never the name (her
    own username in the sign-out button is hers to see; her colleague's is not)."""
    client = session_client(protected["editor"])
    others = [w for w in PROTECTED if w not in ("Zenobia", "Quillfeather", "zq-hidden-editor")]
    assert leaks(client, public_pages(client, protected), others) == []


def test_the_anonymous_scorecard_shows_the_label_and_its_public_key_url(client, protected):
    anonymous = protected["anonymous"]
    url = anonymous.get_absolute_url()
    assert url == f"/countries/NOR/2021/{anonymous.public_key}/"
    assert re.fullmatch(r"cso-[0-9a-f]{12}", anonymous.public_key)
    text = body(client.get(url))
    assert "A civil-society organization" in text
    assert client.get("/countries/NOR/2021/").url == url


def test_the_real_slug_of_an_anonymous_assessment_is_404_for_the_public_and_works_inside(
    client, protected
):
    slug_url = f"/countries/NOR/2021/{ORG_SLUG}/"
    assert client.get(slug_url).status_code == 404
    assert client.get(f"/api/v1/assessments/NOR/2021/{ORG_SLUG}/").status_code == 404
    client.force_login(protected["editor"])
    assert client.get(slug_url).status_code == 200
    api = session_client(protected["editor"])
    row = api.get(f"/api/v1/assessments/NOR/2021/{ORG_SLUG}/").json()
    assert row["organization"] == ORG_SLUG  # the owning organization's own API view
    assert protected["anonymous"].public_key in row["url"]


def test_the_api_answers_organization_null_and_public_key_links_for_anonymous_rows(
    api_client, protected
):
    key = protected["anonymous"].public_key
    rows = api_client.get("/api/v1/assessments/?country=NOR").json()["results"]
    assert [(r["year"], r["organization"]) for r in rows] == [(2021, None)]
    assert rows[0]["url"].endswith(f"/api/v1/assessments/NOR/2021/{key}/")
    assert rows[0]["page_url"].endswith(f"/countries/NOR/2021/{key}/")
    detail = api_client.get(rows[0]["url"]).json()
    assert detail == rows[0]
    values = api_client.get("/api/v1/values/?country=NOR").json()["results"]
    assert values and {v["organization"] for v in values} == {None}
    assert {v["assessment_url"] for v in values} == {rows[0]["url"]}
    country = api_client.get("/api/v1/countries/NOR/").json()["latest_assessment"]
    assert country["organization"] is None
    assert country["page_url"].endswith(f"/countries/NOR/2021/{key}/")
    assert api_client.get(f"/api/v1/assessments/?organization={key}").json()["count"] == 1


def test_an_anonymous_assessment_hides_its_organizations_coverage_of_that_country(
    client, api_client, protected, other_organization
):
    """Per-assessment anonymity too: the organization stays listed, without that country."""
    org = protected["organization"]
    CoverageFactory(organization=org, country=Country.objects.get(iso3="DNK"))
    coverage = protected["coverage"]
    Coverage.objects.filter(pk=coverage.pk).update(publish_anonymously=False)
    listed = api_client.get(f"/api/v1/organizations/{ORG_SLUG}/").json()
    assert listed["countries"] == ["DNK"]  # not NOR: its assessment there is anonymous
    assert ORG_NAME not in body(client.get("/countries/NOR/"))
    assert ORG_NAME in body(client.get("/countries/DNK/"))


def test_embargoed_results_appear_nowhere_until_the_date_then_everywhere(protected):
    embargoed = protected["embargoed"]
    client = session_client()
    urls = [*everything(client, protected)]
    assert leaks(client, urls, EMBARGOED) == []
    assert client.get(f"/countries/NOR/2022/{embargoed.public_key}/").status_code == 404
    assert f"/countries/NOR/2022/{embargoed.public_key}/" not in sitemap_paths(client)

    Assessment.objects.filter(pk=embargoed.pk).update(embargo_until=publication.today_utc())
    assert client.get(f"/countries/NOR/2022/{embargoed.public_key}/").status_code == 200
    assert f"/countries/NOR/2022/{embargoed.public_key}/" in sitemap_paths(client)
    values = body(client.get("/api/v1/values/?country=NOR&format=csv"))
    assert EMBARGO_QUOTE in values
    assert body(client.get("/api/v1/countries/NOR/")).count("/countries/NOR/2022/") == 1
    assert EMBARGO_QUOTE in body(client.get("/api/v1/download/"))
    # Published on that date, and still nameless.
    assert leaks(client, everything(client, protected), PROTECTED) == []


def test_embargo_compares_with_the_database_date_not_a_frozen_python_date(protected):
    embargoed = protected["embargoed"]
    published = Assessment.objects.published()
    assert embargoed not in published
    Assessment.objects.filter(pk=embargoed.pk).update(
        embargo_until=today() - datetime.timedelta(days=1)
    )
    assert embargoed in Assessment.objects.published()  # the same code, a new query


def test_members_of_the_owning_organization_still_see_their_embargoed_assessment(protected):
    embargoed = protected["embargoed"]
    assert embargoed in Assessment.objects.visible_to(protected["editor"])
    assert embargoed not in Assessment.objects.visible_to(UserFactory())


# --- Services and permissions ---------------------------------------------------------------


def test_editors_reviewers_org_admins_and_staff_set_the_publication_of_their_assessments(
    protected, other_organization, admin_user
):
    assessment = protected["named"]
    org_admin = MembershipFactory(
        organization=other_organization, role=Membership.Role.ORG_ADMIN
    ).user
    for role in (Membership.Role.EDITOR, Membership.Role.REVIEWER):
        actor = MembershipFactory(organization=other_organization, role=role).user
        done = assessment_publication_set(
            assessment=assessment, actor=actor, publish_anonymously=True, embargo_until=None
        )
        assert done.publish_anonymously
    until = today() + datetime.timedelta(days=3)
    for actor in (org_admin, admin_user):
        done = assessment_publication_set(
            assessment=assessment, actor=actor, publish_anonymously=False, embargo_until=until
        )
        assert (done.publish_anonymously, done.embargo_until) == (False, until)
    latest = done.history.first()
    assert latest.history_user == admin_user
    assert latest.history_change_reason == (
        f"Publication set: under the organization's name, under embargo until {until}"
    )


@pytest.mark.parametrize("who", ["anonymous", "editor of another organization", "no role"])
def test_outsiders_may_not_set_the_publication_of_an_assessment(protected, who):
    from django.contrib.auth.models import AnonymousUser

    actor = {
        "anonymous": AnonymousUser(),
        "editor of another organization": MembershipFactory(
            organization=OrganizationFactory(), role=Membership.Role.EDITOR
        ).user,
        "no role": UserFactory(),
    }[who]
    with pytest.raises(PermissionDenied):
        assessment_publication_set(
            assessment=protected["named"],
            actor=actor,
            publish_anonymously=True,
            embargo_until=None,
        )
    assert not Assessment.objects.get(pk=protected["named"].pk).publish_anonymously


def test_coverage_anonymity_applies_to_existing_and_new_assessments_with_history(
    organization, admin_user
):
    org_admin = MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user
    existing = scored_assessment(organization=organization, year=2019)
    coverage = Coverage.objects.get(organization=organization)
    done = coverage_anonymity_set(coverage=coverage, actor=org_admin, publish_anonymously=True)
    assert done.publish_anonymously
    existing.refresh_from_db()
    assert existing.publish_anonymously
    assert existing.history.first().history_change_reason == (
        "Coverage publication set: anonymously (from the organization's coverage)"
    )
    assert done.history.first().history_user == org_admin
    new = assessment_create(
        actor=admin_user, organization=organization, country=coverage.country, year=2020
    )
    assert new.publish_anonymously
    coverage_anonymity_set(coverage=coverage, actor=admin_user, publish_anonymously=False)
    assert not Assessment.objects.filter(organization=organization, publish_anonymously=True)


@pytest.mark.parametrize("role", [Membership.Role.EDITOR, Membership.Role.REVIEWER])
def test_only_org_admins_and_staff_set_the_anonymity_of_a_coverage(organization, role):
    actor = MembershipFactory(organization=organization, role=role).user
    with pytest.raises(PermissionDenied):
        coverage_anonymity_set(
            coverage=Coverage.objects.get(organization=organization),
            actor=actor,
            publish_anonymously=True,
        )


def test_public_keys_are_random_stable_and_distinct(protected):
    keys = set(Assessment.objects.values_list("public_key", flat=True))
    assert len(keys) == Assessment.objects.count()
    anonymous = protected["anonymous"]
    before = anonymous.public_key
    assessment_publication_set(
        assessment=anonymous,
        actor=protected["editor"],
        publish_anonymously=False,
        embargo_until=None,
    )
    anonymous.refresh_from_db()
    assert anonymous.public_key == before
    assert anonymous.get_absolute_url() == f"/countries/NOR/2021/{ORG_SLUG}/"


# --- Pages ----------------------------------------------------------------------------------


def test_the_publication_box_on_the_entry_page_saves_through_the_service(client, organization):
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user
    draft = scored_assessment(
        organization=organization, year=2023, status=Assessment.Status.DRAFT, validated_at=None
    )
    client.force_login(editor)
    edit = f"/entry/assessments/NOR/2023/{organization.slug}/"
    page = body(client.get(edit))
    assert "Publication" in page and "publication-embargo_until" in page
    url = f"{edit}publication/"
    response = client.post(
        url,
        {
            "publication-publish_anonymously": "on",
            "publication-embargo_until": "2031-02-03",
            "next": edit,
        },
    )
    assert response.status_code == 302 and response.url == edit
    draft.refresh_from_db()
    assert (draft.publish_anonymously, draft.embargo_until) == (True, datetime.date(2031, 2, 3))


def test_a_bad_embargo_date_is_explained_and_keeps_what_was_typed(client, organization):
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user
    scored_assessment(organization=organization, year=2023)
    client.force_login(editor)
    url = f"/entry/assessments/NOR/2023/{organization.slug}/publication/"
    response = client.post(
        url, {"publication-publish_anonymously": "on", "publication-embargo_until": "31/31/2031"}
    )
    assert response.status_code == 400
    text = body(response)
    assert "Enter a valid date." in text and 'value="31/31/2031"' in text
    assert "checked" in text


def test_outsiders_get_404_on_the_publication_page(client, organization, other_editor):
    scored_assessment(organization=organization, year=2023)
    client.force_login(other_editor)
    url = f"/entry/assessments/NOR/2023/{organization.slug}/publication/"
    assert client.post(url, {"publication-publish_anonymously": "on"}).status_code == 404


def test_the_coverage_page_toggles_a_country_for_an_org_admin_only(client, organization):
    org_admin = MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user
    url = f"/organizations/{organization.slug}/coverage/NOR/anonymity/"
    client.force_login(editor)
    assert client.post(url, {"publish_anonymously": "yes"}).status_code == 403
    client.force_login(org_admin)
    response = client.post(url, {"publish_anonymously": "yes"})
    assert response.status_code == 302
    assert Coverage.objects.get(organization=organization).publish_anonymously
    page = body(client.get(f"/organizations/{organization.slug}/coverage/"))
    assert "Publish Norway under our name" in page


def test_the_sitemap_lists_published_scorecards_under_their_public_url(client, protected):
    paths = sitemap_paths(client)
    assert protected["anonymous"].get_absolute_url() in paths
    assert protected["named"].get_absolute_url() in paths
    assert "/" in paths and "/methodology/" in paths and "/indicators/WC01/" in paths
    assert "/countries/NOR/" in paths


def test_the_sitemap_query_count_is_constant_as_scorecards_grow(
    client, django_assert_num_queries, protected, other_organization
):
    # countries, plans, indicators, scorecards: a count (the sitemap paginator) and a page
    with django_assert_num_queries(8):
        client.get("/sitemap.xml")
    for year in (2010, 2011, 2012):
        scored_assessment(
            organization=other_organization, country=Country.objects.get(iso3="SEN"), year=year
        )
    with django_assert_num_queries(8):
        client.get("/sitemap.xml")


def test_the_public_label_is_translated(client, protected):
    url = protected["anonymous"].get_absolute_url()
    text = body(client.get(url, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Une organisation de la société civile" in text


def test_the_owning_editor_sees_her_embargoed_scorecard_marked_not_public(client, protected):
    embargoed = protected["embargoed"]
    client.force_login(protected["editor"])
    text = body(client.get(embargoed.get_absolute_url()))
    assert "Under embargo until" in text and "Not public yet" in text
    assert "Not public yet" not in body(client.get(protected["anonymous"].get_absolute_url()))
