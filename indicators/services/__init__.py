"""Every write to assessments and their values: import the service functions from here."""

from indicators.services.assessments import (
    UNSET,
    AssessmentConflict,
    ValueData,
    assessment_create,
    assessment_update,
    assessment_values_save,
    indicator_set,
    may_enter_data,
    stored_value_sets,
    values_errors,
)
from indicators.services.releases import release_cut
from indicators.services.scores import (
    assessment_compute,
    assessment_rescore,
    assessments_rescore,
    methodology_parameters,
    score_fields,
    values_to_inputs,
)
from indicators.services.workflow import (
    assessment_reopen,
    assessment_return,
    assessment_submit,
    assessment_validate,
    assessment_warnings,
    parliament_reference,
    warnings_for,
)

__all__ = [
    "UNSET",
    "AssessmentConflict",
    "ValueData",
    "assessment_compute",
    "assessment_create",
    "assessment_reopen",
    "assessment_rescore",
    "assessments_rescore",
    "assessment_return",
    "assessment_submit",
    "assessment_update",
    "indicator_set",
    "assessment_validate",
    "assessment_values_save",
    "assessment_warnings",
    "may_enter_data",
    "methodology_parameters",
    "score_fields",
    "stored_value_sets",
    "values_errors",
    "parliament_reference",
    "warnings_for",
    "values_to_inputs",
    "release_cut",
]
