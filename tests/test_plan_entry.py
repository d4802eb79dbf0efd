"""Editors enter national action plans and their documents for the countries they cover."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import NationalActionPlan, PlanDocument
from plans.services import plan_create, plan_update
from tests.factories import PlanFactory
from tests.html import form_data, soup

# Norway starts without its sourced plans: these tests create the plans they edit.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("norway_without_sourced_plans")]

NEW = "/entry/plans/NOR/new/"
PDF = b"%PDF-1.7\n% a tiny test document\n"


def text(page) -> str:
    return " ".join(page.get_text(" ").split())


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def plan(db):
    return PlanFactory(generation=1, period_start=2015, period_end=2019)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def plan_rows() -> list:
    return list(NationalActionPlan.objects.order_by("pk").values())


def typed_plan(client, url=NEW, **typed) -> dict:
    data = form_data(client.get(url), "main form.entry")
    data.update(
        {
            "generation": "3",
            "title": "Third National Action Plan on Women, Peace and Security",
            "adopted_on": "2023-03-08",
            "adopted_on_precision": "day",
            "adopted_year": "2023",
            "period_start": "2023",
            "period_end": "2030",
            "status": "in_force",
            "lead_ministry": "Ministry of Foreign Affairs",
            "lead_category": "foreign_affairs",
            "budget": "earmarked",
            "budget_amount": "1500000",
            "budget_currency": "NOK",
            "me_framework": "true",
            "me_targets": "false",
            "cso_role_monitoring": "true",
            "scope": "national",
            "source_url": "https://example.org/nap-3",
            "notes": "Entered from the government's announcement.",
        }
    )
    data.update(typed)
    return data


def test_editor_creates_a_plan_with_every_field_and_the_history_names_her(editor_client, editor):
    response = editor_client.post(NEW, typed_plan(editor_client))
    assert response.status_code == 302
    assert response["Location"] == "/entry/plans/NOR/3/"
    plan = NationalActionPlan.objects.get(country_id="NOR", generation=3)
    assert (plan.period_start, plan.period_end, plan.budget_currency) == (2023, 2030, "NOK")
    assert (plan.me_framework, plan.me_targets, plan.me_baseline) == (True, False, None)
    assert plan.is_published and not plan.is_sample
    assert plan.history.get().history_user == editor
    page = soup(editor_client.get("/entry/plans/NOR/3/"))
    assert "Plan created: NAP 3." in text(page)
    assert page.select_one("#id_lead_ministry")["value"] == "Ministry of Foreign Affairs"


def test_editor_edits_a_plan_and_the_page_shows_old_to_new(editor_client, plan, editor):
    url = "/entry/plans/NOR/1/"
    data = form_data(editor_client.get(url), "main form.entry")
    data["lead_ministry"] = "Ministry of Defence"
    assert editor_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.lead_ministry == "Ministry of Defence"
    rows = [text(tr) for tr in soup(editor_client.get(url)).select("table.history tbody tr")]
    assert "lead_ministry : — → Ministry of Defence" in rows[0]
    assert editor.username in rows[0]


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"period_end": "2020"}, None, "The period cannot end before it starts."),
        ({"budget_currency": "kr"}, "budget_currency", "ISO 4217 code, e.g. USD."),
        ({"source_url": ""}, "source_url", "This field is required."),
        ({"generation": "0"}, "generation", "Ensure this value is greater than or equal to 1."),
    ],
    ids=["period", "currency", "source", "generation"],
)
def test_bad_plan_input_is_named_everything_typed_is_kept_and_nothing_saved(
    editor_client, typed, field, message
):
    before = plan_rows()
    data = typed_plan(editor_client, **typed)
    page = soup(editor_client.post(NEW, data))
    if field:
        assert message in page.select_one(f"#id_{field}_error").text
    else:
        assert message in text(page.select_one("#error-summary"))
    assert page.select_one("#id_title")["value"] == data["title"]
    assert plan_rows() == before


def test_a_plan_cannot_supersede_another_countrys_plan(editor_client, plan):
    other = NationalActionPlan.objects.get(country_id="DNK", generation=1)
    page = soup(editor_client.post(NEW, typed_plan(editor_client, supersedes=str(other.pk))))
    assert "Select a valid choice." in page.select_one("#id_supersedes_error").text
    options = [o["value"] for o in page.select("#id_supersedes option") if o["value"]]
    assert options == [str(plan.pk)]


def test_uploading_a_pdf_stores_it_and_shows_its_sha256(editor_client, plan, media):
    url = "/entry/plans/NOR/1/documents/new/"
    data = form_data(editor_client.get(url), "main form")
    data.update({"title": "Plan text", "file": SimpleUploadedFile("nap.pdf", PDF)})
    response = editor_client.post(url, data)
    assert response["Location"] == "/entry/plans/NOR/1/"
    document = PlanDocument.objects.get()
    digest = hashlib.sha256(PDF).hexdigest()
    assert document.sha256 == digest
    page = soup(editor_client.get("/entry/plans/NOR/1/"))
    assert page.select_one("code.hash").text == digest
    assert f"Document added. SHA-256 {digest}." in text(page)


def test_a_document_by_url_needs_no_file(editor_client, plan):
    url = "/entry/plans/NOR/1/documents/new/"
    data = {**form_data(editor_client.get(url), "main form"), "url": "https://example.org/nap"}
    assert editor_client.post(url, data).status_code == 302
    assert PlanDocument.objects.get().url == "https://example.org/nap"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (("notes.txt", b"hello"), "The file must be a PDF"),
        (("fake.pdf", b"<html>not a pdf</html>"), "The file must be a PDF"),
        (("big.pdf", PDF + b"0" * (1024 * 1024)), "The file is 1.0 MB; the limit is 1 MB."),
        (None, "Give the document's URL or upload its PDF."),
    ],
    ids=["text", "disguised", "too-big", "nothing"],
)
def test_a_document_that_is_not_an_acceptable_pdf_is_refused_with_the_reason(
    editor_client, plan, media, settings, upload, message
):
    settings.PLAN_DOCUMENT_MAX_MB = 1
    url = "/entry/plans/NOR/1/documents/new/"
    data = {**form_data(editor_client.get(url), "main form"), "title": "Kept title"}
    if upload:
        data["file"] = SimpleUploadedFile(*upload)
    page = soup(editor_client.post(url, data))
    assert message in text(page.select_one("#error-summary"))
    assert page.select_one("#id_title")["value"] == "Kept title"
    assert not PlanDocument.objects.exists()


@pytest.mark.parametrize("url", [NEW, "/entry/plans/NOR/1/", "/entry/plans/NOR/1/documents/new/"])
def test_people_who_may_not_edit_norways_plans_get_404_and_change_nothing(
    client, plan, other_editor, reviewer, url
):
    assert client.get(url)["Location"] == f"/accounts/login/?next={url}"
    for person in (other_editor, reviewer):
        client.force_login(person)
        before = (plan_rows(), PlanDocument.objects.count())
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "x", "source_url": "https://x.org"}).status_code == 404
        assert (plan_rows(), PlanDocument.objects.count()) == before


def test_an_editor_cannot_edit_plans_of_a_country_her_organization_does_not_cover(
    editor_client,
):
    assert editor_client.get("/entry/plans/DNK/1/").status_code == 404
    assert editor_client.get("/entry/plans/DNK/new/").status_code == 404


def test_a_site_admin_may_edit_a_plan_of_a_covered_country(client, admin_user, plan, organization):
    client.force_login(admin_user)
    assert client.get("/entry/plans/NOR/1/").status_code == 200


def test_plan_services_refuse_a_forbidden_actor(plan, other_editor, reviewer):
    with pytest.raises(PermissionDenied):
        plan_update(actor=other_editor, plan=plan, title="x")
    with pytest.raises(PermissionDenied):
        plan_create(actor=reviewer, country=plan.country, adopted_year=2024)
    with pytest.raises(TypeError, match="is_published"):
        plan_update(actor=reviewer, plan=plan, is_published=False)


@pytest.mark.parametrize("documents", [1, 10])
def test_plan_edit_page_runs_a_fixed_number_of_queries_as_documents_and_history_grow(
    editor_client, plan, editor, django_assert_num_queries, documents
):
    for n in range(documents):
        PlanDocument.objects.create(plan=plan, url=f"https://example.org/{n}")
        plan_update(actor=editor, plan=plan, notes=f"edit {n}")
    with django_assert_num_queries(7):
        editor_client.get("/entry/plans/NOR/1/")
