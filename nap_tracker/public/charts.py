"""Charts as server-rendered SVG: plain numbers in, frozen geometry out.

Coordinates are plain floats (templates print them with ``floatformat:"1u"``, never
localised); the values written on and beside the charts are localised text.

Pages compute what to show (scores, counts), call one of ``bar_chart``,
``grouped_bar_chart`` or ``line_chart``, and include the matching template in
``templates/_partials/charts/``, which draws the SVG and a table alternative from the same
data. Nothing here queries the database or needs JavaScript, so the charts work under the
site's Content-Security-Policy and without scripts. Colour is never the only signal: each
series also has its own fill pattern (bars) or marker shape (lines), values are written
next to bars, and every chart comes with a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

# Marker shapes of line series, in order; the templates draw each one.
MARKERS = ("circle", "square", "triangle", "diamond", "cross")
# Series styles cycle after this many (site.css defines .series-0 … .series-4).
SERIES_STYLES = 5

Number = float | int | Decimal | None


def _num(value: Number) -> float | None:
    return None if value is None else float(value)


def _shown(value: float | None, missing: str) -> str:
    """A value as people read it in the active language (47.0, or 47,0 in French)."""
    return missing if value is None else number_format(value, 1)


@dataclass(frozen=True)
class Tick:
    value: float
    label: str
    position: float  # x for horizontal axes, y for vertical ones


def _ticks(maximum: float, start: float, length: float, *, vertical: bool, step: float) -> tuple:
    ticks = []
    value = 0.0
    while value <= maximum + 1e-9:
        offset = value / maximum * length if maximum else 0
        ticks.append(
            Tick(value, f"{value:g}", start + length - offset if vertical else start + offset)
        )
        value += step
    return tuple(ticks)


@dataclass(frozen=True)
class HBar:
    label: str
    value: float | None
    text: str  # the value as written beside the bar, or why there is none
    y: float
    width: float
    style: int


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per labelled row, on a 0–maximum scale."""

    title: str
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    bars: tuple[HBar, ...]
    ticks: tuple[Tick, ...]
    value_heading: str


def bar_chart(
    rows: Sequence[tuple[str, Number] | tuple[str, Number, str]],
    *,
    title: str,
    maximum: float = 100,
    value_heading: str = "Score",
    missing: str = "no data",
    label_width: int = 300,
    width: int = 640,
) -> BarChart:
    """One bar per (label, value[, text]); a missing value draws no bar and says ``text``."""
    bar_height, gap, top, bottom = 22, 10, 8, 28
    plot_width = width - label_width - 70
    bars = []
    for index, row in enumerate(rows):
        label, value = row[0], _num(row[1])
        text = row[2] if len(row) > 2 and row[2] else _shown(value, missing)
        bars.append(
            HBar(
                label=label,
                value=value,
                text=text,
                y=top + index * (bar_height + gap),
                width=0 if value is None else max(0.0, min(value, maximum)) / maximum * plot_width,
                style=0 if index == 0 else 1,
            )
        )
    height = top + len(bars) * (bar_height + gap) + bottom
    ticks = _ticks(maximum, label_width, plot_width, vertical=False, step=maximum / 4)
    return BarChart(
        title=title,
        width=width,
        height=height,
        label_width=label_width,
        plot_width=plot_width,
        bar_height=bar_height,
        bars=tuple(bars),
        ticks=ticks,
        value_heading=value_heading,
    )


@dataclass(frozen=True)
class VBar:
    series: int
    series_name: str
    value: float | None
    text: str
    x: float
    y: float
    width: float
    height: float
    style: int

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    @property
    def text_y(self) -> float:
        return self.y - 4


def wrap(text: str, width: int) -> tuple[str, ...]:
    """Words of ``text`` in lines of about ``width`` characters (a long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines) or ("",)


@dataclass(frozen=True)
class Group:
    label: str
    x: float  # centre of the group, for its label
    bars: tuple[VBar, ...]
    label_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Series:
    name: str
    style: int
    marker: str = ""


@dataclass(frozen=True)
class PlotArea:
    """A chart with a vertical 0–maximum axis: its size and where the plot sits in it."""

    title: str
    width: int
    height: int
    plot_left: int
    plot_top: int
    plot_width: int
    plot_height: int

    @property
    def baseline(self) -> int:
        return self.plot_top + self.plot_height

    @property
    def plot_right(self) -> int:
        return self.plot_left + self.plot_width


@dataclass(frozen=True)
class GroupedBarChart(PlotArea):
    """Vertical bars grouped by category (e.g. clusters), one bar per series (e.g. country)."""

    groups: tuple[Group, ...]
    series: tuple[Series, ...]
    ticks: tuple[Tick, ...]
    category_heading: str

    def rows(self) -> list[tuple[str, list[str]]]:
        """The table alternative: one row per category, one cell per series."""
        return [(group.label, [bar.text for bar in group.bars]) for group in self.groups]


def grouped_bar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    *,
    title: str,
    maximum: float = 100,
    category_heading: str = "",
    missing: str = "no data",
    width: int = 720,
    height: int = 300,
) -> GroupedBarChart:
    """Bars of each series' value per category; ``series`` is [(name, values by category)]."""
    plot_left, plot_top, plot_height = 40, 12, height - 60
    plot_width = width - plot_left - 10
    group_width = plot_width / max(1, len(categories))
    inner = group_width * 0.8
    bar_width = inner / max(1, len(series))
    groups = []
    for c, category in enumerate(categories):
        start = plot_left + c * group_width + (group_width - inner) / 2
        bars = []
        for s, (name, values) in enumerate(series):
            value = _num(values[c]) if c < len(values) else None
            bar_h = 0 if value is None else max(0.0, min(value, maximum)) / maximum * plot_height
            bars.append(
                VBar(
                    series=s,
                    series_name=name,
                    value=value,
                    text=_shown(value, missing),
                    x=start + s * bar_width,
                    y=plot_top + plot_height - bar_h,
                    width=bar_width * 0.9,
                    height=bar_h,
                    style=s % SERIES_STYLES,
                )
            )
        # Category labels wrap to the group's width (about 7 px a character at 12 px).
        lines = wrap(category, max(8, int(group_width / 7)))
        centre = plot_left + c * group_width + group_width / 2
        groups.append(Group(category, centre, tuple(bars), lines))
    return GroupedBarChart(
        title=title,
        width=width,
        height=height,
        plot_left=plot_left,
        plot_top=plot_top,
        plot_width=plot_width,
        plot_height=plot_height,
        groups=tuple(groups),
        series=tuple(Series(name, s % SERIES_STYLES) for s, (name, _) in enumerate(series)),
        ticks=_ticks(maximum, plot_top, plot_height, vertical=True, step=maximum / 4),
        category_heading=category_heading,
    )


@dataclass(frozen=True)
class Point:
    x_value: int
    value: float
    x: float
    y: float
    text: str
    label: str  # "Overall 2021: 47.0", the marker's tooltip


@dataclass(frozen=True)
class Line:
    name: str
    style: int
    marker: str
    points: tuple[Point, ...]
    segments: tuple[str, ...]  # SVG polyline "x,y x,y" strings, broken where a value is missing


@dataclass(frozen=True)
class LineChart(PlotArea):
    """Series of values over years (or any integer x), on a 0–maximum scale."""

    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...]
    x_values: tuple[int, ...]
    x_heading: str
    missing: str

    def rows(self) -> list[tuple[int, list[str]]]:
        """The table alternative: one row per x value, one cell per series."""
        by_series = [{p.x_value: p.text for p in line.points} for line in self.lines]
        return [(x, [values.get(x, self.missing) for values in by_series]) for x in self.x_values]


def line_chart(
    x_values: Sequence[int],
    series: Sequence[tuple[str, Sequence[Number]]],
    *,
    title: str,
    maximum: float = 100,
    x_heading: str = "",
    missing: str = "no data",
    width: int = 720,
    height: int = 280,
) -> LineChart:
    """One line per series over ``x_values``; ``series`` is [(name, values by x)]."""
    plot_left, plot_top, plot_height = 40, 12, height - 50
    plot_width = width - plot_left - 20
    xs = list(x_values)
    span = (xs[-1] - xs[0]) if len(xs) > 1 else 0

    def x_of(x: int) -> float:
        if not span:
            return plot_left + plot_width / 2
        return plot_left + (x - xs[0]) / span * plot_width

    def y_of(value: float) -> float:
        return plot_top + plot_height - max(0.0, min(value, maximum)) / maximum * plot_height

    lines = []
    for s, (name, values) in enumerate(series):
        points, segments, current = [], [], []
        for x, raw in zip(xs, values, strict=False):
            value = _num(raw)
            if value is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            shown = _shown(value, missing)
            point = Point(x, value, x_of(x), y_of(value), shown, f"{name} {x}: {shown}")
            points.append(point)
            current.append(f"{point.x:.1f},{point.y:.1f}")
        if current:
            segments.append(" ".join(current))
        lines.append(
            Line(
                name=name,
                style=s % SERIES_STYLES,
                marker=MARKERS[s % len(MARKERS)],
                points=tuple(points),
                segments=tuple(seg for seg in segments if " " in seg),
            )
        )
    # Label at most about eight years so the axis stays readable.
    every = max(1, -(-len(xs) // 8))
    x_ticks = tuple(Tick(x, str(x), x_of(x)) for i, x in enumerate(xs) if i % every == 0)
    return LineChart(
        title=title,
        width=width,
        height=height,
        plot_left=plot_left,
        plot_top=plot_top,
        plot_width=plot_width,
        plot_height=plot_height,
        x_ticks=x_ticks,
        y_ticks=_ticks(maximum, plot_top, plot_height, vertical=True, step=maximum / 4),
        lines=tuple(lines),
        x_values=tuple(xs),
        x_heading=x_heading,
        missing=missing,
    )


def histogram_counts(values: Sequence[Number], *, width: int = 10, maximum: int = 100) -> list:
    """Counts of values in [0, width), [width, 2·width) … with the last bin closed at maximum.

    Returns [(label "0–10", count)]; missing values are not counted.
    """
    bins = list(range(0, maximum, width))
    counts = [0] * len(bins)
    for raw in values:
        value = _num(raw)
        if value is None:
            continue
        index = min(int(value // width), len(bins) - 1) if value >= 0 else 0
        counts[index] += 1
    return [
        (f"{low}–{min(low + width, maximum)}", count)
        for low, count in zip(bins, counts, strict=True)
    ]
