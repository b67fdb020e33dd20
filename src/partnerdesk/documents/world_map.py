"""A world map of places (the annual report's partners), drawn like the locator map.

The bundled Natural Earth boundaries (``partnerdesk.geography``) in the world map's projection
(``geography.projection.WORLD``, as the window's overview shows it), a dot per place in its
partnership type's colour (``domain.chart_colours``, as in the overview), and a legend of the
types shown. Shares its drawing with ``locator_map``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import Flowable

from partnerdesk.documents import fonts
from partnerdesk.documents.locator_map import DOT, clip_to, draw_dot, draw_frame, draw_rings
from partnerdesk.domain.chart_colours import TYPE_COLOURS
from partnerdesk.domain.enums import PartnershipType
from partnerdesk.geography import boundaries
from partnerdesk.geography.projection import WORLD, Projection

LEGEND_HEIGHT = 14.0


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    #: The colour's key (a partnership type) and its label in the legend.
    key: str
    label: str


def colour(key: str) -> colors.Color:
    """The overview's colour of a partnership type (``PartnershipType`` value); others ``DOT``."""
    try:
        return colors.HexColor(TYPE_COLOURS[PartnershipType(key)])
    except (ValueError, KeyError):
        return DOT


class WorldMap(Flowable):
    """``width`` points wide; the height follows from the projection plus the legend."""

    def __init__(self, places: Sequence[Place], width: float) -> None:
        super().__init__()
        self.places = [p for p in places if boundaries.valid_place(p.latitude, p.longitude)]
        self.width = width
        self.map_height = width * (WORLD.north - WORLD.south) / (WORLD.east - WORLD.west)
        self.height = self.map_height + LEGEND_HEIGHT
        self.projection = Projection(WORLD, width, self.map_height)
        #: Where each place was drawn (x, y on the map); tests read it.
        self.positions: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Where ``(lon, lat)`` lies on the flowable (the map stands above the legend)."""
        x, y = self.projection.xy(lon, lat)
        return x, y + LEGEND_HEIGHT

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.translate(0, LEGEND_HEIGHT)
        clip_to(canvas, self.width, self.map_height)
        canvas.translate(0, -LEGEND_HEIGHT)
        draw_rings(canvas, boundaries.rings_in(WORLD), self.xy, line_width=0.25)
        self.positions = []
        for place in self.places:
            x, y = self.xy(place.longitude, place.latitude)
            draw_dot(canvas, x, y, colour(place.key), radius=1.8)
            self.positions.append((x, y))
        canvas.restoreState()
        canvas.saveState()
        canvas.translate(0, LEGEND_HEIGHT)
        draw_frame(canvas, self.width, self.map_height)
        canvas.restoreState()
        self._legend()

    def _legend(self) -> None:
        canvas = self.canv
        x = 0.0
        canvas.setFont(fonts.REGULAR, 7)
        for key, label in dict.fromkeys((p.key, p.label) for p in self.places):
            draw_dot(canvas, x + 3, 4, colour(key), radius=1.8)
            canvas.setFillColor(colors.black)
            canvas.drawString(x + 8, 1.5, label)
            x += 14 + canvas.stringWidth(label, fonts.REGULAR, 7)
