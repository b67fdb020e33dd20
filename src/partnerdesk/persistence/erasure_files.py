"""The files side of erasing a person: the database file itself, its backups and merge reports.

* ``settle``: after the erasure's commit, the write-ahead log is copied into the file and
  emptied (``wal_checkpoint(TRUNCATE)``), and the text indexes merged into one segment each
  (FTS5 ``optimize``), so the old pages with the person's values are neither left in the log
  nor in superseded index segments. ``secure_delete`` (every connection, ``engine``) has
  zeroed the freed pages.
* ``file_holds``: whether a file's bytes contain any of the given texts (the person's id, name,
  e-mail) - what "a backup still contains the person" means, free pages included.
* ``purge_backup``: rewrite a SQLite backup without the person (any schema version: plain SQL
  over the tables it has), then ``VACUUM`` it into a fresh file, check it and replace the old one;
  ``purge_text_file``: the same for a merge report (the texts replaced).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from partnerdesk.domain.errors import DatabaseFileError
from partnerdesk.i18n import _
from partnerdesk.persistence.backup import fsync_new_file, sync_folder
from partnerdesk.persistence.database import Database

#: How much of a file is read at once when looking for the person's bytes.
_CHUNK = 1 << 20


def settle(db: Database) -> None:
    """Leave nothing of erased values beside the file (see the module's text); a no-op on a server."""
    if db.remote:
        return
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            for (name,) in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
            ).fetchall():
                cursor.execute(f'INSERT INTO "{name}" ("{name}") VALUES (\'optimize\')')
            raw.commit()
            if not db.single_user:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            cursor.close()


def file_holds(path: Path, needles: Iterable[str]) -> bool:
    """Whether the bytes of ``path`` contain any of ``needles`` (UTF-8), overlapping chunks included."""
    wanted = [n.encode("utf-8") for n in needles if n]
    if not wanted:
        return False
    overlap = max(len(w) for w in wanted)
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            window = tail + chunk
            if any(w in window for w in wanted):
                return True
            tail = window[-overlap:]
    return False


def is_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def purge_backup(path: Path, contact_id: str, replacements: Sequence[tuple[str, str]]) -> None:
    """Rewrite the SQLite backup ``path`` without the contact ``contact_id``: its row and what hangs
    on it go (the backup's own foreign keys decide, as in the database), participant lines linked
    to it are removed, and every text in any table that holds one of ``replacements``' first
    parts gets the second instead (the history, notes, stored reports). Whole or not at all: the
    new file is written beside it, checked and renamed over the old one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.purging")
    fresh = path.with_name(f".{path.name}.{os.getpid()}.purged")
    try:
        temporary.unlink(missing_ok=True)
        fresh.unlink(missing_ok=True)
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(temporary)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        conn = sqlite3.connect(temporary, isolation_level=None)
        try:
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("BEGIN")
            tables = _tables(conn)
            if "activity_attendees" in tables and "contact_id" in tables["activity_attendees"]:
                conn.execute("DELETE FROM activity_attendees WHERE contact_id = ?", (contact_id,))
            if "contacts" in tables:
                conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
            if "record_history" in tables and replacements:
                # The contact's own entries keep when and who, not what (as ``history_erasure`` does).
                mark = replacements[0][1]
                if "record_history_personal" in tables:
                    conn.execute(
                        "DELETE FROM record_history_personal WHERE entry_id IN "
                        "(SELECT id FROM record_history WHERE kind = 'contacts' AND record_id = ?)", (contact_id,))
                conn.execute(
                    "UPDATE record_history SET label = ?, changes = '{}' WHERE kind = 'contacts' AND record_id = ?",
                    (mark, contact_id))
            for table, columns in tables.items():
                for column in columns:
                    for old, new in replacements:
                        conn.execute(
                            f'UPDATE "{table}" SET "{column}" = replace("{column}", ?, ?) '
                            f'WHERE typeof("{column}") = \'text\' AND instr("{column}", ?) > 0',
                            (old, new, old),
                        )
            conn.execute("COMMIT")
            conn.execute("VACUUM INTO ?", (str(fresh),))
        finally:
            conn.close()
        check = sqlite3.connect(fresh)
        try:
            result = str(check.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            check.close()
        if result != "ok":
            raise DatabaseFileError(
                _("The backup {name} could not be rewritten ({detail}); it was left as it was.").format(
                    name=path, detail=result))
        fsync_new_file(fresh)
        os.replace(fresh, path)
        sync_folder(path.parent)
    except sqlite3.Error as exc:
        raise DatabaseFileError(
            _("The backup {name} could not be rewritten ({detail}); it was left as it was.").format(
                name=path, detail=exc)) from exc
    finally:
        temporary.unlink(missing_ok=True)
        fresh.unlink(missing_ok=True)


def _tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The ordinary tables of a database and their columns (not the text indexes' own tables:
    their triggers follow the ordinary ones)."""
    names = [
        str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND (sql IS NULL OR sql NOT LIKE 'CREATE VIRTUAL TABLE%')"
        ).fetchall()
    ]
    virtual = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").fetchall()]
    shadow = {n for n in names for v in virtual if n.startswith(f"{v}_")}
    return {
        name: [str(c[1]) for c in conn.execute(f'PRAGMA table_info("{name}")').fetchall()]
        for name in names if name not in shadow
    }


def purge_text_file(path: Path, replacements: Sequence[tuple[str, str]]) -> None:
    """Rewrite a text file (a merge report) with ``replacements`` applied, whole or not at all."""
    text = path.read_text("utf-8", errors="surrogateescape")
    for old, new in replacements:
        text = text.replace(old, new)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.purging")
    try:
        temporary.write_text(text, "utf-8", errors="surrogateescape")
        fsync_new_file(temporary)
        os.replace(temporary, path)
        sync_folder(path.parent)
    finally:
        temporary.unlink(missing_ok=True)
