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


@dataclass(frozen=True)
class Reply:
    indicator: str | None  # None: the reply to the result overall
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

    replies = GovernmentReply.objects.select_related("indicator")
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
    overall, indicators = None, {}
    for row in latest.replies.all():
        code = row.indicator.code if row.indicator_id else None
        reply = Reply(indicator=code, text=row.text, submitted_at=row.submitted_at)
        if code is None:
            overall = reply
        else:
            indicators[code] = reply
    if latest.closed_at is None and latest.deadline >= today:
        status = OPEN
    else:
        status = REPLIED if overall or indicators else NO_REPLY
    return RightOfReply(
        deadline=latest.deadline,
        status=status,
        opened_at=latest.opened_at,
        closed_at=latest.closed_at,
        overall=overall,
        indicators=dict(sorted(indicators.items())),
    )


def of_assessment(assessment, today: date) -> RightOfReply | None:
    """``summarize()`` of an assessment loaded with ``reply_prefetch()``."""
    return summarize(getattr(assessment, "loaded_reply_periods", ()), today)


def load(assessment, today: date) -> RightOfReply | None:
    """``summarize()`` of one assessment's periods, queried here (one query, two when it has
    periods), for pages that show one assessment without ``reply_prefetch()``."""
    return summarize(_periods().filter(assessment=assessment), today)
