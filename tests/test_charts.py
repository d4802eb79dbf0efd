"""Server-rendered SVG charts: geometry from plain numbers, a table alternative, no colour alone."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation

from nap_tracker.public import charts


def render(template: str, chart) -> BeautifulSoup:
    html = render_to_string(f"_partials/charts/{template}.html", {"chart": chart, "chart_id": "c"})
    return BeautifulSoup(html, "html.parser")


def test_bar_chart_scales_bars_to_the_maximum_and_draws_none_for_a_missing_value():
    chart = charts.bar_chart(
        [("Overall", 50), ("Participation", 100), ("Promotion", None)], title="t"
    )
    full = chart.plot_width
    assert [bar.width for bar in chart.bars] == [full / 2, full, 0]
    assert [bar.text for bar in chart.bars] == ["50.0", "100.0", "no data"]


def test_bar_chart_clips_values_outside_the_scale_but_writes_them_as_given():
    chart = charts.bar_chart([("a", 130), ("b", -5)], title="t")
    assert [bar.width for bar in chart.bars] == [chart.plot_width, 0]
    assert [bar.text for bar in chart.bars] == ["130.0", "-5.0"]


def test_bar_chart_uses_a_given_text_for_a_missing_value():
    chart = charts.bar_chart([("WC02", None, "not applicable")], title="t")
    assert chart.bars[0].text == "not applicable"


def test_bar_chart_renders_an_svg_with_its_title_and_a_table_alternative():
    html = render("bar", charts.bar_chart([("Overall", 47), ("Promotion", None)], title="Scores"))
    svg = html.select_one("svg[role=img]")
    assert svg["aria-labelledby"] == "c-title"
    assert html.select_one("#c-title").get_text() == "Scores"
    assert len(svg.select("rect.bar")) == 1
    rows = [[c.get_text(strip=True) for c in tr.select("th, td")] for tr in html.select("tbody tr")]
    assert rows == [["Overall", "47.0"], ["Promotion", "no data"]]


def test_grouped_bars_place_one_bar_per_series_in_each_category():
    chart = charts.grouped_bar_chart(
        ["Participation", "Promotion"],
        [("Norway", [80, 40]), ("Sweden", [60, None])],
        title="t",
    )
    assert [len(group.bars) for group in chart.groups] == [2, 2]
    norway, sweden = chart.groups[0].bars
    assert norway.height == chart.plot_height * 0.8
    assert norway.y + norway.height == chart.baseline
    assert sweden.x > norway.x
    assert chart.groups[1].bars[1].height == 0
    assert chart.rows() == [("Participation", ["80.0", "60.0"]), ("Promotion", ["40.0", "no data"])]


def test_grouped_bars_differ_by_pattern_not_only_by_colour():
    chart = charts.grouped_bar_chart(["a"], [("x", [10]), ("y", [20]), ("z", [30])], title="t")
    html = render("grouped_bar", chart)
    fills = [rect["fill"] for rect in html.select("rect.bar")]
    assert fills == ["url(#c-p0)", "url(#c-p1)", "url(#c-p2)"]
    assert {p["id"] for p in html.select("pattern")} >= {"c-p0", "c-p1", "c-p2"}
    assert [li.get_text(strip=True) for li in html.select(".legend li")] == ["x", "y", "z"]


def test_line_chart_breaks_lines_where_a_year_has_no_score():
    chart = charts.line_chart(
        [2019, 2020, 2021, 2022, 2023], [("Overall", [40, 50, None, 60, 70])], title="t"
    )
    line = chart.lines[0]
    assert [p.x_value for p in line.points] == [2019, 2020, 2022, 2023]
    assert len(line.segments) == 2
    assert chart.rows()[2] == (2021, ["no data"])
    assert line.points[0].x == chart.plot_left
    assert line.points[-1].x == chart.plot_right


def test_line_chart_gives_each_series_its_own_marker_shape():
    chart = charts.line_chart(
        [2020, 2021], [("a", [1, 2]), ("b", [3, 4]), ("c", [5, 6])], title="t"
    )
    assert [line.marker for line in chart.lines] == ["circle", "square", "triangle"]
    html = render("line", chart)
    assert len(html.select("circle.marker")) == 3  # two points and the legend swatch
    assert html.select("circle.marker title")[0].get_text() == "a 2020: 1.0"


def test_line_chart_of_a_single_year_centres_its_point():
    chart = charts.line_chart([2021], [("Overall", [47])], title="t")
    assert chart.lines[0].points[0].x == chart.plot_left + chart.plot_width / 2
    assert chart.lines[0].segments == ()


def test_chart_coordinates_are_never_localised_but_values_are():
    chart = charts.line_chart([2020, 2021], [("Overall", [47.25, 52.5])], title="t")
    with translation.override("fr"):
        html = render("line", chart)
        assert charts.line_chart([2020], [("o", [47.25])], title="t").lines[0].points[0].text == (
            "47,2"
        )
    for polyline in html.select("polyline"):
        assert "," in polyline["points"] and ";" not in polyline["points"]
        for pair in polyline["points"].split():
            float(pair.split(",")[0]), float(pair.split(",")[1])
    for marker in html.select("svg[role=img] circle"):
        float(marker["cx"]), float(marker["cy"])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], [0] * 10),
        ([0, 9.9, 10, 100], [2, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
        ([None, 55, 59.9], [0, 0, 0, 0, 0, 2, 0, 0, 0, 0]),
    ],
)
def test_histogram_counts_values_in_bins_of_ten_with_100_in_the_last(values, expected):
    counts = charts.histogram_counts(values)
    assert [count for _, count in counts] == expected
    assert counts[0][0] == "0–10" and counts[-1][0] == "90–100"


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("Prevention and protection", 16, ("Prevention and", "protection")),
        ("Overall", 16, ("Overall",)),
        ("Promotion of a gender perspective", 12, ("Promotion of", "a gender", "perspective")),
        ("", 10, ("",)),
    ],
)
def test_category_labels_wrap_at_word_boundaries(text, width, lines):
    assert charts.wrap(text, width) == lines


def test_grouped_bar_labels_wrap_to_the_width_of_their_group():
    chart = charts.grouped_bar_chart(
        ["Participation", "Prevention and protection", "Promotion", "Overall"],
        [("Norway", [1, 2, 3, 4])],
        title="t",
    )
    assert chart.groups[1].label_lines == ("Prevention and", "protection")
    html = render("grouped_bar", chart)
    assert [t.get_text() for t in html.select("text.category")[1].select("tspan")] == [
        "Prevention and",
        "protection",
    ]
