"""Scoring's error messages in the reader's language: one translatable template per code.

``indicators.scoring`` must not import Django, so its messages are a code and parameters
(``ScoringMessage``) whose ``str()`` is English. Here each code has the same English text
marked for translation; it is the msgid of the catalogs, so a change of wording in
``scoring.MESSAGE_TEMPLATES`` must be made here too (a test compares the two). Every place
that shows scoring errors to a person renders them through this module.
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from django.utils.translation import gettext, gettext_noop

from indicators.scoring import ScoringError, ScoringMessage

# gettext_noop only marks the text for makemessages: it is looked up in render(), at call
# time, so that one process answers each request in that request's language.
# Placeholders keep scoring's names; field and key names in them stay as the API spells them.
TEMPLATES: Mapping[str, str] = MappingProxyType(
    {
        "unknown_methodology": gettext_noop(
            "Unknown methodology %(value)s; supported: %(supported)s."
        ),
        "not_a_percentage": gettext_noop(
            "%(name)s must be a number above 0 and at most 100 (got %(value)s)."
        ),
        "ratio_targets_incomplete": gettext_noop(
            "ratio_targets must give one target for each of: %(expected)s."
        ),
        "ratio_target_out_of_range": gettext_noop(
            "%(name)s must be a number above 0 and at most 100."
        ),
        "bad_band_thresholds": gettext_noop(
            "band_thresholds must be [threshold, band] pairs, 0 < threshold ≤ 100."
        ),
        "band_thresholds_not_increasing": gettext_noop(
            "band_thresholds must be in strictly increasing order."
        ),
        "bad_band_names": gettext_noop(
            "Band names (and lowest_band) must be distinct, non-empty strings."
        ),
        "bad_decimal_places": gettext_noop(
            "decimal_places must be a whole number from 0 to 6 (got %(value)s)."
        ),
        "parameters_not_an_object": gettext_noop("Parameters must be a JSON object."),
        "unknown_parameter": gettext_noop("Unknown parameter '%(name)s'."),
        "required": gettext_noop("%(name)s is required."),
        "component_not_an_object": gettext_noop("%(component)s must be an object with %(fields)s."),
        "unknown_field": gettext_noop(
            "Unknown field '%(name)s' for %(component)s; expected: %(expected)s."
        ),
        "not_a_count": gettext_noop("%(name)s must be a whole number ≥ 0 (got %(value)s)."),
        "greater_than": gettext_noop(
            "%(name)s (%(value)s) must not be greater than %(other)s (%(other_value)s)."
        ),
        "level_out_of_range": gettext_noop(
            "level must be a whole number from 0 to %(max)s (got %(value)s)."
        ),
        "items_not_an_object": gettext_noop(
            "items must be an object mapping checklist items to yes, no or na."
        ),
        "unknown_item": gettext_noop(
            "Unknown checklist item '%(item)s' in items; expected one of: %(expected)s."
        ),
        "bad_answer": gettext_noop("items.%(item)s must be yes, no or na (got %(value)s)."),
        "not_an_amount": gettext_noop("%(name)s must be a number ≥ 0 (got %(value)s)."),
        "bad_currency": gettext_noop(
            "currency must be a three-letter ISO 4217 code in capitals, such as USD "
            "(got %(value)s)."
        ),
        "unknown_indicator": gettext_noop(
            "Unknown indicator '%(code)s'; expected one of: %(expected)s."
        ),
        "unknown_component": gettext_noop(
            "Unknown component '%(key)s' for %(code)s; expected one of: %(expected)s."
        ),
        "not_applicable_not_boolean": gettext_noop(
            "not_applicable must be true or false (got %(value)s)."
        ),
        "reason_not_text": gettext_noop("reason must be text (got %(value)s)."),
        "na_not_allowed": gettext_noop(
            "%(code)s cannot be marked not applicable; enter its components instead."
        ),
        "reason_required": gettext_noop("reason is required when not_applicable is true."),
        "components_with_na": gettext_noop("components must be empty when not_applicable is true."),
        "reason_without_na": gettext_noop("reason is only given when not_applicable is true."),
        "components_not_an_object": gettext_noop(
            "components must be an object keyed by component."
        ),
        "body_not_an_object": gettext_noop(
            "The body must be a JSON object with methodology and indicators."
        ),
        "unknown_key": gettext_noop("Unknown key '%(key)s'; expected: %(expected)s."),
        "methodology_required": gettext_noop("methodology is required; supported: %(supported)s."),
        "methodology_not_a_string": gettext_noop(
            'methodology must be a string such as "1.0" (got %(value)s).'
        ),
        "indicators_not_an_object": gettext_noop(
            "indicators must be an object keyed by indicator code (got %(value)s)."
        ),
        "too_many_indicators": gettext_noop(
            "indicators has %(count)s entries; there are only %(total)s indicators (%(codes)s)."
        ),
        "entry_not_an_object": gettext_noop("%(code)s must be an object."),
        "unknown_entry_key": gettext_noop(
            "Unknown key '%(key)s' for %(code)s; expected: %(expected)s."
        ),
        "inputs_not_a_mapping": gettext_noop("inputs must map indicator codes to IndicatorInput."),
        "not_an_indicator_input": gettext_noop("%(code)s must be an IndicatorInput."),
    }
)


def render(message: ScoringMessage) -> str:
    """The message in the active language (English when no catalog translates it)."""
    template = TEMPLATES.get(message.code)
    if template is None:  # a code added to scoring but not here: English beats a 500
        return str(message)
    try:
        return gettext(template) % dict(message.params)
    except (KeyError, ValueError, TypeError):  # a translation with a mistyped placeholder
        return str(message)


def render_errors(errors: Mapping[str, Any]) -> dict[str, Any]:
    """``ScoringError.errors`` with the same nesting, every message rendered."""
    return {
        key: render_errors(value)
        if isinstance(value, Mapping)
        else [render(message) for message in value]
        for key, value in errors.items()
    }


def render_lines(error: ScoringError) -> list[str]:
    """Every message prefixed with its dotted path (``WC01.cabinet.women: …``), rendered."""
    return [f"{path}: {render(message)}" for path, message in error.entries()]
