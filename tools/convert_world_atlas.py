"""Convert Natural Earth's country boundaries (TopoJSON from the npm package ``world-atlas``) once
into the compact resource the program draws locator maps from: ``resources/geography/countries.json``.

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/convert_world_atlas.py /tmp/package/countries-50m.json

The program never goes to the network for a map; it reads only the converted file
(``partnerdesk.geography.boundaries``). The output holds, per country (ISO 3166-1 alpha-2; areas
without a code under "~" and their Natural Earth name), its outer rings as flat lists of
longitude/latitude in hundredths of a degree (about 1 km), thinned with Douglas–Peucker at
``TOLERANCE`` degrees: plenty for a map a few centimetres wide, and small enough to ship.
Natural Earth is public domain; see resources/geography/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pycountry

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "geography" / "countries.json"
TOLERANCE = 0.03  # degrees
SCALE = 100  # stored as integers: hundredths of a degree
#: Areas that ISO 3166-1 gives no numeric code but that have a user-assigned alpha-2 in use.
NAMED = {"Kosovo": "XK"}

Point = tuple[float, float]


def _arcs(topo: dict[str, Any]) -> list[list[Point]]:
    """Decode the quantized, delta-encoded arcs into longitude/latitude."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    ring: list[Point] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(points if not ring else points[1:])
    return ring


def _simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker (iterative), keeping the first and last point."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        (x1, y1), (x2, y2) = points[start], points[end]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(start + 1, end):
            px, py = points[i]
            if length == 0:
                d = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            if d > worst:
                worst, index = d, i
        if worst > tolerance and index > 0:
            keep[index] = True
            stack += [(start, index), (index, end)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _code(geometry: dict[str, Any]) -> str:
    name = geometry.get("properties", {}).get("name", "")
    if name in NAMED:
        return NAMED[name]
    numeric = geometry.get("id")
    country = pycountry.countries.get(numeric=str(numeric).zfill(3)) if numeric else None
    return country.alpha_2 if country else f"~{name}"


def convert(source: Path) -> dict[str, Any]:
    topo = json.loads(source.read_text("utf-8"))
    arcs = _arcs(topo)
    countries: dict[str, list[list[int]]] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = countries.setdefault(_code(geometry), [])
        for polygon in polygons:
            outer = _simplify(_ring(polygon[0], arcs), TOLERANCE)  # holes (lakes, enclaves) are left out
            if len(outer) >= 4:
                rings.append([round(v * SCALE) for point in outer for v in point])
    return {
        "source": "Natural Earth Admin 0 countries 1:50m, version 4.1.0 (public domain), "
                  "via the npm package world-atlas 2.0.2 (countries-50m.json)",
        "scale": SCALE,
        "countries": {code: rings for code, rings in sorted(countries.items()) if rings},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="countries-50m.json from the world-atlas package")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = convert(args.source)
    args.out.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), "utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {len(data['countries'])} areas)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
