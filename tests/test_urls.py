"""Public URLs accept only well-formed natural keys: anything else is a 404, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/countries/%00/",
        "/countries/N%00R/",
        "/countries/NORW/",
        "/countries/%00/2021/",
        "/countries/N%00R/plans/1/",
        "/countries/NOR/plans/%C2%B2/",
        "/countries/NOR/plans/adopted-%C2%B2/",
        "/countries/NOR/plans/adopted-19/",
        "/countries/NOR/plans/period-21/",
        "/countries/NOR/plans/123/",
        "/api/v1/countries/N%00R/",
    ],
)
def test_malformed_keys_are_404(client, url):
    assert client.get(url).status_code == 404


def test_well_formed_keys_still_resolve_in_any_case(client):
    assert client.get("/countries/nld/plans/2/").status_code == 200
    assert client.get("/countries/arm/plans/adopted-2019/").status_code == 200
    assert client.get("/countries/irq/plans/period-2021/").status_code == 200


def test_a_null_character_in_an_api_search_is_refused_by_name(client):
    response = client.get("/api/v1/countries/?q=%00")
    assert response.status_code == 400
    assert response.json() == {"q": ["Null characters are not allowed."]}


def test_a_null_character_in_a_page_search_is_explained_in_the_form(client):
    response = client.get("/countries/?q=%00")
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
