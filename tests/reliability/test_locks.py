"""No plain file I/O on an open database: SQLite's locks must stay where SQLite put them.

On Linux and macOS SQLite's locks are POSIX advisory locks held per process and inode:
closing *any* descriptor of the database file in the process (Python's ``open()`` to read
the header, ``shutil.copy``, hashing) silently drops every lock the process's connections
hold. Another process (``partnerdesk list``) then believes it is the last user, deletes the
write-ahead log that the open connection still writes to, and that connection's
acknowledged saves vanish; with a third writer in between the file is damaged.

The first test replays the sequence from issue 16 for every check the program runs while
a database is open; the second fails if any code path opens such a file with Python's own
file functions again.
"""

from __future__ import annotations

import builtins
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import DatabaseFileError
from partnerdesk.domain.records import Organisation
from partnerdesk.persistence import backup as backup_module
from partnerdesk.persistence.database import (
    Database,
    check_pages,
    create_database,
    migration_pending,
    open_database,
)
from partnerdesk.services import service_for
from partnerdesk.travel import apply as travel_apply
from partnerdesk.travel import travelfile

from .harness import check_whole

PASSPHRASE = "Reise-Passwort-2026"

#: Another PartnerDesk process: reads (like ``list``) or writes, then ends (closing its connection).
OTHER_PROCESS = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
conn.execute("PRAGMA journal_mode=WAL")
if sys.argv[2] == "read":
    print("\n".join(v for (v,) in conn.execute("SELECT value FROM database_info WHERE key LIKE 'lock-%'")))
else:
    conn.execute("INSERT INTO database_info (key, value) VALUES (?, ?)", ("lock-" + sys.argv[3], sys.argv[3]))
conn.close()
"""


def other_process(path: Path, what: str, value: str = "") -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, str(path), what, value],
        capture_output=True, text=True, timeout=60, check=True,
    )
    return set(done.stdout.split())


def seen_elsewhere(path: Path) -> set[str]:
    """The acknowledged marks another process sees."""
    return other_process(path, "read")


class Writer:
    """The open window: writes through the services and remembers what was acknowledged."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.acked: set[str] = set()

    def write(self, mark: str) -> None:
        service_for(self.db, "organisations").create(Organisation(name=mark, kind=OrganisationKind.NGO))
        self.db.set_info(f"lock-{mark}", mark)
        self.acked.add(mark)


def _check_pages(db: Database, tmp: Path) -> None:
    assert check_pages(db.path) is None


def _migration_pending(db: Database, tmp: Path) -> None:
    assert not migration_pending(db.path)


def _open_again(db: Database, tmp: Path) -> None:
    open_database(db.path, automatic_backup=False).close()


def _daily_backup(db: Database, tmp: Path) -> None:
    backup_module.automatic_backup(db.path, keep=3)


def _backup(db: Database, tmp: Path) -> None:
    backup_module.backup_database(db.path, tmp / "copy.sqlite")


def _travel_checkout(db: Database, tmp: Path) -> None:
    travelfile.checkout(db, tmp / f"trip-{len(list(tmp.glob('*.pdtravel')))}.pdtravel", PASSPHRASE)


CHECKS: dict[str, Callable[[Database, Path], None]] = {
    "page check": _check_pages,
    "migration pending": _migration_pending,
    "open again": _open_again,
    "daily backup": _daily_backup,
    "backup": _backup,
    "travel checkout": _travel_checkout,
}


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_checks_on_an_open_database_keep_every_acknowledged_write(tmp_path, check):
    """A connection writes → a check → another process reads → write → a third process writes → …"""
    path = tmp_path / "office.sqlite"
    create_database(path).close()
    db = open_database(path, automatic_backup=False)
    window = Writer(db)
    other_marks: set[str] = set()
    try:
        window.write("w1")
        for round_ in range(3):
            CHECKS[check](db, tmp_path)
            assert seen_elsewhere(path) >= window.acked | other_marks  # another process reads (and ends)
            window.write(f"w{round_}b")
            assert seen_elsewhere(path) >= window.acked | other_marks, "the window's save vanished"
            other_process(path, "write", f"o{round_}")  # a third process writes
            other_marks.add(f"o{round_}")
            window.write(f"w{round_}c")
            assert seen_elsewhere(path) >= window.acked | other_marks
    finally:
        db.close()
    conn = check_whole(path)
    try:
        stored = {v for (v,) in conn.execute("SELECT value FROM database_info WHERE key LIKE 'lock-%'")}
        names = {n for (n,) in conn.execute("SELECT name FROM organisations")}
    finally:
        conn.close()
    assert stored == window.acked | other_marks
    assert window.acked <= names


def test_the_office_database_chosen_as_travel_copy_is_refused_before_sqlcipher_touches_it(tmp_path, capsys):
    """SQLCipher bundles its own SQLite: opening the office file with it while ``sqlite3`` has it
    open would break the locks just like a plain ``open()``."""
    from partnerdesk.cli.main import main

    path = tmp_path / "office.sqlite"
    create_database(path).close()
    for command in ("diff", "merge"):
        assert main(["travel", command, "--db", str(path), str(path)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Büro-Datenbank" in err and str(path) in err, err
    db = open_database(path, automatic_backup=False)
    window = Writer(db)
    try:
        window.write("w1")
        with pytest.raises(DatabaseFileError):
            travelfile.open_travel(path, None)
        assert seen_elsewhere(path) >= window.acked
        window.write("w2")
        assert seen_elsewhere(path) >= window.acked
    finally:
        db.close()
    travelfile.needs_passphrase(path)  # closed again: nothing in the way


# The guard -----------------------------------------------------------------------------------


class PlainOpens:
    """Records every Python-level open of the files it protects (while it is active)."""

    def __init__(self) -> None:
        self.protected: set[Path] = set()
        self.hits: list[str] = []

    def protect(self, path: Path) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            self.protected.add(Path(f"{path.resolve()}{suffix}"))

    def note(self, file: object, how: str) -> None:
        if isinstance(file, int):
            return
        try:
            target = Path(os.fsdecode(file)).resolve()  # type: ignore[arg-type]
        except (TypeError, ValueError, OSError):
            return
        if target in self.protected:
            self.hits.append(f"{how}({target})")


@contextmanager
def no_plain_opens(monkeypatch: pytest.MonkeyPatch) -> Iterator[PlainOpens]:
    watch = PlainOpens()
    real_open, real_io_open, real_os_open = builtins.open, io.open, os.open

    def checked_open(file: object, *args: object, **kwargs: object) -> object:
        watch.note(file, "open")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def checked_os_open(file: object, *args: object, **kwargs: object) -> int:
        watch.note(file, "os.open")
        return real_os_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", checked_open)
    monkeypatch.setattr(io, "open", checked_open)
    monkeypatch.setattr(os, "open", checked_os_open)
    try:
        yield watch
    finally:
        monkeypatch.setattr(builtins, "open", real_open)
        monkeypatch.setattr(io, "open", real_io_open)
        monkeypatch.setattr(os, "open", real_os_open)


def test_the_guard_sees_a_plain_open(tmp_path, monkeypatch):
    """The guard itself can fail: a header read with ``Path.open`` is caught."""
    path = tmp_path / "office.sqlite"
    create_database(path).close()
    with no_plain_opens(monkeypatch) as watch:
        watch.protect(path)
        with path.open("rb") as fh:
            fh.read(16)
    assert watch.hits


def test_nothing_opens_an_open_database_with_plain_file_io(tmp_path, monkeypatch):
    """Every operation the window and the command line run beside an open office file or travel copy."""
    path = tmp_path / "office.sqlite"
    create_database(path).close()
    trip = tmp_path / "trip.pdtravel"
    with no_plain_opens(monkeypatch) as watch:
        db = open_database(path, automatic_backup=False)
        watch.protect(path)
        try:
            Writer(db).write("w1")
            for run in CHECKS.values():
                run(db, tmp_path)
            travelfile.checkout(db, trip, PASSPHRASE)
            travel = travelfile.open_travel(trip, PASSPHRASE)
            watch.protect(trip)
            try:
                service_for(travel, "organisations").create(Organisation(name="Reise", kind=OrganisationKind.NGO))
                assert travelfile.needs_passphrase(trip)  # the window asks again when the file is chosen again
                travelfile.open_travel(trip, PASSPHRASE).close()
                travel_apply.diff(db, travel)
                travel_apply.merge(db, travel, prefer="travel")
            finally:
                travel.close()
            Writer(db).write("w2")
        finally:
            db.close()
    assert watch.hits == []


# The same rule, read from the source ----------------------------------------------------------

#: Plain file I/O allowed in the database code, each with why it never touches a database file
#: that a connection of this process may have open. A new entry needs the same proof.
ALLOWED_PLAIN_IO = {
    ("persistence/backup.py", "fd = os.open(path, os.O_RDWR)"): "fsync of a backup just written and closed",
    ("persistence/backup.py", "fd = os.open(folder, os.O_RDONLY)"): "a folder, to sync a rename",
    ("persistence/backup.py", 'with temporary.open("w", encoding="utf-8") as fh:'): "settings.ini",
    ("persistence/restore.py", "shutil.copy2(target, keep)"): "restore: nothing has the file open yet",
    ("persistence/restore.py", "shutil.copy2(side, keep.with_name(keep.name + extra))"): "the same, its WAL",
    ("persistence/migrate.py", 'for node in ast.parse(path.read_text(encoding="utf-8")).body:'): "migration scripts",
    ("persistence/leftovers.py", 'fh = entry.open("x", encoding="utf-8")'): "the reminder of a temporary file",
    ("persistence/leftovers.py", 'with entry.open("r", encoding="utf-8") as fh:'): "the same",
    ("travel/report.py", 'partial.write_text(text, encoding="utf-8")'): "a merge report",
    ("persistence/erasure_files.py", 'text = path.read_text("utf-8", errors="surrogateescape")'):
        "a merge report (text) rewritten without an erased person",
    ("persistence/erasure_files.py", 'temporary.write_text(text, "utf-8", errors="surrogateescape")'): "the same",
    ("persistence/erasure_files.py", 'with path.open("rb") as fh:'):
        "reading a closed backup's bytes: does it still hold an erased person (and its SQLite header)",
    ("cli/passphrases.py", 'text = passphrase_file.read_text(encoding="utf-8")'): "the passphrase file",
}
PLAIN_IO = re.compile(
    r"(?<![\w.])open\(|\.open\(|os\.open\(|read_bytes\(|write_bytes\(|read_text\(|write_text\(|"
    r"shutil\.copy|hashlib|file_digest|mmap"
)


def test_no_new_plain_file_io_in_the_database_code():
    """Python's own file functions in persistence/, travel/, the one door that opens databases
    (services/workspace.py) and the safety, travel and passphrase commands are
    listed above with a reason; anything new must go through SQLite or be added with its proof."""
    package = Path(__file__).resolve().parents[2] / "src" / "partnerdesk"
    files = [*sorted((package / "persistence").rglob("*.py")), *sorted((package / "travel").rglob("*.py")),
             package / "services" / "workspace.py", package / "services" / "server_login.py",
             package / "cli" / "safety_commands.py", package / "cli" / "travel_commands.py",
             package / "cli" / "passphrases.py"]
    found = set()
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("#", 1)[0].strip()
            if code and PLAIN_IO.search(code) and not code.startswith(('"', "'")) and "``" not in code:
                found.add((path.relative_to(package).as_posix(), code))
    assert found - set(ALLOWED_PLAIN_IO) == set(), "plain file I/O beside SQLite (see this test's docstring)"
    assert set(ALLOWED_PLAIN_IO) - found == set(), "an allowed entry is gone: remove it from the list"
