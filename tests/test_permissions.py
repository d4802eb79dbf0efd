"""Who sees and who may edit which assessment: the rules live once, in the QuerySets."""

import pytest

from indicators.models import Assessment
from organizations.models import Organization
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(organization, other_organization):
    return {
        "draft": AssessmentFactory(organization=organization, year=2020, status="draft"),
        "returned": AssessmentFactory(
            organization=organization, year=2021, status="returned", return_reason="Sources?"
        ),
        "submitted": AssessmentFactory(organization=organization, year=2022, status="submitted"),
        "validated": AssessmentFactory(organization=organization, year=2023),
        "other_draft": AssessmentFactory(
            organization=other_organization, year=2020, status="draft"
        ),
        # Owning organization, but a country it does not cover.
        "uncovered_draft": AssessmentFactory(
            organization=organization, year=2019, status="draft", country_id="SWE"
        ),
    }


def names(queryset, rows) -> set[str]:
    ids = set(queryset.values_list("pk", flat=True))
    return {name for name, row in rows.items() if row.pk in ids}


def test_anonymous_sees_only_validated_assessments(rows):
    from django.contrib.auth.models import AnonymousUser

    assert names(Assessment.objects.visible_to(AnonymousUser()), rows) == {"validated"}
    assert names(Assessment.objects.editable_by(AnonymousUser()), rows) == set()


def test_editor_sees_their_organizations_rows_and_edits_drafts_of_covered_countries(rows, editor):
    assert names(Assessment.objects.visible_to(editor), rows) == {
        "draft",
        "returned",
        "submitted",
        "validated",
        "uncovered_draft",
    }
    assert names(Assessment.objects.editable_by(editor), rows) == {"draft", "returned"}


def test_editor_of_another_organization_sees_only_published_rows_and_its_own(rows, other_editor):
    assert names(Assessment.objects.visible_to(other_editor), rows) == {
        "validated",
        "other_draft",
    }
    assert names(Assessment.objects.editable_by(other_editor), rows) == set()  # no coverage


def test_reviewer_sees_their_organizations_rows_but_edits_none(rows, reviewer):
    assert "submitted" in names(Assessment.objects.visible_to(reviewer), rows)
    assert names(Assessment.objects.editable_by(reviewer), rows) == set()


def test_admin_sees_everything_and_enters_data_only_in_drafts_and_returned_rows(rows, admin_user):
    assert names(Assessment.objects.visible_to(admin_user), rows) == set(rows)
    assert names(Assessment.objects.editable_by(admin_user), rows) == {
        "draft",
        "returned",
        "other_draft",
        "uncovered_draft",
    }
    assert names(Assessment.objects.reviewable_by(admin_user), rows) == {
        "submitted",
        "validated",
    }


def test_reviewer_reviews_their_organizations_submitted_and_validated_rows(
    rows, reviewer, editor, other_editor
):
    assert names(Assessment.objects.reviewable_by(reviewer), rows) == {"submitted", "validated"}
    assert names(Assessment.objects.reviewable_by(editor), rows) == set()
    assert names(Assessment.objects.reviewable_by(other_editor), rows) == set()


def test_organizations_of_a_user_can_be_narrowed_by_role(editor, reviewer, organization):
    from django.contrib.auth.models import AnonymousUser

    assert list(Organization.objects.of_user(editor)) == [organization]
    assert list(Organization.objects.of_user(editor, roles=["reviewer"])) == []
    assert list(Organization.objects.of_user(reviewer, roles=["reviewer"])) == [organization]
    assert list(Organization.objects.of_user(AnonymousUser())) == []
