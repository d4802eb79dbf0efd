"""The read-only assessment API: stored scores, score rows, filters, visibility, query counts."""

import pytest

from indicators import scorecard
from indicators.models import Assessment, Indicator
from plans.models import Country
from tests.factories import OrganizationFactory, PlanFactory, scored_assessment

pytestmark = pytest.mark.django_db

Status = Assessment.Status


@pytest.fixture
def norway(organization):
    """The owning organization's Norway 2020 (validated, scored) and 2021 (a draft)."""
    validated = scored_assessment(organization=organization, year=2020)
    draft = scored_assessment(organization=organization, year=2021, status=Status.DRAFT)
    return validated, draft


def rows(client, query=""):
    return client.get(f"/api/v1/assessments/?page_size=250{query}").json()["results"]


def keys(client, query=""):
    return [(r["country"], r["year"], r["organization"]) for r in rows(client, query)]


def test_an_assessment_row_has_its_keys_and_the_stored_scores(api_client, norway):
    validated, _ = norway
    plan = PlanFactory(country_id="SWE", generation=7, adopted_year=2018, period_start=2018)
    swe = scored_assessment(
        organization=validated.organization, year=2019, country=plan.country, plan=plan
    )
    stored = swe.score
    row = api_client.get("/api/v1/assessments/SWE/2019/owning-org/").json()
    assert row == {
        "country": "SWE",
        "year": 2019,
        "organization": "owning-org",
        "plan": "7",
        "status": "validated",
        "version": swe.version,
        "is_sample": False,
        "validated_at": row["validated_at"],
        "methodology": "1.0",
        "overall": float(stored.overall),
        "overall_status": stored.overall_status,
        "band": stored.band,
        "clusters": {
            cluster: {
                "score": float(getattr(stored, cluster)),
                "status": getattr(stored, f"{cluster}_status"),
            }
            for cluster in ("participation", "prevention_protection", "promotion")
        },
        "right_of_reply": {
            "status": None,
            "deadline": None,
            "replied_on": None,
            "overall": None,
            "indicators": {f"WC{n:02d}": None for n in range(1, 12)},
        },
        "url": "http://testserver/api/v1/assessments/SWE/2019/owning-org/",
        "scores_url": "http://testserver/api/v1/assessments/SWE/2019/owning-org/scores/",
        "page_url": "http://testserver/countries/SWE/2019/owning-org/",
    }
    assert row["validated_at"]


def test_the_scores_are_the_stored_ones_even_if_the_inputs_changed(api_client, norway):
    validated, _ = norway
    validated.score.overall = 12.3
    validated.score.save()
    row = api_client.get("/api/v1/assessments/nor/2020/owning-org/").json()
    assert row["overall"] == 12.3


def test_an_assessment_without_a_stored_score_says_null(api_client, organization):
    from tests.factories import AssessmentFactory

    AssessmentFactory(organization=organization, year=2016)
    row = api_client.get("/api/v1/assessments/NOR/2016/owning-org/").json()
    assert row["methodology"] is None
    assert row["overall"] is None
    assert row["clusters"] is None
    scores = api_client.get("/api/v1/assessments/NOR/2016/owning-org/scores/").json()
    assert {r["status"] for r in scores} == {"not_scored"}


def test_score_rows_are_the_scorecard_modules_rows_of_the_stored_score(api_client, norway):
    validated, _ = norway
    body = api_client.get("/api/v1/assessments/NOR/2020/owning-org/scores/").json()
    card = scorecard.build(Indicator.objects.ordered(), validated.score.as_dict())
    assert body == scorecard.score_rows(card)
    assert [r["level"] for r in body] == ["overall"] + ["cluster"] * 3 + ["indicator"] * 11
    assert body[0]["score"] == float(validated.score.overall)


@pytest.mark.parametrize(
    "persona, sees_draft",
    [(None, False), ("editor", True), ("other_editor", False), ("admin_user", True)],
)
def test_a_draft_is_404_to_all_but_its_organization_and_administrators(
    api_client, request, norway, persona, sees_draft
):
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    for path in ("", "scores/"):
        response = api_client.get(f"/api/v1/assessments/NOR/2021/owning-org/{path}")
        assert response.status_code == (200 if sees_draft else 404), path
    years = [year for _, year, _ in keys(api_client, "&country=NOR&organization=owning-org")]
    assert years == ([2021, 2020] if sees_draft else [2020])


def test_another_organizations_draft_stays_hidden_from_an_editor(
    api_client, editor, other_organization, norway
):
    scored_assessment(organization=other_organization, year=2021, status=Status.SUBMITTED)
    api_client.force_authenticate(editor)
    assert api_client.get("/api/v1/assessments/NOR/2021/other-org/").status_code == 404
    assert ("NOR", 2021, "other-org") not in keys(api_client)


def test_the_status_filter_narrows_only_what_the_caller_may_see(api_client, editor, norway):
    assert keys(api_client, "&status=draft") == []
    api_client.force_authenticate(editor)
    assert keys(api_client, "&status=draft") == [("NOR", 2021, "owning-org")]


@pytest.fixture
def spread(organization, other_organization):
    """Validated assessments in three countries, two organizations, sample and real."""
    scored_assessment(organization=organization, year=2015)
    scored_assessment(organization=organization, year=2018, country=Country.objects.get(iso3="GHA"))
    scored_assessment(
        organization=other_organization,
        year=2022,
        country=Country.objects.get(iso3="SEN"),
        is_sample=True,
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("&country=nor", [("NOR", 2015, "owning-org")]),
        ("&country=GHA,SEN", [("GHA", 2018, "owning-org"), ("SEN", 2022, "other-org")]),
        ("&region=Africa", [("GHA", 2018, "owning-org"), ("SEN", 2022, "other-org")]),
        ("&year_min=2016&year_max=2020", [("GHA", 2018, "owning-org")]),
        ("&organization=other-org", [("SEN", 2022, "other-org")]),
        ("&is_sample=true", [("SEN", 2022, "other-org")]),
        ("&methodology=9.9", []),
        (
            "&ordering=year",
            [("NOR", 2015, "owning-org"), ("GHA", 2018, "owning-org"), ("SEN", 2022, "other-org")],
        ),
        (
            "&ordering=-year",
            [("SEN", 2022, "other-org"), ("GHA", 2018, "owning-org"), ("NOR", 2015, "owning-org")],
        ),
    ],
)
def test_the_assessment_list_filters_and_orders(api_client, spread, query, expected):
    assert keys(api_client, query) == expected


def test_the_assessment_list_filters_by_band_and_methodology(api_client, spread):
    band = Assessment.objects.get(year=2015).score.band
    assert band
    expected = Assessment.objects.published().filter(score__band=band).count()
    assert len(rows(api_client, f"&band={band}")) == expected
    assert len(rows(api_client, "&methodology=1.0")) == 3


@pytest.mark.parametrize(
    "query", ["band=shiny", "year_min=" + "9" * 5000, "country=N0R", "is_sample=x"]
)
def test_the_assessment_list_answers_a_bad_filter_with_a_400_naming_it(api_client, query):
    response = api_client.get(f"/api/v1/assessments/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


@pytest.mark.parametrize("persona", [None, "editor"])
@pytest.mark.parametrize("extra", [0, 12])
# One more query than the rows (and the count): the page's right-of-reply periods (decision 99).
@pytest.mark.parametrize("page_size, queries", [(250, 2), (1, 3)])
def test_the_assessment_list_takes_one_query_and_one_more_to_count_past_a_full_page(
    api_client,
    request,
    organization,
    persona,
    extra,
    page_size,
    queries,
    django_assert_num_queries,
    memory_cache,
):
    scored_assessment(organization=organization, year=2000, status=Status.DRAFT)
    for n in range(extra + 1):
        org = OrganizationFactory(slug=f"many-{n}", name=f"Many {n}")
        scored_assessment(organization=org, year=2001 + n)
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    # The rows with country, organization, plan and score; the count only when the page is
    # full (a shorter page is the last one: its length is the count).
    with django_assert_num_queries(queries):
        body = api_client.get(f"/api/v1/assessments/?page_size={page_size}").json()
    assert body["count"] == extra + 1 + (persona is not None)
    assert len(body["results"]) == min(page_size, body["count"])


def test_an_assessment_and_its_score_rows_take_one_and_two_queries(
    api_client, norway, django_assert_num_queries, memory_cache
):
    with django_assert_num_queries(2):  # the assessment; its right-of-reply (decision 99)
        assert api_client.get("/api/v1/assessments/NOR/2020/owning-org/").status_code == 200
    with django_assert_num_queries(2):  # the assessment with its score, the indicators
        assert api_client.get("/api/v1/assessments/NOR/2020/owning-org/scores/").status_code == 200


@pytest.mark.parametrize(
    "method, url",
    [
        ("put", "/api/v1/assessments/"),
        ("delete", "/api/v1/assessments/"),
        ("put", "/api/v1/assessments/NOR/2021/owning-org/"),
        ("delete", "/api/v1/assessments/NOR/2021/owning-org/"),
        ("post", "/api/v1/assessments/NOR/2021/owning-org/scores/"),
        ("put", "/api/v1/assessments/NOR/2021/owning-org/scores/"),
    ],
)
def test_writes_assessments_do_not_take_are_405(api_client, editor, norway, method, url):
    """Creating, PATCH, values and submit are the write path (tests/test_api_writes.py)."""
    api_client.force_authenticate(editor)
    assert getattr(api_client, method)(url, {}, format="json").status_code == 405
