"""What the history of every change costs: saves, a table import, a travel merge, and reading it.

    python bench/history_bench.py [--saves 200] [--rows 10000] [--changes 1000] [--entries 1000000]

Each operation runs with the history and without it (the writer's private switch, which
exists for this baseline only), alternating, on fresh databases, in one run; the medians and
their ratio are printed (targets: saves and merges <= 1.2x, the import <= 1.5x). Then a
database with ``--entries`` history entries (written in bulk), 1,000 of them about one record,
and the time of ``History.for_record`` of that record, and of opening its Verlauf tab (the
window's read and its table model filled; median of 20; target <= 50 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from partnerdesk.domain.records import Organisation  # noqa: E402
from partnerdesk.exchange.table_import import apply_import, preview_file  # noqa: E402
from partnerdesk.persistence.database import create_database  # noqa: E402
from partnerdesk.services import history_writer  # noqa: E402
from partnerdesk.services.history import History  # noqa: E402
from partnerdesk.services.records import OrganisationService  # noqa: E402


def with_history(on: bool) -> None:
    history_writer._enabled = on


def ratio_line(name: str, on: list[float], off: list[float], target: float, unit: str = "s") -> None:
    a, b = statistics.median(on), statistics.median(off)
    print(f"{name:<34} with history {a * (1000 if unit == 'ms' else 1):8.2f} {unit}   without {b * (1000 if unit == 'ms' else 1):8.2f} {unit}"
          f"   ratio {a / b:.2f} (target <= {target})")


def alternate(runs: int, once: Callable[[bool, int], float]) -> tuple[list[float], list[float]]:
    on: list[float] = []
    off: list[float] = []
    for run in range(runs):
        for flag in ((True, False) if run % 2 == 0 else (False, True)):
            with_history(flag)
            (on if flag else off).append(once(flag, run))
    with_history(True)
    return on, off


def bench_saves(folder: Path, saves: int) -> None:
    db = create_database(folder / "saves.sqlite")
    service = OrganisationService(db)
    orgs = [service.create(Organisation(name=f"Gemeinde {i}", city="Alt")) for i in range(50)]

    def once(flag: bool, run: int) -> float:
        times = []
        for i in range(saves // 2):
            org = service.get(orgs[i % len(orgs)].id)
            org.city = f"Ort {run}-{i}-{flag}"
            started = time.perf_counter()
            service.update(org)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    on, off = alternate(4, once)
    db.close()
    ratio_line("save (one record, median)", on, off, 1.2, "ms")


def bench_import(folder: Path, rows: int) -> None:
    table = folder / "orgs.csv"
    lines = ["Name;Land;Stadt;Notizen"] + [f"Gemeinde {i};Deutschland;Stadt {i};Notiz {i}" for i in range(rows)]
    table.write_text("\r\n".join(lines) + "\r\n", "utf-8")

    def once(flag: bool, run: int) -> float:
        db = create_database(folder / f"import-{run}-{flag}.sqlite")
        try:
            preview = preview_file(db, table, "organisations")
            started = time.perf_counter()
            apply_import(db, preview, remember=False)
            return time.perf_counter() - started
        finally:
            db.close()

    on, off = alternate(4, once)
    ratio_line(f"table import of {rows} rows", on, off, 1.5)


def bench_merge(folder: Path, changes: int) -> None:
    import travel_merge_bench as tmb

    prepared = tmb.prepare(folder, 10_000)

    def once(flag: bool, run: int) -> float:
        return tmb.one_run(folder, prepared, changes, run * 2 + int(flag))["merge"]

    on, off = alternate(4, once)
    ratio_line(f"travel merge of {changes} changes", on, off, 1.2)


def bench_reading(folder: Path, entries: int) -> None:
    db = create_database(folder / "history.sqlite")
    target = str(uuid.uuid4())
    start = datetime.now(UTC) - timedelta(days=400)
    step = max(1, entries // 1000)
    batch = 20_000
    with db.write() as session:
        conn = session.connection()
        for first in range(0, entries, batch):
            conn.exec_driver_sql(
                "INSERT INTO record_history (at, actor, batch_id, kind, record_id, operation, label, changes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ((start + timedelta(seconds=i * 30)).replace(tzinfo=None).isoformat(sep=" "), "mmuster",
                     f"{i // 10:036d}", "organisations", target if i % step == 0 else f"{i % 50_000:036d}",
                     "changed", "Gemeinde Bondo" if i % step == 0 else f"Gemeinde {i % 50_000}",
                     '{"city": ["Bondo", "Bondo Town"], "notes": ["alt", "neu"]}')
                    for i in range(first, min(entries, first + batch))
                ],
            )
    db.close()
    from partnerdesk.persistence.database import open_database

    db = open_database(folder / "history.sqlite")
    history = History(db)
    found = history.for_record("organisations", target)
    times = []
    for _ in range(20):
        started = time.perf_counter()
        history.for_record("organisations", target)
        times.append(time.perf_counter() - started)
    print(f"for_record: {len(found)} entries of one record among {entries:,} entries: "
          f"{statistics.median(times) * 1000:.1f} ms (median of 20)")
    # What opening the Verlauf tab does: the window's read (entries and the names they refer
    # to) and filling its table model (every line formatted as the form shows it).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from partnerdesk.ui.history import loading
    from partnerdesk.ui.models.history_model import HistoryTableModel

    app = QApplication.instance() or QApplication([])
    model = HistoryTableModel()
    tab = []
    for _ in range(20):
        started = time.perf_counter()
        loaded = loading.for_record(db, "organisations", target)
        model.set_entries(loaded.entries, loaded.names)
        tab.append(time.perf_counter() - started)
    db.close()
    print(f"Verlauf tab (read + table model): {model.rowCount()} lines: "
          f"{statistics.median(tab) * 1000:.1f} ms (median of 20; target <= 50 ms)")
    del app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["saves", "import", "merge", "reading"], nargs="*", default=None)
    args = parser.parse_args()
    parts = args.only or ["saves", "import", "merge", "reading"]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["PARTNERDESK_DATA_DIR"] = name
        if "saves" in parts:
            bench_saves(folder, args.saves)
        if "import" in parts:
            bench_import(folder, args.rows)
        if "merge" in parts:
            bench_merge(folder, args.changes)
        if "reading" in parts:
            bench_reading(folder, args.entries)


if __name__ == "__main__":
    main()
