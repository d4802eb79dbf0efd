"""Words for the methodology's keys (components, inputs, checklist items, answers, evidence).

Component and checklist-item keys are part of the API contract (METHODOLOGY.md §2); people
read these translatable labels instead. The entry form, the review diff, the scorecard and
the other public pages all take their words from here.
"""

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from indicators import scoring

COMPONENT_LABELS = {
    "cabinet": _("Cabinet (ministers)"),
    "parliament": _("Parliament (seats)"),
    "local_government": _("Local government (councillors)"),
    "negotiating_teams": _("Formal peace negotiating and mediation teams"),
    "military": _("Military (personnel)"),
    "police": _("Police (officers)"),
    "judiciary": _("Judiciary (judges)"),
    "peacekeepers": _("Uniformed peacekeepers deployed"),
    "task_force_seats": _("Civil-society seats in the 1325/1820 task force"),
    "laws_and_policies": _("Gender-responsive laws and policies"),
    "military_training": _("Military training covering 1325/1820, IHL and IHRL"),
    "police_training": _("Police training covering 1325/1820, IHL and IHRL"),
    "transitional_justice": _("Women's rights in transitional justice"),
    "sgbv_cases": _("SGBV cases through the justice chain"),
    "dissemination": _("Dissemination of resolutions 1325 and 1820"),
    "funding": _("Funding for 1325 implementation"),
}
KIND_LABELS = {
    scoring.SHARE: _("share"),
    scoring.RATIO: _("ratio"),
    scoring.RATING: _("rating"),
    scoring.CHECKLIST: _("checklist"),
    scoring.ATTRITION: _("attrition"),
    scoring.FUNDING: _("funding"),
}
KIND_HELP = {
    scoring.SHARE: _("Counts of women and of men. Half women scores 100."),
    scoring.RATIO: _("How many of how many; the numerator cannot exceed the denominator."),
    scoring.RATING: _("Choose the level that describes the evidence."),
    scoring.CHECKLIST: _("Yes, no, or n.a. for each item; n.a. items do not count."),
    scoring.ATTRITION: _(
        "Cases at each stage; each stage cannot exceed the one before. Scored on how many "
        "reported cases move on."
    ),
    scoring.FUNDING: _(
        "Amounts in one currency. Disbursed as a share of allocated; nothing allocated scores 0."
    ),
}
INPUT_LABELS = {
    "women": _("Women"),
    "men": _("Men"),
    "numerator": _("Numerator"),
    "denominator": _("Denominator"),
    "level": _("Level"),
    "reported": _("Reported"),
    "investigated": _("Investigated"),
    "prosecuted": _("Prosecuted"),
    "penalised": _("Penalised"),
    "allocated": _("Allocated"),
    "disbursed": _("Disbursed"),
    "to_civil_society": _("Of which to civil society"),
    "currency": _("Currency (ISO 4217)"),
}
CHECKLIST_LABELS = {
    "nap_in_force": _("A national action plan is in force"),
    "domestic_violence_law": _("Domestic violence law"),
    "sexual_violence_law": _("Sexual violence law"),
    "trafficking_law": _("Trafficking law"),
    "electoral_quota_law": _("Electoral quota law"),
    "non_discrimination_law": _("Non-discrimination law"),
    "security_sector_sgbv_policy": _("Security-sector policy on sexual and gender-based violence"),
    "crsv_reparations_law": _("Reparations law for conflict-related sexual violence"),
}
EVIDENCE_LABELS = {
    "data_year": _("data year"),
    "source_url": _("source URL"),
    "source_page": _("page or section"),
    "source_quote": _("quote"),
    "notes": _("notes"),
}


# The rating levels 0–4 (METHODOLOGY.md §3), in the reader's language. The English texts are
# scoring.RATING_RUBRICS word for word (scoring must not import Django); a test keeps them equal.
RUBRIC_LABELS = {
    "WC08": (
        pgettext_lazy("rating level", "women's rights absent"),
        pgettext_lazy("rating level", "mentioned only"),
        pgettext_lazy("rating level", "specific provisions on women's rights"),
        pgettext_lazy("rating level", "provisions with reparations for women survivors"),
        pgettext_lazy("rating level", "provisions being implemented and monitored"),
    ),
    "WC10": (
        pgettext_lazy("rating level", "none"),
        pgettext_lazy("rating level", "translated into at least one national language"),
        pgettext_lazy("rating level", "disseminated nationally"),
        pgettext_lazy("rating level", "reaches local communities"),
        pgettext_lazy("rating level", "awareness measured by a survey"),
    ),
}


ANSWER_LABELS = {
    "yes": _("yes"),
    "no": _("no"),
    "na": _("not applicable"),
}


def component_label(key: str) -> str:
    """The words for a component key; an unknown key is shown as it is."""
    return str(COMPONENT_LABELS.get(key, key))


def input_label(name: str) -> str:
    return str(INPUT_LABELS.get(name) or EVIDENCE_LABELS.get(name) or name)


def checklist_label(item: str) -> str:
    return str(CHECKLIST_LABELS.get(item, item))


def answer_label(answer: str) -> str:
    return str(ANSWER_LABELS.get(answer, answer))


def kind_rule(kind: str) -> dict[str, str]:
    """The method's rules for one component kind (``scoring.KIND_RULES``), translated."""
    rule = scoring.KIND_RULES[kind]
    return {
        "kind": kind,
        "label": str(KIND_LABELS.get(kind, kind)),
        "inputs": gettext(rule.inputs),
        "valid_when": gettext(rule.valid_when),
        "rule": gettext(rule.rule),
        "unscored_when": gettext(rule.unscored_when),
    }


def rubric_levels(code: str) -> list[tuple[int, str]]:
    """(level, words) for each rating level of an indicator; scoring's English for a level
    that has no label here, nothing for an indicator that is not rated."""
    english = scoring.RATING_RUBRICS.get(code, ())
    labels = RUBRIC_LABELS.get(code, ())
    return [
        (level, str(labels[level]) if level < len(labels) else text)
        for level, text in enumerate(english)
    ]
