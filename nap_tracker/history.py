"""History rows as a person reads them: who changed what, when, old → new.

Works on django-simple-history rows already loaded (no queries): consecutive rows of one
object are compared field by field in Python. Each app says which fields it shows.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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


def shown(value: Any, key_order: Sequence[str] = ()) -> str:
    """A stored value as text; dictionaries with their keys in ``key_order`` first."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        rank = {name: i for i, name in enumerate(key_order)}
        ordered = sorted(value, key=lambda k: (rank.get(k, len(rank)), k))
        return ", ".join(f"{k}: {shown(value[k], key_order)}" for k in ordered)
    return str(value)


def history_entries(
    records: Iterable[Any],
    fields: Sequence[str],
    describe: Callable[[Any], str],
    key_order: Sequence[str] = (),
) -> list[Entry]:
    """One entry per history row that changed a shown field (or carries a reason)."""
    previous: dict[Any, Any] = {}
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        changes = []
        for name in fields:
            new = shown(getattr(record, name), key_order)
            old = shown(getattr(before, name), key_order) if before is not None else ""
            if record.history_type == "-":
                old, new = new, ""
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
    return sorted(entries, key=lambda e: e.when, reverse=True)
