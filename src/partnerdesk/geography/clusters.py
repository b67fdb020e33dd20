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
    """Members near each other; ``x``, ``y`` the mean of their positions."""

    x: float
    y: float
    members: list[T] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.members)


def cluster(points: Sequence[tuple[float, float, T]], radius: float) -> list[Cluster[T]]:
    """``(x, y, item)`` grouped so that each item lies within ``radius`` of where its cluster
    began; in the order of the points (a cluster's first member comes first)."""
    if radius <= 0 or not math.isfinite(radius):
        return [Cluster(x, y, [item]) for x, y, item in points]
    limit = radius * radius
    floor = math.floor
    #: Per grid cell: (anchor x, anchor y, index into ``found``) of the clusters begun there.
    cells: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
    members: list[list[T]] = []
    sums: list[list[float]] = []
    for x, y, item in points:
        cx, cy = floor(x / radius), floor(y / radius)
        home = -1
        for key in ((cx, cy), (cx - 1, cy), (cx + 1, cy), (cx, cy - 1), (cx, cy + 1),
                    (cx - 1, cy - 1), (cx + 1, cy - 1), (cx - 1, cy + 1), (cx + 1, cy + 1)):
            for ax, ay, index in cells.get(key, ()):
                if (ax - x) ** 2 + (ay - y) ** 2 <= limit:
                    home = index
                    break
            if home >= 0:
                break
        if home < 0:
            home = len(members)
            cells.setdefault((cx, cy), []).append((x, y, home))
            members.append([])
            sums.append([0.0, 0.0])
        members[home].append(item)
        total = sums[home]
        total[0] += x
        total[1] += y
    return [Cluster(sx / len(m), sy / len(m), m) for m, (sx, sy) in zip(members, sums, strict=True)]
