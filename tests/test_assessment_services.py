"""The one write path for assessments: create, save values as sets, and the workflow."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators import scoring
from indicators.models import Assessment, IndicatorValue
from indicators.services import (
    AssessmentConflict,
    ValueData,
    assessment_create,
    assessment_reopen,
    assessment_return,
    assessment_submit,
    assessment_validate,
    assessment_values_save,
    assessment_warnings,
)
from indicators.worked_example import WORKED_EXAMPLE
from organizations.models import Membership
from plans.models import Country
from tests.factories import AssessmentFactory, MembershipFactory, PlanFactory

pytestmark = pytest.mark.django_db


def as_sets(indicators: dict) -> dict[str, list[ValueData]]:
    sets = {}
    for code, entry in indicators.items():
        if isinstance(entry, list):  # already a set of ValueData (e.g. [] to clear it)
            sets[code] = entry
        elif entry.get("not_applicable"):
            sets[code] = [ValueData(not_applicable=True, not_applicable_reason=entry["reason"])]
        else:
            sets[code] = [ValueData(component=k, inputs=v) for k, v in entry["components"].items()]
    return sets


def snapshot() -> tuple:
    return (
        list(Assessment.objects.order_by("pk").values()),
        list(IndicatorValue.objects.order_by("pk").values()),
    )


@pytest.fixture
def draft(organization, editor):
    return assessment_create(
        actor=editor, organization=organization, country=Country.objects.get(pk="NOR"), year=2024
    )


def save(draft, editor, indicators, version=None):
    return assessment_values_save(
        assessment=draft, values=as_sets(indicators), actor=editor, expected_version=version
    )


@pytest.mark.usefixtures("norway_without_sourced_plans")
def test_create_links_the_plan_in_force_and_records_the_actor(organization, editor):
    plan = PlanFactory(generation=2, period_start=2022, period_end=None)
    norway = Country.objects.get(pk="NOR")
    made = assessment_create(actor=editor, organization=organization, country=norway, year=2024)
    assert (made.plan, made.status, made.created_by) == (plan, "draft", editor)
    assert made.history.first().history_user == editor


def test_create_is_refused_to_people_who_may_not_enter_data_and_writes_nothing(
    organization, reviewer, other_editor
):
    norway, sweden = Country.objects.get(pk="NOR"), Country.objects.get(pk="SWE")
    for actor, country in ((reviewer, norway), (other_editor, norway)):
        with pytest.raises(PermissionDenied):
            assessment_create(actor=actor, organization=organization, country=country, year=2024)
    editor = MembershipFactory(organization=organization).user
    with pytest.raises(PermissionDenied):
        assessment_create(actor=editor, organization=organization, country=sweden, year=2024)
    assert not Assessment.objects.exists()


def test_a_second_assessment_of_the_same_country_year_and_organization_is_refused(
    draft, editor, organization
):
    with pytest.raises(ValidationError) as exc:
        assessment_create(actor=editor, organization=organization, country=draft.country, year=2024)
    assert "This organization already has an assessment of this country for this year." in (
        exc.value.messages
    )


def test_the_worked_example_saved_scores_as_the_scoring_module_does(draft, editor):
    saved = save(draft, editor, WORKED_EXAMPLE["indicators"])
    expected = scoring.score(scoring.parse_payload(WORKED_EXAMPLE)[1])
    assert saved.score.overall == expected.overall.score == Decimal("47.0")
    assert saved.score.band == "low"
    assert saved.score.indicator_scores == expected.as_dict()["indicators"]


def test_one_save_switches_an_indicator_to_not_applicable_and_clears_its_components(draft, editor):
    save(draft, editor, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    save(draft, editor, {"WC04": {"not_applicable": True, "reason": "No deployment."}})
    value = draft.values.get()
    assert (value.not_applicable, value.not_applicable_reason) == (True, "No deployment.")


@pytest.mark.parametrize(
    ("sets", "key", "message"),
    [
        (
            {"WC04": [ValueData(component="peacekeepers", inputs={"women": -1, "men": 5})]},
            "WC04.0.inputs.women",
            "women must be a whole number ≥ 0 (got -1).",
        ),
        (
            {
                "WC05": [
                    ValueData(
                        component="task_force_seats", inputs={"numerator": 5, "denominator": 4}
                    )
                ]
            },
            "WC05.0.inputs.numerator",
            "numerator (5) must not be greater than denominator (4).",
        ),
        (
            {"WC10": [ValueData(component="dissemination", inputs={"level": 5})]},
            "WC10.0.inputs.level",
            "level must be a whole number from 0 to 4 (got 5).",
        ),
        (
            {
                "WC11": [
                    ValueData(
                        component="funding",
                        inputs={"allocated": 1, "disbursed": 1, "currency": "usd"},
                    )
                ]
            },
            "WC11.0.inputs.currency",
            'currency must be a three-letter ISO 4217 code in capitals, such as USD (got "usd").',
        ),
        (
            {"WC01": [ValueData(not_applicable=True, not_applicable_reason="none")]},
            "WC01.0.not_applicable",
            "WC01 cannot be marked not applicable.",
        ),
        (
            {"WC04": [ValueData(component="peacekeepers", inputs={"women": 1})]},
            "WC04.0.inputs.men",
            "men is required.",
        ),
        (
            {
                "WC04": [
                    ValueData(
                        component="peacekeepers", inputs={"women": 1, "men": 1}, level="local"
                    )
                ]
            },
            "WC04.0.locality",
            "A local value needs its locality.",
        ),
        (
            {
                "WC04": [
                    ValueData(component="peacekeepers", inputs={"women": 1, "men": 1}),
                    ValueData(component="peacekeepers", inputs={"women": 2, "men": 1}),
                ]
            },
            "WC04.1.locality",
            "peacekeepers already has a value at this level and locality.",
        ),
        (
            {
                "WC04": [
                    ValueData(not_applicable=True, not_applicable_reason="none"),
                    ValueData(component="peacekeepers", inputs={"women": 1, "men": 1}),
                ]
            },
            "WC04.not_applicable",
            "WC04 is marked not applicable and also has national values: untick 'not "
            "applicable' or clear its national values.",
        ),
    ],
    ids=[
        "negative",
        "ratio",
        "level",
        "currency",
        "na-forbidden",
        "missing",
        "locality",
        "duplicate",
        "na-beside",
    ],
)
def test_invalid_values_are_named_by_key_and_nothing_is_written(draft, editor, sets, key, message):
    save(draft, editor, {"WC06": WORKED_EXAMPLE["indicators"]["WC06"]})
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        assessment_values_save(assessment=draft, values=sets, actor=editor, expected_version=None)
    assert message in exc.value.message_dict[key]
    assert snapshot() == before


def test_a_stale_version_is_a_conflict_and_changes_nothing(draft, editor):
    version = draft.version
    save(draft, editor, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]}, version)
    before = snapshot()
    with pytest.raises(AssessmentConflict):
        save(
            draft,
            editor,
            {"WC04": {"components": {"peacekeepers": {"women": 1, "men": 1}}}},
            version,
        )
    assert snapshot() == before


def test_unnamed_indicators_keep_their_values_and_an_empty_set_clears_one(draft, editor):
    save(draft, editor, {k: WORKED_EXAMPLE["indicators"][k] for k in ("WC04", "WC09")})
    assessment_values_save(
        assessment=draft, values={"WC04": []}, actor=editor, expected_version=None
    )
    assert [v.indicator.code for v in draft.values.select_related("indicator")] == ["WC09"]


def test_unchanged_rows_are_not_rewritten_and_a_changed_row_shows_old_to_new(draft, editor):
    save(draft, editor, {k: WORKED_EXAMPLE["indicators"][k] for k in ("WC04", "WC09")})
    rows_before = IndicatorValue.history.count()
    save(draft, editor, {"WC04": {"components": {"peacekeepers": {"women": 20, "men": 80}}}})
    assert IndicatorValue.history.count() == rows_before + 1
    latest = draft.values.get(component="peacekeepers").history.first()
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("inputs", {"women": 14, "men": 86}, {"women": 20, "men": 80})
    ]
    assert latest.history_user == editor


def test_the_whole_workflow_with_four_eyes_reasons_and_publication(
    draft, editor, reviewer, organization
):
    with pytest.raises(ValidationError, match="Enter at least one indicator"):
        assessment_submit(assessment=draft, actor=editor)
    save(draft, editor, WORKED_EXAMPLE["indicators"])
    # The worked example's parliament (34.3% women) is over ten points from Norway's
    # WPS Index figure (44.4%): the editor confirms the warning.
    submitted = assessment_submit(assessment=draft, actor=editor, confirm_warnings=True)
    assert (submitted.status, submitted.submitted_by) == ("submitted", editor)
    assert submitted.history.first().history_change_reason == "Submitted for validation"
    with pytest.raises(ValidationError, match="read-only"):
        save(draft, editor, {"WC04": []})
    with pytest.raises(PermissionDenied):
        assessment_validate(assessment=draft, actor=editor)
    with pytest.raises(ValidationError) as exc:
        assessment_return(assessment=draft, actor=reviewer, reason="   ")
    assert exc.value.message_dict["reason"]
    returned = assessment_return(assessment=draft, actor=reviewer, reason="Cite WC09.")
    assert (returned.status, returned.return_reason) == ("returned", "Cite WC09.")
    assert returned.history.first().history_change_reason == "Returned: Cite WC09."
    assert save(draft, editor, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]}).status == "draft"
    assessment_submit(assessment=draft, actor=editor, confirm_warnings=True)
    validated = assessment_validate(assessment=draft, actor=reviewer)
    assert Assessment.objects.published().filter(pk=draft.pk).exists()
    assert validated.score.overall == Decimal("47.0")
    reopened = assessment_reopen(assessment=draft, actor=reviewer, reason="Budget revised.")
    assert reopened.status == "returned"
    assert not Assessment.objects.published().filter(pk=draft.pk).exists()


def test_an_organization_admin_who_submitted_cannot_review_it(draft, editor, organization):
    org_admin = MembershipFactory(organization=organization, role=Membership.Role.ORG_ADMIN).user
    save(draft, editor, WORKED_EXAMPLE["indicators"])
    assessment_submit(assessment=draft, actor=org_admin, confirm_warnings=True)
    before = snapshot()
    for act in (
        lambda: assessment_validate(assessment=draft, actor=org_admin),
        lambda: assessment_return(assessment=draft, actor=org_admin, reason="mine"),
    ):
        with pytest.raises(ValidationError) as exc:
            act()
        assert exc.value.code == "four_eyes"
    assert snapshot() == before


def test_another_organizations_reviewer_cannot_validate(draft, editor, other_organization):
    other_reviewer = MembershipFactory(
        organization=other_organization, role=Membership.Role.REVIEWER
    ).user
    save(draft, editor, WORKED_EXAMPLE["indicators"])
    assessment_submit(assessment=draft, actor=editor, confirm_warnings=True)
    with pytest.raises(PermissionDenied):
        assessment_validate(assessment=draft, actor=other_reviewer)


def test_a_consistency_warning_must_be_confirmed_before_submitting(draft, editor):
    indicators = dict(WORKED_EXAMPLE["indicators"])
    indicators["WC11"] = {"components": {"funding": {"allocated": 0, "disbursed": 0}}}
    save(draft, editor, indicators)
    with pytest.raises(ValidationError) as exc:
        assessment_submit(assessment=draft, actor=editor)
    assert "confirm_warnings" in exc.value.message_dict
    codes = [w.codes for w in assessment_warnings(assessment=draft)]
    assert codes == [("WC06", "WC11"), ("WC01",)]
    assert assessment_submit(assessment=draft, actor=editor, confirm_warnings=True).status == (
        "submitted"
    )


def test_another_organizations_editor_cannot_save_values(draft, other_editor):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        save(draft, other_editor, {"WC04": WORKED_EXAMPLE["indicators"]["WC04"]})
    assert snapshot() == before


def test_a_validated_assessment_refuses_values(organization, editor):
    validated = AssessmentFactory(organization=organization, year=2020)
    with pytest.raises(ValidationError) as exc:
        save(validated, editor, {"WC04": []})
    assert exc.value.code == "read_only"
