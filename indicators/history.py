"""An assessment's history as a person reads it: who changed what, when, old → new.

Works on django-simple-history rows already loaded (no queries): consecutive rows of one
object are compared field by field in Python, inputs shown in the methodology's order.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from indicators.models import INPUT_FIELD_ORDER

ASSESSMENT_FIELDS = ("status", "plan_id", "summary", "return_reason", "is_sample")
VALUE_FIELDS = (
    "not_applicable",
    "not_applicable_reason",
    "inputs",
    "data_year",
    "source_url",
    "source_page",
    "source_quote",
    "notes",
)
KINDS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Entry:
    """One history row: when, who, what it concerns, and the fields it changed."""

    when: datetime
    who: Any
    what: str
    kind: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    is_transition: bool = False


def _shown(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        rank = {name: i for i, name in enumerate(INPUT_FIELD_ORDER)}
        ordered = sorted(value, key=lambda k: (rank.get(k, len(rank)), k))
        return ", ".join(f"{k}: {_shown(value[k])}" for k in ordered)
    return str(value)


def _entries(records: Iterable[Any], fields: tuple[str, ...], describe) -> list[Entry]:
    previous: dict[Any, Any] = {}
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        changes = []
        for name in fields:
            new = _shown(getattr(record, name))
            old = _shown(getattr(before, name)) if before is not None else ""
            if record.history_type == "-":
                new = ""
                old = _shown(getattr(record, name))
            if record.history_type == "+" and new in ("", "no"):
                continue  # a new row's empty fields say nothing
            if old != new:
                changes.append((name.removesuffix("_id"), old, new))
        previous[record.id] = record
        kind = KINDS.get(record.history_type, record.history_type)
        if kind == "changed" and not changes and not record.history_change_reason:
            continue  # a save that changed nothing shown here (e.g. only the version)
        entries.append(
            Entry(
                when=record.history_date,
                who=record.history_user,
                what=describe(record),
                kind=kind,
                reason=record.history_change_reason or "",
                changes=changes,
                is_transition=any(name == "status" for name, _old, _new in changes),
            )
        )
    return entries


def _value_name(record: Any) -> str:
    what = "not applicable" if record.not_applicable else record.component
    where = f" ({record.level}: {record.locality})" if record.level != "national" else ""
    return f"{record.indicator.code} {what}{where}"


def history_entries(assessment_records: Iterable[Any], value_records: Iterable[Any]) -> list[Entry]:
    """Assessment and value history rows merged, newest first."""
    entries = _entries(assessment_records, ASSESSMENT_FIELDS, lambda r: "assessment")
    entries += _entries(value_records, VALUE_FIELDS, _value_name)
    return sorted(entries, key=lambda e: e.when, reverse=True)
