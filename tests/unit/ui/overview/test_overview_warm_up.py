"""The *Übersicht* tab prepares its first show while the window idles (``OverviewPanel.warm_up``):
the world map's outlines are built once, in a worker thread, and nothing is read from the database
for it (on a server every read is a round trip; the network tests count them); a tab already shown
prepares nothing; and the outlines asked for while the worker builds them are not built twice."""

from __future__ import annotations

import threading
import time

from partnerdesk.ui.overview import map_view


def test_the_idle_window_builds_the_outlines_in_a_worker_and_reads_nothing(qtbot, make_window, example_db, monkeypatch):
    from partnerdesk.ui import background

    builders: list[str] = []
    real = map_view._build_land_paths

    def counting():
        builders.append(threading.current_thread().name)
        return real()

    monkeypatch.setattr(map_view, "_land", [])
    monkeypatch.setattr(map_view, "_build_land_paths", counting)
    window = make_window(example_db)
    panel = window.overview_panel
    calls = []
    real_call = background.call

    def counting_call(db, fn, *args, **kwargs):
        calls.append(getattr(fn, "__name__", fn))
        return real_call(db, fn, *args, **kwargs)

    monkeypatch.setattr(background, "call", counting_call)
    # The timer set when the tab was installed runs it once the window idles.
    qtbot.waitUntil(lambda: panel.warmed_up, timeout=5_000)
    assert panel.warm_up_worker is not None
    panel.warm_up_worker.join(timeout=10)
    assert builders == ["world map outlines"]  # in the worker, once
    assert calls == [] and panel.reads == 0  # nothing read (the window idles: no other tab reads either)
    # Nor does it build the tab's own widgets: the start and the tab in the back stay as light as before.
    assert panel.map.land is None and panel.sdg_projects.view is None
    assert "PySide6.QtCharts" in __import__("sys").modules


def test_the_first_show_draws_the_outlines_the_worker_built(qtbot, make_window, example_db, monkeypatch):
    monkeypatch.setattr(map_view, "_land", [])
    window = make_window(example_db)
    panel = window.overview_panel
    panel.warm_up()
    panel.warm_up_worker.join(timeout=10)
    built = map_view.land_paths()
    window.tabs.setCurrentWidget(panel)
    assert panel.map.land is not None and panel.map.land.path() in built
    assert panel.reads == 1 and panel.data.points


def test_a_tab_shown_already_prepares_nothing(qtbot, make_window, example_db):
    window = make_window(example_db)
    panel = window.overview_panel
    window.tabs.setCurrentWidget(panel)
    panel.warm_up()
    assert panel.warmed_up and panel.warm_up_worker is None


def test_outlines_asked_for_while_the_worker_builds_them_are_built_once(qapp, monkeypatch):
    started = threading.Event()
    builds = []
    real = map_view._build_land_paths

    def slow():
        builds.append(threading.current_thread().name)
        started.set()
        time.sleep(0.2)
        return real()

    monkeypatch.setattr(map_view, "_land", [])
    monkeypatch.setattr(map_view, "_build_land_paths", slow)
    worker = map_view.prepare_land()
    assert started.wait(5)
    path = map_view.land_path()  # the GUI thread comes meanwhile: it waits for the worker's path
    worker.join(timeout=10)
    assert len(builds) == 1
    assert map_view.land_path() is path and not path.isEmpty()


def test_the_map_draws_the_coarse_outlines_only_where_a_degree_is_a_pixel_or_two(qtbot, make_window, example_db):
    full, coarse = map_view.land_paths()
    assert coarse.elementCount() < full.elementCount() / 2
    window = make_window(example_db)
    panel = window.overview_panel
    window.tabs.setCurrentWidget(panel)
    window.resize(900, 700)
    window.show()
    world = panel.map
    world.resize(400, 240)  # the whole world in 400 pixels: a degree is about a pixel
    world.fit_world()
    assert world.transform().m11() < map_view.COARSE_BELOW
    assert world.land.path() == coarse
    world.zoom_to(_rect(world, 0.0, 40.0, 20.0, 60.0))  # central Europe: the full outlines
    assert world.transform().m11() >= map_view.COARSE_BELOW
    assert world.land.path() == full
    world.fit_world()
    assert world.land.path() == coarse


def _rect(world, west, south, east, north):
    from PySide6.QtCore import QPointF, QRectF

    return QRectF(QPointF(*world.projection.xy(west, north)), QPointF(*world.projection.xy(east, south)))
