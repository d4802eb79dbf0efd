"""An assessment's history: its own rows and its values' rows, merged, newest first."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext

from indicators.labels import component_label
from indicators.models import INPUT_FIELD_ORDER, IndicatorValue
from nap_tracker.history import Entry, history_entries

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


def _value_name(record: Any) -> str:
    what = gettext("not applicable") if record.not_applicable else component_label(record.component)
    level = dict(IndicatorValue.Level.choices).get(record.level, record.level)
    where = f" ({level}: {record.locality})" if record.level != "national" else ""
    return f"{record.indicator.code} {what}{where}"


def assessment_history(
    assessment_records: Iterable[Any], value_records: Iterable[Any]
) -> list[Entry]:
    """Assessment and value history rows merged, newest first."""
    entries = history_entries(
        assessment_records, ASSESSMENT_FIELDS, lambda r: gettext("assessment")
    )
    entries += history_entries(value_records, VALUE_FIELDS, _value_name, INPUT_FIELD_ORDER)
    return sorted(entries, key=lambda e: e.when, reverse=True)
