"""Scores across years and plan generations, from scorecards already built.

Pure: ``indicators.scorecard.Scorecard`` objects (stored scores, never recomputed) in,
plain numbers out. Where several assessments fall in one year or under one plan, the page
shows their mean and says how many there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from indicators.models import Cluster


def _mean(values: Iterable[float | None]) -> float | None:
    given = [v for v in values if v is not None]
    return round(sum(given) / len(given), 1) if given else None


@dataclass(frozen=True)
class ScoreSummary:
    """Mean overall and cluster scores of some scorecards (None where none is scored)."""

    count: int
    overall: float | None
    clusters: tuple[tuple[str, float | None], ...]  # (cluster key, mean) in cluster order

    def cluster(self, key: str) -> float | None:
        return dict(self.clusters).get(key)


def summarize(cards: Sequence) -> ScoreSummary:
    def scored(score) -> float | None:
        return score.value if score.is_scored else None

    return ScoreSummary(
        count=len(cards),
        overall=_mean(scored(card.overall) for card in cards),
        clusters=tuple(
            (c.value, _mean(scored(card.cluster(c.value).score) for card in cards)) for c in Cluster
        ),
    )


@dataclass(frozen=True)
class Move:
    label: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        return round(self.new - self.old, 1)

    @property
    def delta_text(self) -> str:
        """+3.2, −1.0 (a true minus sign) or ±0.0; "" when either side has no score."""
        delta = self.delta
        if delta is None:
            return ""
        if delta > 0:
            return f"+{delta:.1f}"
        if delta < 0:
            return f"\u2212{-delta:.1f}"
        return "±0.0"


def moves(old: ScoreSummary, new: ScoreSummary, labels: dict[str, str]) -> list[Move]:
    """Overall then each cluster: the older summary's mean → the newer one's."""
    rows = [Move(labels["overall"], old.overall, new.overall)]
    rows += [Move(labels[key], old.cluster(key), new.cluster(key)) for key, _ in old.clusters]
    return rows


def by_year(dated_cards: Iterable[tuple[int, object]]) -> list[tuple[int, ScoreSummary]]:
    """(year, scorecard) pairs → one summary per year, oldest first."""
    years: dict[int, list] = {}
    for year, card in dated_cards:
        years.setdefault(year, []).append(card)
    return [(year, summarize(cards)) for year, cards in sorted(years.items())]
