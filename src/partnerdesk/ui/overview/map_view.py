"""The world map of the *Übersicht* tab: Natural Earth's countries (bundled, offline) in the
projection of ``geography.projection``, a circle per partnership or project place, coloured by
the partnership's type, clustered with their count where they would overlap on screen.

The map opens fitted to the places shown (their bounding box with a margin, ``home_rect``), not
the whole world, and fits them again when they change (a filter); a double click on the sea or
land shows the whole world. The wheel zooms (around the mouse), dragging pans; after every zoom
step the points are clustered again in screen pixels (``geography.clusters``). Hovering shows the names, a click on
a single place opens its record (``open_requested``), a click on a cluster zooms into it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from partnerdesk.domain.chart_colours import point_colour
from partnerdesk.geography import boundaries, projection
from partnerdesk.geography.clusters import Cluster, cluster
from partnerdesk.i18n import _, ngettext
from partnerdesk.services.overview import MapPoint, projected

SEA = QColor("#d9e8f3")
LAND = QColor("#f1f0ea")
BORDER = QColor("#a9aca2")
MIXED = QColor("#4d4d4d")
#: Points closer than this on screen (pixels) are drawn as one cluster.
CLUSTER_PIXELS = 16.0
RADIUS = 7.0
#: How far one may zoom in, relative to the whole world fitting the view.
MAX_ZOOM = 200.0
#: The most names a cluster's tooltip lists.
TOOLTIP_NAMES = 12
#: Around the places shown, this share of their extent is kept free on each side ...
MARGIN_SHARE = 0.12
#: ... and at least this much (scene units: 10 per degree), so that a place is never at the edge.
MARGIN_MIN = 40.0
#: A resize changing the scale by less than this share keeps the clusters.
RECLUSTER_SHARE = 0.1
#: The least extent the fitted view shows (degrees × 10): one place shows its region, not a dot on blank land.
HOME_MIN_WIDTH, HOME_MIN_HEIGHT = 300.0, 150.0


#: Below this scale (screen pixels per scene unit; a tenth of a degree is one unit) the map draws
#: the coarse outlines: their points lie at least ``COARSE_DEGREES`` apart, 1.5 pixels at most there.
COARSE_BELOW = 0.3
COARSE_DEGREES = 0.5

_land_lock = threading.Lock()
_land: list[tuple[QPainterPath, QPainterPath]] = []


def land_paths() -> tuple[QPainterPath, QPainterPath]:
    """Every country's outline on the world map, in full (about 40,000 points) and coarse (under half
    of them, for the views where a degree is a pixel or two: painting them is several times faster),
    built once: by ``prepare_land`` in a worker thread while the window is idle, else here. A
    caller that comes while the worker builds them waits for that build instead of making a second."""
    with _land_lock:
        if not _land:
            _land.append(_build_land_paths())
        return _land[0]


def land_path() -> QPainterPath:
    """The countries' outlines in full (``land_paths``)."""
    return land_paths()[0]


def prepare_land() -> threading.Thread:
    """Build ``land_paths`` (and read the bundled outlines) in a worker thread: a QPainterPath is
    plain data, safe to make off the GUI thread, and the tab's first show then only draws it."""
    worker = threading.Thread(target=land_paths, name="world map outlines", daemon=True)
    worker.start()
    return worker


def _build_land_paths() -> tuple[QPainterPath, QPainterPath]:
    """The outlines drawn from the stored whole numbers and mapped into the projection in one
    step (it is linear); the coarse ones from the same rings thinned to points ``COARSE_DEGREES``
    apart (a ring too small for that is kept as a triangle: an island is not dropped)."""
    world = projection.world()
    scale, stored = boundaries.flat_rings()
    half_turn = 180.0 * scale
    step = COARSE_DEGREES * scale
    raw, coarse = QPainterPath(), QPainterPath()
    for rings in stored.values():
        for flat in rings:
            for polygon in _drawable(flat, half_turn):
                raw.addPolygon(polygon)
                raw.closeSubpath()
            for polygon in _drawable(_thinned(flat, step), half_turn):
                coarse.addPolygon(polygon)
                coarse.closeSubpath()
    (x0, y0), (x1, y1) = world.xy(0.0, 0.0), world.xy(1.0, 1.0)
    into_scene = QTransform((x1 - x0) / scale, 0.0, 0.0, (y1 - y0) / scale, x0, y0)
    return into_scene.map(raw), into_scene.map(coarse)


def _thinned(flat: list[int], step: float) -> list[int]:
    """A stored ring without the points closer than ``step`` (in both directions together) to the
    last one kept; its first three points when fewer would be left (an island stays, as a speck)."""
    last_x, last_y = flat[0], flat[1]
    kept = [last_x, last_y]
    for i in range(2, len(flat), 2):
        x, y = flat[i], flat[i + 1]
        if abs(x - last_x) + abs(y - last_y) >= step:
            kept += (x, y)
            last_x, last_y = x, y
    return kept if len(kept) >= 6 else flat[:6]


def _drawable(flat: list[int], half_turn: float) -> list[QPolygonF]:
    """A stored ring as polygons: as it is, or, when it crosses the date line (only a ring reaching
    across more than half the world can), unwrapped by ``boundaries.unwrapped`` and cut to the world,
    so that Russia's far east and Fiji show on both sides instead of as a band round the world."""
    numbers = iter(flat)
    points = list(zip(numbers, numbers, strict=True))
    longitudes = flat[0::2]
    if max(longitudes) - min(longitudes) <= half_turn:
        return [QPolygonF([QPointF(x, y) for x, y in points])]
    world = QPolygonF(QRectF(-half_turn, -half_turn / 2, 2 * half_turn, half_turn))
    return [
        QPolygonF([QPointF(x, y) for x, y in path]).intersected(world)
        for path in boundaries.unwrapped(points, half_turn=half_turn)
    ]


def point_text(point: MapPoint) -> str:
    projects = ngettext("{n} project", "{n} projects", point.projects).format(n=point.projects)
    if point.type is None:
        what = point.title if point.record_kind == "projects" else _("project place")
        return f"{point.place}: {what} ({projects})"
    return f"{point.place}: {point.title} ({point.type.label}, {projects})"


class Marker(QGraphicsEllipseItem):
    """A place or a cluster: a circle of a fixed size on screen, with its count when several."""

    def __init__(self, view: WorldMap, group: Cluster[MapPoint], font: QFont) -> None:
        count = group.count
        radius = RADIUS if count == 1 else RADIUS + min(8.0, 2.0 * len(str(count)) + 1.0)
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.view, self.places = view, group
        self.setPos(group.x, group.y)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(10)
        colours = {point_colour(p.type) for p in group.members}
        colour = QColor(next(iter(colours))) if len(colours) == 1 else MIXED
        self.setBrush(QBrush(colour))
        self.setPen(QPen(QColor("white"), 1.5))
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        #: Written when first asked for (``toolTip``): a zoom step makes hundreds of markers, few are hovered.
        self._tooltip: str | None = None
        if count > 1:
            label = QGraphicsSimpleTextItem(str(count), self)
            label.setFont(font)
            label.setBrush(QBrush(QColor("white")))
            box = label.boundingRect()
            label.setPos(-box.width() / 2, -box.height() / 2)

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        """The names of the places (up to ``TOOLTIP_NAMES``), made the first time they are asked for."""
        if self._tooltip is None:
            members, count = self.places.members, self.places.count
            if count == 1:
                self._tooltip = point_text(members[0])
            else:
                names = [point_text(p) for p in members[:TOOLTIP_NAMES]]
                if count > TOOLTIP_NAMES:
                    rest = count - TOOLTIP_NAMES
                    names.append(ngettext("… and {n} more", "… and {n} more", rest).format(n=rest))
                title = ngettext("{n} place", "{n} places", count).format(n=count)
                self._tooltip = title + "\n" + "\n".join(names)
        return self._tooltip

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802 - Qt override
        # Qt's tooltip reads the item's own text (not this class's ``toolTip``): set it as the mouse comes.
        if not super().toolTip():
            self.setToolTip(self.toolTip())
        super().hoverEnterEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            self.view.marker_clicked(self.places)
        else:
            super().mousePressEvent(event)


class WorldMap(QGraphicsView):
    """``set_points(points)``; ``open_requested(kind, id)`` when a single place is clicked."""

    open_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview_map")
        self.projection = projection.world(y_down=True)
        scene = QGraphicsScene(self)
        scene.setSceneRect(QRectF(0, 0, self.projection.width, self.projection.height))
        scene.setBackgroundBrush(QBrush(SEA))
        self.setScene(scene)
        #: The countries, drawn when the map first gets its points (``ensure_land``): building their
        #: 40,000 points takes a tenth of a second the window's start must not wait for.
        self.land: QGraphicsPathItem | None = None
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumSize(320, 240)  # the world at 2:1, not a strip
        self.setToolTip(_("Wheel: zoom; drag: move; click a place to open it"))
        self.points: list[MapPoint] = []
        self._projected: list[tuple[float, float, MapPoint]] = []
        self.markers: list[Marker] = []
        #: True once the user zoomed or panned away from the fitted view (a resize keeps their view then).
        self._zoomed = False
        #: What the view fits when not zoomed by the user: the places' box (``home_rect``) or the world.
        self._home = QRectF(self.sceneRect())
        #: The scale the markers were clustered at.
        self._clustered_at = 0.0
        #: Whether the land drawn is the coarse outlines (``land_paths``), chosen by the scale.
        self._land_coarse = False

    # Points ------------------------------------------------------------------------------------

    def ensure_land(self) -> None:
        if self.land is not None:
            return
        land = QGraphicsPathItem(land_path())
        self._land_coarse = False
        land.setBrush(QBrush(LAND))
        pen = QPen(BORDER)
        pen.setCosmetic(True)
        pen.setWidthF(0.6)
        land.setPen(pen)
        # Drawn once per zoom step and kept as a picture: 40,000 points need not be painted again
        # for every hover, tooltip or marker change.
        land.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.scene().addItem(land)
        self.land = land

    def set_points(self, points: Sequence[MapPoint]) -> None:
        """Show ``points``; fitted to them when they cover another region than before (a save
        elsewhere keeps the user's zoom; the fitted view is kept by ``resizeEvent``). Clustered once;
        the same points again change nothing (the land's cached picture is kept)."""
        self.ensure_land()
        points = list(points)
        if points == self.points and self.markers:
            return  # read again after a save elsewhere, nothing on the map changed: view, land picture and markers stay
        self.points = points
        self._projected = projected(self.points, self.projection)
        home = self.home_rect()
        if home != self._home:
            self._home = home
            self._fit(home)  # a new region (a filter): fitted to it, even after the user's zoom
        self.recluster()

    def home_rect(self) -> QRectF:
        """The places' bounding box in scene units with a margin, at least ``HOME_MIN_*`` large and
        inside the world; the whole world when there is no place."""
        world = self.sceneRect()
        if not self._projected:
            return QRectF(world)
        xs = [x for x, _y, _p in self._projected]
        ys = [y for _x, y, _p in self._projected]
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
        margin_x = max((right - left) * MARGIN_SHARE, MARGIN_MIN)
        margin_y = max((bottom - top) * MARGIN_SHARE, MARGIN_MIN)
        box = QRectF(left - margin_x, top - margin_y, right - left + 2 * margin_x, bottom - top + 2 * margin_y)
        if box.width() < HOME_MIN_WIDTH:
            box.adjust(-(HOME_MIN_WIDTH - box.width()) / 2, 0, (HOME_MIN_WIDTH - box.width()) / 2, 0)
        if box.height() < HOME_MIN_HEIGHT:
            box.adjust(0, -(HOME_MIN_HEIGHT - box.height()) / 2, 0, (HOME_MIN_HEIGHT - box.height()) / 2)
        return box.intersected(world)

    def _fit(self, rect: QRectF) -> None:
        """Fit ``rect`` into the view (not a user's zoom: a resize fits it again)."""
        self._zoomed = False
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def zoom(self) -> float:
        """How far the map is zoomed in (1: the whole world fits)."""
        return self.transform().m11() / max(self._fit_scale(), 1e-9)

    def _land_detail(self) -> None:
        """The coarse outlines where a degree is a pixel or two on screen, else the full ones."""
        if self.land is None:
            return
        coarse = self.transform().m11() < COARSE_BELOW
        if coarse != self._land_coarse:
            self._land_coarse = coarse
            self.land.setPath(land_paths()[1 if coarse else 0])

    def recluster(self) -> None:
        self._land_detail()  # every change of scale comes here
        scene = self.scene()
        for marker in self.markers:
            scene.removeItem(marker)
        scale = max(self.transform().m11(), 1e-9)
        self._clustered_at = self.transform().m11()
        groups = cluster(self._projected, CLUSTER_PIXELS / scale)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 6.0))
        self.markers = [Marker(self, group, font) for group in groups]
        for marker in self.markers:
            scene.addItem(marker)

    def marker_clicked(self, group: Cluster[MapPoint]) -> None:
        if group.count == 1:
            point = group.members[0]
            self.open_requested.emit(point.record_kind, point.record_id)
            return
        xs = [self.projection.xy(p.longitude, p.latitude) for p in group.members]
        left, right = min(x for x, _y in xs), max(x for x, _y in xs)
        top, bottom = min(y for _x, y in xs), max(y for _x, y in xs)
        margin = max(right - left, bottom - top, 2.0) * 0.3
        self.zoom_to(QRectF(left - margin, top - margin, right - left + 2 * margin, bottom - top + 2 * margin))

    # Zoom and pan ------------------------------------------------------------------------------

    def _fit_scale(self) -> float:
        rect = self.sceneRect()
        viewport = self.viewport().rect()
        return min(viewport.width() / rect.width(), viewport.height() / rect.height()) if rect.width() else 1.0

    def fit_world(self) -> None:
        """The whole world (a double click on the map); kept until the places change."""
        self._fit(self.sceneRect())
        self._zoomed = True
        self.recluster()

    def zoom_to(self, rect: QRectF) -> None:
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        fit = self._fit_scale()
        if self.transform().m11() > fit * MAX_ZOOM:
            centre = rect.center()
            self.resetTransform()
            self.scale(fit * MAX_ZOOM, fit * MAX_ZOOM)
            self.centerOn(centre)
        self._zoomed = True
        self.recluster()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        steps = event.angleDelta().y() / 120
        if not steps:
            return
        factor = 1.25 ** steps
        fit = self._fit_scale()
        current = self.transform().m11()
        target = min(max(current * factor, fit), fit * MAX_ZOOM)
        if target == current:
            return
        self.scale(target / current, target / current)
        self._zoomed = True
        self.recluster()
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.itemAt(event.position().toPoint()) is None or not isinstance(self.itemAt(event.position().toPoint()), Marker):
            self.fit_world()  # a double click on the sea or land shows the whole world again
            return
        super().mouseDoubleClickEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if not self._zoomed:
            self._fit(self._home)
            # The clusters are in screen pixels: made again when the scale changed by more than a
            # tenth (the tab's layout settling as it first shows nudges it by a few per cent).
            scale = self.transform().m11()
            if not self._clustered_at or abs(scale / self._clustered_at - 1.0) > RECLUSTER_SHARE:
                self.recluster()

    def marker_at(self, point: MapPoint) -> Marker | None:
        """The marker that shows ``point`` (alone or in a cluster)."""
        return next((m for m in self.markers if point in m.places.members), None)
