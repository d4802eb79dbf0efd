"""Women Count scoring, methodology version 1.0: indicators, input checks and 0–100 scores.

The rules, and every decision taken where the specification is silent, are written up in
``docs/methodology.md``. This module imports only the standard library so that the API
preview, stored scores, pages, exports and tests all run the same arithmetic, and so that the
method can be read and re-run without Django. Rational steps are computed exactly
(``Fraction``: Decimal at unlimited precision); a number is rounded only when it is reported.
"""

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Context, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from types import MappingProxyType
from typing import Any

CLUSTERS: tuple[str, ...] = ("participation", "prevention_protection", "promotion")
SUPPORTED_VERSIONS: tuple[str, ...] = ("1.0",)

SCORED = "scored"
NOT_APPLICABLE = "not_applicable"
NO_DATA = "no_data"
INSUFFICIENT_DATA = "insufficient_data"

SHARE = "share"
RATIO = "ratio"
RATING = "rating"
CHECKLIST = "checklist"
ATTRITION = "attrition"
FUNDING = "funding"

CHECKLIST_ANSWERS: tuple[str, ...] = ("yes", "no", "na")


def gettext_noop(text: str) -> str:
    """Marks text for translation (``makemessages`` finds this name) without Django.

    Pages translate it when they show it (``gettext(rule.inputs)``); scoring stays pure.
    """
    return text


@dataclass(frozen=True)
class KindRule:
    """The method's own words for one component kind (§3): shown on the methodology page."""

    inputs: str
    valid_when: str
    rule: str
    unscored_when: str


KIND_RULES: Mapping[str, KindRule] = MappingProxyType(
    {
        SHARE: KindRule(
            gettext_noop("Counts of women and of men (whole numbers, 0 or more)."),
            gettext_noop("Always, once both counts are given."),
            gettext_noop(
                "Share of women = women ÷ (women + men) × 100; score = the share ÷ the parity "
                "share × 100, at most 100: parity is full marks."
            ),
            gettext_noop("Women + men = 0."),
        ),
        RATIO: KindRule(
            gettext_noop("A numerator and a denominator (whole numbers, 0 or more)."),
            gettext_noop("The numerator is not larger than the denominator."),
            gettext_noop(
                "Percentage = numerator ÷ denominator × 100; score = the percentage ÷ the "
                "component's target × 100, at most 100."
            ),
            gettext_noop("The denominator is 0."),
        ),
        RATING: KindRule(
            gettext_noop("A level from the indicator's rubric (a whole number)."),
            gettext_noop("The level is from 0 to 4."),
            gettext_noop("Level ÷ 4 × 100."),
            gettext_noop("Never: every level has a score."),
        ),
        CHECKLIST: KindRule(
            gettext_noop("Each checklist item answered yes, no or not applicable."),
            gettext_noop("Only the indicator's own items are answered."),
            gettext_noop("Yes ÷ (yes + no) × 100; items not applicable do not count."),
            gettext_noop("No item is answered yes or no."),
        ),
        ATTRITION: KindRule(
            gettext_noop(
                "Cases reported, investigated, prosecuted and penalised (whole numbers, 0 or more)."
            ),
            gettext_noop(
                "Each stage is not larger than the one before: penalised ≤ prosecuted ≤ "
                "investigated ≤ reported."
            ),
            gettext_noop("(Investigated + prosecuted + penalised) ÷ (3 × reported) × 100."),
            gettext_noop("No case is reported."),
        ),
        FUNDING: KindRule(
            gettext_noop(
                "Amounts allocated and disbursed (0 or more); optionally the amount to civil "
                "society and the currency."
            ),
            gettext_noop(
                "The amount to civil society is not larger than the amount disbursed; the "
                "currency is a three-letter ISO 4217 code such as USD."
            ),
            gettext_noop(
                "Nothing allocated scores 0 (no money, no plan); otherwise disbursed ÷ "
                "allocated × 100, at most 100."
            ),
            gettext_noop("Never."),
        ),
    }
)
MAX_LEVEL = 4
WC06_ITEMS: tuple[str, ...] = (
    "nap_in_force",
    "domestic_violence_law",
    "sexual_violence_law",
    "trafficking_law",
    "electoral_quota_law",
    "non_discrimination_law",
    "security_sector_sgbv_policy",
    "crsv_reparations_law",
)
RATING_RUBRICS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "WC08": (
            "women's rights absent",
            "mentioned only",
            "specific provisions on women's rights",
            "provisions with reparations for women survivors",
            "provisions being implemented and monitored",
        ),
        "WC10": (
            "none",
            "translated into at least one national language",
            "disseminated nationally",
            "reaches local communities",
            "awareness measured by a survey",
        ),
    }
)

# Inputs of each kind: required fields, then optional ones (§3).
_REQUIRED: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        SHARE: ("women", "men"),
        RATIO: ("numerator", "denominator"),
        RATING: ("level",),
        CHECKLIST: ("items",),
        ATTRITION: ("reported", "investigated", "prosecuted", "penalised"),
        FUNDING: ("allocated", "disbursed"),
    }
)
_OPTIONAL: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {FUNDING: ("to_civil_society", "currency")}
)
# (smaller, larger) pairs of counts that must be ordered.
_ORDER: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        RATIO: (("numerator", "denominator"),),
        ATTRITION: (
            ("investigated", "reported"),
            ("prosecuted", "investigated"),
            ("penalised", "prosecuted"),
        ),
    }
)
_CURRENCY = re.compile(r"[A-Z]{3}")
_ENTRY_KEYS = ("not_applicable", "reason", "components")
_TOP_KEYS = ("methodology", "indicators")
# More entries than this are refused without looking at them (there are eleven codes).
MAX_INDICATOR_ENTRIES = 50


@dataclass(frozen=True)
class ComponentDefinition:
    """One scored part of an indicator; its kind fixes its inputs and its 0–100 rule (§3)."""

    key: str
    kind: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorDefinition:
    """One of the eleven indicators of §2, with the rules that decide its status."""

    code: str
    cluster: str
    title: str
    components: tuple[ComponentDefinition, ...]
    min_components: int
    not_applicable_allowed: bool
    not_applicable_hint: str = ""

    def component(self, key: str) -> ComponentDefinition | None:
        return next((c for c in self.components if c.key == key), None)


def _of(kind: str, *keys: str) -> tuple[ComponentDefinition, ...]:
    return tuple(ComponentDefinition(key, kind) for key in keys)


_P, _PP, _PR = CLUSTERS
INDICATORS: tuple[IndicatorDefinition, ...] = (
    IndicatorDefinition(
        "WC01", _P, "Index of women's participation in governance",
        _of(SHARE, "cabinet", "parliament", "local_government"), 2, False,
    ),
    IndicatorDefinition(
        "WC02", _P, "Women in formal peace negotiating and mediation teams",
        _of(SHARE, "negotiating_teams"), 1, True, "no formal process",
    ),
    IndicatorDefinition(
        "WC03", _P, "Index of women's participation in the justice and security sector",
        _of(SHARE, "military", "police", "judiciary"), 2, False,
    ),
    IndicatorDefinition(
        "WC04", _P, "Women in peacekeeping missions",
        _of(SHARE, "peacekeepers"), 1, True, "no deployment",
    ),
    IndicatorDefinition(
        "WC05", _P, "Civil-society organizations in 1325/1820 task forces",
        _of(RATIO, "task_force_seats"), 1, True, "no task force",
    ),
    IndicatorDefinition(
        "WC06", _PP, "Number and quality of gender-responsive laws and policies",
        (ComponentDefinition("laws_and_policies", CHECKLIST, WC06_ITEMS),), 1, False,
    ),
    IndicatorDefinition(
        "WC07", _PP, "Military and police training that incorporates 1325/1820, IHL and IHRL",
        _of(RATIO, "military_training", "police_training"), 1, False,
    ),
    IndicatorDefinition(
        "WC08", _PP, "Women's rights in transitional justice and reparations",
        _of(RATING, "transitional_justice"), 1, True, "no process",
    ),
    IndicatorDefinition(
        "WC09", _PP, "SGBV cases reported, investigated, prosecuted and penalised",
        _of(ATTRITION, "sgbv_cases"), 1, False,
    ),
    IndicatorDefinition(
        "WC10", _PR, "Dissemination and awareness of resolutions 1325 and 1820",
        _of(RATING, "dissemination"), 1, False,
    ),
    IndicatorDefinition(
        "WC11", _PR,
        "Allocation and disbursement of funding for 1325 implementation, "
        "including to civil society",
        _of(FUNDING, "funding"), 1, False,
    ),
)  # fmt: skip
INDICATORS_BY_CODE: Mapping[str, IndicatorDefinition] = MappingProxyType(
    {d.code: d for d in INDICATORS}
)
_RATIO_KEYS = tuple(c.key for d in INDICATORS for c in d.components if c.kind == RATIO)
_CODES = ", ".join(INDICATORS_BY_CODE)
_SUPPORTED = ", ".join(SUPPORTED_VERSIONS)

# Every message this module gives, by stable code: English, with named %-placeholders.
# Codes and parameters (not finished sentences) leave the module so that the Django layer
# can translate them (``indicators/scoring_messages.py`` repeats each text as its msgid);
# str() of a message is this English text, for logs, tests and callers without Django.
MESSAGE_TEMPLATES: Mapping[str, str] = MappingProxyType(
    {
        # Parameters of a methodology version.
        "unknown_methodology": "Unknown methodology %(value)s; supported: %(supported)s.",
        "not_a_percentage": "%(name)s must be a number above 0 and at most 100 (got %(value)s).",
        "ratio_targets_incomplete": "ratio_targets must give one target for each of: %(expected)s.",
        "ratio_target_out_of_range": "%(name)s must be a number above 0 and at most 100.",
        "bad_band_thresholds": (
            "band_thresholds must be [threshold, band] pairs, 0 < threshold ≤ 100."
        ),
        "band_thresholds_not_increasing": "band_thresholds must be in strictly increasing order.",
        "bad_band_names": "Band names (and lowest_band) must be distinct, non-empty strings.",
        "bad_decimal_places": "decimal_places must be a whole number from 0 to 6 (got %(value)s).",
        "parameters_not_an_object": "Parameters must be a JSON object.",
        "unknown_parameter": "Unknown parameter '%(name)s'.",
        # A component's fields (and required parameters).
        "required": "%(name)s is required.",
        "component_not_an_object": "%(component)s must be an object with %(fields)s.",
        "unknown_field": "Unknown field '%(name)s' for %(component)s; expected: %(expected)s.",
        "not_a_count": "%(name)s must be a whole number ≥ 0 (got %(value)s).",
        "greater_than": (
            "%(name)s (%(value)s) must not be greater than %(other)s (%(other_value)s)."
        ),
        "level_out_of_range": "level must be a whole number from 0 to %(max)s (got %(value)s).",
        "items_not_an_object": "items must be an object mapping checklist items to yes, no or na.",
        "unknown_item": (
            "Unknown checklist item '%(item)s' in items; expected one of: %(expected)s."
        ),
        "bad_answer": "items.%(item)s must be yes, no or na (got %(value)s).",
        "not_an_amount": "%(name)s must be a number ≥ 0 (got %(value)s).",
        "bad_currency": (
            "currency must be a three-letter ISO 4217 code in capitals, such as USD "
            "(got %(value)s)."
        ),
        # An indicator's entry.
        "unknown_indicator": "Unknown indicator '%(code)s'; expected one of: %(expected)s.",
        "unknown_component": (
            "Unknown component '%(key)s' for %(code)s; expected one of: %(expected)s."
        ),
        "not_applicable_not_boolean": "not_applicable must be true or false (got %(value)s).",
        "reason_not_text": "reason must be text (got %(value)s).",
        "na_not_allowed": "%(code)s cannot be marked not applicable; enter its components instead.",
        "reason_required": "reason is required when not_applicable is true.",
        "components_with_na": "components must be empty when not_applicable is true.",
        "reason_without_na": "reason is only given when not_applicable is true.",
        "components_not_an_object": "components must be an object keyed by component.",
        # The shape of a payload (§5) or of score()'s inputs.
        "body_not_an_object": "The body must be a JSON object with methodology and indicators.",
        "unknown_key": "Unknown key '%(key)s'; expected: %(expected)s.",
        "methodology_required": "methodology is required; supported: %(supported)s.",
        "methodology_not_a_string": 'methodology must be a string such as "1.0" (got %(value)s).',
        "indicators_not_an_object": (
            "indicators must be an object keyed by indicator code (got %(value)s)."
        ),
        "too_many_indicators": (
            "indicators has %(count)s entries; there are only %(total)s indicators (%(codes)s)."
        ),
        "entry_not_an_object": "%(code)s must be an object.",
        "unknown_entry_key": "Unknown key '%(key)s' for %(code)s; expected: %(expected)s.",
        "inputs_not_a_mapping": "inputs must map indicator codes to IndicatorInput.",
        "not_an_indicator_input": "%(code)s must be an IndicatorInput.",
    }
)


@dataclass(frozen=True)
class ScoringMessage:
    """One problem: a code from ``MESSAGE_TEMPLATES`` and the values its text names.

    Parameters are already shown as the user typed them (``_show``) or joined lists of keys,
    so a translation only rearranges them around its own words.
    """

    code: str
    params: Mapping[str, str | int] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.code not in MESSAGE_TEMPLATES:  # a typo here would only show when rendered
            raise KeyError(f"No message template for code {self.code!r}.")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __str__(self) -> str:
        return MESSAGE_TEMPLATES[self.code] % dict(self.params)


def _message(code: str, /, **params: str | int) -> ScoringMessage:
    return ScoringMessage(code, params)


Errors = dict[str, Any]


class ScoringError(ValueError):
    """Bad inputs or parameters; ``errors`` nests indicator → component → field → messages.

    The messages are ``ScoringMessage`` objects; ``str()`` gives their English text.
    """

    def __init__(self, errors: Errors) -> None:
        self.errors = errors
        super().__init__(" ".join(self.messages()))

    def entries(self) -> list[tuple[str, ScoringMessage]]:
        """Every message with its dotted path (``WC01.cabinet.women``), in order."""
        return list(_flatten(self.errors, ""))

    def messages(self) -> list[str]:
        """Every message, prefixed with its dotted path, for logs and plain-text display."""
        return [f"{path}: {message}" for path, message in self.entries()]


def _flatten(errors: Mapping[str, Any], prefix: str) -> Iterable[tuple[str, ScoringMessage]]:
    for key, value in errors.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, path + ".")
        else:
            yield from ((path, message) for message in value)


def _plain(value: object) -> object:
    """What json.dumps cannot show by itself: frozen mappings (shown as objects)."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(type(value).__name__)


def _show(value: object) -> str:
    """A value as the user typed it in JSON, shortened, for error messages."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=_plain)
    except (TypeError, ValueError, RecursionError):
        text = f"a value of type {type(value).__name__}"
    return text if len(text) <= 40 else text[:37] + "..."


def _name(key: object) -> str:
    """A key the user sent, shortened, so that error messages and keys stay small."""
    text = str(key)
    return text if len(text) <= 40 else text[:37] + "..."


def _decimal(value: object) -> Decimal | None:
    """A finite Decimal from an int, float, Decimal or numeric string; None otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _pairs(value: object) -> list[tuple[Any, Any]] | None:
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, list | tuple) and all(
        isinstance(p, list | tuple) and len(p) == 2 for p in value
    ):
        return [(p[0], p[1]) for p in value]
    return None


def _check_parameters(raw: Mapping[str, Any]) -> tuple[dict[str, Any], Errors]:
    """Normalise and check every parameter; returns the clean values and all problems."""
    clean: dict[str, Any] = {}
    errors: Errors = {}

    def bad(key: str, message: ScoringMessage) -> None:
        errors.setdefault(key, []).append(message)

    if raw["version"] not in SUPPORTED_VERSIONS:
        bad(
            "version",
            _message("unknown_methodology", value=_show(raw["version"]), supported=_SUPPORTED),
        )
    clean["version"] = raw["version"]
    for name in ("parity_share", "geometric_floor"):
        clean[name] = number = _decimal(raw[name])
        if number is None or not 0 < number <= 100:
            bad(name, _message("not_a_percentage", name=name, value=_show(raw[name])))
    targets = _pairs(raw["ratio_targets"])
    if targets is None or sorted(str(k) for k, _ in targets) != sorted(_RATIO_KEYS):
        expected = ", ".join(sorted(_RATIO_KEYS))
        bad("ratio_targets", _message("ratio_targets_incomplete", expected=expected))
    else:
        clean["ratio_targets"] = tuple(sorted((k, _decimal(v)) for k, v in targets))
        for key, target in targets:
            number = _decimal(target)
            if number is None or not 0 < number <= 100:
                bad("ratio_targets", _message("ratio_target_out_of_range", name=str(key)))
    bands = _pairs(raw["band_thresholds"])
    thresholds = [_decimal(t) for t, _ in bands or ()]
    names = [n for _, n in bands or ()] + [raw["lowest_band"]]
    if bands is None or any(t is None or not 0 < t <= 100 for t in thresholds):
        bad("band_thresholds", _message("bad_band_thresholds"))
    elif any(a >= b for a, b in zip(thresholds, thresholds[1:], strict=False)):
        bad("band_thresholds", _message("band_thresholds_not_increasing"))
    else:
        clean["band_thresholds"] = tuple(zip(thresholds, names[:-1], strict=True))
    if not all(isinstance(n, str) and n for n in names) or len(set(names)) != len(names):
        bad("band_thresholds", _message("bad_band_names"))
    clean["lowest_band"] = raw["lowest_band"]
    places = raw["decimal_places"]
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6:
        bad("decimal_places", _message("bad_decimal_places", value=_show(places)))
    clean["decimal_places"] = places
    return clean, errors


@dataclass(frozen=True)
class Parameters:
    """The numbers a methodology version may change (§4); stored as JSON with the version."""

    version: str = "1.0"
    parity_share: Decimal = Decimal("50")
    ratio_targets: tuple[tuple[str, Decimal], ...] = (
        ("military_training", Decimal("100")),
        ("police_training", Decimal("100")),
        ("task_force_seats", Decimal("50")),
    )
    geometric_floor: Decimal = Decimal("1")
    band_thresholds: tuple[tuple[Decimal, str], ...] = (
        (Decimal("25"), "low"),
        (Decimal("50"), "moderate"),
        (Decimal("75"), "high"),
    )
    lowest_band: str = "very_low"
    decimal_places: int = 1

    def __post_init__(self) -> None:
        clean, errors = _check_parameters({f.name: getattr(self, f.name) for f in fields(self)})
        if errors:
            raise ScoringError(errors)
        for name, value in clean.items():  # sorted targets, Decimal numbers: equal means equal
            object.__setattr__(self, name, value)

    def ratio_target(self, key: str) -> Decimal:
        return dict(self.ratio_targets)[key]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; numbers as strings so that no float ever touches them."""
        return {
            "version": self.version,
            "parity_share": str(self.parity_share),
            "ratio_targets": {key: str(target) for key, target in self.ratio_targets},
            "geometric_floor": str(self.geometric_floor),
            "band_thresholds": [[str(t), name] for t, name in self.band_thresholds],
            "lowest_band": self.lowest_band,
            "decimal_places": self.decimal_places,
        }

    @classmethod
    def from_dict(cls, data: object) -> "Parameters":
        """Every key required, none unknown; numbers as strings, ints or floats."""
        if not isinstance(data, Mapping):
            raise ScoringError({"__all__": [_message("parameters_not_an_object")]})
        names = [f.name for f in fields(cls)]
        errors: Errors = {
            str(k): [_message("unknown_parameter", name=str(k))] for k in data if k not in names
        }
        errors |= {n: [_message("required", name=n)] for n in names if n not in data}
        if errors:
            raise ScoringError(errors)
        return cls(**{name: data[name] for name in names})


DEFAULT_PARAMETERS = Parameters()


def _freeze(value: object, depth: int = 3) -> object:
    """Read-only copies of the known levels: component → field → checklist items.

    Deeper values are left as they are (validation rejects them), so a hostile,
    deeply nested body cannot exhaust the stack here.
    """
    if depth and isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v, depth - 1) for k, v in value.items()})
    return value


@dataclass(frozen=True)
class IndicatorInput:
    """What was entered for one indicator; an indicator absent from the inputs has no data."""

    not_applicable: bool = False
    reason: str = ""
    components: Mapping[str, Mapping[str, object]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "components", _freeze(self.components))


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _amount(value: object) -> Fraction | None:
    """JSON numbers only: strings are rejected so that "1,000" is never misread."""
    if isinstance(value, str):
        return None
    number = _decimal(value)
    return Fraction(number) if number is not None and number >= 0 else None


def _component_errors(
    component: ComponentDefinition, values: object
) -> dict[str, list[ScoringMessage]]:
    """Every problem with one component's inputs, keyed by field."""
    required, optional = _REQUIRED[component.kind], _OPTIONAL.get(component.kind, ())
    if not isinstance(values, Mapping):
        wanted = ", ".join(required)
        return {
            "__all__": [_message("component_not_an_object", component=component.key, fields=wanted)]
        }
    errors: dict[str, list[ScoringMessage]] = {}
    for name in values:
        if name not in required + optional:
            expected = ", ".join(required + optional)
            errors[_name(name)] = [
                _message(
                    "unknown_field", name=_name(name), component=component.key, expected=expected
                )
            ]
    for name in required:
        if values.get(name) is None:
            errors[name] = [_message("required", name=name)]
    present = {n: v for n, v in values.items() if n in required + optional and v is not None}
    if component.kind in (SHARE, RATIO, ATTRITION):
        for name, value in present.items():
            if not _is_count(value):
                errors[name] = [_message("not_a_count", name=name, value=_show(value))]
        for small, big in _ORDER.get(component.kind, ()):
            a, b = present.get(small), present.get(big)
            if _is_count(a) and _is_count(b) and a > b:
                message = _message("greater_than", name=small, value=a, other=big, other_value=b)
                errors.setdefault(small, []).append(message)
    elif component.kind == RATING and "level" in present:
        level = present["level"]
        if not _is_count(level) or level > MAX_LEVEL:
            errors["level"] = [_message("level_out_of_range", max=MAX_LEVEL, value=_show(level))]
    elif component.kind == CHECKLIST and "items" in present:
        items, messages = present["items"], []
        if not isinstance(items, Mapping):
            messages.append(_message("items_not_an_object"))
        else:
            for item, answer in items.items():
                if item not in component.items:
                    expected = ", ".join(component.items)
                    messages.append(_message("unknown_item", item=_name(item), expected=expected))
                elif answer not in CHECKLIST_ANSWERS:
                    messages.append(_message("bad_answer", item=item, value=_show(answer)))
        if messages:
            errors["items"] = messages
    elif component.kind == FUNDING:
        for name in ("allocated", "disbursed", "to_civil_society"):
            if name in present and _amount(present[name]) is None:
                errors[name] = [_message("not_an_amount", name=name, value=_show(present[name]))]
        given, disbursed = present.get("to_civil_society"), present.get("disbursed")
        civil, total = _amount(given), _amount(disbursed)
        if civil is not None and total is not None and civil > total:
            errors["to_civil_society"] = [
                _message(
                    "greater_than",
                    name="to_civil_society",
                    value=_show(given),
                    other="disbursed",
                    other_value=_show(disbursed),
                )
            ]
        currency = present.get("currency")
        if currency is not None and not (
            isinstance(currency, str) and _CURRENCY.fullmatch(currency)
        ):
            errors["currency"] = [_message("bad_currency", value=_show(currency))]
    return errors


def validate_component(
    indicator_code: str, component_key: str, values: Mapping[str, object]
) -> dict[str, list[ScoringMessage]]:
    """Field → messages for one stored component; empty when valid (used by Django forms)."""
    definition = INDICATORS_BY_CODE.get(indicator_code)
    if definition is None:
        return {"indicator": [_unknown_indicator(indicator_code)]}
    component = definition.component(component_key)
    if component is None:
        return {"component": [_unknown_component(definition, component_key)]}
    return _component_errors(component, values)


def _unknown_indicator(code: object) -> ScoringMessage:
    return _message("unknown_indicator", code=_name(code), expected=_CODES)


def _unknown_component(definition: IndicatorDefinition, key: object) -> ScoringMessage:
    keys = ", ".join(c.key for c in definition.components)
    return _message("unknown_component", key=_name(key), code=definition.code, expected=keys)


def _indicator_errors(code: str, entry: IndicatorInput) -> Errors:
    """Every problem with one indicator's entry: N/A rules, then each component."""
    definition = INDICATORS_BY_CODE.get(code)
    if definition is None:
        return {"__all__": [_unknown_indicator(code)]}
    errors: Errors = {}
    components, reason = entry.components, entry.reason
    if not isinstance(entry.not_applicable, bool):
        errors["not_applicable"] = [
            _message("not_applicable_not_boolean", value=_show(entry.not_applicable))
        ]
    if not isinstance(reason, str):
        errors["reason"] = [_message("reason_not_text", value=_show(reason))]
    elif entry.not_applicable is True:
        if not definition.not_applicable_allowed:
            errors["not_applicable"] = [_message("na_not_allowed", code=code)]
        if not reason.strip():
            errors["reason"] = [_message("reason_required")]
        if components:
            errors["components"] = [_message("components_with_na")]
    elif entry.not_applicable is False and reason.strip():
        errors["reason"] = [_message("reason_without_na")]
    if not isinstance(components, Mapping):
        errors["components"] = [_message("components_not_an_object")]
        return errors
    for key, values in components.items():
        component = definition.component(key)
        if component is None and key in errors or key in ("__all__", *_ENTRY_KEYS):
            errors.setdefault("components", []).append(_unknown_component(definition, key))
        elif component is None:
            errors[_name(key)] = {"__all__": [_unknown_component(definition, key)]}
        elif field_errors := _component_errors(component, values):
            errors[key] = field_errors
    return errors


def parse_payload(data: object) -> tuple[str, dict[str, IndicatorInput]]:
    """Check the JSON of §5/§6 in one pass and return (version, inputs by indicator code)."""
    if not isinstance(data, Mapping):
        raise ScoringError({"__all__": [_message("body_not_an_object")]})
    errors: Errors = {}
    for key in data:
        if key not in _TOP_KEYS:
            errors.setdefault("__all__", []).append(
                _message("unknown_key", key=_name(key), expected=", ".join(_TOP_KEYS))
            )
    version = data.get("methodology")
    if "methodology" not in data:
        errors["methodology"] = [_message("methodology_required", supported=_SUPPORTED)]
    elif not isinstance(version, str):
        errors["methodology"] = [_message("methodology_not_a_string", value=_show(version))]
    elif version not in SUPPORTED_VERSIONS:
        errors["methodology"] = [
            _message("unknown_methodology", value=_show(version), supported=_SUPPORTED)
        ]
    indicators = data.get("indicators")
    inputs: dict[str, IndicatorInput] = {}
    if not isinstance(indicators, Mapping):
        errors["indicators"] = [_message("indicators_not_an_object", value=_show(indicators))]
        indicators = {}
    elif len(indicators) > MAX_INDICATOR_ENTRIES:
        # Far more entries than codes: refuse at once, so that error replies stay small.
        errors["indicators"] = [
            _message(
                "too_many_indicators", count=len(indicators), total=len(INDICATORS), codes=_CODES
            )
        ]
        indicators = {}
    for code, entry in indicators.items():
        if not isinstance(entry, Mapping):
            entry_errors: Errors = {"__all__": [_message("entry_not_an_object", code=_name(code))]}
        else:
            entry_errors = {}
            for key in entry:
                if key not in _ENTRY_KEYS:
                    entry_errors.setdefault("__all__", []).append(
                        _message(
                            "unknown_entry_key",
                            key=_name(key),
                            code=_name(code),
                            expected=", ".join(_ENTRY_KEYS),
                        )
                    )
            item = IndicatorInput(
                not_applicable=_or(entry.get("not_applicable"), False),
                reason=_or(entry.get("reason"), ""),
                components=_or(entry.get("components"), {}),
            )
            unknown_keys = entry_errors.pop("__all__", [])
            entry_errors = _indicator_errors(str(code), item)
            if unknown_keys:
                entry_errors["__all__"] = entry_errors.get("__all__", []) + unknown_keys
            inputs[str(code)] = item
        if entry_errors and str(code) in (*_TOP_KEYS, "__all__"):
            errors.setdefault("indicators", []).append(_unknown_indicator(code))
        elif entry_errors:
            errors[_name(code)] = entry_errors
    if errors:
        raise ScoringError(errors)
    return str(version), inputs


def _or(value: Any, default: Any) -> Any:
    """JSON null means the same as leaving the key out."""
    return default if value is None else value


@dataclass(frozen=True)
class ComponentResult:
    key: str
    status: str
    score: Decimal | None
    exact: Fraction | None = field(default=None, repr=False)


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    cluster: str
    status: str
    score: Decimal | None
    components: tuple[ComponentResult, ...] = ()
    exact: Fraction | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ClusterResult:
    name: str
    status: str
    score: Decimal | None
    exact: Fraction | None = field(default=None, repr=False)


@dataclass(frozen=True)
class OverallResult:
    status: str
    score: Decimal | None
    arithmetic_mean: Decimal | None
    band: str | None


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class ScoreResult:
    version: str
    indicators: Mapping[str, IndicatorResult]
    clusters: Mapping[str, ClusterResult]
    overall: OverallResult

    def as_dict(self) -> dict[str, Any]:
        """The §6 response: every indicator and cluster, rounded scores as JSON numbers."""
        return {
            "methodology": self.version,
            "indicators": {
                code: {
                    "score": _float(r.score),
                    "status": r.status,
                    "components": {
                        c.key: {"score": _float(c.score), "status": c.status} for c in r.components
                    },
                }
                for code, r in self.indicators.items()
            },
            "clusters": {
                name: {"score": _float(c.score), "status": c.status}
                for name, c in self.clusters.items()
            },
            "overall": {
                "score": _float(self.overall.score),
                "arithmetic_mean": _float(self.overall.arithmetic_mean),
                "band": self.overall.band,
                "status": self.overall.status,
            },
        }


def _half_up(value: Fraction, places: int) -> int:
    """value × 10^places rounded half away from zero (ROUND_HALF_UP), exactly."""
    scaled = abs(value) * 10**places
    return (1 if value >= 0 else -1) * math.floor(scaled + Fraction(1, 2))


def _round(value: Fraction | None, places: int) -> Decimal | None:
    return None if value is None else Decimal(f"{_half_up(value, places)}E-{places}")


def _exact(result: IndicatorResult | ClusterResult) -> Fraction:
    """The unrounded score, or the reported one for results built from stored values."""
    return result.exact if result.exact is not None else Fraction(result.score or 0)


def _component_score(
    component: ComponentDefinition, values: Mapping[str, Any], parameters: Parameters
) -> Fraction | None:
    """The 0–100 rule of §3, exactly; None when the component is unscored."""
    if component.kind == SHARE:
        total = values["women"] + values["men"]
        if total == 0:
            return None
        share = Fraction(100 * values["women"], total)
        return min(Fraction(100), share * 100 / Fraction(parameters.parity_share))
    if component.kind == RATIO:
        if values["denominator"] == 0:
            return None
        pct = Fraction(100 * values["numerator"], values["denominator"])
        return min(Fraction(100), pct * 100 / Fraction(parameters.ratio_target(component.key)))
    if component.kind == RATING:
        return Fraction(100 * values["level"], MAX_LEVEL)
    if component.kind == CHECKLIST:
        answers = list(values["items"].values())
        yes, no = answers.count("yes"), answers.count("no")
        return Fraction(100 * yes, yes + no) if yes + no else None
    if component.kind == ATTRITION:
        if values["reported"] == 0:
            return None
        later = values["investigated"] + values["prosecuted"] + values["penalised"]
        return Fraction(100 * later, 3 * values["reported"])
    allocated, disbursed = _amount(values["allocated"]), _amount(values["disbursed"])
    if allocated == 0:  # no money, no NAP: nothing to disburse is not full marks
        return Fraction(0)
    return min(Fraction(100), disbursed * 100 / allocated)


def _score_indicator(
    definition: IndicatorDefinition, entry: IndicatorInput | None, parameters: Parameters
) -> IndicatorResult:
    def result(
        status: str, components: tuple[ComponentResult, ...] = (), exact: Fraction | None = None
    ) -> IndicatorResult:
        score = _round(exact, parameters.decimal_places)
        return IndicatorResult(
            definition.code, definition.cluster, status, score, components, exact
        )

    if entry is not None and entry.not_applicable:
        return result(NOT_APPLICABLE)
    entered = entry.components if entry is not None else {}
    parts = []
    for component in definition.components:
        exact = None
        if component.key in entered:
            exact = _component_score(component, entered[component.key], parameters)
        status = NO_DATA if exact is None else SCORED
        score = _round(exact, parameters.decimal_places)
        parts.append(ComponentResult(component.key, status, score, exact))
    if not entered:
        return result(NO_DATA, tuple(parts))
    scored = [p.exact for p in parts if p.exact is not None]
    if len(scored) < definition.min_components:
        return result(INSUFFICIENT_DATA, tuple(parts))
    return result(SCORED, tuple(parts), sum(scored, Fraction(0)) / len(scored))


def score_cluster(
    name: str, indicators: Iterable[IndicatorResult], parameters: Parameters = DEFAULT_PARAMETERS
) -> ClusterResult:
    """§4.2: the mean of the scored indicators, if at least half of the applicable ones are."""
    applicable = [r for r in indicators if r.status != NOT_APPLICABLE]
    scored = [_exact(r) for r in applicable if r.status == SCORED]
    if not applicable:
        return ClusterResult(name, NOT_APPLICABLE, None)
    if len(scored) * 2 < len(applicable):
        return ClusterResult(name, INSUFFICIENT_DATA, None)
    exact = sum(scored, Fraction(0)) / len(scored)
    return ClusterResult(name, SCORED, _round(exact, parameters.decimal_places), exact)


def _geometric_mean(values: list[Fraction], places: int) -> Decimal:
    """The rounded n-th root of the product: estimated in Decimal, then checked exactly.

    ln/exp alone can land a hair below a true half-way value: at 40 digits it gives 25.0 for
    clusters 50.1, 12.525 and 25.05, whose geometric mean is exactly 25.05. Comparing the
    product with the rounding boundaries raised to the n-th power settles every such case.
    """
    count, product = len(values), math.prod(values, start=Fraction(1))
    with localcontext(Context(prec=60)):
        estimate = ((Decimal(product.numerator) / product.denominator).ln() / count).exp()
    scaled, scale = _half_up(Fraction(estimate), places), 10**places
    while scaled > 0 and Fraction(2 * scaled - 1, 2 * scale) ** count > product:
        scaled -= 1
    while Fraction(2 * scaled + 1, 2 * scale) ** count <= product:
        scaled += 1
    return Decimal(f"{scaled}E-{places}")


def band_for(score: Decimal, parameters: Parameters = DEFAULT_PARAMETERS) -> str:
    """§4.4: the highest band whose threshold the (rounded) score reaches."""
    band = parameters.lowest_band
    for threshold, name in parameters.band_thresholds:
        if score >= threshold:
            band = name
    return band


def score_overall(
    clusters: Iterable[ClusterResult], parameters: Parameters = DEFAULT_PARAMETERS
) -> OverallResult:
    """§4.3: geometric mean of the scored clusters, each floored, plus their arithmetic mean."""
    clusters = list(clusters)
    scored = [_exact(c) for c in clusters if c.status == SCORED]
    if not scored or any(c.status == INSUFFICIENT_DATA for c in clusters):
        return OverallResult(INSUFFICIENT_DATA, None, None, None)
    floor, places = Fraction(parameters.geometric_floor), parameters.decimal_places
    overall = _geometric_mean([max(floor, v) for v in scored], places)
    arithmetic = _round(sum(scored, Fraction(0)) / len(scored), places)
    return OverallResult(SCORED, overall, arithmetic, band_for(overall, parameters))


def score(
    inputs: Mapping[str, IndicatorInput], parameters: Parameters = DEFAULT_PARAMETERS
) -> ScoreResult:
    """Score one assessment's national values; raises ScoringError on any bad input."""
    if not isinstance(inputs, Mapping):
        raise ScoringError({"indicators": [_message("inputs_not_a_mapping")]})
    errors: Errors = {}
    for code, entry in inputs.items():
        if not isinstance(entry, IndicatorInput):
            errors[str(code)] = {"__all__": [_message("not_an_indicator_input", code=str(code))]}
        elif entry_errors := _indicator_errors(code, entry):
            errors[str(code)] = entry_errors
    if errors:
        raise ScoringError(errors)
    indicators = {d.code: _score_indicator(d, inputs.get(d.code), parameters) for d in INDICATORS}
    clusters = {
        name: score_cluster(name, [r for r in indicators.values() if r.cluster == name], parameters)
        for name in CLUSTERS
    }
    overall = score_overall(clusters.values(), parameters)
    return ScoreResult(
        parameters.version, MappingProxyType(indicators), MappingProxyType(clusters), overall
    )
