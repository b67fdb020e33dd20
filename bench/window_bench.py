"""The main window on a huge database: start-up, search and memory against a bare PySide6 window.

    python bench/window_bench.py [--runs 5] [--projects 100000] [--activities 500000]

Generates (once; cached in the temp folder) a database with 100,000 projects and 500,000
activities through SQLAlchemy core bulk inserts, then measures in this same run, each
start in its own process, offscreen:

* start-up: from process start until the real program (``python -m partnerdesk --db``)
  reports its window shown with the projects register loaded, divided by the same for
  a bare PySide6 ``QMainWindow`` (target: at most 1.5x);
* search: applying a search text on the projects register of a real ``MainWindow``
  (SQL, model reset, repaint) against running the bare SQL it runs (target: under
  50 ms and at most 2x);
* peak memory (each child's own ``VmHWM`` from /proc; ``ru_maxrss`` elsewhere) of the program against the
  bare window (target: at most 2x).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

MARKER = "partnerdesk-smoke: window shown"
GENERATOR_VERSION = 2

WORDS = (
    "Klimaschutz Wasser Abfall Bildung Energie Gesundheit Jugend Kultur Digitalisierung Mobilität "
    "Stadtgrün Umweltbildung Solar Innovation Begegnung Austausch Verwaltung Frauen Sport Müll "
    "Trinkwasser Schulgarten Fortbildung Ausstellung Konferenz Förderung Straßenbeleuchtung Brunnen"
).split()
PLACES = (
    "Düsseldorf Kumasi Dabola Cluj-Napoca Dura Bondo Kraków Łódź Besançon Zürich Göteborg Málaga "
    "São Paulo Nürnberg Ouagadougou Kyiv Tiflis Izmir Windhuk Quetzaltenango"
).split()


def generate(path: Path, projects: int, activities: int) -> None:
    """Bulk-insert a register of realistic size (one transaction per table, core executemany)."""
    from partnerdesk.persistence.database import create_database

    db = create_database(path)
    fill(db, projects, activities)
    db.close()


def fill(db: Any, projects: int, activities: int) -> None:
    """The records of ``generate`` written into the open database ``db`` (a file or a server's)."""
    from sqlalchemy import insert

    from partnerdesk.domain.text import search_blob, sort_key
    from partnerdesk.persistence.tables import (
        ActivityRow,
        ContactRow,
        OrganisationRow,
        PartnershipGoalRow,
        PartnershipRow,
        ProjectGoalRow,
        ProjectParticipantRow,
        ProjectRow,
    )

    rng = random.Random(42)
    now = datetime.now(UTC)
    uid = iter(f"{i:08x}-0000-4000-8000-{rng.getrandbits(48):012x}" for i in range(10**8))
    common = {"created_at": now, "updated_at": now, "version": 1, "is_example": False}
    countries = ["DE", "GH", "GN", "RO", "PS", "KE", "PL", "FR", "CH", "SE", "ES", "BR", "BF", "UA", "GE", "TR", "NA", "GT"]
    orgs, partnerships = [], []
    with db.engine.begin() as conn:
        rows = []
        for i in range(2_000):
            place = rng.choice(PLACES)
            country = rng.choice(countries)
            name = f"{'Stadt' if i % 3 else 'Verein'} {place} {i}"
            orgs.append(next(uid))
            rows.append({**common, "id": orgs[-1], "name": name, "name_key": sort_key(name), "short_name": "", "kind": rng.choice(["municipality", "ngo", "university", "company"]),
                         "country": country, "city": place, "languages": [], "website": "", "notes": "",
                         "search_text": search_blob(name, place, country)})
        conn.execute(insert(OrganisationRow), rows)
        rows, goals = [], []
        for i in range(1_000):
            partnerships.append(next(uid))
            title = f"Partnerschaft {rng.choice(PLACES)} {rng.choice(WORDS)} {i}"
            rows.append({**common, "id": partnerships[-1], "title": title, "title_key": sort_key(title), "partner_id": rng.choice(orgs),
                         "type": rng.choice(["twinning", "project_partnership", "friendship"]),
                         "status": rng.choice(["exploring", "active", "dormant", "ended"]), "mou_status": "none",
                         "themes": [], "notes": "", "search_text": search_blob(title)})
            goals += [{"partnership_id": partnerships[-1], "goal": g} for g in rng.sample(range(1, 18), 2)]
        conn.execute(insert(PartnershipRow), rows)
        conn.execute(insert(PartnershipGoalRow), goals)
        contacts = []
        for i in range(5_000):
            name = f"Person {i} {rng.choice(PLACES)}"
            contacts.append({**common, "id": next(uid), "name": name, "name_key": sort_key(name), "organisation_id": rng.choice(orgs), "function": "",
                             "email": f"person{i}@example.org", "phone": "", "preferred_language": "de", "notes": "",
                             "legal_basis": "", "search_text": search_blob(name, f"person{i}@example.org")})
        conn.execute(insert(ContactRow), contacts)
    project_ids = []
    with db.engine.begin() as conn:
        rows, goals, participants = [], [], []
        start = date(2000, 1, 1)
        for i in range(projects):
            project_ids.append(next(uid))
            title = f"{rng.choice(WORDS)} in {rng.choice(PLACES)} – Vorhaben {i}"
            summary = " ".join(rng.choice(WORDS) for _ in range(12))
            begins = start + timedelta(days=rng.randrange(9000))
            rows.append({**common, "id": project_ids[-1], "title": title, "title_key": sort_key(title), "partnership_id": rng.choice(partnerships) if i % 4 else None,
                         "summary": summary, "status": rng.choice(["idea", "planned", "running", "completed", "cancelled"]),
                         "start_date": begins, "end_date": begins + timedelta(days=rng.randrange(1, 900)),
                         "budget_amount": None, "budget_currency": "EUR", "notes": "",
                         "search_text": search_blob(title, summary)})
            goals += [{"project_id": project_ids[-1], "goal": g} for g in rng.sample(range(1, 18), 2)]
            participants.append({"project_id": project_ids[-1], "organisation_id": rng.choice(orgs), "role": "lead", "position": 0})
        conn.execute(insert(ProjectRow), rows)
        conn.execute(insert(ProjectGoalRow), goals)
        conn.execute(insert(ProjectParticipantRow), participants)
    with db.engine.begin() as conn:
        for chunk in range(0, activities, 100_000):
            rows = []
            for i in range(chunk, min(chunk + 100_000, activities)):
                title = f"{rng.choice(['Treffen', 'Workshop', 'Telefonat', 'Besuch'])} {rng.choice(WORDS)} {i}"
                place = rng.choice(PLACES)
                rows.append({**common, "id": next(uid), "title": title, "title_key": sort_key(title), "kind": rng.choice(["meeting", "workshop", "call", "other"]),
                             "date": start + timedelta(days=rng.randrange(9500)), "place": place,
                             "partnership_id": rng.choice(partnerships) if i % 3 else None,
                             "project_id": rng.choice(project_ids) if i % 2 else None, "notes": "",
                             "search_text": search_blob(title, place)})
            conn.execute(insert(ActivityRow), rows)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def cached_database(prefix: str, version: int, write: Callable[[Path], None]) -> Path:
    """The generated database ``<prefix>-<schema revision>-v<version>.sqlite`` in the temp folder,
    written once by ``write(path)`` under a partial name (a run cut short leaves no half file)."""
    from partnerdesk.persistence.migrate import head_revision

    folder = Path(tempfile.gettempdir()) / "partnerdesk-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"{prefix}-{head_revision()}-v{version}.sqlite"
    if not path.exists():
        print(f"generating {path.name} …", flush=True)
        started = time.perf_counter()
        partial = path.with_name("partial-" + path.name)
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        write(partial)
        partial.rename(path)
        print(f"  {time.perf_counter() - started:.1f} s, {path.stat().st_size / 1e6:.0f} MB", flush=True)
    return path


def database(projects: int, activities: int) -> Path:
    return cached_database(f"window-{projects}-{activities}", GENERATOR_VERSION,
                           lambda partial: generate(partial, projects, activities))


#: Reports, like the program (ui/first_paint.py), once the window has painted itself: a
#: zero-delay timer after show() would fire before the first paint.
BARE = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1200, 800)

    def shown():
        print("{MARKER}", flush=True)
        QTimer.singleShot(0, window.close)

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched, event):
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, shown)
            return False

    first_paint = FirstPaint()
    app.installEventFilter(first_paint)
    window.show()
    sys.exit(app.exec())
    """
)

SEARCH = textwrap.dedent(
    """
    import json, sqlite3, sys, threading, time
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import event
    import partnerdesk.ui
    from partnerdesk.persistence.database import open_database
    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.settings import Settings
    from partnerdesk.ui.models.register_table_model import PAGE

    path, runs, terms = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    app = QApplication(sys.argv[:1])
    db = open_database(path, quick_check=False)
    window = MainWindow(db, Settings())
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    panel = window.panels["projects"]
    window.tabs.setCurrentWidget(panel)
    panel.ensure_loaded()
    app.processEvents()
    raw = sqlite3.connect(path, isolation_level=None)
    # Every statement the window sends while applying the search (the ids page and the
    # search's match count, from the worker thread the window waits for; display rows and
    # SDG goals from the window's thread), to replay them as bare SQL. The background count
    # of all matches is left out: the window does not wait for it.
    captured, capturing = [], [False]

    def waited_for():
        thread = threading.current_thread()
        return thread is threading.main_thread() or thread.name.startswith("ids ")

    def capture(conn, cursor, statement, parameters, context, executemany):
        if capturing[0] and waited_for():
            if statement.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
                captured.append((statement, parameters))

    for engine in {db.engine, db.read_engine}:
        event.listen(engine, "before_cursor_execute", capture)

    # The window waits for its ids query in a worker thread: that thread's CPU counts too.
    from partnerdesk.services.registers import RegisterService

    worker_cpu = [0.0]
    plain_ids = RegisterService.ids

    def timed_ids(self, *args, **kwargs):
        started = time.thread_time()
        try:
            return plain_ids(self, *args, **kwargs)
        finally:
            if capturing[0] and threading.current_thread().name.startswith("ids "):
                worker_cpu[0] += time.thread_time() - started

    RegisterService.ids = timed_ids

    def settle():
        # Let the background count of the previous query finish first (a user types into a settled window).
        while panel.model.total is None or panel.model.busy:
            app.processEvents()
            time.sleep(0.002)
        app.processEvents()

    # The fixed cost of any Qt table: a plain model over the same display texts, reset and
    # repainted in a view of the same size (what a search costs with SQL taking no time at all).
    from PySide6.QtCore import QAbstractTableModel, Qt
    from PySide6.QtWidgets import QTableView

    class PlainModel(QAbstractTableModel):
        rows, columns = [], 0

        def rowCount(self, parent=None):
            return 0 if parent is not None and parent.isValid() else len(self.rows)

        def columnCount(self, parent=None):
            return 0 if parent is not None and parent.isValid() else self.columns

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return self.rows[index.row()][index.column()] if role == Qt.ItemDataRole.DisplayRole else None

    plain = PlainModel()
    plain_view = QTableView()
    plain_view.setModel(plain)
    plain_view.resize(panel.table.size())
    plain_view.show()

    def plain_reset_and_paint(rows, columns):
        started, cpu = time.perf_counter(), time.thread_time()
        plain.beginResetModel()
        plain.rows, plain.columns = rows, columns
        plain.endResetModel()
        plain_view.viewport().repaint()
        return time.perf_counter() - started, time.thread_time() - cpu

    results = {}
    for term in terms:
        view_times, view_cpu = [], []
        window_times, sql_times, window_cpu, sql_cpu, counts = [], [], [], [], []
        page_times, page_cpu, statements = [], [], 0
        for _ in range(runs):
            panel.search.blockSignals(True)
            panel.search.setText("")
            panel.search.blockSignals(False)
            panel.apply_query()
            settle()
            panel.search.blockSignals(True)
            panel.search.setText(term)
            panel.search.blockSignals(False)
            captured.clear()
            worker_cpu[0] = 0.0
            capturing[0] = True
            started, cpu = time.perf_counter(), time.thread_time()
            panel.apply_query()          # what the debounce timer calls
            panel.table.viewport().repaint()  # and the rows painted
            window_times.append(time.perf_counter() - started)
            window_cpu.append(time.thread_time() - cpu + worker_cpu[0])  # not the background count
            capturing[0] = False
            counts.append(panel.model.rowCount())
            settle()
            started, cpu = time.perf_counter(), time.thread_time()
            for statement, parameters in captured:
                raw.execute(statement, parameters).fetchall()
            sql_times.append(time.perf_counter() - started)
            sql_cpu.append(time.thread_time() - cpu)
            statements = len(captured)
            stmt = panel.service.statement(panel.current_query()).limit(PAGE)  # the first page, as the model loads it
            compiled = stmt.compile(db.engine, compile_kwargs={"literal_binds": True})
            started, cpu = time.perf_counter(), time.thread_time()
            rows = raw.execute(str(compiled)).fetchall()
            page_times.append(time.perf_counter() - started)
            page_cpu.append(time.thread_time() - cpu)
            assert len(rows) == counts[-1]
            model = panel.model
            columns = model.columnCount()
            texts = [[model.data(model.index(r, c)) for c in range(columns)] for r in range(model.rowCount())]
            plain_reset_and_paint([], 0)
            seconds, cpu_seconds = plain_reset_and_paint(texts, columns)
            view_times.append(seconds)
            view_cpu.append(cpu_seconds)
        total = panel.service.count(panel.current_query())
        med = lambda xs: sorted(xs)[len(xs) // 2]
        results[term] = {"window": med(window_times), "sql": med(sql_times), "window_cpu": med(window_cpu), "sql_cpu": med(sql_cpu),
                         "page": med(page_times), "page_cpu": med(page_cpu), "statements": statements, "rows": counts[-1], "total": total,
                         "view": med(view_times), "view_cpu": med(view_cpu)}
    print("RESULT " + json.dumps(results), flush=True)
    plain_view.close()
    window.close()
    db.close()
    """
)


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, int, list[str]]:
    """(seconds until the window marker, peak RSS in KiB, stdout lines) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    peak = _PeakWatcher(proc.pid)
    shown = None
    lines = []
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if shown is None and line.startswith(MARKER):
            shown = time.perf_counter() - started
    peak.stop()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return (shown or float("nan")), peak.kib or usage.ru_maxrss, lines


class _PeakWatcher:
    """The child's own peak RSS (``VmHWM``), read from /proc while it runs.

    ``ru_maxrss`` of a child is not enough on Linux: the child is started with vfork, and at
    exec the kernel carries the parent's high-water mark over into the child's figure, so a
    parent that has just generated a 400 MB database makes every child look 400 MB big.
    Where /proc is missing (not Linux) ``kib`` stays 0 and ``ru_maxrss`` is used.
    """

    def __init__(self, pid: int) -> None:
        import threading

        self.kib = 0
        self._path = Path(f"/proc/{pid}/status")
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.wait(0.01):
            try:
                status = self._path.read_text()
            except OSError:
                return
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    self.kib = max(self.kib, int(line.split()[1]))

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def child_env(data_dir: Path, register: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PARTNERDESK_DATA_DIR=str(data_dir), PARTNERDESK_SMOKE_QUIT_MS="0")
    # The smoke line's QtPdf check would load QtPdf and QtNetwork (~2 MB) that the program
    # itself loads only for a PDF preview (ui/smoke_hook.py).
    env["PARTNERDESK_SMOKE_SKIP_PDF"] = "1"
    env["PYTHONPATH"] = str(ROOT / "src")
    # An installed program has compiled bytecode; PYTHONDONTWRITEBYTECODE=1 (set on some
    # development machines) would compile PartnerDesk's modules again at every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "partnerdesk-bench" / "pycache")
    data_dir.mkdir(parents=True, exist_ok=True)
    # Start on the register under test, as a user who last worked there would.
    (data_dir / "state.ini").write_text(f"[window]\nregister={register}\n", "utf-8")
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=500_000)
    parser.add_argument("--search-only", action="store_true", help="measure only the search (skip start-up and memory)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    path = database(args.projects, args.activities)
    work = Path(tempfile.mkdtemp(prefix="window-bench-"))
    python = sys.executable

    bare_env = child_env(work / "bare", "projects")
    starts: dict[str, list[float]] = {"bare": [], "projects": [], "activities": []}
    memory: dict[str, list[int]] = {"bare": [], "projects": [], "activities": []}
    # One warm-up of each (file cache, .pyc), then alternate.
    run_child([python, "-c", BARE], bare_env)
    if args.search_only:
        starts = {k: [float("nan")] for k in starts}
        memory = {k: [0] for k in memory}
    run_child([python, "-m", "partnerdesk", "--db", str(path)], child_env(work / "warm", "projects"))
    for _ in range(0 if args.search_only else args.runs):
        seconds, rss, _lines = run_child([python, "-c", BARE], bare_env)
        starts["bare"].append(seconds)
        memory["bare"].append(rss)
        for register in ("projects", "activities"):
            seconds, rss, _lines = run_child([python, "-m", "partnerdesk", "--db", str(path)], child_env(work / register, register))
            starts[register].append(seconds)
            memory[register].append(rss)

    _s, _rss, lines = run_child([python, "-c", SEARCH, str(path), str(args.runs), "vorhaben 4711", "brunnen kumasi", "wasser"], child_env(work / "search", "projects"))
    import json

    search = json.loads(next(line for line in lines if line.startswith("RESULT "))[7:])

    bare_s = statistics.median(starts["bare"])
    bare_mb = statistics.median(memory["bare"]) / 1024 or float("nan")
    load_after = os.getloadavg()
    print(f"\nDatabase: {args.projects:,} projects, {args.activities:,} activities, {path.stat().st_size / 1e6:.0f} MB")
    print(f"Load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"Bare PySide6 window: start {bare_s * 1000:.0f} ms, peak memory {bare_mb:.0f} MB (median of {args.runs})")
    labels = {
        "projects": "PartnerDesk (python -m partnerdesk), projects register",
        "activities": "PartnerDesk (python -m partnerdesk), activities register",
    }
    for register in ("projects", "activities"):
        s = statistics.median(starts[register])
        mb = statistics.median(memory[register]) / 1024
        print(
            f"{labels[register]}: start {s * 1000:.0f} ms = {s / bare_s:.2f}x bare (target <= 1.5x); "
            f"peak memory {mb:.0f} MB = {mb / bare_mb:.2f}x bare (target <= 2x)"
        )
    for term, r in search.items():
        print(
            f"Search {term!r} on projects ({r['total']:,} matches, first {r['rows']:,} loaded): window {r['window'] * 1000:.1f} ms (target < 50 ms), "
            f"bare SQL {r['sql'] * 1000:.1f} ms ({r['statements']} statements the window ran), ratio {r['window'] / r['sql']:.2f}x (target <= 2x); "
            f"CPU (window thread + its ids worker) window {r['window_cpu'] * 1000:.1f} ms, SQL {r['sql_cpu'] * 1000:.1f} ms, ratio {r['window_cpu'] / r['sql_cpu']:.2f}x; "
            f"the ids page alone {r['page'] * 1000:.1f} ms (CPU {r['page_cpu'] * 1000:.1f} ms)"
        )
        floor = r["sql"] + r["view"]
        print(
            f"    a plain QTableView reset and repainted with the same {r['rows']:,} rows: {r['view'] * 1000:.1f} ms "
            f"(CPU {r['view_cpu'] * 1000:.1f} ms); window / (bare SQL + plain view) = {r['window'] / floor:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
