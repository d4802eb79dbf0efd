"""Score snapshots: stored values in, the scoring module's result out, one row written."""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import scoring, scoring_messages
from indicators.models import (
    Assessment,
    AssessmentScore,
    Cluster,
    Indicator,
    IndicatorValue,
    Methodology,
)


def methodology_parameters(methodology: Methodology) -> scoring.Parameters:
    """The scoring parameters a stored methodology carries."""
    return scoring.Parameters.from_dict(methodology.parameters)


def values_to_inputs(values: Iterable[IndicatorValue]) -> dict[str, scoring.IndicatorInput]:
    """Turn stored national-level values into the scoring module's inputs.

    Method 1.0 scores national values only; local values are kept but not passed on.
    """
    return _inputs(
        (
            value.indicator.code,
            value.level,
            value.not_applicable,
            value.not_applicable_reason,
            value.component,
            value.inputs,
        )
        for value in values
    )


# The columns of a value that scoring reads, in the order _inputs takes them.
VALUE_COLUMNS = ("level", "not_applicable", "not_applicable_reason", "component", "inputs")


def _inputs(rows: Iterable[tuple]) -> dict[str, scoring.IndicatorInput]:
    """(indicator code, *VALUE_COLUMNS) rows -> the scoring module's inputs."""
    components: dict[str, dict[str, dict]] = {}
    not_applicable: dict[str, str] = {}
    for code, level, is_not_applicable, reason, component, inputs in rows:
        if level != IndicatorValue.Level.NATIONAL:
            continue
        if is_not_applicable:
            not_applicable[code] = reason
        else:
            components.setdefault(code, {})[component] = dict(inputs)
    # Both for one indicator is passed on as it is: scoring rejects it, as the preview does.
    return {
        code: scoring.IndicatorInput(
            not_applicable=code in not_applicable,
            reason=not_applicable.get(code, ""),
            components=components.get(code, {}),
        )
        for code in {**components, **not_applicable}
    }


def _score(
    assessment: Assessment, inputs: dict[str, scoring.IndicatorInput], parameters
) -> scoring.ScoreResult:
    try:
        return scoring.score(inputs, parameters)
    except scoring.ScoringError as exc:
        raise ValidationError(
            [
                _("%(assessment)s cannot be scored: %(problem)s")
                % {"assessment": assessment, "problem": line}
                for line in scoring_messages.render_lines(exc)
            ],
            code="invalid",
        ) from exc


def assessment_compute(*, assessment: Assessment, methodology: Methodology) -> scoring.ScoreResult:
    """Score an assessment's stored values without writing anything."""
    values = assessment.values.select_related("indicator")
    return _score(assessment, values_to_inputs(values), methodology_parameters(methodology))


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


# The columns a rescore writes (every column of AssessmentScore but its assessment).
SCORE_COLUMNS = [
    "methodology",
    "computed_at",
    "overall",
    "overall_status",
    "arithmetic_mean",
    "band",
    "indicator_scores",
    *(name for cluster in Cluster.values for name in (cluster, f"{cluster}_status")),
]


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


def assessments_rescore(
    *,
    assessments: QuerySet[Assessment],
    methodology: Methodology,
    chunk_size: int = 500,
    progress: Callable[[int], object] | None = None,
) -> tuple[int, list[str]]:
    """Recompute and store the score of every assessment in ``assessments`` with a methodology.

    The same scores as ``assessment_rescore`` one by one, in three queries per
    ``chunk_size`` assessments (the assessments, their values, one upsert of their scores),
    each chunk in a transaction. An assessment that cannot be scored keeps its stored score;
    the answer is how many were rescored and the messages of those that could not be.
    ``progress`` is called with the size of each chunk done.
    """
    parameters = methodology_parameters(methodology)
    codes = dict(Indicator.objects.values_list("pk", "code"))
    ids = list(assessments.order_by("pk").values_list("pk", flat=True))
    done, failed = 0, []
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        rows: dict[int, list[tuple]] = {pk: [] for pk in chunk}
        values = IndicatorValue.objects.filter(assessment_id__in=chunk).values_list(
            "assessment_id", "indicator_id", *VALUE_COLUMNS
        )
        for assessment_id, indicator_id, *columns in values:
            rows[assessment_id].append((codes[indicator_id], *columns))
        now = timezone.now()
        scores = []
        for assessment in Assessment.objects.filter(pk__in=chunk).select_related(
            "country", "organization"
        ):
            try:
                result = _score(assessment, _inputs(rows[assessment.pk]), parameters)
            except ValidationError as exc:
                failed.extend(exc.messages)
                continue
            scores.append(
                AssessmentScore(
                    assessment=assessment,
                    methodology=methodology,
                    computed_at=now,
                    **score_fields(result),
                )
            )
        with transaction.atomic():
            AssessmentScore.objects.bulk_create(
                scores,
                update_conflicts=True,
                unique_fields=["assessment"],
                update_fields=SCORE_COLUMNS,
            )
        done += len(scores)
        if progress is not None:
            progress(len(chunk))
    return done, failed
