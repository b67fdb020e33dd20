"""The window on a PostgreSQL server behind a slow link, against the same window on a file.

    python bench/server_bench.py [--projects 100000] [--activities 500000] [--runs 3]

Starts a throwaway PostgreSQL server (tests/postgresql_server.py: initdb + pg_ctl, so the
server programs must be installed), fills it and a file with the same generated records
(bench/window_bench.py's generator; the file is cached in the temp folder, the server is
filled anew each run), and measures in one process, offscreen, behind the in-process delay
proxy of the tests (tests/network_proxy.py) at 0, 10 and 30 ms round trip:

* usable window: opening the database and building the window until the projects
  register shows its first rows (ratio against the file; target at 30 ms: at most 2x);
* search in the projects register until its rows are shown (target at 30 ms: 150 ms); the
  server's database gets pg_trgm's GIN indexes as migration 0003 makes them where IT installed
  the extension (``--no-trigram``: without, every search scans the table);
* open a form: selecting a project until its form and relationships are filled;
* save: changing the project's title and saving until the form shows it saved (target at
  30 ms: 250 ms); "reload": what follows a save (the register, the relationships and the
  form's choices read again; on a file inside the save, on a server right after it);
* F5: reloading the register and the relationships;
* the longest gap of a 10 ms timer during all of it (target: no stall over 100 ms), wall-clock
  ("stall") and less the time the GUI thread waited for a processor ("own", tests/stall_meter.py:
  a shared, loaded machine stretches the wall-clock gaps).

The floor: connecting to a server costs round trips before any query (TCP, startup, login),
whatever the program does. "Where a target lies below what the prescribed libraries
themselves cost, measure against that floor": so each setting also measures a bare psycopg
connection with one trivial query (``SELECT 1``) through the same proxy at the same delay,
and the usable window is compared with the file's window plus that (the floor) as well as
with the file's alone.

Medians of ``--runs`` repetitions (start once per setting). Prints the figures and ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PARTNERDESK_DATA_DIR", tempfile.mkdtemp(prefix="pd-server-bench-"))

SEARCH = "Klimaschutz Bonn"


def wait_until(app: Any, condition: Any, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get there")
        app.processEvents()
        time.sleep(0.001)


def measure(open_db: Any, runs: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    figures: dict[str, list[float]] = {"window": [], "search": [], "open": [], "save": [], "reload": [], "F5": []}
    started = time.perf_counter()
    db = open_db()  # before the window exists: there is no event loop to stall yet
    from stall_meter import StallMeter

    beat = StallMeter()
    settings = Settings()
    window = MainWindow(db, settings)
    window.resize(1200, 800)
    window.show()
    window.tabs.setCurrentWidget(window.panels["projects"])
    panel = window.panels["projects"]
    wait_until(app, lambda: panel.model.loaded and not panel.model.busy and panel.model.rowCount() > 0)
    app.processEvents()
    figures["window"].append(time.perf_counter() - started)
    editor = window.editor_panel
    try:
        for run in range(runs):
            t = time.perf_counter()
            panel.search.setText(f"{SEARCH} {run}" if run else SEARCH)
            panel.apply_query()
            wait_until(app, lambda: not panel.model.busy and panel.model.query.search == panel.search.text())
            app.processEvents()
            figures["search"].append(time.perf_counter() - t)
            panel.search.setText("")
            panel.apply_query()
            wait_until(app, lambda: not panel.model.busy and panel.model.query.search == "")

            record_id = panel.model.id_at(run + 1)
            t = time.perf_counter()
            window.open_record("projects", record_id)
            wait_until(app, lambda wanted=record_id: editor.record_id == wanted)
            app.processEvents()
            figures["open"].append(time.perf_counter() - t)

            title = editor.form.fields["title"].widget
            title.setText(title.text() + " (geprüft)")
            t = time.perf_counter()
            assert editor.save(), editor.banner.text()
            figures["save"].append(time.perf_counter() - t)  # written; the form shows it saved
            t = time.perf_counter()
            app.processEvents()  # on a server the window reads the register etc. again now
            wait_until(app, lambda: not panel.model.busy)
            app.processEvents()
            figures["reload"].append(time.perf_counter() - t)

            t = time.perf_counter()
            window.action("refresh").trigger()
            wait_until(app, lambda: not panel.model.busy)
            app.processEvents()
            figures["F5"].append(time.perf_counter() - t)
    finally:
        beat.stop()
        if editor is not None and editor.form is not None:
            editor.form.dirty = False
        window.close()
        window.deleteLater()
        app.processEvents()
        db.close()
    result = {k: statistics.median(v) for k, v in figures.items()}
    result["stall"] = beat.longest()
    result["own stall"] = beat.window_stalls()[0] if beat.gaps else 0.0  # less the waits for a processor
    return result


def search_index_on_the_server(url: str) -> bool:
    """Install pg_trgm in the bench's database and add the GIN indexes migration 0003 makes where
    the extension exists (the office server's recommended set-up); False if it is not available."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    args: dict[str, Any] = dict(parsed.translate_connect_args(username="user", database="dbname"))
    args.update(parsed.query)
    try:
        with psycopg.connect(**args, autocommit=True) as connection:  # the harness's superuser
            connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for table in ("organisations", "partnerships", "contacts", "projects", "activities"):
                connection.execute(
                    f"CREATE INDEX IF NOT EXISTS ix_{table}_search_trgm ON {table} USING gin (search_text gin_trgm_ops)"
                )
    except psycopg.Error as exc:
        print(f"  pg_trgm not available ({exc}); the search scans", flush=True)
        return False
    return True


def bare_connection(url: str, runs: int) -> float:
    """Median seconds for a bare psycopg connection to ``url`` and one ``SELECT 1`` (the floor's part)."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    args: dict[str, Any] = dict(parsed.translate_connect_args(username="user", database="dbname"))
    args.update(parsed.query)
    times = []
    for _ in range(max(runs, 3)):
        t = time.perf_counter()
        connection = psycopg.connect(**args)
        connection.execute("SELECT 1").fetchone()
        times.append(time.perf_counter() - t)
        connection.close()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-trigram", action="store_true",
                        help="leave out pg_trgm's search index (a server where IT did not install it: LIKE scans)")
    args = parser.parse_args(argv)

    import postgresql_server
    from network_proxy import DelayProxy
    from partnerdesk.persistence.database import open_database
    from partnerdesk.persistence.server import open_server_database
    from window_bench import database, fill

    path = database(args.projects, args.activities)
    server = postgresql_server.start()
    try:
        url = server.create()
        trigram = not args.no_trigram and search_index_on_the_server(url)
        print("search on the server:", "pg_trgm GIN indexes (as migration 0003 makes them)" if trigram
              else "no trigram index: LIKE scans every row", flush=True)
        print(f"filling the server with {args.projects:,} projects and {args.activities:,} activities …", flush=True)
        t = time.perf_counter()
        db = open_server_database(url)
        fill(db, args.projects, args.activities)
        db.close()
        print(f"  {time.perf_counter() - t:.1f} s", flush=True)
        direct, port = server.tcp_address(url)
        measure(lambda: open_database(path, quick_check=False, automatic_backup=False), 1)  # warm-up: imports, Qt, caches
        results = {"file": measure(lambda: open_database(path, quick_check=False, automatic_backup=False), args.runs)}
        connect: dict[str, float] = {}
        for rtt_ms in (0, 10, 30):
            proxy = DelayProxy(port, rtt_ms / 1000)
            proxied = direct.replace(f"127.0.0.1:{port}", f"127.0.0.1:{proxy.port}")
            try:
                results[f"server {rtt_ms} ms"] = measure(lambda u=proxied: open_server_database(u), args.runs)
                connect[f"server {rtt_ms} ms"] = bare_connection(proxied, args.runs)
            finally:
                proxy.close()
    finally:
        server.stop()

    base = results["file"]
    print(f"\n{args.projects:,} projects, {args.activities:,} activities; medians of {args.runs} runs (ms); "
          f"server search {'with pg_trgm indexes' if trigram else 'without a trigram index'}")
    print(f"{'':<16}" + "".join(f"{k:>10}" for k in ("window", "search", "open", "save", "reload", "F5", "stall", "own")))
    for name, r in results.items():
        print(f"{name:<16}" + "".join(f"{r[k] * 1000:>10.0f}" for k in ("window", "search", "open", "save", "reload", "F5", "stall", "own stall")))
    print("\nusable window against the file's, and against the floor (the file's window + a bare psycopg")
    print("connection and SELECT 1 through the same proxy at the same delay, measured in this run):")
    for name, r in results.items():
        if name != "file":
            floor = base["window"] + connect[name]
            print(f"{name:<16} window {r['window'] * 1000:.0f} ms: {r['window'] / base['window']:.2f}x the file's "
                  f"({base['window'] * 1000:.0f} ms); floor {floor * 1000:.0f} ms (connection {connect[name] * 1000:.0f} ms): "
                  f"{r['window'] / floor:.2f}x the floor")
    slow = results["server 30 ms"]
    slow_floor = base["window"] + connect["server 30 ms"]
    print("\ntargets at 30 ms round trip:")
    print(f"  usable window <= 2x the file's: {slow['window'] / base['window']:.2f}x  "
          f"{'ok' if slow['window'] <= 2 * base['window'] else 'MISSED'}; "
          f"<= 2x the floor: {slow['window'] / slow_floor:.2f}x  {'ok' if slow['window'] <= 2 * slow_floor else 'MISSED'}")
    print(f"  search <= 150 ms: {slow['search'] * 1000:.0f} ms  {'ok' if slow['search'] <= 0.150 else 'MISSED'}")
    print(f"  save <= 250 ms: {slow['save'] * 1000:.0f} ms  {'ok' if slow['save'] <= 0.250 else 'MISSED'}")
    print(f"  no event-loop stall > 100 ms: {slow['stall'] * 1000:.0f} ms wall-clock  {'ok' if slow['stall'] <= 0.100 else 'MISSED'}; "
          f"{slow['own stall'] * 1000:.0f} ms less the waits for a processor  {'ok' if slow['own stall'] <= 0.100 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
