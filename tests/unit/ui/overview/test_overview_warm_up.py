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
    real = map_view._build_land_path

    def counting():
        builders.append(threading.current_thread().name)
        return real()

    monkeypatch.setattr(map_view, "_land", [])
    monkeypatch.setattr(map_view, "_build_land_path", counting)
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
    built = map_view.land_path()
    window.tabs.setCurrentWidget(panel)
    assert panel.map.land is not None and panel.map.land.path() == built
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
    real = map_view._build_land_path

    def slow():
        builds.append(threading.current_thread().name)
        started.set()
        time.sleep(0.2)
        return real()

    monkeypatch.setattr(map_view, "_land", [])
    monkeypatch.setattr(map_view, "_build_land_path", slow)
    worker = map_view.prepare_land()
    assert started.wait(5)
    path = map_view.land_path()  # the GUI thread comes meanwhile: it waits for the worker's path
    worker.join(timeout=10)
    assert len(builds) == 1
    assert map_view.land_path() is path and not path.isEmpty()
