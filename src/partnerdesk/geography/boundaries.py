"""Country boundaries from ``resources/geography/countries.json`` (Natural Earth, public domain;
converted once by ``tools/convert_world_atlas.py``) and the view of a locator map.

Coordinates are longitude/latitude in degrees. A ring is a country's outer boundary (one island,
one mainland); holes are not kept. ``view`` chooses what a small map shows: the country of the
place (its parts near the place, so France's map is not stretched to French Guiana) with room
around it for the neighbours, in the proportions of the map.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from partnerdesk.resources import resource_path

Point = tuple[float, float]  # (longitude, latitude)

#: Parts of a country further than this from the place are left out of the view (degrees).
NEAR = 20.0
#: The smallest and largest span a view may have (degrees of latitude).
MIN_SPAN, MAX_SPAN = 4.0, 45.0


@dataclass(frozen=True)
class Box:
    west: float
    south: float
    east: float
    north: float

    def intersects(self, other: Box) -> bool:
        return not (other.west > self.east or other.east < self.west or other.south > self.north or other.north < self.south)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


@dataclass(frozen=True)
class Ring:
    points: tuple[Point, ...]
    box: Box


def _ring(flat: list[int], scale: float) -> Ring:
    points = tuple((flat[i] / scale, flat[i + 1] / scale) for i in range(0, len(flat) - 1, 2))
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return Ring(points, Box(min(lons), min(lats), max(lons), max(lats)))


def unwrapped(points: Sequence[Point], half_turn: float = 180.0) -> list[list[Point]]:
    """A ring as drawable paths: one that crosses the date line (Russia's far east, Fiji: a step of more
    than 180 degrees from 179.9 to -180) is made continuous past 180 (or -180) and drawn twice, once
    shifted by 360 degrees, so each side shows where it is instead of a band round the world. The
    map's clip cuts what lies outside (the annual report's maps; the window's world map, which passes
    ``half_turn`` in its stored whole numbers: 180 × the file's scale)."""
    lon0, lat0 = points[0]
    path = [(lon0, lat0)]
    shift = 0.0
    for (before, _lat), (lon, lat) in zip(points, points[1:], strict=False):
        if lon - before > half_turn:
            shift -= 2 * half_turn
        elif before - lon > half_turn:
            shift += 2 * half_turn
        path.append((lon + shift, lat))
    west, east = min(p[0] for p in path), max(p[0] for p in path)
    if east <= half_turn and west >= -half_turn:
        return [path]
    offset = -2 * half_turn if east > half_turn else 2 * half_turn
    return [path, [(lon + offset, lat) for lon, lat in path]]


@cache
def flat_rings() -> tuple[float, dict[str, list[list[int]]]]:
    """The file as stored: ``(scale, {code: [ring, ...]})``, each ring a flat list of whole numbers
    ``lon × scale, lat × scale, …``. The window's world map draws them as they are, with one
    transformation (making 40,000 ``Point`` tuples first cost it twice the time)."""
    raw = json.loads(resource_path("geography", "countries.json").read_text("utf-8"))
    return float(raw["scale"]), raw["countries"]


@cache
def countries() -> dict[str, tuple[Ring, ...]]:
    """Every area's rings by ISO 3166-1 alpha-2 code ("KE"); areas without a code as "~Name"."""
    scale, stored = flat_rings()
    return {code: tuple(_ring(flat, scale) for flat in rings) for code, rings in stored.items()}


def valid_place(latitude: float | None, longitude: float | None) -> bool:
    return (
        isinstance(latitude, int | float) and isinstance(longitude, int | float)
        and not isinstance(latitude, bool) and not isinstance(longitude, bool)
        and math.isfinite(latitude) and math.isfinite(longitude)
        and -90 <= latitude <= 90 and -180 <= longitude <= 180
    )


def _near(ring: Ring, lon: float, lat: float) -> bool:
    box = ring.box
    dx = max(box.west - lon, 0.0, lon - box.east)
    dy = max(box.south - lat, 0.0, lat - box.north)
    return math.hypot(dx, dy) <= NEAR


def view(latitude: float, longitude: float, country: str = "", aspect: float = 1.0) -> Box:
    """The window of a locator map at ``(latitude, longitude)``: the country's parts near the
    place (or, for an unknown country, the place alone) with a margin, ``aspect`` = width/height
    of the map on paper (longitudes shrink by cos(latitude) on it)."""
    rings = [r for r in countries().get(country.upper(), ()) if _near(r, longitude, latitude)]
    west = min([longitude, *(r.box.west for r in rings)])
    east = max([longitude, *(r.box.east for r in rings)])
    south = min([latitude, *(r.box.south for r in rings)])
    north = max([latitude, *(r.box.north for r in rings)])
    shrink = max(math.cos(math.radians((south + north) / 2)), 0.2)
    height = max((north - south) * 1.5, MIN_SPAN)
    width = max((east - west) * 1.5, MIN_SPAN) * shrink  # in "latitude degrees" on paper
    height = max(height, width / aspect)
    height = min(height, MAX_SPAN)
    width = height * aspect / shrink  # back to longitude degrees
    mid_lon, mid_lat = (west + east) / 2, (south + north) / 2
    # Keep the place inside when the span was capped.
    mid_lon = min(max(mid_lon, longitude - width * 0.4), longitude + width * 0.4)
    mid_lat = min(max(mid_lat, latitude - height * 0.4), latitude + height * 0.4)
    return Box(mid_lon - width / 2, mid_lat - height / 2, mid_lon + width / 2, mid_lat + height / 2)


def rings_in(box: Box) -> list[tuple[str, Ring]]:
    """Every ring that reaches into ``box``, with its country's code."""
    return [(code, ring) for code, rings in countries().items() for ring in rings if ring.box.intersects(box)]
