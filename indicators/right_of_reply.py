"""An assessment's right of reply as plain data, for the scorecard, the review page and the API.

Load (``reply_prefetch()`` on an assessment QuerySet), then compute (``summarize()``, which
queries nothing), then render. Only the latest period counts: after a reopen and a new
validation, the reply to the earlier version is history, not the government's view of this
one (decision 99).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Prefetch

OPEN = "open"
REPLIED = "replied"
NO_REPLY = "no_reply"
# The API's ``right_of_reply.status`` choices (one named enum for assessments and reviews).
STATUS_CHOICES = [REPLIED, NO_REPLY, OPEN]


@dataclass(frozen=True)
class Reply:
    indicator: str | None  # None: the reply to the result overall; a plan review: criterion
    text: str
    submitted_at: datetime


@dataclass(frozen=True)
class RightOfReply:
    deadline: date
    status: str  # OPEN, REPLIED or NO_REPLY
    opened_at: datetime
    closed_at: datetime | None
    overall: Reply | None
    indicators: dict[str, Reply] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def has_reply(self) -> bool:
        return self.overall is not None or bool(self.indicators)

    @property
    def replied_on(self) -> date | None:
        """The day of the latest reply."""
        times = [r.submitted_at for r in self.replies()]
        return max(times).date() if times else None

    def replies(self) -> list[Reply]:
        return ([self.overall] if self.overall else []) + list(self.indicators.values())

    def for_indicator(self, code: str) -> Reply | None:
        return self.indicators.get(code)


def _periods():
    """Periods latest first, with their replies (and each reply's indicator)."""
    from indicators.models import GovernmentReply, ReplyPeriod

    replies = GovernmentReply.objects.select_related("indicator", "criterion")
    return ReplyPeriod.objects.order_by("-opened_at", "-pk").prefetch_related(
        Prefetch("replies", queryset=replies)
    )


def reply_prefetch() -> Prefetch:
    """Prefetch of an assessment's periods (latest first) with their replies: two queries
    for any number of assessments (one when none has a period)."""
    return Prefetch("reply_periods", queryset=_periods(), to_attr="loaded_reply_periods")


def summarize(periods: Iterable, today: date) -> RightOfReply | None:
    """The latest period of ``periods`` (ReplyPeriod rows, latest first, replies loaded)."""
    latest = next(iter(periods), None)
    if latest is None:
        return None
    replies = [Reply(_code(row), row.text, row.submitted_at) for row in latest.replies.all()]
    return _summary(latest.deadline, latest.opened_at, latest.closed_at, replies, today)


def _code(row) -> str | None:
    if row.indicator_id:
        return row.indicator.code
    return row.criterion.code if row.criterion_id else None


def of_assessment(assessment, today: date) -> RightOfReply | None:
    """``summarize()`` of an assessment loaded with ``reply_prefetch()``."""
    return summarize(getattr(assessment, "loaded_reply_periods", ()), today)


def load(assessment, today: date) -> RightOfReply | None:
    """``summarize()`` of one assessment's periods, queried here (one query, two when it has
    periods), for pages that show one assessment without ``reply_prefetch()``."""
    return summarize(_periods().filter(assessment=assessment), today)


def load_review(review, today: date) -> RightOfReply | None:
    """``load()`` for a plan review (decision 112)."""
    return summarize(_periods().filter(review=review), today)


def summaries_of(
    assessment_ids: Iterable[int], today: date, subject: str = "assessment"
) -> dict[int, RightOfReply]:
    """The latest period's summary of each assessment that has one, in one query (a row
    per reply, joined to its period) however many assessments: for lists and exports.
    ``subject="review"``: the same for plan reviews, replies keyed by criterion code."""
    from django.db.models.functions import Coalesce

    from indicators.models import ReplyPeriod

    ids = list(assessment_ids)
    if not ids:
        return {}
    records = (
        ReplyPeriod.objects.filter(**{f"{subject}_id__in": ids})
        .annotate(reply_code=Coalesce("replies__indicator__code", "replies__criterion__code"))
        .order_by(f"{subject}_id", "-opened_at", "-pk")
        .values_list(
            f"{subject}_id",
            "pk",
            "deadline",
            "opened_at",
            "closed_at",
            "reply_code",
            "replies__text",
            "replies__submitted_at",
        )
    )
    latest: dict[int, int] = {}
    periods: dict[int, tuple] = {}
    replies: dict[int, list[Reply]] = {}
    for assessment_id, pk, deadline, opened_at, closed_at, code, text, submitted_at in records:
        if latest.setdefault(assessment_id, pk) != pk:
            continue  # an earlier period of the same assessment
        periods[assessment_id] = (deadline, opened_at, closed_at)
        if submitted_at is not None:
            replies.setdefault(assessment_id, []).append(Reply(code, text, submitted_at))
    return {
        assessment_id: _summary(*period, replies.get(assessment_id, []), today)
        for assessment_id, period in periods.items()
    }


def review_prefetch() -> Prefetch:
    """``reply_prefetch()`` for a PlanReview QuerySet (decision 112)."""
    return reply_prefetch()


def _summary(deadline, opened_at, closed_at, replies: list[Reply], today: date) -> RightOfReply:
    overall = next((r for r in replies if r.indicator is None), None)
    indicators = {r.indicator: r for r in replies if r.indicator is not None}
    ended = closed_at is not None or deadline < today
    status = (REPLIED if replies else NO_REPLY) if ended else OPEN
    return RightOfReply(
        deadline=deadline,
        status=status,
        opened_at=opened_at,
        closed_at=closed_at,
        overall=overall,
        indicators=dict(sorted(indicators.items())),
    )


def as_json(summary: RightOfReply | None, codes: Iterable[str]) -> dict:
    """The API's ``right_of_reply`` object (every key present; nulls without a period)."""
    if summary is None:
        return {
            "status": None,
            "deadline": None,
            "replied_on": None,
            "overall": None,
            "indicators": {code: None for code in codes},
        }
    replied_on = summary.replied_on
    return {
        "status": summary.status,
        "deadline": summary.deadline.isoformat(),
        "replied_on": replied_on.isoformat() if replied_on else None,
        "overall": summary.overall.text if summary.overall else None,
        "indicators": {
            code: (summary.indicators[code].text if code in summary.indicators else None)
            for code in codes
        },
    }
