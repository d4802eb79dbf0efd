"""The world overview map: vendored TopoJSON decoded and projected to SVG paths, once.

Pure Python (no Django): ``world_map()`` reads world-atlas's ``countries-110m.json``
(static/vendor/world-atlas/), decodes its arcs, projects every country with the Natural
Earth projection and returns one SVG path string per country, keyed by the ISO 3166-1
numeric code (our ``Country.m49``). The result is cached for the life of the process.
``map_class`` turns a country's plan and score facts into the class the map colours.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ATLAS_PATH = (
    Path(__file__).resolve().parents[2]
    / "static"
    / "vendor"
    / "world-atlas"
    / "countries-110m.json"
)
WIDTH = 960.0
PADDING = 4.0
# Antarctica (M49 010) would take a fifth of the height for a territory without a plan;
# it stays in the country index and the table.
LEFT_OUT = frozenset({10})

# Map classes, in the legend's order. Band classes match the band values of the scores.
BANDS = ("high", "moderate", "low", "very_low")
NO_ASSESSMENT = "no_assessment"  # a sourced plan, no validated assessment
NO_PLAN = "no_plan"  # no sourced plan on record (and no validated assessment)
NO_OVERALL = "no_overall"  # a validated assessment without an overall score


@dataclass(frozen=True)
class Shape:
    m49: int | None  # None: a shape without an ISO code (e.g. Kosovo, N. Cyprus)
    name: str  # the atlas's English name, used only for shapes without a code
    d: str  # SVG path data in the map's coordinates


@dataclass(frozen=True)
class WorldMap:
    width: float
    height: float
    shapes: tuple[Shape, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    def by_m49(self) -> dict[int, Shape]:
        return {s.m49: s for s in self.shapes if s.m49 is not None}


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """Natural Earth I (Šavrič et al. 2011, as in d3-geo); x right, y up, in radians."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as (longitude, latitude) points, undoing quantization and delta encoding."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(
    ring: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """A ring's points: its arcs joined, a negative index (~i) meaning arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def relative_path(points: list[tuple[float, float]]) -> str:
    """``M x y l dx dy …z`` with one decimal: the same shape in about half the bytes."""
    (x0, y0), rest = points[0], points[1:]
    steps, (px, py) = [], points[0]
    for x, y in rest:
        steps.append(f"{round(x - px, 1):g} {round(y - py, 1):g}".replace(" -", "-"))
        px, py = x, y
    return f"M{x0:g} {y0:g}l" + " ".join(steps) + "z"


def split_at_antimeridian(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses ±180° as one ring per side, so no line runs across the map.

    Natural Earth cuts its shapes at the antimeridian, so a crossing ring (Russia, Fiji)
    jumps from about 180 to -180; each run between jumps closes along the map's edge.
    """
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if runs[-1] and abs(point[0] - runs[-1][-1][0]) > 180:
            runs.append([])
        runs[-1].append(point)
    if len(runs) > 1:  # the ring is closed: its last run continues its first
        runs[0] = runs.pop() + runs[0]
    return runs


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["arcs"]
    return []


def build(topology: dict, *, width: float = WIDTH, left_out=LEFT_OUT) -> WorldMap:
    """Project the topology's ``countries`` object to SVG paths fitted to ``width``."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        raw_id = geometry.get("id")
        m49 = int(raw_id) if raw_id not in (None, "") and str(raw_id).isdigit() else None
        if m49 in left_out:
            continue
        rings = [
            [natural_earth(lon, lat) for lon, lat in run]
            for polygon in polygons_of(geometry)
            for ring in polygon
            for run in split_at_antimeridian(ring_points(ring, arcs))
        ]
        features.append((m49, geometry.get("properties", {}).get("name", ""), rings))

    xs = [x for _, _, rings in features for ring in rings for x, _ in ring]
    ys = [y for _, _, rings in features for ring in rings for _, y in ring]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    scale = (width - 2 * PADDING) / (max_x - min_x)
    height = round((max_y - min_y) * scale + 2 * PADDING, 1)

    def to_svg(x: float, y: float) -> tuple[float, float]:
        return round((x - min_x) * scale + PADDING, 1), round((max_y - y) * scale + PADDING, 1)

    shapes = []
    for m49, name, rings in features:
        parts = []
        for ring in rings:
            points: list[tuple[float, float]] = []
            for point in (to_svg(x, y) for x, y in ring):
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) < 3:
                continue
            parts.append(relative_path(points))
        if parts:
            shapes.append(Shape(m49=m49, name=name, d="".join(parts)))
    return WorldMap(width=width, height=height, shapes=tuple(shapes))


@cache
def world_map(path: Path = ATLAS_PATH) -> WorldMap:
    """The projected world, read and computed once per process."""
    with open(path, encoding="utf-8") as handle:
        return build(json.load(handle))


def map_class(*, has_plan: bool, has_assessment: bool, band: str | None) -> str:
    """The map class of a country: its band, or which kind of 'nothing to show' it is."""
    if has_assessment:
        return band if band in BANDS else NO_OVERALL
    return NO_ASSESSMENT if has_plan else NO_PLAN
