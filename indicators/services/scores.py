"""Score snapshots: stored values in, the scoring module's result out, one row written."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import scoring, scoring_messages
from indicators.models import Assessment, AssessmentScore, IndicatorValue, Methodology


def methodology_parameters(methodology: Methodology) -> scoring.Parameters:
    """The scoring parameters a stored methodology carries."""
    return scoring.Parameters.from_dict(methodology.parameters)


def values_to_inputs(values: Iterable[IndicatorValue]) -> dict[str, scoring.IndicatorInput]:
    """Turn stored national-level values into the scoring module's inputs.

    Method 1.0 scores national values only; local values are kept but not passed on.
    """
    components: dict[str, dict[str, dict]] = {}
    not_applicable: dict[str, str] = {}
    for value in values:
        if value.level != IndicatorValue.Level.NATIONAL:
            continue
        code = value.indicator.code
        if value.not_applicable:
            not_applicable[code] = value.not_applicable_reason
        else:
            components.setdefault(code, {})[value.component] = dict(value.inputs)
    # Both for one indicator is passed on as it is: scoring rejects it, as the preview does.
    return {
        code: scoring.IndicatorInput(
            not_applicable=code in not_applicable,
            reason=not_applicable.get(code, ""),
            components=components.get(code, {}),
        )
        for code in {**components, **not_applicable}
    }


def assessment_compute(*, assessment: Assessment, methodology: Methodology) -> scoring.ScoreResult:
    """Score an assessment's stored values without writing anything."""
    values = assessment.values.select_related("indicator")
    try:
        return scoring.score(values_to_inputs(values), methodology_parameters(methodology))
    except scoring.ScoringError as exc:
        raise ValidationError(
            [
                _("%(assessment)s cannot be scored: %(problem)s")
                % {"assessment": assessment, "problem": line}
                for line in scoring_messages.render_lines(exc)
            ],
            code="invalid",
        ) from exc


def score_fields(result: scoring.ScoreResult) -> dict:
    """The AssessmentScore columns for a scoring result."""
    fields = {
        "overall": result.overall.score,
        "overall_status": result.overall.status,
        "arithmetic_mean": result.overall.arithmetic_mean,
        "band": result.overall.band or "",
        "indicator_scores": result.as_dict()["indicators"],
    }
    for name, cluster in result.clusters.items():
        fields[name] = cluster.score
        fields[f"{name}_status"] = cluster.status
    return fields


@transaction.atomic
def assessment_rescore(
    *, assessment: Assessment, methodology: Methodology | None = None
) -> AssessmentScore:
    """Recompute an assessment's score with a methodology (the current one by default)."""
    if methodology is None:
        try:
            methodology = Methodology.objects.current()
        except Methodology.DoesNotExist as exc:
            raise ValidationError(
                "No methodology is marked current; mark one current in the admin to score.",
                code="no_current_methodology",
            ) from exc
    result = assessment_compute(assessment=assessment, methodology=methodology)
    score, _created = AssessmentScore.objects.update_or_create(
        assessment=assessment,
        defaults={
            "methodology": methodology,
            "computed_at": timezone.now(),
            **score_fields(result),
        },
    )
    return score
