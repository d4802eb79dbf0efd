"""CSV and XLSX exports of the API's lists: the JSON's rows, filters and visibility, streamed."""

import csv
import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from indicators.models import Assessment, Methodology
from nap_tracker import exports
from plans.models import Country, NationalActionPlan, PlanDocument
from tests.factories import CoverageFactory, OrganizationFactory, PlanFactory, scored_assessment

pytestmark = pytest.mark.django_db

Status = Assessment.Status
LISTS = [
    "countries",
    "plans",
    "indicators",
    "methodologies",
    "organizations",
    "assessments",
    "values",
    "scores",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def data(organization, other_organization, editor):
    """Validated, draft and sample assessments; a plan with a document; a formula-like plan."""
    scored_assessment(organization=organization, year=2020)
    scored_assessment(organization=organization, year=2021, status=Status.DRAFT, validated_at=None)
    scored_assessment(
        organization=other_organization,
        year=2019,
        country=Country.objects.get(iso3="SEN"),
        is_sample=True,
    )
    plan = PlanFactory(
        country=Country.objects.get(iso3="MLT"),
        generation=1,
        title='=HYPERLINK("https://evil.example","click")',
        lead_ministry="+1 ministry",
        notes="@SUM(A1) and a line\nbreak, a comma and “quotes”",
        budget_amount="1500000.50",
        budget_currency="ISK",
        me_framework=True,
    )
    PlanDocument.objects.create(
        plan=plan,
        kind=PlanDocument.Kind.PLAN_TEXT,
        language=PlanDocument.Language.EN,
        title="Plan text",
        url="https://example.org/mlt-1.pdf",
    )
    PlanFactory(country=Country.objects.get(iso3="MLT"), generation=2, is_published=False)
    CoverageFactory(organization=other_organization, country=Country.objects.get(iso3="SEN"))


def json_rows(client, url, params=None, **headers):
    """Every row of the JSON list, all pages concatenated."""
    query = {**(params or {}), "page_size": 250}
    if url.endswith("/indicators/"):
        return client.get(url, params, **headers).json()  # not paginated
    rows, page = [], 1
    while True:
        body = client.get(url, {**query, "page": page}, **headers).json()
        rows += body["results"]
        if not body["next"]:
            return rows
        page += 1


def content(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content(response).decode("utf-8"), newline="")))


def at(row, column):
    """The JSON value a dotted column stands for (None under a null object)."""
    value = row
    for key in column.split("."):
        assert value is None or isinstance(value, dict), column
        value = None if value is None else value[key]
    return value


def as_cell(value) -> str:
    """A JSON value written as the exports document it (nap_tracker.exports)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def assert_same_rows(exported: list[dict], rows: list[dict]):
    assert len(exported) == len(rows)
    for line, row in zip(exported, rows, strict=True):
        assert {column.split(".")[0] for column in line} == set(row)
        for column, cell in line.items():
            value = at(row, column)
            if isinstance(value, float):  # a decimal keeps its places: 1500000.50
                assert float(cell) == value, column
            else:
                assert cell == as_cell(value), column


@pytest.mark.parametrize("name", LISTS)
def test_each_lists_csv_reads_back_to_the_rows_of_its_json_pages(api_client, data, name):
    url = f"/api/v1/{name}/"
    response = api_client.get(url, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="nap_tracker-{name}.csv"'
    assert_same_rows(csv_rows(response), json_rows(api_client, url))


def test_the_country_csv_has_every_country_in_one_file_and_flattens_the_latest_scores(
    api_client, data
):
    rows = csv_rows(api_client.get("/api/v1/countries/?format=csv"))
    assert len(rows) == Country.objects.count() > 250 - 5
    norway = next(row for row in rows if row["iso3"] == "NOR")
    assert norway["latest_assessment.year"] == "2020"
    assert norway["latest_assessment.clusters.participation.status"] == "scored"
    assert float(norway["latest_assessment.overall"]) > 0
    iceland = next(row for row in rows if row["iso3"] == "MLT")
    assert iceland["latest_assessment.year"] == iceland["latest_assessment.overall"] == ""


def test_an_accept_header_of_text_csv_gets_the_same_csv_as_the_format_parameter(api_client, data):
    by_header = api_client.get("/api/v1/assessments/", HTTP_ACCEPT="text/csv")
    assert by_header["Content-Type"] == "text/csv; charset=utf-8"
    assert content(by_header) == content(api_client.get("/api/v1/assessments/?format=csv"))


def test_pandas_reads_the_assessment_csv_with_numbers_and_booleans_typed(api_client, data):
    frame = pd.read_csv(io.BytesIO(content(api_client.get("/api/v1/assessments/?format=csv"))))
    rows = json_rows(api_client, "/api/v1/assessments/")
    assert list(frame["country"]) == [row["country"] for row in rows]
    assert list(frame["year"]) == [row["year"] for row in rows]
    assert list(frame["overall"]) == [row["overall"] for row in rows]
    assert list(frame["is_sample"]) == [row["is_sample"] for row in rows]
    assert frame["is_sample"].dtype == bool
    assert list(frame["clusters.promotion.score"]) == [
        row["clusters"]["promotion"]["score"] for row in rows
    ]


@pytest.mark.parametrize(
    "name, params",
    [
        ("assessments", {"country": "sen,nor", "ordering": "year"}),
        ("assessments", {"is_sample": "false"}),
        ("plans", {"country": "MLT", "me_framework": "true"}),
        ("countries", {"region": "Europe", "sort": "-name"}),
        ("organizations", {"ordering": "-slug"}),
        ("methodologies", {"ordering": "version"}),
    ],
)
def test_the_json_filters_and_ordering_apply_to_the_csv(api_client, data, name, params):
    url = f"/api/v1/{name}/"
    exported = csv_rows(api_client.get(url, {**params, "format": "csv"}))
    rows = json_rows(api_client, url, params)
    assert exported, "the filter keeps some rows"
    assert_same_rows(exported, rows)


@pytest.mark.parametrize(
    "name, query, parameter",
    [
        ("assessments", "band=shiny", "band"),
        ("plans", "country=N0R", "country"),
        ("countries", "region=Atlantis", "region"),
    ],
)
def test_a_bad_filter_answers_a_json_400_naming_it_even_for_a_csv(
    api_client, name, query, parameter
):
    response = api_client.get(f"/api/v1/{name}/?{query}&format=csv")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [parameter]
    by_header = api_client.get(f"/api/v1/{name}/?{query}", HTTP_ACCEPT="text/csv")
    assert by_header.status_code == 400
    assert list(by_header.json()) == [parameter]


@pytest.mark.parametrize("query", ["page=2", "page_size=10", "page=1&page_size=250"])
def test_an_export_is_the_whole_list_so_page_parameters_answer_a_json_400(api_client, query):
    response = api_client.get(f"/api/v1/countries/?{query}&format=csv")
    assert response.status_code == 400
    assert set(response.json()) == {part.split("=")[0] for part in query.split("&")}


def test_a_detail_has_no_csv(api_client, data):
    response = api_client.get("/api/v1/countries/NOR/?format=csv")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_drafts_and_unpublished_plans_never_reach_an_anonymous_csv(api_client, data):
    assessments = csv_rows(api_client.get("/api/v1/assessments/?format=csv"))
    assert {row["status"] for row in assessments} == {"validated"}
    assert ("NOR", "2021") not in {(row["country"], row["year"]) for row in assessments}
    plans = csv_rows(api_client.get("/api/v1/plans/?format=csv&country=MLT"))
    assert [row["key"] for row in plans] == ["1"]
    assert {row["is_published"] for row in plans} == {"true"}


def test_a_members_csv_has_their_organizations_draft_as_their_json_does(api_client, data, editor):
    api_client.force_authenticate(editor)
    response = api_client.get("/api/v1/assessments/?format=csv")
    assert "private" in response["Cache-Control"]
    exported = csv_rows(response)
    assert ("NOR", "2021", "draft") in {(r["country"], r["year"], r["status"]) for r in exported}
    assert_same_rows(exported, json_rows(api_client, "/api/v1/assessments/"))


def test_sample_rows_stay_labelled_in_the_csv(api_client, data):
    rows = csv_rows(api_client.get("/api/v1/assessments/?format=csv"))
    assert {(row["country"], row["is_sample"]) for row in rows} == {
        ("NOR", "false"),
        ("SEN", "true"),
    }
    senegal = next(row for row in csv_rows(api_client.get("/api/v1/countries/?format=csv&q=SEN")))
    assert senegal["latest_assessment.is_sample"] == "true"


def test_formula_like_text_gets_a_leading_apostrophe_in_the_csv(api_client, data):
    row = csv_rows(api_client.get("/api/v1/plans/?format=csv&country=MLT"))[0]
    assert row["title"] == '\'=HYPERLINK("https://evil.example","click")'
    assert row["lead_ministry"] == "'+1 ministry"
    assert row["notes"] == "'@SUM(A1) and a line\nbreak, a comma and “quotes”"
    assert row["budget_amount"] == "1500000.50"  # numbers are not text: never prefixed
    assert json.loads(row["documents"])[0]["url"] == "https://example.org/mlt-1.pdf"


def test_lists_are_json_cells_and_an_empty_list_is_brackets(api_client, data, organization):
    rows = {r["slug"]: r for r in csv_rows(api_client.get("/api/v1/organizations/?format=csv"))}
    assert json.loads(rows["owning-org"]["countries"]) == ["NOR"]
    assert json.loads(rows["other-org"]["countries"]) == ["SEN"]
    OrganizationFactory(slug="lonely", name="Lonely")
    rows = {r["slug"]: r for r in csv_rows(api_client.get("/api/v1/organizations/?format=csv"))}
    assert rows["lonely"]["countries"] == "[]"
    assert rows["lonely"]["base_country"] == ""


def test_the_csv_and_the_json_carry_the_same_headers_but_the_csv_no_validators(api_client, data):
    response = api_client.get("/api/v1/plans/?format=csv")
    assert response.streaming
    assert "Content-Length" not in response
    assert "ETag" not in response and "Last-Modified" not in response
    assert response["Cache-Control"] == "no-cache"
    assert {"Accept", "Accept-Language", "Cookie", "Authorization"} <= {
        part.strip() for part in response["Vary"].split(",")
    }


def test_the_json_and_the_browsable_api_still_answer_beside_the_csv(api_client, data):
    assert api_client.get("/api/v1/plans/")["Content-Type"] == "application/json"
    page = api_client.get("/api/v1/plans/?country=MLT", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert b"Make a GET request" in page.content and b"Plan text" in page.content


def test_a_long_csv_is_sent_in_several_pieces(api_client, data, monkeypatch):
    monkeypatch.setattr(exports, "STREAM_BUFFER", 4096)
    response = api_client.get("/api/v1/countries/?format=csv")
    pieces = list(response.streaming_content)
    assert len(pieces) > 1
    rows = list(csv.DictReader(io.StringIO(b"".join(pieces).decode(), newline="")))
    assert len(rows) == Country.objects.count()


# --- Query counts: the same however many rows -------------------------------------------


def grow(name: str, many: bool):
    """More rows for ``name``'s list (none when not ``many``)."""
    count = 12 if many else 1
    if name in ("assessments", "countries", "values", "scores"):
        for n in range(count):
            org = OrganizationFactory(slug=f"many-{n}", name=f"Many {n}")
            country = Country.objects.order_by("iso3")[n]
            scored_assessment(organization=org, year=2001 + n, country=country)
    elif name == "organizations":
        for n in range(count):
            org = OrganizationFactory(slug=f"many-{n}", name=f"Many {n}")
            CoverageFactory(organization=org)
    elif name == "methodologies":
        for n in range(count):
            Methodology.objects.create(version=f"0.{n}", published_on="2010-01-01")
    elif name == "plans":
        for n in range(count):
            plan = PlanFactory(country=Country.objects.order_by("iso3")[n], generation=9)
            PlanDocument.objects.create(
                plan=plan, kind=PlanDocument.Kind.PLAN_TEXT, url="https://example.org/p.pdf"
            )


# Rows (one query: annotations, select_related) plus one per prefetch (per chunk of rows).
QUERIES = {
    "countries": 1,
    "plans": 2,  # plans with country and lineage, documents
    "indicators": 1,
    "methodologies": 1,
    "organizations": 2,  # organizations, coverage
    # assessments with country, organization, plan, score; their right of reply (decision 99)
    "assessments": 2,
    "values": 1,  # values with their assessment, its country and organization, indicator
    "scores": 2,  # assessments with their score, the indicators (once)
}


@pytest.mark.parametrize("many", [False, True])
@pytest.mark.parametrize("name", LISTS)
def test_a_csv_export_takes_the_same_queries_however_many_rows(
    api_client, organization, name, many, django_assert_num_queries, memory_cache
):
    grow(name, many)
    with django_assert_num_queries(QUERIES[name]):
        response = api_client.get(f"/api/v1/{name}/?format=csv")
        body = content(response)
    assert response.status_code == 200
    assert body.count(b"\r\n") >= 2


@pytest.mark.parametrize("many", [False, True])
def test_an_xlsx_export_takes_two_queries_however_many_rows(
    api_client, organization, many, django_assert_num_queries, memory_cache
):
    grow("assessments", many)
    with django_assert_num_queries(2):  # the rows; their right of reply (decision 99)
        response = api_client.get("/api/v1/assessments/?format=xlsx")
        body = content(response)
    sheet = load_workbook(io.BytesIO(body), read_only=True)["assessments"]
    assert len(list(sheet.iter_rows())) == 1 + Assessment.objects.published().count()


# --- XLSX ---------------------------------------------------------------------------------


def xlsx_rows(response) -> tuple[list, list[list]]:
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(content(response)))
    assert workbook.sheetnames == ["assessments"]
    sheet = workbook["assessments"]
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    return rows[0], rows[1:]


def test_the_assessment_xlsx_reads_back_to_the_json_rows_with_typed_cells(api_client, data):
    response = api_client.get("/api/v1/assessments/?format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="nap_tracker-assessments.xlsx"'
    header, body = xlsx_rows(response)
    names = [cell.value for cell in header]
    assert names == list(csv_rows(api_client.get("/api/v1/assessments/?format=csv"))[0])
    assert all(cell.font.b for cell in header)
    rows = json_rows(api_client, "/api/v1/assessments/")
    assert len(body) == len(rows)
    for cells, row in zip(body, rows, strict=True):
        for name, cell in zip(names, cells, strict=True):
            expected = at(row, name)
            if isinstance(expected, list | dict):
                expected = json.dumps(expected, ensure_ascii=False, separators=(",", ":"))
            assert cell.value == (expected if expected != "" else None), name
    year, overall, sample = (names.index(n) for n in ("year", "overall", "is_sample"))
    assert body[0][year].data_type == "n" and isinstance(body[0][year].value, int)
    assert body[0][overall].data_type == "n" and body[0][overall].value == rows[0]["overall"]
    assert body[0][sample].data_type == "b"


def test_formula_like_text_is_stored_as_text_in_the_xlsx_value_unchanged(api_client, data):
    OrganizationFactory(slug="-sum", name="Leading dash")
    scored_assessment(
        organization=OrganizationFactory(slug="-sum"),
        year=2018,
        country=Country.objects.get(iso3="MLT"),
    )
    header, body = xlsx_rows(api_client.get("/api/v1/assessments/?format=xlsx&country=MLT"))
    cell = body[0][[c.value for c in header].index("organization")]
    assert cell.value == "-sum"
    assert cell.data_type == "s"  # text, never a formula
    row = csv_rows(api_client.get("/api/v1/assessments/?format=csv&country=MLT"))[0]
    assert row["organization"] == "'-sum"


def test_only_the_assessment_value_and_score_lists_offer_xlsx(api_client, data):
    assert api_client.get("/api/v1/plans/?format=xlsx").status_code == 404
    response = api_client.get("/api/v1/assessments/?format=xlsx&band=shiny")
    assert response.status_code == 400
    assert list(response.json()) == ["band"]


def test_the_xlsx_of_an_editor_includes_their_draft(api_client, data, editor):
    api_client.force_authenticate(editor)
    header, body = xlsx_rows(api_client.get("/api/v1/assessments/?format=xlsx"))
    status = [c.value for c in header].index("status")
    assert "draft" in {cells[status].value for cells in body}
    assert len(body) == Assessment.objects.visible_to(editor).count()


def test_an_unpublished_plan_is_not_in_the_plan_csv_but_an_admin_sees_it(
    api_client, data, admin_user
):
    api_client.force_authenticate(admin_user)
    plans = csv_rows(api_client.get("/api/v1/plans/?format=csv&country=MLT"))
    assert [(row["key"], row["is_published"]) for row in plans] == [("1", "true"), ("2", "false")]
    assert NationalActionPlan.objects.filter(country_id="MLT").count() == 2
