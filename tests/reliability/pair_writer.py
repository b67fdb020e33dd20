"""A process that commits PAIRS of organisations forever, through the product's write path.

``python pair_writer.py DB [PREFIX]`` (with ``src`` on ``PYTHONPATH``) opens ``DB`` with
``open_database`` and commits "PREFIX-N-a" and "PREFIX-N-b" in one ``Database.write``
transaction each, printing "writing" after the first commit. A copy that holds one half
of a pair holds half a transaction. Shared by ``test_backup_under_load.py`` and
``bench/backup_under_load_bench.py`` (``start_writer``); it imports nothing from the tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def start_writer(path: Path, prefix: str = "pair") -> subprocess.Popen:
    """Start the writer on ``path``; returns once its first pair is committed. Kill it when done."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), str(path), prefix], stdout=subprocess.PIPE, text=True, env=env
    )
    if proc.stdout.readline().strip() != "writing":
        proc.kill()
        proc.wait()
        raise RuntimeError(f"the pair writer on {path} did not start (exit {proc.returncode})")
    return proc


def main(argv: list[str]) -> None:
    from partnerdesk.persistence.database import open_database
    from partnerdesk.persistence.tables import OrganisationRow

    path, prefix = Path(argv[0]), (argv[1] if len(argv) > 1 else "pair")
    db = open_database(path, automatic_backup=False)
    n = 0
    while True:
        with db.write() as session:
            for half in "ab":
                session.add(OrganisationRow(id=str(uuid.uuid4()), name=f"{prefix}-{n}-{half}", kind="ngo", notes="x" * 800))
        n += 1
        if n == 1:
            print("writing", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
