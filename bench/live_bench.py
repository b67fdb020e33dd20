"""Live refresh: the time from a colleague's commit to the changed row shown in another window.

    python bench/live_bench.py [--changes 20] [--only file|server]

One process, offscreen: a window (MainWindow, the organisations register) on the example data,
and a colleague's ``Database`` of its own on the same file or server database renaming one of
the rows the window shows, ``--changes`` times, a random pause (0–1.5 s) apart so that the
window's one-second look on a file is met at every phase. Measured: from the moment the
colleague's ``update`` returned (committed) until the window's table model shows the new name
(the GUI thread's event loop running, as for a user). On the server (a throwaway one,
tests/postgresql_server.py) the window learns of it by LISTEN/NOTIFY, on a file by looking
every second; "server, polling" is the fallback when the server sends no notifications.

Targets: at most 2 s every time; on a server a median of at most 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PARTNERDESK_DATA_DIR", tempfile.mkdtemp(prefix="pd-live-bench-"))


def measure(window_db: Any, colleague_db: Any, changes: int, seed: int = 7) -> list[float]:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from partnerdesk.services.records import OrganisationService
    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.settings import Settings

    window = MainWindow(window_db, Settings())
    window.show()
    window.tabs.setCurrentWidget(window.panels["organisations"])
    panel = window.panels["organisations"]
    panel.ensure_loaded(wait=True)
    keys = [c.key for c in panel.model.columns]
    name_column = keys.index("name")

    def pump(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            time.sleep(0.001)

    while window.live is None or window.live.feed is None:
        pump(0.05)
    service = OrganisationService(colleague_db)
    ids = panel.model.ids()[:10]
    rng = random.Random(seed)
    times: list[float] = []
    try:
        for n in range(changes):
            pump(rng.uniform(0.0, 1.5))
            target = ids[n % len(ids)]
            record = service.get(target)
            name = f"{record.name.split(' #')[0]} #{n}"
            service.update(replace(record, name=name))
            committed = time.perf_counter()
            while panel.model.index(panel.model.row_of(target), name_column).data() != name:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
                if time.perf_counter() - committed > 10:
                    raise SystemExit(f"change {n} did not show within 10 s")
                time.sleep(0.0005)
            times.append(time.perf_counter() - committed)
    finally:
        window.close()
        window.deleteLater()
        pump(0.05)
    return times


def report(label: str, times: list[float]) -> None:
    median, worst = statistics.median(times), max(times)
    print(f"{label:<18} n={len(times):>3}  median {median * 1000:7.0f} ms  max {worst * 1000:7.0f} ms"
          f"  (target max <= 2000 ms{', median <= 500 ms' if 'server' in label else ''})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--only", choices=("file", "server"))
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from partnerdesk.persistence.database import create_database, open_database
    from partnerdesk.services.example_data import add_example_data

    app = QApplication.instance() or QApplication([])
    assert app is not None
    if args.only in (None, "file"):
        path = Path(tempfile.mkdtemp(prefix="pd-live-bench-")) / "office.sqlite"
        db = create_database(path)
        add_example_data(db)
        colleague = open_database(path)
        report("file", measure(db, colleague, args.changes))
        colleague.close()
        db.close()
    if args.only in (None, "server"):
        import postgresql_server
        from partnerdesk.persistence.server import open_server_database
        from partnerdesk.ui import live_refresh

        server = postgresql_server.start()
        try:
            url = server.create()
            seed_db = open_server_database(url)
            add_example_data(seed_db)
            seed_db.close()
            for label, listen in (("server", True), ("server, polling", False)):
                live_refresh.LISTEN = listen
                db, colleague = open_server_database(url), open_server_database(url)
                report(label, measure(db, colleague, args.changes))
                colleague.close()
                db.close()
            live_refresh.LISTEN = True
        finally:
            server.stop()


if __name__ == "__main__":
    main()
