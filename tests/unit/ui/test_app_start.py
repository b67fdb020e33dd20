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


def test_modules_imported_after_pyside_are_classified_as_before_without_keeping_their_source(tmp_path):
    (tmp_path / "plain_mod.py").write_text("import json\n", "utf-8")
    (tmp_path / "qt_mod.py").write_text("from PySide6.QtCore import QObject\nimport json\n", "utf-8")
    script = (
        "import linecache, sys\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "from partnerdesk.ui import app\n"
        "import PySide6.QtWidgets\n"
        "app._spare_the_source_scan()\n"
        "import plain_mod, qt_mod\n"
        "known = sys.modules['shibokensupport.feature'].pyside_feature_dict\n"
        "print(known.get('plain_mod'), known.get('qt_mod'), any(n.endswith('_mod.py') for n in linecache.cache))\n"
    )
    result = _python(["-c", script], tmp_path)
    assert result.returncode == 0, result.stderr
    # PySide6's own answers (-1: ignore, 0: uses PySide6), and no source left in linecache.
    assert result.stdout.split() == ["-1", "0", "False"]


def test_an_older_file_is_updated_behind_a_progress_dialog(tmp_path, monkeypatch):
    import shutil
    import sqlite3

    from partnerdesk.persistence.database import migration_pending
    from partnerdesk.persistence.migrate import head_revision

    old = tmp_path / "office.sqlite"
    shutil.copyfile(Path(__file__).resolve().parents[2] / "data" / "schemas" / "0002.sqlite", old)
    assert migration_pending(old)
    data = tmp_path / "data"
    monkeypatch.setenv("PARTNERDESK_SMOKE_QUIT_MS", "0")
    result = _python(["-m", "partnerdesk", "--db", str(old)], data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(MARKER)
    log = "".join(p.read_text("utf-8") for p in (data / "logs").glob("*.log"))
    assert "behind a progress dialog" in log
    assert not migration_pending(old)
    conn = sqlite3.connect(old)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    finally:
        conn.close()
    # A current file opens without the dialog (the window's start stays as fast as it was).
    result = _python(["-m", "partnerdesk", "--db", str(old)], data)
    assert result.returncode == 0, result.stderr
    log = "".join(p.read_text("utf-8") for p in (data / "logs").glob("*.log"))
    assert log.count("behind a progress dialog") == 1


def test_migration_pending_is_false_for_files_that_opening_will_refuse(tmp_path):
    from partnerdesk.persistence.database import migration_pending

    junk = tmp_path / "notes.sqlite"
    junk.write_text("not a database", "utf-8")
    assert not migration_pending(junk)
    assert not migration_pending(tmp_path / "missing.sqlite")


def test_a_running_qcoreapplication_is_refused_with_a_clear_message(tmp_path, example_db):
    # QApplication.instance() is any QCoreApplication: taking it for the window's application
    # failed later with "no attribute 'setWindowIcon'" (mypy found it).
    example_db.close()
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "core = QCoreApplication([])\n"
        "from partnerdesk.ui import app\n"
        f"app.run(Path({str(example_db.path)!r}))\n"
    )
    result = _python(["-c", script], tmp_path / "data")
    assert result.returncode != 0
    assert "RuntimeError: PartnerDesk's window needs a QApplication, but a QCoreApplication is already running" in result.stderr
    assert "AttributeError" not in result.stderr
