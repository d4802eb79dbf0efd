"""Scoring snapshots, the rescore and seed_demo commands, and model validation."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from indicators import published_data, right_of_reply, scoring
from indicators.models import Assessment, AssessmentScore, Indicator, IndicatorValue, Methodology
from indicators.services import assessment_compute, assessment_rescore, values_to_inputs
from organizations.models import Membership, Organization, User
from plans.models import NationalActionPlan
from tests.factories import WORKED_EXAMPLE, AssessmentFactory, PlanFactory, scored_assessment

pytestmark = pytest.mark.django_db


def test_rescoring_stores_the_worked_example_with_its_methodology(organization):
    assessment = scored_assessment(organization=organization, year=2021)
    score = AssessmentScore.objects.get(assessment=assessment)
    assert score.methodology.version == "1.0"
    assert (score.overall, score.arithmetic_mean, score.band, score.overall_status) == (
        Decimal("47.0"),
        Decimal("47.5"),
        "low",
        "scored",
    )
    assert (score.participation, score.prevention_protection, score.promotion) == (
        Decimal("40.9"),
        Decimal("44.1"),
        Decimal("57.5"),
    )
    assert score.indicator_scores["WC02"] == {
        **score.indicator_scores["WC02"],
        "score": None,
        "status": "not_applicable",
    }
    assert score.indicator_scores["WC01"]["score"] == 59.5


def test_stored_scores_equal_recomputed_scores_after_the_rescore_command(organization):
    for year in (2019, 2020, 2021):
        scored_assessment(organization=organization, year=year)
    AssessmentScore.objects.update(overall=Decimal("1.0"))  # stale snapshots
    err = io.StringIO()
    out = io.StringIO()
    call_command("rescore", stdout=out, stderr=err)
    assert "Rescored 3 assessments." in out.getvalue()
    assert "Rescoring with method 1.0" in err.getvalue()  # the progress bar
    methodology = Methodology.objects.current()
    for assessment in Assessment.objects.select_related("score"):
        recomputed = assessment_compute(assessment=assessment, methodology=methodology)
        assert assessment.score.overall == recomputed.overall.score == Decimal("47.0")
        assert assessment.score.indicator_scores == recomputed.as_dict()["indicators"]


def test_rescore_rejects_an_unknown_methodology():
    with pytest.raises(CommandError, match="No methodology 9.9"):
        call_command("rescore", methodology="9.9", stdout=io.StringIO())


def test_preview_and_stored_score_of_the_same_inputs_are_equal(organization):
    assessment = scored_assessment(organization=organization, year=2021)
    version, inputs = scoring.parse_payload(WORKED_EXAMPLE)
    preview = scoring.score(inputs)
    assert preview.as_dict()["indicators"] == assessment.score.indicator_scores
    assert preview.overall.score == assessment.score.overall


def test_local_values_are_stored_but_not_scored(organization):
    assessment = scored_assessment(organization=organization, year=2021)
    IndicatorValue.objects.create(
        assessment=assessment,
        indicator=Indicator.objects.get(code="WC04"),
        component="peacekeepers",
        level="local",
        locality="Sample district",
        inputs={"women": 100, "men": 0},
    )
    inputs = values_to_inputs(assessment.values.select_related("indicator"))
    assert dict(inputs["WC04"].components) == {"peacekeepers": {"women": 14, "men": 86}}
    assert assessment_rescore(assessment=assessment).overall == Decimal("47.0")


def test_not_applicable_beside_components_is_refused_as_the_preview_refuses_it(organization):
    assessment = scored_assessment(organization=organization, year=2021)
    IndicatorValue.objects.create(
        assessment=assessment,
        indicator=Indicator.objects.get(code="WC04"),
        not_applicable=True,
        not_applicable_reason="no deployment",
    )
    with pytest.raises(ValidationError) as exc:
        assessment_rescore(assessment=assessment)
    assert exc.value.messages == [
        f"{assessment} cannot be scored: "
        "WC04.components: components must be empty when not_applicable is true."
    ]


def test_rescoring_without_a_current_methodology_explains_what_to_do(organization):
    assessment = scored_assessment(organization=organization, year=2021)
    Methodology.objects.update(is_current=False)
    with pytest.raises(ValidationError) as exc:
        assessment_rescore(assessment=assessment)
    assert exc.value.messages == [
        "No methodology is marked current; mark one current in the admin to score."
    ]


def test_indicator_value_rejects_invalid_inputs_with_the_field_named():
    value = IndicatorValue(
        assessment=AssessmentFactory(),
        indicator=Indicator.objects.get(code="WC05"),
        component="task_force_seats",
        inputs={"numerator": 15, "denominator": 12},
    )
    with pytest.raises(ValidationError) as exc:
        value.full_clean()
    assert "inputs" in exc.value.message_dict
    assert "numerator" in exc.value.message_dict["inputs"][0]


def test_indicator_value_rejects_an_unknown_component_and_a_forbidden_not_applicable():
    assessment = AssessmentFactory()
    unknown = IndicatorValue(
        assessment=assessment,
        indicator=Indicator.objects.get(code="WC01"),
        component="senate",
        inputs={"women": 1, "men": 1},
    )
    with pytest.raises(ValidationError) as exc:
        unknown.full_clean()
    assert "Unknown component senate for WC01" in exc.value.message_dict["component"][0]
    forbidden = IndicatorValue(
        assessment=assessment,
        indicator=Indicator.objects.get(code="WC01"),
        not_applicable=True,
        not_applicable_reason="no idea",
    )
    with pytest.raises(ValidationError) as exc:
        forbidden.full_clean()
    assert exc.value.message_dict["not_applicable"] == ["WC01 cannot be marked not applicable."]


def test_the_database_refuses_a_not_applicable_value_without_a_reason():
    with pytest.raises(IntegrityError):
        IndicatorValue.objects.create(
            assessment=AssessmentFactory(),
            indicator=Indicator.objects.get(code="WC02"),
            not_applicable=True,
        )


def test_plan_period_and_generation_rules_name_the_problem():
    plan = PlanFactory.build(generation=7, period_start=2020, period_end=2018)
    with pytest.raises(ValidationError) as exc:
        plan.full_clean()
    assert "The period cannot end before it starts." in exc.value.messages
    duplicate = PlanFactory.build(
        country=NationalActionPlan.objects.get(country_id="DNK", generation=1).country,
        generation=1,
    )
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert "This country already has a plan of this generation." in exc.value.messages


def test_a_plan_supersedes_only_an_earlier_plan_of_its_own_country():
    later = NationalActionPlan.objects.get(country_id="DNK", generation=2)
    later.supersedes = NationalActionPlan.objects.get(country_id="NLD", generation=1)
    with pytest.raises(ValidationError) as exc:
        later.full_clean()
    assert exc.value.message_dict["supersedes"] == [
        "A plan can only supersede a plan of the same country."
    ]


def test_an_assessment_plan_must_belong_to_its_country():
    assessment = AssessmentFactory.build(
        organization=Organization.objects.create(name="X", slug="x"),
        plan=NationalActionPlan.objects.get(country_id="DNK", generation=1),
    )
    with pytest.raises(ValidationError) as exc:
        assessment.full_clean()
    assert exc.value.message_dict["plan"] == ["The plan must be one of this country's plans."]


def test_seed_demo_creates_labelled_sample_data_and_changes_nothing_when_run_again(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo-editor" in out.getvalue() and "demo-password-2026" in out.getvalue()
    assessments = Assessment.objects.all()
    # 40, and three Dutch ones for the right of reply (open, replied, no reply received)
    assert assessments.count() == 43
    assert assessments.values("country").distinct().count() == 10
    assert not assessments.filter(is_sample=False).exists()
    assert not Organization.objects.filter(is_sample=False).exists()
    assert AssessmentScore.objects.count() == 43
    reply_states = {
        a.year: right_of_reply.of_assessment(a, published_data.today()).status
        for a in assessments.filter(country_id="NLD", year__in=[2017, 2018, 2023]).prefetch_related(
            right_of_reply.reply_prefetch()
        )
    }
    assert reply_states == {2017: "no_reply", 2018: "replied", 2023: "open"}
    assert Membership.objects.get(user__username="gov-demo").country_id == "NLD"
    assert set(assessments.values_list("status", flat=True)) == {
        "validated",
        "draft",
        "submitted",
        "returned",
    }
    # Reference data is never marked sample.
    assert not NationalActionPlan.objects.filter(is_sample=True).exists()
    snapshot = list(AssessmentScore.objects.order_by("pk").values())
    values = IndicatorValue.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert list(AssessmentScore.objects.order_by("pk").values()) == snapshot
    assert IndicatorValue.objects.count() == values
    assert User.objects.filter(username__startswith="demo-").count() == 4
    assert User.objects.get(username="demo-admin").is_superuser


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_every_save_of_an_assessment_raises_its_version(organization):
    assessment = AssessmentFactory(organization=organization, year=2021)
    assert assessment.version == 1
    assessment.summary = "edited"
    assessment.save()
    assessment.save(update_fields=["summary"])
    assessment.refresh_from_db()
    assert assessment.version == 3


def test_a_plan_document_is_fingerprinted_again_when_its_file_is_replaced(settings, tmp_path):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    from plans.models import PlanDocument

    settings.MEDIA_ROOT = tmp_path
    plan = NationalActionPlan.objects.get(country_id="NLD", generation=1)
    document = PlanDocument(plan=plan, kind="plan_text")
    document.file = SimpleUploadedFile("plan.pdf", b"first version")  # as a form uploads it
    document.save()
    assert document.sha256 == hashlib.sha256(b"first version").hexdigest()
    document.file = SimpleUploadedFile("plan.pdf", b"second version")
    document.save()
    assert document.sha256 == hashlib.sha256(b"second version").hexdigest()
