"""From longitude/latitude to a flat map: the one projection every map of PartnerDesk uses.

A plain equirectangular projection of a ``Box`` onto a ``width`` × ``height`` area: longitude
and latitude grow linearly. The project sheet's locator map (``documents/locator_map.py``,
ReportLab: y grows upwards) and the window's world map (``ui/overview``, Qt: y grows
downwards, ``y_down=True``) both draw through it, so a place sits where the tests expect it on
either.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerdesk.geography.boundaries import Box, Point

#: What the world map shows: the whole earth without Antarctica's empty south.
WORLD = Box(-180.0, -60.0, 180.0, 84.0)
#: Map units per degree on the world map (scene coordinates of the window's map).
WORLD_UNITS_PER_DEGREE = 10.0


@dataclass(frozen=True)
class Projection:
    box: Box
    width: float
    height: float
    #: True for screens (Qt: y downwards), False for paper (ReportLab: y upwards).
    y_down: bool = False

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        box = self.box
        x = (lon - box.west) / (box.east - box.west) * self.width
        y = (lat - box.south) / (box.north - box.south) * self.height
        return (x, self.height - y) if self.y_down else (x, y)

    def points(self, points: tuple[Point, ...] | list[Point]) -> list[tuple[float, float]]:
        return [self.xy(lon, lat) for lon, lat in points]

    def lon_lat(self, x: float, y: float) -> tuple[float, float]:
        """The place at ``(x, y)`` on the map (the inverse of ``xy``)."""
        box = self.box
        if self.y_down:
            y = self.height - y
        return (box.west + x / self.width * (box.east - box.west), box.south + y / self.height * (box.north - box.south))


def world(y_down: bool = True) -> Projection:
    """The world map's projection: ``WORLD`` at ``WORLD_UNITS_PER_DEGREE`` units per degree."""
    return Projection(
        WORLD,
        (WORLD.east - WORLD.west) * WORLD_UNITS_PER_DEGREE,
        (WORLD.north - WORLD.south) * WORLD_UNITS_PER_DEGREE,
        y_down,
    )
