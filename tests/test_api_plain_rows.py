"""The long lists build their rows as plain dicts (decision 81): the same rows as their
serializers, byte for byte, for every persona, in JSON pages and in CSV exports."""

import csv
import io

import pytest
from django.test import RequestFactory
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from indicators.api.exports import VALUE_NAMES, ValueViewSet
from indicators.api.resources import AssessmentViewSet
from indicators.api.views import CountryViewSet
from indicators.models import Assessment, Indicator, IndicatorValue
from nap_tracker import exports
from nap_tracker.rows import PageFirstPaginator
from plans.models import Country
from tests.factories import (
    AssessmentFactory,
    OrganizationFactory,
    PlanFactory,
    add_values,
    scored_assessment,
)

pytestmark = pytest.mark.django_db

Status = Assessment.Status
PERSONAS = [None, "editor", "other_editor", "reviewer", "admin_user"]
LISTS = {
    "countries": CountryViewSet,
    "assessments": AssessmentViewSet,
    "values": ValueViewSet,
}
FEW = {
    "WC01": {"components": {"cabinet": {"women": 5, "men": 15}}},
    "WC02": {"not_applicable": True, "reason": "=no formal peace process"},
}


@pytest.fixture
def data(organization, other_organization):
    """Every kind of row: scored and unscored, with and without a plan, drafts, samples,
    a value with evidence and a local value, a formula-like text."""
    plan = PlanFactory(country=Country.objects.get(iso3="SWE"), generation=None, adopted_year=2018)
    scored_assessment(FEW, organization=organization, year=2020)
    scored_assessment(FEW, organization=organization, year=2021, status=Status.DRAFT)
    scored_assessment(
        FEW, organization=other_organization, year=2019, country=plan.country, plan=plan
    )
    sample = OrganizationFactory(slug="-sample-org", name="Sample", is_sample=True)
    unscored = AssessmentFactory(
        organization=sample, year=2018, country=Country.objects.get(iso3="SEN"), is_sample=True
    )
    add_values(unscored, FEW)
    IndicatorValue.objects.create(
        assessment=unscored,
        indicator=Indicator.objects.get(code="WC01"),
        component="local_government",
        level=IndicatorValue.Level.LOCAL,
        locality="Dakar",
        inputs={"women": 30, "men": 29, "note": "é"},
        data_year=2017,
        source_url="https://example.org/société/dakar",  # an IRI: answered as a URI
        source_page="p. 3",
        source_quote='"Quoted", with a comma',
        notes="+1 line\nbreak",
    )
    AssessmentFactory(
        organization=other_organization, year=2017, status=Status.SUBMITTED, validated_at=None
    )


def drf_request(user, path):
    django_request = RequestFactory().get(path)
    django_request.user = user
    request = Request(django_request)
    request.user = user
    return request


def list_view(viewset, user, path):
    return viewset(request=drf_request(user, path), action="list", kwargs={}, format_kwarg=None)


def serializer_rows(viewset, user, path):
    """What the view's serializer makes of the view's filtered queryset."""
    view = list_view(viewset, user, path)
    queryset = view.filter_queryset(view.get_queryset())
    return view.get_serializer(queryset, many=True).data


def user_of(request, persona):
    from django.contrib.auth.models import AnonymousUser

    return request.getfixturevalue(persona) if persona else AnonymousUser()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", LISTS)
def test_a_lists_json_rows_are_its_serializers_rows_byte_for_byte(
    api_client, request, data, persona, name
):
    user = user_of(request, persona)
    if persona:
        api_client.force_authenticate(user)
    path = f"/api/v1/{name}/?page_size=250"
    response = api_client.get(path)
    assert response.status_code == 200
    results = response.json()["results"]
    expected = JSONRenderer().render(serializer_rows(LISTS[name], user, path))
    assert results  # every list has rows for every persona here
    assert JSONRenderer().render(results) == expected


@pytest.mark.parametrize("persona", [None, "editor", "admin_user"])
@pytest.mark.parametrize("name", LISTS)
def test_a_lists_csv_export_is_its_serializers_rows_flattened(
    api_client, request, data, persona, name
):
    user = user_of(request, persona)
    if persona:
        api_client.force_authenticate(user)
    response = api_client.get(f"/api/v1/{name}/?format=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = serializer_rows(LISTS[name], user, f"/api/v1/{name}/")
    view = list_view(LISTS[name], user, f"/api/v1/{name}/")
    columns = exports.serializer_columns(view.get_serializer())
    expected = b"".join(exports.csv_chunks(columns, rows)).decode()
    assert body == expected
    assert len(list(csv.reader(io.StringIO(body)))) == len(rows) + 1


def test_the_value_rows_have_the_serializers_fields_in_its_order():
    assert list(VALUE_NAMES) == list(ValueViewSet.serializer_class.Meta.fields)


def test_a_formula_like_value_is_neutralized_in_the_values_csv(api_client, data):
    body = b"".join(api_client.get("/api/v1/values/?format=csv").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    reasons = {row["not_applicable_reason"] for row in rows if row["not_applicable"] == "true"}
    assert reasons == {"'=no formal peace process"}
    assert {row["organization"] for row in rows} >= {"'-sample-org"}
    assert next(row for row in rows if row["locality"] == "Dakar")["notes"] == "'+1 line\nbreak"


class Rows:
    """A list of numbers that counts how often it is counted."""

    def __init__(self, n):
        self.items = list(range(n))
        self.counted = 0

    def count(self):
        self.counted += 1
        return len(self.items)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        return self.items[index]


@pytest.mark.parametrize(
    "n, number, rows, counted",
    [
        (0, 1, [], 0),  # an empty list: one empty first page, nothing to count
        (3, 1, [0, 1, 2], 0),  # a short first page is the whole list
        (5, 1, [0, 1], 1),  # a full page: counted, for the next link
        (5, 3, [4], 0),  # a short page past full ones: its rows end the list
        (4, 2, [2, 3], 1),  # a full last page: counted to know it is the last
    ],
)
def test_the_page_first_paginator_counts_only_when_a_page_is_full(n, number, rows, counted):
    object_list = Rows(n)
    paginator = PageFirstPaginator(object_list, 2 if n != 3 else 5)
    page = paginator.page(number)
    assert list(page) == rows
    assert paginator.count == n
    assert object_list.counted == counted


@pytest.mark.parametrize("number", [0, "x", 4])
def test_the_page_first_paginator_refuses_pages_that_are_not_pages_of_the_list(number):
    from django.core.paginator import InvalidPage

    with pytest.raises(InvalidPage):
        PageFirstPaginator(Rows(5), 2).page(number)


def test_the_csv_writers_inlined_cells_are_csv_cell_of_every_kind_of_value():
    from decimal import Decimal

    from django.utils.translation import gettext_lazy

    values = [None, "", "text", "=1+1", "-x", "@a", "\tt", "\rr", "+", True, False, 0, -3]
    values += [1.5, Decimal("1500000.50"), {"a": [1, "é"]}, [], gettext_lazy("Country")]
    columns = [exports.Column(f"c{n}", (f"c{n}",)) for n in range(len(values))]
    row = {column.name: value for column, value in zip(columns, values, strict=True)}
    written = b"".join(exports.csv_chunks(columns, [row]))
    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow([c.name for c in columns])
    writer.writerow([exports.csv_cell(value) for value in values])
    assert written.decode() == expected.getvalue()
