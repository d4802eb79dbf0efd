"""Forms of the entry pages: a new assessment, and all eleven indicators on one page."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators import scoring
from indicators.labels import (
    CHECKLIST_LABELS,
    COMPONENT_LABELS,
    EVIDENCE_LABELS,
    INPUT_LABELS,
    KIND_HELP,
    rubric_levels,
)
from indicators.models import INPUT_FIELD_ORDER, Assessment, Cluster, Indicator, IndicatorValue
from indicators.services import ValueData
from organizations.models import Membership, Organization
from plans.models import Country, NationalActionPlan

# Rows a component may carry in one form (national plus local values); more is refused.
MAX_ROWS = 20
EVIDENCE_FIELDS = (
    "value_level",
    "locality",
    "data_year",
    "source_url",
    "source_page",
    "source_quote",
    "notes",
)
# The order in which a value's fields are compared and shown.
FIELD_ORDER = [*INPUT_FIELD_ORDER, "not applicable", *EVIDENCE_LABELS]


def labelled_changes(changes) -> list[dict]:
    """Old → new cells with the form's words for components, inputs and checklist items."""
    rows = []
    for change in changes:
        component, _sep, where = change.where.partition(" (")
        name, _dot, item = change.field.partition(".")
        if item:
            label = CHECKLIST_LABELS.get(item, item)
        else:
            label = INPUT_LABELS.get(name) or EVIDENCE_LABELS.get(name) or name
        rows.append(
            {
                "code": change.code,
                "where": str(COMPONENT_LABELS.get(component, component))
                + (f" ({where}" if where else ""),
                "field": label,
                "old": change.old,
                "new": change.new,
            }
        )
    return rows


ANSWERS = [("", _("not answered")), ("yes", _("yes")), ("no", _("no")), ("na", _("n.a."))]


def _count_field(name: str) -> forms.Field:
    # No min_value: the scoring rules name the problem ("women must be a whole number ≥ 0").
    return forms.IntegerField(
        label=INPUT_LABELS[name], required=False, widget=forms.NumberInput(attrs={"step": 1})
    )


def _amount_field(name: str) -> forms.Field:
    return forms.DecimalField(
        label=INPUT_LABELS[name], required=False, max_digits=18, decimal_places=2
    )


def _plain_number(value: Decimal) -> int | float:
    """JSON numbers as the API takes them: whole amounts as integers."""
    return int(value) if value == value.to_integral_value() else float(value)


class AssessmentCreateForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        help_text=_("Countries your organizations cover."),
    )
    year = forms.IntegerField(
        label=_("Reporting year"),
        min_value=2000,
        help_text=_("The year the assessment reports on."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.of_user(
            user, Membership.EDITING_ROLES
        ).order_by("name")
        self.fields["country"].queryset = Country.objects.covered_by(user).order_by("name")
        next_year = timezone.now().year + 1
        self.fields["year"].validators.append(MaxValueValidator(next_year))
        self.fields["year"].widget.attrs["max"] = next_year

    def clean(self):
        cleaned = super().clean()
        organization, country = cleaned.get("organization"), cleaned.get("country")
        if organization and country and not organization.coverages.filter(country=country).exists():
            self.add_error(
                "country",
                _("%(org)s does not cover %(country)s.")
                % {"org": organization, "country": country},
            )
        return cleaned


class AssessmentValuesForm(forms.Form):
    """All eleven indicators: per component its values (national first, then local rows).

    Field names are ``CODE-component-row-field`` (e.g. ``WC01-cabinet-0-women``); each
    component has one empty row more than it has values, so a local value can be added
    without JavaScript. A row left entirely empty is no value (and deletes a stored one).
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    plan = forms.ModelChoiceField(
        label=_("Plan in force"),
        queryset=NationalActionPlan.objects.none(),
        required=False,
        empty_label=_("No plan in force that year"),
        help_text=_("Linked automatically from the plan period; change it if the source says."),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, assessment: Assessment, indicators: list[Indicator], **kwargs):
        self.assessment = assessment
        self.indicators = indicators
        stored: dict[tuple[str, str], list[IndicatorValue]] = {}
        self.stored_na: dict[str, IndicatorValue] = {}
        for value in assessment.values.all():
            if value.not_applicable:
                self.stored_na[value.indicator.code] = value
            else:
                stored.setdefault((value.indicator.code, value.component), []).append(value)
        for rows in stored.values():
            rows.sort(key=lambda v: (v.level != IndicatorValue.Level.NATIONAL, v.locality))
        kwargs.setdefault(
            "initial",
            {
                "version": assessment.version,
                "plan": assessment.plan_id,
                "summary": assessment.summary,
            },
        )
        super().__init__(*args, **kwargs)
        # The options' labels name the country: load it with the plans, not once per plan.
        self.fields["plan"].queryset = (
            NationalActionPlan.objects.published()
            .filter(country_id=assessment.country_id)
            .select_related("country")
        )
        self.row_counts: dict[tuple[str, str], int] = {}
        self.prefix_of: dict[tuple[str, int], tuple[str, str]] = {}
        self.row_errors: dict[str, list[str]] = {}
        self.indicator_errors: dict[str, list[str]] = {}
        for indicator in indicators:
            self._add_indicator_fields(indicator, stored)

    # Building the fields --------------------------------------------------------------

    def _add_indicator_fields(self, indicator: Indicator, stored: dict) -> None:
        code = indicator.code
        if indicator.not_applicable_allowed:
            na = self.stored_na.get(code)
            self.fields[f"{code}-na"] = forms.BooleanField(
                label=_("Not applicable"), required=False, initial=na is not None
            )
            self.fields[f"{code}-na_reason"] = forms.CharField(
                label=_("Why not applicable"),
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"size": 60}),
                initial=na.not_applicable_reason if na else "",
            )
        for component in indicator.components:
            key, kind = component["key"], component["kind"]
            values = stored.get((code, key), [])
            count = len(values) + 1
            if self.is_bound:
                count = self._bounded_count(self.data.get(f"{code}-{key}-rows"), count)
            self.row_counts[(code, key)] = count
            self.fields[f"{code}-{key}-rows"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=count, required=False
            )
            for row in range(count):
                value = values[row] if row < len(values) else None
                self._add_row_fields(f"{code}-{key}-{row}", kind, component, value)
        # The error summary names where a field is: many fields are labelled "Women".
        for name, field in self.fields.items():
            if name.startswith(f"{code}-"):
                parts = name.split("-")
                where = COMPONENT_LABELS.get(parts[1], "") if len(parts) > 2 else ""
                row = (
                    f" ({_('value')} {int(parts[2]) + 1})"
                    if len(parts) > 3 and parts[2] != "0"
                    else ""
                )
                field.summary_label = (
                    " — ".join(filter(None, [code, str(where), str(field.label)])) + row
                )

    @staticmethod
    def _bounded_count(raw, default: int) -> int:
        try:
            return max(1, min(MAX_ROWS, int(raw)))
        except (TypeError, ValueError):
            return default

    def _add_row_fields(self, prefix: str, kind: str, component: dict, value) -> None:
        inputs = value.inputs if value is not None else {}
        if kind in (scoring.SHARE, scoring.RATIO, scoring.ATTRITION):
            for name in scoring._REQUIRED[kind]:
                self.fields[f"{prefix}-{name}"] = _count_field(name)
        elif kind == scoring.RATING:
            code = prefix.split("-", 1)[0]
            choices = [("", _("not rated"))] + [
                (str(level), f"{level} — {text}") for level, text in rubric_levels(code)
            ]
            self.fields[f"{prefix}-level"] = forms.TypedChoiceField(
                label=INPUT_LABELS["level"],
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        elif kind == scoring.CHECKLIST:
            answers = inputs.get("items", {})
            for item in component.get("items", ()):
                self.fields[f"{prefix}-item-{item}"] = forms.ChoiceField(
                    label=CHECKLIST_LABELS.get(item, item),
                    choices=ANSWERS,
                    required=False,
                    initial=answers.get(item, ""),
                )
        elif kind == scoring.FUNDING:
            for name in ("allocated", "disbursed", "to_civil_society"):
                self.fields[f"{prefix}-{name}"] = _amount_field(name)
            self.fields[f"{prefix}-currency"] = forms.CharField(
                label=INPUT_LABELS["currency"],
                required=False,
                max_length=3,
                widget=forms.TextInput(attrs={"size": 4, "autocapitalize": "characters"}),
            )
        if value is not None:
            for name, given in inputs.items():
                if f"{prefix}-{name}" in self.fields:
                    self.fields[f"{prefix}-{name}"].initial = given
        self._add_evidence_fields(prefix, value)

    def _add_evidence_fields(self, prefix: str, value) -> None:
        model_field = IndicatorValue._meta.get_field
        # "level" is a rating input; the value's national/local level is "value_level".
        self.fields[f"{prefix}-value_level"] = forms.ChoiceField(
            label=_("National or local"),
            choices=IndicatorValue.Level.choices,
            initial=value.level if value else IndicatorValue.Level.NATIONAL,
        )
        for name in EVIDENCE_FIELDS[1:]:
            field = model_field(name).formfield(required=False)
            if name in ("source_quote", "notes"):
                field.widget = forms.Textarea(attrs={"rows": 2})
            field.initial = getattr(value, name) if value else None
            self.fields[f"{prefix}-{name}"] = field

    # Reading what was typed --------------------------------------------------------------

    def _row_data(self, prefix: str, component: dict) -> tuple[dict, dict] | None:
        """(inputs, evidence) of one row from cleaned data, or None for an empty row."""
        data = self.cleaned_data
        inputs: dict = {}
        if component["kind"] == scoring.CHECKLIST:
            items = {
                item: data.get(f"{prefix}-item-{item}")
                for item in component.get("items", ())
                if data.get(f"{prefix}-item-{item}")
            }
            if items:
                inputs["items"] = items
        else:
            for name in INPUT_LABELS:
                given = data.get(f"{prefix}-{name}")
                if f"{prefix}-{name}" not in self.fields or given in (None, ""):
                    continue
                inputs[name] = _plain_number(given) if isinstance(given, Decimal) else given
        evidence = {name: data.get(f"{prefix}-{name}") for name in EVIDENCE_FIELDS}
        typed = {k: v for k, v in evidence.items() if k != "value_level" and v not in (None, "")}
        if not inputs and not typed:
            return None
        return inputs, evidence

    def to_values(self) -> dict[str, list[ValueData]]:
        """The typed values as the values service takes them: every indicator, as one set."""
        values: dict[str, list[ValueData]] = {}
        self.prefix_of = {}
        for indicator in self.indicators:
            code, rows = indicator.code, []
            if self.cleaned_data.get(f"{code}-na"):
                self.prefix_of[(code, len(rows))] = (f"{code}-na", "na")
                reason = self.cleaned_data.get(f"{code}-na_reason", "")
                rows.append(ValueData(not_applicable=True, not_applicable_reason=reason))
            for component in indicator.components:
                key = component["key"]
                for row in range(self.row_counts[(code, key)]):
                    prefix = f"{code}-{key}-{row}"
                    typed = self._row_data(prefix, component)
                    if typed is None:
                        continue
                    inputs, evidence = typed
                    self.prefix_of[(code, len(rows))] = (prefix, "row")
                    rows.append(
                        ValueData(
                            component=key,
                            inputs=inputs,
                            level=evidence["value_level"] or IndicatorValue.Level.NATIONAL,
                            locality=evidence["locality"] or "",
                            data_year=evidence["data_year"],
                            source_url=evidence["source_url"] or "",
                            source_page=evidence["source_page"] or "",
                            source_quote=evidence["source_quote"] or "",
                            notes=evidence["notes"] or "",
                        )
                    )
            values[code] = rows
        return values

    def apply_errors(self, exc: ValidationError) -> None:
        """Put the values service's errors (``CODE.index.field``) next to the fields typed."""
        for key, messages in exc.message_dict.items():
            parts = key.split(".")
            if key in ("plan", "summary"):
                self.add_error(key, messages)
            elif (
                len(parts) == 2 and parts[1] == "not_applicable" and f"{parts[0]}-na" in self.fields
            ):
                self.add_error(f"{parts[0]}-na", messages)
            elif len(parts) >= 3 and parts[1].isdigit():
                self._row_error(parts[0], int(parts[1]), ".".join(parts[2:]), messages)
            else:
                self.indicator_errors.setdefault(parts[0], []).extend(messages)
                self.add_error(None, messages)

    def _row_error(self, code: str, index: int, name: str, messages: list[str]) -> None:
        prefix, kind = self.prefix_of.get((code, index), (code, "indicator"))
        if kind == "na":
            field = {"not_applicable_reason": f"{code}-na_reason"}.get(name, f"{code}-na")
        else:
            if name.startswith("inputs."):
                field = f"{prefix}-{name.removeprefix('inputs.')}"
            else:
                field = f"{prefix}-{'value_level' if name == 'level' else name}"
        if field in self.fields:
            self.add_error(field, messages)
        else:
            self.row_errors.setdefault(prefix, []).extend(messages)
            self.add_error(None, messages)

    # What the template walks ---------------------------------------------------------------

    def sections(self, results: dict | None = None) -> list[dict]:
        """Clusters → indicators → components → rows of bound fields, with stored results."""
        results = results or {}
        sections = []
        for cluster in Cluster:
            indicators = []
            for indicator in self.indicators:
                if indicator.cluster != cluster.value:
                    continue
                indicators.append(self._indicator_section(indicator, results.get(indicator.code)))
            sections.append(
                {"key": cluster.value, "label": cluster.label, "indicators": indicators}
            )
        return sections

    def _indicator_section(self, indicator: Indicator, result: dict | None) -> dict:
        code = indicator.code
        components = []
        for component in indicator.components:
            key, kind = component["key"], component["kind"]
            count = self.row_counts[(code, key)]
            rows = []
            for row in range(count):
                prefix = f"{code}-{key}-{row}"
                inputs = [
                    self[name]
                    for name in self.fields
                    if name.startswith(prefix + "-")
                    and name.removeprefix(prefix + "-") not in EVIDENCE_FIELDS
                    and name != f"{prefix}-level"
                ]
                rows.append(
                    {
                        "prefix": prefix,
                        "number": row + 1,
                        "inputs": [
                            f
                            for f in inputs
                            if not f.name.removeprefix(prefix + "-").startswith("item-")
                        ],
                        "items": [
                            f
                            for f in inputs
                            if f.name.removeprefix(prefix + "-").startswith("item-")
                        ],
                        "rating": self[f"{prefix}-level"] if kind == scoring.RATING else None,
                        "evidence": [self[f"{prefix}-{name}"] for name in EVIDENCE_FIELDS],
                        "errors": self.row_errors.get(prefix, []),
                        "extra": row == count - 1 and count > 1,
                    }
                )
            component_result = (result or {}).get("components", {}).get(key)
            components.append(
                {
                    "key": key,
                    "kind": kind,
                    "label": COMPONENT_LABELS.get(key, key),
                    "help": KIND_HELP.get(kind, ""),
                    "rows": rows,
                    "rows_field": self[f"{code}-{key}-rows"],
                    "result": component_result,
                }
            )
        return {
            "indicator": indicator,
            "na": self[f"{code}-na"] if f"{code}-na" in self.fields else None,
            "na_reason": self[f"{code}-na_reason"] if f"{code}-na_reason" in self.fields else None,
            "errors": self.indicator_errors.get(code, []),
            "components": components,
            "result": result,
        }


class PublicationForm(forms.Form):
    publish_anonymously = forms.BooleanField(
        label=_("Publish anonymously"),
        required=False,
        help_text=_(
            "Public pages, the API, the CSV and XLSX exports and the download archive show "
            "“A civil-society organization” instead of your organization's name, and a "
            "random key instead of its slug in the links. Assessors' names are never public."
        ),
    )
    embargo_until = forms.DateField(
        label=_("Embargo until (YYYY-MM-DD)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Once validated, the result stays off every public surface until this date (UTC) "
            "and is published on that date. Leave empty to publish on validation."
        ),
    )

    @classmethod
    def of(cls, assessment: Assessment, data=None) -> "PublicationForm":
        initial = {
            "publish_anonymously": assessment.publish_anonymously,
            "embargo_until": assessment.embargo_until,
        }
        return cls(data, initial=initial, prefix="publication")
