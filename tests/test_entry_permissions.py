"""Persona matrix: every entry and review URL and write action, for every persona."""

import pytest
from django.test import Client

from indicators.models import Assessment, IndicatorValue
from indicators.services import assessment_submit
from indicators.worked_example import WORKED_EXAMPLE
from organizations.models import Membership
from tests.factories import AssessmentFactory, CoverageFactory, MembershipFactory, add_values

pytestmark = pytest.mark.django_db

WC04 = {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]}
YEARS = {"draft": 2020, "returned": 2021, "submitted": 2022, "validated": 2023}


def snapshot() -> tuple:
    return (
        list(Assessment.objects.order_by("pk").values()),
        list(IndicatorValue.objects.order_by("pk").values()),
        Assessment.history.count(),
        IndicatorValue.history.count(),
    )


@pytest.fixture
def rows(organization, other_organization, editor):
    CoverageFactory(organization=other_organization)  # Norway
    made = {}
    for status, year in YEARS.items():
        extra = {"return_reason": "Cite WC04."} if status == "returned" else {}
        if status == "submitted":
            extra["submitted_by"] = editor
        made[status] = AssessmentFactory(
            organization=organization, year=year, status=status, **extra
        )
        add_values(made[status], WC04)
    made["other_draft"] = AssessmentFactory(
        organization=other_organization, year=2020, status="draft"
    )
    return made


def url(assessment, action="edit") -> str:
    key = f"NOR/{assessment.year}/{assessment.organization.slug}/"
    return {
        "edit": f"/entry/assessments/{key}",
        "history": f"/entry/assessments/{key}history/",
        "review": f"/review/{key}",
        "validate": f"/review/{key}validate/",
        "return": f"/review/{key}return/",
        "reopen": f"/review/{key}reopen/",
    }[action]


def persona(name, request):
    if name == "anonymous":
        return None
    return request.getfixturevalue(name)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# (persona, row, action, expected status of GET or POST) — POSTs are write actions.
MATRIX = [
    # Anonymous: always to the sign-in page.
    *[("anonymous", "draft", a, 302) for a in ("edit", "history", "review")],
    # Another organization's editor: the owning organization's rows are 404.
    *[("other_editor", r, a, 404) for r in ("draft", "submitted") for a in ("edit", "history")],
    ("other_editor", "submitted", "review", 404),
    # The owning organization's editor.
    ("editor", "draft", "edit", 200),
    ("editor", "returned", "edit", 200),
    ("editor", "submitted", "edit", 302),  # read-only: to the scorecard
    ("editor", "validated", "edit", 302),
    ("editor", "draft", "history", 200),
    ("editor", "other_draft", "edit", 404),
    ("editor", "submitted", "review", 404),
    # The owning organization's reviewer.
    ("reviewer", "submitted", "review", 200),
    ("reviewer", "validated", "review", 200),
    ("reviewer", "draft", "review", 404),
    ("reviewer", "draft", "edit", 302),  # reviewers do not enter data
    ("reviewer", "other_draft", "history", 404),
    # Staff.
    ("admin_user", "other_draft", "edit", 200),
    ("admin_user", "submitted", "review", 200),
    ("admin_user", "draft", "history", 200),
]


@pytest.mark.parametrize(
    ("who", "row", "action", "status"), MATRIX, ids=[f"{w}-{r}-{a}" for w, r, a, _ in MATRIX]
)
def test_pages_answer_each_persona_as_the_rules_say(request, rows, who, row, action, status):
    response = client_for(persona(who, request)).get(url(rows[row], action))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    if status == 404:
        assert b"Norway" not in response.content


FORBIDDEN_WRITES = [
    ("anonymous", "draft", "edit", 302),
    ("anonymous", "submitted", "validate", 302),
    ("other_editor", "draft", "edit", 404),
    ("other_editor", "submitted", "validate", 404),
    ("other_editor", "submitted", "return", 404),
    ("editor", "submitted", "edit", 302),
    ("editor", "submitted", "validate", 404),
    ("editor", "validated", "reopen", 404),
    ("reviewer", "draft", "edit", 302),
    ("reviewer", "draft", "validate", 404),
    ("reviewer", "submitted", "return", 400),  # no reason given
]


@pytest.mark.parametrize(
    ("who", "row", "action", "status"),
    FORBIDDEN_WRITES,
    ids=[f"{w}-{r}-{a}" for w, r, a, _ in FORBIDDEN_WRITES],
)
def test_forbidden_writes_change_nothing(request, rows, who, row, action, status):
    before = snapshot()
    data = {"WC04-peacekeepers-0-women": "99", "WC04-peacekeepers-0-men": "1", "action": "save"}
    response = client_for(persona(who, request)).post(url(rows[row], action), data)
    assert response.status_code == status
    assert snapshot() == before


def test_the_submitter_cannot_validate_or_return_even_as_organization_admin(organization, rows):
    org_admin = MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user
    draft = rows["draft"]
    assessment_submit(assessment=draft, actor=org_admin)
    before = snapshot()
    client = client_for(org_admin)
    for action, data in (("validate", {}), ("return", {"reason": "mine"})):
        response = client.post(url(draft, action), data)
        assert response.status_code == 400
        assert "must validate or return it (four eyes)" in response.content.decode()
    assert snapshot() == before


def test_admin_and_reviewer_may_validate(rows, reviewer):
    response = client_for(reviewer).post(url(rows["submitted"], "validate"))
    assert response.status_code == 302
    rows["submitted"].refresh_from_db()
    assert rows["submitted"].status == "validated"


@pytest.mark.parametrize("action", ["edit", "validate", "return", "reopen", "new"])
def test_every_form_refuses_a_post_without_its_csrf_token(rows, editor, reviewer, action):
    user = editor if action in ("edit", "new") else reviewer
    row = rows["validated"] if action == "reopen" else rows["submitted"]
    if action == "edit":
        row = rows["draft"]
    target = "/entry/assessments/new/" if action == "new" else url(row, action)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = snapshot()
    assert client.post(target, {"reason": "x", "year": "2024"}).status_code == 403
    assert snapshot() == before
