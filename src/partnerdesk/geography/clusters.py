"""Points close together on a map drawn as one circle with their count.

Qt-free: the window's world map (``ui/overview``) clusters its projected points again at every
zoom step, in the pixels the user sees. A greedy grid clustering: each point joins the first
cluster whose centre lies within ``radius`` (looked up in the neighbouring grid cells), else
starts its own. Linear in the number of points (7,000 partners cluster in a few milliseconds).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Cluster(Generic[T]):
    x: float
    y: float
    members: list[T] = field(default_factory=list)
    #: The sums of the members' positions (the centre is their mean).
    _sum_x: float = 0.0
    _sum_y: float = 0.0

    @property
    def count(self) -> int:
        return len(self.members)

    def add(self, item: T, x: float, y: float) -> None:
        self.members.append(item)
        self._sum_x += x
        self._sum_y += y
        self.x, self.y = self._sum_x / len(self.members), self._sum_y / len(self.members)


def cluster(points: Sequence[tuple[float, float, T]], radius: float) -> list[Cluster[T]]:
    """``(x, y, item)`` grouped so that each item lies within ``radius`` of where its cluster
    began; in the order of the points (a cluster's first member comes first)."""
    if radius <= 0 or not math.isfinite(radius):
        return [Cluster(x, y, [item], x, y) for x, y, item in points]
    cells: dict[tuple[int, int], list[Cluster[T]]] = {}
    found: list[Cluster[T]] = []
    anchors: dict[int, tuple[float, float]] = {}
    for x, y, item in points:
        cx, cy = int(math.floor(x / radius)), int(math.floor(y / radius))
        home: Cluster[T] | None = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for candidate in cells.get((cx + dx, cy + dy), ()):
                    ax, ay = anchors[id(candidate)]
                    if (ax - x) ** 2 + (ay - y) ** 2 <= radius * radius:
                        home = candidate
                        break
                if home is not None:
                    break
            if home is not None:
                break
        if home is None:
            home = Cluster(x, y)
            anchors[id(home)] = (x, y)
            cells.setdefault((cx, cy), []).append(home)
            found.append(home)
        home.add(item, x, y)
    return found
