"""The real program start (``python -m partnerdesk``): the window first, the rest right after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from partnerdesk.ui.smoke_hook import MARKER

SRC = Path(__file__).resolve().parents[3] / "src"


def _python(args: list[str], data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PARTNERDESK_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120)


def test_window_shows_first_and_installs_the_other_areas_parts_right_after(tmp_path, example_db, monkeypatch):
    data = tmp_path / "data"
    example_db.close()
    monkeypatch.setenv("PARTNERDESK_SMOKE_QUIT_MS", "0")  # show, report, close (smoke_hook.py)
    result = _python(["-m", "partnerdesk", "--db", str(example_db.path)], data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(MARKER)
    log = "".join(p.read_text("utf-8") for p in (data / "logs").glob("*.log"))
    assert "window extensions installed in" in log
    # The daily backup still runs at the first start of the day (after the first paint).
    assert list((example_db.path.parent / "backups").glob("*-auto.sqlite"))


def test_pyside_does_not_read_the_sources_of_modules_loaded_before_it(tmp_path):
    result = _python(
        ["-c",
         "import linecache, sys\n"
         "import sqlalchemy.sql.schema\n"
         "from partnerdesk.ui import app\n"
         "import PySide6.QtWidgets\n"
         "app._spare_the_source_scan()\n"
         "from sqlalchemy.sql.schema import Table\n"
         "print(any(name.endswith('schema.py') for name in linecache.cache))\n"],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"]
