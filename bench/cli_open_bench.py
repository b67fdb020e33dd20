"""What opening a big database costs a command of ``partnerdesk``, warm and from disk.

    python bench/cli_open_bench.py --db BIG.sqlite [--runs 5] [--src SRC] [--cold]

Runs the real program (``python -m partnerdesk``) from ``--src`` (default: this tree's ``src``)
for a few commands on ``--db`` and prints the median wall time of each. ``--cold`` first drops
the file from the operating system's page cache (``posix_fadvise(DONTNEED)``, Linux), as after a
restart of the machine. Daily automatic backups are switched off (``PARTNERDESK_BACKUP_KEEP=0``)
so that each run measures the command, not the first-of-the-day copy. ``window_bench.py``
generates and caches a 542 MB database (100,000 projects, 500,000 activities).

Compare two trees by running it once with ``--src`` pointing at an older checkout's ``src``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def evict(path: Path) -> None:
    """Drop ``path`` (and its WAL) from the page cache, so the next read comes from disk."""
    for name in (path, Path(f"{path}-wal")):
        if name.exists():
            fd = os.open(name, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def first_partnership(src: Path, db: Path, env: dict[str, str]) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "partnerdesk", "list", "partnerships", "--db", str(db), "--format", "csv"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    return out.splitlines()[1].split(",")[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="read the file from disk on every run (Linux)")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=str(args.src.resolve()), PARTNERDESK_BACKUP_KEEP="0")
    out = args.db.with_name("cli-open-bench.pdf")
    commands = {
        "list partnerships": ["list", "partnerships", "--format", "csv"],
        "mou": ["mou", first_partnership(args.src, args.db, env), "--out", str(out)],
        "check": ["check"],
    }
    print(f"{args.db.name}: {args.db.stat().st_size / 1e6:.0f} MB, {'cold' if args.cold else 'warm'}, src {args.src}")
    for label, command in commands.items():
        times = []
        for _ in range(args.runs):
            if args.cold:
                evict(args.db)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "partnerdesk", *command, "--db", str(args.db)],
                           env=env, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
        print(f"  {label:<20} median {statistics.median(times):.2f} s  (min {min(times):.2f}, max {max(times):.2f})")
    out.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
