"""/api/v1/scores/: the stored scores of many assessments, long and wide, from the scorecard."""

import pytest

from indicators import scorecard
from indicators.models import Assessment, Indicator
from plans.models import Country
from tests.factories import AssessmentFactory, OrganizationFactory, scored_assessment

pytestmark = pytest.mark.django_db

Status = Assessment.Status
URL = "/api/v1/scores/"


def get(client, query=""):
    response = client.get(f"{URL}?page_size=250{query}")
    assert response.status_code == 200, response.content
    return response.json()


def card_of(assessment):
    """The assessment's scorecard, as the scorecard page builds it from the stored score."""
    stored = Assessment.objects.for_list().get(pk=assessment.pk).score
    return scorecard.build(Indicator.objects.ordered(), stored.as_dict())


def head(assessment, methodology="1.0"):
    return {
        "country": assessment.country_id,
        "year": assessment.year,
        "organization": assessment.organization.slug,
        "assessment_status": assessment.status,
        "is_sample": assessment.is_sample,
        "methodology": methodology,
    }


def url_of(assessment):
    return (
        f"http://testserver/api/v1/assessments/{assessment.country_id}/{assessment.year}/"
        f"{assessment.organization.slug}/"
    )


@pytest.fixture
def norway(organization):
    """The owning organization's Norway 2020 (validated) and 2021 (a draft), both scored."""
    validated = scored_assessment(organization=organization, year=2020)
    draft = scored_assessment(organization=organization, year=2021, status=Status.DRAFT)
    return validated, draft


def test_the_long_rows_are_the_scorecard_modules_rows_with_the_assessments_keys(api_client, norway):
    validated, _ = norway
    body = get(api_client)
    card = card_of(validated)
    assert body["count"] == 1
    assert body["results"] == [
        {**head(validated), **row, "band": card.band, "assessment_url": url_of(validated)}
        for row in scorecard.score_rows(card)
    ]
    levels = [r["level"] for r in body["results"]]
    assert levels == ["overall"] + ["cluster"] * 3 + ["indicator"] * Indicator.objects.count()


def test_the_wide_row_is_the_scorecard_modules_wide_row_with_the_assessments_keys(
    api_client, norway
):
    validated, _ = norway
    body = get(api_client, "&form=wide")
    card = card_of(validated)
    assert body["results"] == [
        {**head(validated), **scorecard.score_wide_row(card), "assessment_url": url_of(validated)}
    ]
    row = body["results"][0]
    codes = list(Indicator.objects.ordered().values_list("code", flat=True))
    assert list(row)[6:9] == ["overall", "overall_status", "band"]
    assert [c for c in row if c in codes] == codes
    assert {f"{code}_status" for code in codes} <= set(row)
    stored = validated.score
    assert row["overall"] == float(stored.overall)
    assert row["prevention_protection"] == float(stored.prevention_protection)
    assert row["band"] == stored.band


def test_the_wide_row_holds_every_long_rows_score_and_status(api_client, norway):
    long = get(api_client)["results"]
    (wide,) = get(api_client, "&form=wide")["results"]
    for row in long:
        assert wide[row["key"]] == row["score"], row["key"]
        assert wide[f"{row['key']}_status"] == row["status"], row["key"]
        assert wide["band"] == row["band"]


def test_the_scores_are_the_stored_ones_never_recomputed(api_client, norway):
    validated, _ = norway
    validated.score.overall = 12.3
    validated.score.indicator_scores["WC01"]["score"] = 99.9
    validated.score.save()
    long = {r["key"]: r["score"] for r in get(api_client)["results"]}
    assert long["overall"] == 12.3
    assert long["WC01"] == 99.9
    (wide,) = get(api_client, "&form=wide")["results"]
    assert (wide["overall"], wide["WC01"]) == (12.3, 99.9)


def test_an_assessment_without_a_stored_score_has_every_status_not_scored(api_client, organization):
    unscored = AssessmentFactory(organization=organization, year=2016)
    long = get(api_client)["results"]
    assert {r["status"] for r in long} == {"not_scored"}
    assert {(r["score"], r["methodology"], r["band"]) for r in long} == {(None, None, None)}
    (wide,) = get(api_client, "&form=wide")["results"]
    empty = scorecard.build(Indicator.objects.ordered(), None)
    assert wide == {
        **head(unscored, methodology=None),
        **scorecard.score_wide_row(empty),
        "assessment_url": url_of(unscored),
    }


@pytest.mark.parametrize(
    "persona, sees_draft",
    [(None, False), ("editor", True), ("other_editor", False), ("admin_user", True)],
)
@pytest.mark.parametrize("form", ["long", "wide"])
def test_draft_scores_are_seen_only_by_their_organization_and_administrators(
    api_client, request, norway, persona, sees_draft, form
):
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    body = get(api_client, f"&form={form}")
    assert body["count"] == (2 if sees_draft else 1)
    years = {(r["year"], r["assessment_status"]) for r in body["results"]}
    assert years == (
        {(2021, "draft"), (2020, "validated")} if sees_draft else {(2020, "validated")}
    )


def test_pages_count_assessments_and_never_split_one(api_client, organization):
    for year in (2018, 2019, 2020):
        scored_assessment(organization=organization, year=year)
    per_assessment = 4 + Indicator.objects.count()
    first = api_client.get(f"{URL}?page_size=2").json()
    assert first["count"] == 3
    assert len(first["results"]) == 2 * per_assessment
    assert [r["year"] for r in first["results"][::per_assessment]] == [2020, 2019]
    assert first["next"] == "http://testserver/api/v1/scores/?page=2&page_size=2"
    second = api_client.get(first["next"]).json()
    assert [r["year"] for r in second["results"]] == [2018] * per_assessment
    wide = api_client.get(f"{URL}?page_size=2&form=wide").json()
    assert (wide["count"], [r["year"] for r in wide["results"]]) == (3, [2020, 2019])


def test_indicator_and_level_pick_rows_of_the_long_form(api_client, norway):
    picked = get(api_client, "&indicator=wc01,WC06")["results"]
    assert [(r["level"], r["key"]) for r in picked] == [
        ("indicator", "WC01"),
        ("indicator", "WC06"),
    ]
    clusters = get(api_client, "&level=cluster")["results"]
    assert [r["key"] for r in clusters] == ["participation", "prevention_protection", "promotion"]
    overall = get(api_client, "&level=overall")["results"]
    assert [(r["key"], r["band"]) for r in overall] == [("overall", norway[0].score.band)]
    assert get(api_client, "&level=cluster&indicator=WC01")["results"] == []


@pytest.mark.parametrize("query", ["indicator=WC01", "level=overall"])
def test_the_wide_form_refuses_row_picks_with_a_400_naming_them(api_client, norway, query):
    response = api_client.get(f"{URL}?form=wide&{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


@pytest.fixture
def spread(organization, other_organization):
    """Validated, scored: Norway 2015, Ghana 2018 (real), Kenya 2022 (sample), each with its
    own stored overall and participation scores."""
    for country, year, org, sample, overall, participation in [
        ("NOR", 2015, organization, False, "62.5", "70.0"),
        ("GHA", 2018, organization, False, "35.0", "20.5"),
        ("KEN", 2022, other_organization, True, "80.0", "90.0"),
    ]:
        stored = scored_assessment(
            organization=org, year=year, country_id=country, is_sample=sample
        ).score
        stored.overall, stored.participation = overall, participation
        stored.save()


def countries(client, query, form="wide"):
    return [r["country"] for r in get(client, f"&form={form}{query}")["results"]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("&country=ken,NOR", ["KEN", "NOR"]),
        ("&region=Africa", ["GHA", "KEN"]),
        ("&subregion=Western Africa", ["GHA"]),
        ("&year_min=2016&year_max=2020", ["GHA"]),
        ("&organization=other-org", ["KEN"]),
        ("&is_sample=false", ["GHA", "NOR"]),
        ("&overall_min=62.5", ["KEN", "NOR"]),
        ("&overall_min=62.55", ["KEN"]),
        ("&overall_max=62.5", ["GHA", "NOR"]),
        ("&participation_min=20.5&participation_max=70", ["GHA", "NOR"]),
        ("&methodology=1.0", ["GHA", "KEN", "NOR"]),
        ("&ordering=-overall", ["KEN", "NOR", "GHA"]),
        ("&ordering=year", ["NOR", "GHA", "KEN"]),
    ],
)
def test_the_assessment_filters_pick_the_assessments_of_the_score_rows(
    api_client, spread, query, expected
):
    assert countries(api_client, query) == expected
    long = countries(api_client, query, form="long")
    assert list(dict.fromkeys(long)) == expected


@pytest.mark.parametrize(
    "query",
    [
        "form=tall",
        "level=component",
        "indicator=WC 01",
        "overall_min=101",
        "overall_max=NaN",
        "prevention_protection_min=" + "1" * 20,
        "country=NORWAY",
        "subregion=Narnia",
        "plan_status=lost",
        "plan_me_framework=maybe",
        "plan_generation=" + "9" * 5000,
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter(api_client, query):
    response = api_client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_the_scores_answer_conditional_gets(api_client, norway):
    first = api_client.get(f"{URL}?form=wide")
    assert api_client.get(f"{URL}?form=wide", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api_client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize("persona", [None, "editor"])
@pytest.mark.parametrize("form", ["long", "wide"])
@pytest.mark.parametrize("extra", [0, 10])
def test_the_scores_take_three_queries_however_many_assessments(
    api_client,
    request,
    organization,
    persona,
    form,
    extra,
    django_assert_num_queries,
    memory_cache,
):
    scored_assessment(organization=organization, year=2000, status=Status.DRAFT)
    for n, country in enumerate(Country.objects.order_by("iso3")[: extra + 1]):
        org = OrganizationFactory(slug=f"many-{n}", name=f"Many {n}")
        scored_assessment(organization=org, year=2001 + n, country=country)
    if persona:
        api_client.force_authenticate(request.getfixturevalue(persona))
    with django_assert_num_queries(3):  # count; assessments with their score; the indicators
        body = api_client.get(f"{URL}?page_size=250&form={form}").json()
    assert body["count"] == extra + 1 + (persona is not None)


def test_the_wide_form_error_is_in_the_callers_language(api_client):
    response = api_client.get(f"{URL}?form=wide&level=overall", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json()["level"] == [
        "La forme large a une ligne par évaluation avec tous les scores : omettez indicator "
        "et level, ou demandez form=long."
    ]


@pytest.mark.parametrize("form", ["long", "wide"])
def test_the_scores_render_in_the_browsable_api_with_their_filters(api_client, norway, form):
    response = api_client.get(f"{URL}?form={form}", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b'name="overall_min"' in response.content
