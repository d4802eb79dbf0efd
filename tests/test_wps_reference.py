"""The WC01 parliament warning compares with the loaded GIWPS/PRIO WPS Index 2025/26."""

from decimal import Decimal

import pytest

from indicators.services import assessment_warnings, parliament_reference
from plans.models import Country
from tests.factories import AssessmentFactory, add_values

pytestmark = pytest.mark.django_db


def parliament(assessment, women, men):
    add_values(assessment, {"WC01": {"components": {"parliament": {"women": women, "men": men}}}})


def test_the_parliament_reference_is_the_published_wps_index_figure_with_its_attribution():
    assert parliament_reference("NOR") == (Decimal("44.4"), "GIWPS & PRIO, WPS Index 2025/26")
    assert parliament_reference("ATA") == (None, "")  # Antarctica is not in the index


def test_an_editor_is_warned_when_wc01_is_far_from_the_wps_index_figure(organization):
    assessment = AssessmentFactory(organization=organization, year=2024, status="draft")
    parliament(assessment, 20, 80)
    (warning,) = assessment_warnings(assessment=assessment)
    assert warning.codes == ("WC01",)
    assert "WC01 gives women 20.0% of parliament" in warning.message
    assert "GIWPS & PRIO, WPS Index 2025/26 gives 44.4%" in warning.message


def test_no_parliament_warning_within_ten_points_of_the_index(organization):
    assessment = AssessmentFactory(organization=organization, year=2024, status="draft")
    parliament(assessment, 40, 60)
    assert assessment_warnings(assessment=assessment) == []


def test_no_parliament_warning_for_a_country_the_index_does_not_cover(organization):
    antarctica = Country.objects.get(iso3="ATA")
    assessment = AssessmentFactory(
        organization=organization, country=antarctica, year=2024, status="draft"
    )
    parliament(assessment, 1, 99)
    assert assessment_warnings(assessment=assessment) == []
