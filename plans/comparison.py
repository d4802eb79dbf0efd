"""NAP n beside NAP n+1: a plan's facts as words, and which of them changed.

``compare_facts`` is pure (plain mappings in, rows out) so that it can be tested as a
table; ``plan_facts`` reads one plan (documents prefetched) into such a mapping.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The facts compared, in the order the page shows them.
FACT_FIELDS: tuple[tuple[str, str], ...] = (
    ("period", _("Period")),
    ("adopted", _("Adopted")),
    ("status", _("Status")),
    ("lead_ministry", _("Lead ministry")),
    ("lead_category", _("Lead category")),
    ("budget", _("Budget")),
    ("budget_amount", _("Budget amount")),
    ("me_framework", _("M&E framework")),
    ("me_indicators", _("M&E indicators")),
    ("me_baseline", _("M&E baseline")),
    ("me_targets", _("M&E targets")),
    ("cso_role_design", _("Civil society in design")),
    ("cso_role_implementation", _("Civil society in implementation")),
    ("cso_role_monitoring", _("Civil society in monitoring")),
    ("scope", _("Scope")),
    ("documents", _("Documents")),
    ("source_url", _("Source")),
)

SAME = "same"
CHANGED = "changed"
ADDED = "added"  # stated for the newer plan only
REMOVED = "removed"  # stated for the older plan only


@dataclass(frozen=True)
class FactChange:
    key: str
    label: str
    old: str  # "" = not stated
    new: str
    change: str  # SAME, CHANGED, ADDED or REMOVED

    @property
    def is_changed(self) -> bool:
        return self.change != SAME


def compare_facts(
    old: Mapping[str, str],
    new: Mapping[str, str],
    fields: Sequence[tuple[str, str]] = FACT_FIELDS,
) -> list[FactChange]:
    """One row per field: old → new and whether it changed ("" means not stated)."""
    rows = []
    for key, label in fields:
        before, after = (old.get(key) or "").strip(), (new.get(key) or "").strip()
        if before == after:
            change = SAME
        elif not before:
            change = ADDED
        elif not after:
            change = REMOVED
        else:
            change = CHANGED
        rows.append(FactChange(key, str(label), before, after, change))
    return rows


def _flag(value: bool | None) -> str:
    if value is None:
        return ""
    return str(_("yes") if value else _("no"))


def plan_facts(plan) -> dict[str, str]:
    """A plan's facts as words, keyed like FACT_FIELDS; "" where nothing is stated."""
    if plan.adopted_on and plan.adopted_on_precision == "day":
        adopted = plan.adopted_on.isoformat()
    elif plan.adopted_on and plan.adopted_on_precision == "month":
        adopted = plan.adopted_on.strftime("%Y-%m")
    else:
        adopted = str(plan.adopted_year or "")
    amount = ""
    if plan.budget_amount is not None:
        amount = f"{plan.budget_amount:,.0f} {plan.budget_currency}".strip()
    documents = sorted(f"{doc} ({doc.get_kind_display()})" for doc in plan.documents.all())
    return {
        "period": plan.period_display,
        "adopted": adopted,
        "status": str(plan.get_status_display()) if plan.status else "",
        "lead_ministry": plan.lead_ministry,
        "lead_category": str(plan.get_lead_category_display()) if plan.lead_category else "",
        "budget": str(plan.get_budget_display()) if plan.budget else "",
        "budget_amount": amount,
        "me_framework": _flag(plan.me_framework),
        "me_indicators": _flag(plan.me_indicators),
        "me_baseline": _flag(plan.me_baseline),
        "me_targets": _flag(plan.me_targets),
        "cso_role_design": _flag(plan.cso_role_design),
        "cso_role_implementation": _flag(plan.cso_role_implementation),
        "cso_role_monitoring": _flag(plan.cso_role_monitoring),
        "scope": str(plan.get_scope_display()) if plan.scope else "",
        "documents": "; ".join(documents),
        "source_url": plan.source_url,
    }
