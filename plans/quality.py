"""The NAP quality review score (framework 1.0, docs/methodology.md "NAP quality review 1.0").

Pure Python, standard library only: ratings in, frozen dataclasses out, which the plan page,
the API and the CSV all render. Each criterion is rated 0 (absent), 1 (partial) or 2 (clear);
the score is the sum of the ratings over twice the number of rated criteria, × 100, rounded
once, half up, to one decimal. Unrated criteria are left out of the score and reported as
coverage (``rated`` of ``total``); a review can only be submitted when every criterion is
rated, so every published score covers all criteria.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_RATING = 2
RATINGS = (0, 1, 2)
ONE_DECIMAL = Decimal("0.1")


class QualityInputError(ValueError):
    """A rating outside 0–2, or a rating of a criterion the framework does not have."""


@dataclass(frozen=True)
class CriterionResult:
    code: str
    title: str
    rating: int | None  # None: not rated
    evidence: str = ""
    quote: str = ""
    verified: bool = False


@dataclass(frozen=True)
class QualityResult:
    score: Decimal | None  # None when no criterion is rated
    rated: int
    total: int
    criteria: tuple[CriterionResult, ...]

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.rated == self.total

    @property
    def unverified_wording(self) -> bool:
        return any(not c.verified for c in self.criteria)


def quality_score(ratings: Sequence[int]) -> Decimal | None:
    """sum / (2 × len) × 100, one decimal, ROUND_HALF_UP; None for no ratings."""
    for rating in ratings:
        if rating not in RATINGS:
            raise QualityInputError(f"A rating is 0, 1 or 2, not {rating!r}.")
    if not ratings:
        return None
    raw = Decimal(sum(ratings)) * 100 / (MAX_RATING * len(ratings))
    return raw.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def review_result(
    criteria: Sequence[tuple[str, str, bool]],
    ratings: Mapping[str, tuple[int, str, str]],
) -> QualityResult:
    """``criteria``: (code, title, wording verified) in order; ``ratings``: code →
    (rating, evidence, quote) of the rated ones."""
    known = {code for code, _title, _verified in criteria}
    unknown = sorted(set(ratings) - known)
    if unknown:
        raise QualityInputError(f"Unknown criteria: {', '.join(unknown)}.")
    rows = []
    for code, title, verified in criteria:
        rating, evidence, quote = ratings.get(code, (None, "", ""))
        rows.append(CriterionResult(code, title, rating, evidence, quote, verified))
    given = [r.rating for r in rows if r.rating is not None]
    return QualityResult(quality_score(given), len(given), len(rows), tuple(rows))


@dataclass(frozen=True)
class CriterionMove:
    code: str
    title: str
    old: int | None
    new: int | None

    @property
    def delta(self) -> int | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old


def criterion_moves(
    older: QualityResult | None, newer: QualityResult | None
) -> list[CriterionMove]:
    """Per criterion code (the newer review's order first), old rating → new rating."""
    old = {c.code: c for c in older.criteria} if older else {}
    new = {c.code: c for c in newer.criteria} if newer else {}
    codes = list(new) + [code for code in old if code not in new]
    return [
        CriterionMove(
            code,
            (new.get(code) or old.get(code)).title,
            old[code].rating if code in old else None,
            new[code].rating if code in new else None,
        )
        for code in codes
    ]
