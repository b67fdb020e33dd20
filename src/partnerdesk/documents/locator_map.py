"""A small locator map: the place's country and its neighbours, with a dot at the place.

Drawn with ReportLab from the bundled Natural Earth boundaries (``partnerdesk.geography``), in the
plain equirectangular projection of ``geography.projection`` (shared with the window's world map),
its view corrected by the cosine of the middle latitude (true enough for a few hundred
kilometres). No network, no tiles.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from partnerdesk.geography import boundaries
from partnerdesk.geography.projection import Projection

SEA = colors.HexColor("#d9e8f3")
LAND = colors.HexColor("#f1f0ea")
COUNTRY = colors.HexColor("#c9d8c5")
BORDER = colors.HexColor("#a9aca2")
COUNTRY_BORDER = colors.HexColor("#6f8a6a")
FRAME = colors.HexColor("#b7bcc2")
DOT = colors.HexColor("#c0392b")


class LocatorMap(Flowable):
    """``width`` × ``height`` points; the country ``country`` (ISO alpha-2) is tinted."""

    def __init__(self, latitude: float, longitude: float, country: str, width: float, height: float) -> None:
        super().__init__()
        self.latitude, self.longitude, self.country = latitude, longitude, country.upper()
        self.width, self.height = width, height
        self.box = boundaries.view(latitude, longitude, self.country, width / height)
        self.projection = Projection(self.box, width, height)
        #: What was drawn: (country code, ring count); tests read it.
        self.drawn: dict[str, int] = {}

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _xy(self, lon: float, lat: float) -> tuple[float, float]:
        return self.projection.xy(lon, lat)

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        clip_to(canvas, self.width, self.height)
        self.drawn = draw_rings(canvas, boundaries.rings_in(self.box), self._xy, self.country)
        draw_dot(canvas, *self._xy(self.longitude, self.latitude), DOT)
        canvas.restoreState()
        draw_frame(canvas, self.width, self.height)


def clip_to(canvas: Canvas, width: float, height: float) -> None:
    """Clip to the map's rectangle and paint the sea."""
    clip = canvas.beginPath()
    clip.rect(0, 0, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.setFillColor(SEA)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)


def draw_rings(
    canvas: Canvas, rings: list[tuple[str, boundaries.Ring]], xy: Callable[[float, float], tuple[float, float]],
    own: str = "", line_width: float = 0.4,
) -> dict[str, int]:
    """Every ring as land (the country ``own`` tinted, on top); returns rings drawn per country."""
    drawn: dict[str, int] = {}
    for code, ring in sorted(rings, key=lambda item: item[0] == own):
        mine = bool(own) and code == own
        canvas.setFillColor(COUNTRY if mine else LAND)
        canvas.setStrokeColor(COUNTRY_BORDER if mine else BORDER)
        canvas.setLineWidth(line_width * 1.5 if mine else line_width)
        canvas.setLineJoin(1)
        for points in boundaries.unwrapped(ring.points):
            path = canvas.beginPath()
            first, *rest = points
            path.moveTo(*xy(*first))
            for point in rest:
                path.lineTo(*xy(*point))
            path.close()
            canvas.drawPath(path, stroke=1, fill=1)
        drawn[code] = drawn.get(code, 0) + 1
    return drawn


def draw_dot(canvas: Canvas, x: float, y: float, colour: colors.Color, radius: float = 2.2) -> None:
    """A dot with a white rim, readable on land and sea."""
    canvas.setFillColor(colors.white)
    canvas.circle(x, y, radius + 1, stroke=0, fill=1)
    canvas.setFillColor(colour)
    canvas.circle(x, y, radius, stroke=0, fill=1)


def draw_frame(canvas: Canvas, width: float, height: float) -> None:
    canvas.setStrokeColor(FRAME)
    canvas.setLineWidth(0.5)
    canvas.rect(0, 0, width, height, stroke=1, fill=0)


def locator_map(latitude: float | None, longitude: float | None, country: str, width: float, height: float) -> LocatorMap | None:
    """The map, or None without usable coordinates (the sheet then says "Lage: offen")."""
    if not boundaries.valid_place(latitude, longitude):
        return None
    assert latitude is not None and longitude is not None
    if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
        return None
    return LocatorMap(latitude, longitude, country or "", width, height)
