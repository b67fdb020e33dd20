"""A small locator map: the place's country and its neighbours, with a dot at the place.

Drawn with ReportLab from the bundled Natural Earth boundaries (``partnerdesk.geography``), in the
plain equirectangular projection of ``geography.projection`` (shared with the window's world map),
its view corrected by the cosine of the middle latitude (true enough for a few hundred
kilometres). No network, no tiles.
"""

from __future__ import annotations

import math

from reportlab.lib import colors
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
        clip = canvas.beginPath()
        clip.rect(0, 0, self.width, self.height)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.setFillColor(SEA)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        rings = boundaries.rings_in(self.box)
        self.drawn = {}
        # Neighbours first, the place's country on top with a darker border.
        for code, ring in sorted(rings, key=lambda item: item[0] == self.country):
            own = code == self.country
            path = canvas.beginPath()
            first, *rest = ring.points
            path.moveTo(*self._xy(*first))
            for point in rest:
                path.lineTo(*self._xy(*point))
            path.close()
            canvas.setFillColor(COUNTRY if own else LAND)
            canvas.setStrokeColor(COUNTRY_BORDER if own else BORDER)
            canvas.setLineWidth(0.6 if own else 0.4)
            canvas.setLineJoin(1)
            canvas.drawPath(path, stroke=1, fill=1)
            self.drawn[code] = self.drawn.get(code, 0) + 1
        x, y = self._xy(self.longitude, self.latitude)
        canvas.setFillColor(colors.white)
        canvas.circle(x, y, 3.2, stroke=0, fill=1)
        canvas.setFillColor(DOT)
        canvas.circle(x, y, 2.2, stroke=0, fill=1)
        canvas.restoreState()
        canvas.setStrokeColor(FRAME)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)


def locator_map(latitude: float | None, longitude: float | None, country: str, width: float, height: float) -> LocatorMap | None:
    """The map, or None without usable coordinates (the sheet then says "Lage: offen")."""
    if not boundaries.valid_place(latitude, longitude):
        return None
    assert latitude is not None and longitude is not None
    if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
        return None
    return LocatorMap(latitude, longitude, country or "", width, height)
