"""How long a consistent backup of a ~50 MB database takes while another process writes.

Prints the time of ``backup_database`` on an idle database (the baseline) and under
continuous writes (a child commits pairs of rows through the product's write path),
the ratio, and how many commits the writer made during the backup.
Run: ``python bench/backup_under_load_bench.py [--mb 50]``
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "reliability"))  # the writer shared with the backup test

from pair_writer import start_writer  # noqa: E402
from partnerdesk.persistence.backup import backup_database  # noqa: E402
from partnerdesk.persistence.database import create_database  # noqa: E402


def fill(path: Path, megabytes: int) -> None:
    create_database(path).close()
    conn = sqlite3.connect(path)
    rows = megabytes * 1024 * 1024 // 4400  # about 4.4 kB per row with its index entries
    conn.executemany(
        "INSERT INTO organisations (id, name, short_name, kind, country, city, languages, website, notes, "
        "created_at, updated_at, version, is_example, search_text) "
        "VALUES (?, ?, '', 'ngo', 'DE', 'Dortmund', '[]', '', ?, '2026-01-01', '2026-01-01', 1, 0, '')",
        ((str(uuid.uuid4()), f"Organisation {i}", "n" * 2000) for i in range(rows)),
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def count_pairs(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM organisations WHERE name LIKE 'load-%'").fetchone()[0] // 2
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.sqlite"
        fill(path, args.mb)
        size = path.stat().st_size / 1e6
        start = time.perf_counter()
        backup_database(path, Path(tmp) / "idle.sqlite")
        idle = time.perf_counter() - start
        writer = start_writer(path, "load")
        try:
            time.sleep(0.5)
            before = count_pairs(path)
            start = time.perf_counter()
            copy = backup_database(path, Path(tmp) / "busy.sqlite")
            busy = time.perf_counter() - start
            during = count_pairs(path) - before
        finally:
            writer.kill()
            writer.wait()
        print(f"database: {size:.1f} MB")
        print(f"backup, idle: {idle:.2f} s")
        print(f"backup, under continuous writes: {busy:.2f} s (ratio {busy / idle:.2f}); "
              f"the writer committed {during} transactions meanwhile; copy {copy.stat().st_size / 1e6:.1f} MB, integrity ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
