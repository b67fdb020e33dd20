"""Faults of the computer: full disk, read-only file or folder, a lock held by another program,
a file that vanishes. The command line says what is wrong in one German line (exit 1), the
database is unchanged, and in the window the edit being made stays in the form.

What is simulated how (the tests run as root here, and root ignores file permissions):
* full disk: ``PRAGMA max_page_count`` on every new connection, so SQLite answers
  SQLITE_FULL exactly as on a full disk; and, at the operating-system level, a child
  process whose file-size limit (RLIMIT_FSIZE) stops writes;
* read-only: ``chattr +i`` on the file or its folder (immutable, which stops root too;
  ``chmod`` when the tests do not run as root);
* locked: another connection holds ``BEGIN EXCLUSIVE`` (busy timeout shortened);
* vanished: the file is moved away or its folder deleted while the database is open.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.pool import Pool

from partnerdesk.cli.main import main
from partnerdesk.domain.errors import DatabaseFileError
from partnerdesk.domain.records import Organisation
from partnerdesk.persistence import engine
from partnerdesk.persistence.database import create_database, open_database
from partnerdesk.services import OrganisationService
from partnerdesk.services.example_data import add_example_data

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def big_archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("archive") / "viele.json"
    orgs = [
        {"id": f"00000000-0000-4000-8000-{i:012d}", "name": f"Organisation {i}", "kind": "ngo", "notes": "n" * 2000}
        for i in range(400)
    ]
    path.write_text(json.dumps({"format": "partnerdesk-archive", "format_version": 1, "records": {"organisations": orgs}}))
    return path


def one_german_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("partnerdesk: ")
    return err


@pytest.fixture
def small_disk():
    """Every new SQLite connection may not grow its file beyond its size now plus 8 pages."""

    def limit(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 8}")

    event.listen(Pool, "connect", limit)
    yield
    event.remove(Pool, "connect", limit)


def test_full_disk_on_the_command_line(office, big_archive, small_disk, capsys, content_of):
    before = content_of(office)
    assert main(["import", str(big_archive), "--db", str(office)]) == 1
    err = one_german_line(capsys.readouterr().err)
    assert "voll" in err and "Platz" in err
    assert content_of(office) == before


def test_file_size_limit_in_a_child_process(office, big_archive, tmp_path, content_of):
    """The operating system refuses the write (EFBIG, the nearest thing to ENOSPC without a tiny disk)."""
    import resource

    before = content_of(office)
    limit = office.stat().st_size + 64 * 1024

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = dict(os.environ, PYTHONPATH=str(SRC), PARTNERDESK_BACKUP_KEEP="0")
    result = subprocess.run(
        [sys.executable, "-m", "partnerdesk", "import", str(big_archive), "--db", str(office)],
        capture_output=True, text=True, env=env, preexec_fn=small_files, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    one_german_line(result.stderr)
    assert "Traceback" not in result.stderr
    assert content_of(office) == before


def _protect(path: Path, on: bool) -> None:
    """Make ``path`` unwritable for this process: ``chattr +i`` as root (root ignores chmod)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i" if on else "-i", str(path)], check=True, capture_output=True)
    elif path.is_dir():
        path.chmod(0o555 if on else 0o755)
    else:
        path.chmod(0o444 if on else 0o644)


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("chattr") is None, reason="as root only chattr can make a file read-only")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_or_folder(office, what, big_archive, capsys, content_of, tmp_path):
    """The folder holds only the (closed) database file; then the file or the folder is made read-only."""
    copy = tmp_path / "before.sqlite"
    shutil.copyfile(office, copy)
    before = content_of(copy)
    target = office if what == "file" else office.parent
    _protect(target, True)
    try:
        code = main(["import", str(big_archive), "--db", str(office)])
    finally:
        _protect(target, False)
    assert code == 1
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if "Warnung" not in line]
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    assert any(word in lines[0] for word in ("schreibgeschützt", "Rechte", "beschreibbar")), lines[0]
    assert content_of(office) == before


def test_locked_by_another_program(office, big_archive, monkeypatch, capsys, content_of):
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    before = content_of(office)
    locker = sqlite3.connect(office, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["import", str(big_archive), "--db", str(office)]) == 1
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    err = one_german_line(capsys.readouterr().err)
    assert "gesperrt" in err
    assert content_of(office) == before


def test_missing_file_on_the_command_line(tmp_path, capsys):
    assert main(["list", "organisations", "--db", str(tmp_path / "weg.sqlite")]) == 1
    assert "weg.sqlite" in one_german_line(capsys.readouterr().err)


@pytest.mark.parametrize("how", ["moved", "folder deleted", "replaced"])
def test_a_file_that_vanishes_while_open_gets_no_writes(tmp_path, how, content_of):
    folder = tmp_path / "stick"
    folder.mkdir()
    path = folder / "office.sqlite"
    db = create_database(path)
    add_example_data(db)
    service = OrganisationService(db)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # so the main file alone holds everything
    before = content_of(path)
    aside = tmp_path / "aside"
    shutil.copytree(folder, aside)  # what the user still has: the file as it was
    if how == "moved":
        path.rename(tmp_path / "elsewhere.sqlite")
    elif how == "folder deleted":
        shutil.rmtree(folder)
    else:
        path.rename(tmp_path / "old.sqlite")
        shutil.copyfile(aside / "office.sqlite", path)  # e.g. a sync program put its copy back
    with pytest.raises(DatabaseFileError, match="nicht mehr da"):
        service.create(Organisation(name="Ins Leere"))
    db.close()
    for candidate in (tmp_path / "elsewhere.sqlite", tmp_path / "old.sqlite", path):
        if candidate.exists():
            assert content_of(candidate) == before


# In the window: the edit stays in the form --------------------------------------------------


def _panel(qtbot, db):
    editing = pytest.importorskip("partnerdesk.ui.editing")
    panel = editing.RecordEditorPanel(db)
    qtbot.addWidget(panel)
    return panel


def _retype(qtbot, widget, text):
    from PySide6.QtCore import Qt

    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    qtbot.keyClicks(widget, text)


pytestmark_window = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytestmark_window
def test_window_full_disk_keeps_the_edit(qtbot, office, small_disk):
    db = open_database(office, automatic_backup=False)
    try:
        org = OrganisationService(db).find("Umweltamt")
        panel = _panel(qtbot, db)
        panel.show_record("organisations", org.id)
        name = panel.form.fields["name"].widget
        _retype(qtbot, name, "Umweltamt " + "x" * 200)
        notes = panel.form.fields["notes"].widget
        notes.setPlainText("lang " * 20000) if hasattr(notes, "setPlainText") else notes.setText("lang " * 20000)
        assert panel.save() is False
        assert "voll" in panel.banner.text() and not panel.banner.isHidden()
        assert name.text().startswith("Umweltamt xxx") and panel.is_dirty()
        assert OrganisationService(db).get(org.id).name == "Umweltamt"
    finally:
        db.close()


@contextmanager
def _renaming_umweltamt(qtbot, office):
    """The window's form with the organisation "Umweltamt" being renamed (typed, not yet saved)."""
    db = open_database(office, automatic_backup=False)
    try:
        org = OrganisationService(db).find("Umweltamt")
        panel = _panel(qtbot, db)
        panel.show_record("organisations", org.id)
        name = panel.form.fields["name"].widget
        _retype(qtbot, name, "Umwelt- und Klimaamt")
        yield panel, name
        assert panel.save() is True
        assert OrganisationService(db).get(org.id).name == "Umwelt- und Klimaamt"
    finally:
        db.close()


@pytestmark_window
def test_window_vanished_file_keeps_the_edit_and_saves_when_it_is_back(qtbot, office, tmp_path):
    with _renaming_umweltamt(qtbot, office) as (panel, name):
        office.rename(tmp_path / "weg.sqlite")
        assert panel.save() is False
        assert "nicht mehr da" in panel.banner.text()
        assert name.text() == "Umwelt- und Klimaamt" and panel.is_dirty()
        (tmp_path / "weg.sqlite").rename(office)


@pytestmark_window
@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("chattr") is None, reason="an open file is made read-only with chattr +i, which needs root")
def test_window_read_only_file_keeps_the_edit_and_saves_once_writable(qtbot, office, content_of):
    """The file turns read-only while the window has it open (a share remounted, a scanner's lock)."""
    with _renaming_umweltamt(qtbot, office) as (panel, name):
        before = content_of(office)
        _protect(office, True)
        try:
            assert panel.save() is False
            assert "schreibgeschützt" in panel.banner.text() and not panel.banner.isHidden()
            assert name.text() == "Umwelt- und Klimaamt" and panel.is_dirty()
        finally:
            _protect(office, False)
        assert content_of(office) == before
