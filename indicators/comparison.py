"""Old → new: what differs between two sets of values, and between two scores.

Pure Python on plain data, for the reviewer's diff and the edit-conflict page. Values are
anything with the attributes of ``services.ValueData`` (component, inputs, level, locality,
not_applicable, not_applicable_reason and the evidence fields), grouped by indicator code.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

EVIDENCE = ("data_year", "source_url", "source_page", "source_quote", "notes")


@dataclass(frozen=True)
class Change:
    """One cell that differs: where it is, what it was, what it is now ("" = absent)."""

    code: str
    where: str
    field: str
    old: str
    new: str


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def cells(values: Mapping[str, Iterable[Any]]) -> dict[tuple[str, str, str], str]:
    """Every entered cell as (code, where, field) → shown text."""
    out: dict[tuple[str, str, str], str] = {}
    for code, rows in values.items():
        for row in rows:
            if row.not_applicable:
                out[(code, "", "not applicable")] = row.not_applicable_reason or "yes"
                continue
            where = row.component
            if row.level != "national":
                where = f"{row.component} ({row.level}: {row.locality})"
            for name, given in (row.inputs or {}).items():
                if isinstance(given, Mapping):
                    for item, answer in given.items():
                        out[(code, where, f"{name}.{item}")] = _shown(answer)
                else:
                    out[(code, where, name)] = _shown(given)
            for name in EVIDENCE:
                if shown := _shown(getattr(row, name, None)):
                    out[(code, where, name)] = shown
    return out


def value_changes(
    old: Mapping[str, Iterable[Any]],
    new: Mapping[str, Iterable[Any]],
    field_order: Iterable[str] = (),
) -> list[Change]:
    """Cells added, removed or changed from ``old`` to ``new``.

    In indicator order, then component, then fields in ``field_order`` (others after).
    """
    before, after = cells(old), cells(new)
    rank = {name: i for i, name in enumerate(field_order)}

    def order(key: tuple[str, str, str]) -> tuple:
        code, where, name = key
        return (code, where, rank.get(name.split(".")[0], len(rank)), name)

    keys = sorted(set(before) | set(after), key=order)
    return [
        Change(code, where, name, before.get(key, ""), after.get(key, ""))
        for key in keys
        for code, where, name in [key]
        if before.get(key, "") != after.get(key, "")
    ]


@dataclass(frozen=True)
class ScoreChange:
    """One score line: overall, a cluster or an indicator, old → new (None = no score)."""

    name: str
    old: float | None
    new: float | None
    old_status: str
    new_status: str

    @property
    def changed(self) -> bool:
        return (self.old, self.old_status) != (self.new, self.new_status)

    @property
    def delta(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        return round(self.new - self.old, 1)


def score_changes(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> list[ScoreChange]:
    """Overall, clusters, then indicators, from two ``ScoreResult.as_dict()``-shaped dicts."""
    old, new = old or {}, new or {}

    def line(name: str, a: Mapping | None, b: Mapping | None) -> ScoreChange:
        a, b = a or {}, b or {}
        return ScoreChange(
            name, a.get("score"), b.get("score"), a.get("status", ""), b.get("status", "")
        )

    lines = [line("overall", old.get("overall"), new.get("overall"))]
    clusters = list(dict.fromkeys([*(old.get("clusters") or {}), *(new.get("clusters") or {})]))
    lines += [
        line(name, (old.get("clusters") or {}).get(name), (new.get("clusters") or {}).get(name))
        for name in clusters
    ]
    codes = sorted({*(old.get("indicators") or {}), *(new.get("indicators") or {})})
    lines += [
        line(code, (old.get("indicators") or {}).get(code), (new.get("indicators") or {}).get(code))
        for code in codes
    ]
    return lines
