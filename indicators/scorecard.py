"""A loaded assessment as plain scorecard data: clusters, indicators, components, values.

Load, then compute, then render: views and the API load an assessment (with its values
and stored score) through the QuerySets; ``build()`` turns those rows into frozen
dataclasses with labels in words; templates, the API's score rows and CSV exports render
the same data. Nothing here queries the database or recomputes a score: scores are the
stored snapshot (``AssessmentScore.as_dict()``), written only by the rescoring service.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format

from indicators import scoring
from indicators.labels import answer_label, checklist_label, component_label, input_label
from indicators.models import INPUT_FIELD_ORDER, Band, Cluster

# The status shown as "not scored yet": the assessment has no stored score at all.
NOT_SCORED = "not_scored"


@dataclass(frozen=True)
class Score:
    """A score with its status; ``value`` is None unless the status is ``scored``."""

    value: float | None
    status: str

    @property
    def is_scored(self) -> bool:
        return self.status == "scored" and self.value is not None


@dataclass(frozen=True)
class InputPair:
    name: str
    label: str
    shown: str


@dataclass(frozen=True)
class ValueRow:
    """One stored value (one component at one level) with its evidence, ready to show."""

    component: str
    level: str
    locality: str
    not_applicable: bool
    not_applicable_reason: str
    inputs: tuple[InputPair, ...]
    data_year: int | None
    source_url: str
    source_page: str
    source_quote: str
    notes: str

    @property
    def is_national(self) -> bool:
        return self.level == "national"


@dataclass(frozen=True)
class ComponentRow:
    key: str
    label: str
    values: tuple[ValueRow, ...]
    score: Score

    @property
    def has_national(self) -> bool:
        return any(v.is_national for v in self.values)


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    cluster: str
    title: str
    short_title: str
    wording_verified: bool
    score: Score
    components: tuple[ComponentRow, ...] = ()
    not_applicable_values: tuple[ValueRow, ...] = ()


@dataclass(frozen=True)
class ClusterRow:
    key: str
    label: str
    score: Score
    indicators: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class Scorecard:
    methodology: str | None
    overall: Score
    arithmetic_mean: float | None
    band: str | None
    clusters: tuple[ClusterRow, ...] = field(default_factory=tuple)

    @property
    def band_label(self) -> str:
        return str(dict(Band.choices).get(self.band, "")) if self.band else ""

    @property
    def is_scored(self) -> bool:
        return self.methodology is not None

    def indicator(self, code: str) -> IndicatorRow | None:
        for cluster in self.clusters:
            for row in cluster.indicators:
                if row.code == code:
                    return row
        return None

    def cluster(self, key: str) -> ClusterRow | None:
        return next((c for c in self.clusters if c.key == key), None)


def _shown_number(value: Any) -> str:
    """A count or amount as people read it in the active language: thousands grouped
    (3,505 in English, 3 505 in French), no trailing .0."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        if value.is_integer():
            return number_format(int(value), force_grouping=True)
        return number_format(value, force_grouping=True)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return _shown_number(int(number) if number.is_integer() else number)


def input_pairs(inputs: Mapping[str, Any] | None) -> tuple[InputPair, ...]:
    """A component's raw inputs in the methodology's order, with labels in words.

    Checklist answers are spelled out item by item ("Trafficking law: yes").
    """
    inputs = inputs or {}
    rank = {name: i for i, name in enumerate(INPUT_FIELD_ORDER)}
    pairs = []
    for name in sorted(inputs, key=lambda k: (rank.get(k, len(rank)), k)):
        value = inputs[name]
        if isinstance(value, Mapping):
            # JSONB does not keep key order: items follow the method's checklist order.
            order = {item: i for i, item in enumerate(scoring.WC06_ITEMS)}
            shown = "; ".join(
                f"{checklist_label(item)}: {answer_label(str(answer))}"
                for item, answer in sorted(
                    value.items(), key=lambda pair: (order.get(pair[0], len(order)), pair[0])
                )
            )
            pairs.append(InputPair(name, "", shown))
        elif name == "currency":
            pairs.append(InputPair(name, input_label(name), str(value)))
        else:
            pairs.append(InputPair(name, input_label(name), _shown_number(value)))
    return tuple(pairs)


def value_row(value: Any) -> ValueRow:
    """An IndicatorValue (or any object with its fields) as a ValueRow."""
    return ValueRow(
        component=value.component,
        level=value.level,
        locality=value.locality,
        not_applicable=value.not_applicable,
        not_applicable_reason=value.not_applicable_reason,
        inputs=input_pairs(value.inputs),
        data_year=value.data_year,
        source_url=value.source_url,
        source_page=value.source_page,
        source_quote=value.source_quote,
        notes=value.notes,
    )


def _score(entry: Mapping[str, Any] | None, scored: bool) -> Score:
    if not scored:
        return Score(None, NOT_SCORED)
    entry = entry or {}
    return Score(entry.get("score"), entry.get("status") or "no_data")


def indicator_row(
    indicator: Any,
    values: Sequence[Any],
    result: Mapping[str, Any] | None,
    *,
    scored: bool = True,
) -> IndicatorRow:
    """One indicator: its stored result, and per component the values with evidence.

    ``indicator`` is an Indicator row; ``values`` its IndicatorValue rows in one
    assessment; ``result`` the stored ``indicator_scores`` entry. ``scored=False`` means
    the assessment has no stored score at all.
    """
    component_results = (result or {}).get("components") or {}
    by_key: dict[str, list[ValueRow]] = {}
    not_applicable = []
    for value in values:
        row = value_row(value)
        if row.not_applicable:
            not_applicable.append(row)
        else:
            by_key.setdefault(row.component, []).append(row)
    keys = list(indicator.component_keys) + [k for k in by_key if k not in indicator.component_keys]
    components = tuple(
        ComponentRow(
            key=key,
            label=component_label(key),
            values=tuple(
                sorted(by_key.get(key, []), key=lambda v: (not v.is_national, v.locality))
            ),
            score=_score(component_results.get(key), scored),
        )
        for key in keys
    )
    return IndicatorRow(
        code=indicator.code,
        cluster=indicator.cluster,
        title=indicator.localized_title,
        short_title=indicator.localized_short_title,
        wording_verified=indicator.wording_verified,
        score=_score(result, scored),
        # Components are listed once something was entered; "not applicable" has none.
        components=components if by_key else (),
        not_applicable_values=tuple(not_applicable),
    )


def build(
    indicators: Iterable[Any],
    score: Mapping[str, Any] | None,
    values: Iterable[Any] = (),
) -> Scorecard:
    """The scorecard of one assessment.

    ``indicators``: the Indicator rows in order; ``score``: ``AssessmentScore.as_dict()``
    or None when the assessment has no stored score; ``values``: its IndicatorValue rows
    (with ``indicator`` loaded), or nothing when only the scores are wanted.
    """
    scored = score is not None
    score = score or {}
    indicator_scores = score.get("indicators") or {}
    cluster_scores = score.get("clusters") or {}
    overall = score.get("overall") or {}
    values_by_code: dict[str, list[Any]] = {}
    for value in values:
        values_by_code.setdefault(value.indicator.code, []).append(value)
    indicators = list(indicators)
    clusters = tuple(
        ClusterRow(
            key=cluster.value,
            label=str(cluster.label),
            score=_score(cluster_scores.get(cluster.value), scored),
            indicators=tuple(
                indicator_row(
                    indicator,
                    values_by_code.get(indicator.code, []),
                    indicator_scores.get(indicator.code),
                    scored=scored,
                )
                for indicator in indicators
                if indicator.cluster == cluster.value
            ),
        )
        for cluster in Cluster
    )
    return Scorecard(
        methodology=score.get("methodology"),
        overall=_score(overall, scored),
        arithmetic_mean=overall.get("arithmetic_mean"),
        band=overall.get("band"),
        clusters=clusters,
    )


def score_rows(card: Scorecard) -> list[dict[str, Any]]:
    """The scorecard in long form: one row per overall, cluster and indicator score.

    The shape of the API's and CSV's score rows: ``level`` (overall / cluster /
    indicator), ``key``, ``cluster``, ``score``, ``status``.
    """
    rows = [
        {
            "level": "overall",
            "key": "overall",
            "cluster": "",
            "score": card.overall.value,
            "status": card.overall.status,
        }
    ]
    for cluster in card.clusters:
        rows.append(
            {
                "level": "cluster",
                "key": cluster.key,
                "cluster": cluster.key,
                "score": cluster.score.value,
                "status": cluster.score.status,
            }
        )
    for cluster in card.clusters:
        rows.extend(
            {
                "level": "indicator",
                "key": row.code,
                "cluster": cluster.key,
                "score": row.score.value,
                "status": row.score.status,
            }
            for row in cluster.indicators
        )
    return rows


def score_wide_row(card: Scorecard) -> dict[str, Any]:
    """The scorecard in wide form: one row, a score and a status column per score.

    Made from ``score_rows(card)``, so the long and wide forms cannot disagree: ``overall``,
    ``overall_status``, ``band``, then per cluster ``<key>`` and ``<key>_status``, then per
    indicator ``<code>`` and ``<code>_status``, in the long form's order.
    """
    row: dict[str, Any] = {}
    for long in score_rows(card):
        row[long["key"]] = long["score"]
        row[f"{long['key']}_status"] = long["status"]
        if long["level"] == "overall":
            row["band"] = card.band
    return row
