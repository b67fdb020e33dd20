"""A travel copy written encrypted from its first byte: no plaintext snapshot on any disk.

The office database is read through Python's ``sqlite3`` (the library its open connections
use; two SQLite libraries on one file in one process break each other's POSIX locks), in
one read transaction, so the copy is one consistent state even while others write. Rows
go straight into a new file opened through SQLCipher: the same schema (tables, the full
text index's tables, indexes, triggers), the same rows with the same rowids (the text
index refers to them), ``application_id`` and ``user_version``. While it is filled the
new file has no journal (it is a temporary file that is deleted if anything fails), and
SQLCipher keeps temporary data in memory, so nothing readable is ever written.

Errors say which side failed: reading the office database (its name, SQLite's reason) or
writing the copy (the target's name: full disk, no permission, an input/output error).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from partnerdesk.domain.errors import DatabaseFileError
from partnerdesk.persistence import encrypted
from partnerdesk.persistence.engine import BUSY_TIMEOUT_MS, ONE_PASS_CACHE_KIB
from partnerdesk.persistence.errors import target_write_problem, translate


class SourceReadError(Exception):
    """Reading the office database failed (wraps the driver's error)."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def copy_to_new_file(
    source: Path, target: Path, cipher: encrypted.Cipher, *, application_id: int, name: Path | None = None
) -> None:
    """Write the whole database ``source`` into the new file ``target`` through SQLCipher.

    Raises a ``DatabaseFileError`` naming ``source`` if reading fails, ``name`` (the file the
    user asked for; default ``target``) if writing does.
    """
    module = encrypted.dbapi()
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                              isolation_level=None)
    except sqlite3.Error as exc:
        raise translate(exc, source) or DatabaseFileError(str(exc)) from exc
    try:
        dst = encrypted.connect(target, cipher)
        try:
            dst.isolation_level = None
            _fill(src, dst, application_id)
        finally:
            dst.close()
    except SourceReadError as exc:
        cause = exc.__cause__
        assert isinstance(cause, sqlite3.Error)
        raise translate(cause, source) or DatabaseFileError(str(cause)) from cause
    except sqlite3.Error as exc:  # a row of the source that could not be read (streamed into the copy)
        raise translate(exc, source) or DatabaseFileError(str(exc)) from exc
    except module.Error as exc:
        raise target_write_problem(exc, name or target) from exc
    finally:
        src.close()


def _read(src: sqlite3.Connection, sql: str, *args: Any) -> list[Any]:
    try:
        return src.execute(sql, args).fetchall()
    except sqlite3.Error as exc:
        raise SourceReadError(str(exc)) from exc


def _fill(src: sqlite3.Connection, dst: Any, application_id: int) -> None:
    dst.execute("PRAGMA temp_store=MEMORY")  # sorting for indexes never goes to a (plaintext) temp file
    dst.execute("PRAGMA journal_mode=OFF")  # a new file under a temporary name: deleted if this fails
    dst.execute("PRAGMA synchronous=OFF")  # one fsync at the end (by the caller)
    try:
        src.execute(f"PRAGMA cache_size=-{ONE_PASS_CACHE_KIB}")
        src.execute("BEGIN")  # one read transaction: one consistent state of the office database
    except sqlite3.Error as exc:
        raise SourceReadError(str(exc)) from exc
    try:
        kinds = {name: kind for _schema, name, kind, *_rest in _read(src, "PRAGMA main.table_list")}
        schema = _read(src, "SELECT type, name, tbl_name, sql FROM main.sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
        user_version = _read(src, "PRAGMA user_version")[0][0]
        dst.execute("BEGIN")
        tables = [(name, sql) for type_, name, _tbl, sql in schema
                  if type_ == "table" and kinds.get(name) == "table" and not name.startswith("sqlite_")]
        for _name, sql in tables:
            dst.execute(sql)
        for type_, name, _tbl, sql in schema:
            if type_ == "table" and kinds.get(name) == "virtual":
                dst.execute(sql)  # creates its own shadow tables, filled below from the source's
        for name in [n for n, kind in kinds.items() if kind == "shadow"]:
            dst.execute(f"DELETE FROM {_quote(name)}")
        for name in [n for n, _sql in tables] + [n for n, kind in kinds.items() if kind == "shadow"]:
            _copy_rows(src, dst, name)
        if "sqlite_sequence" in kinds:
            rows = _read(src, "SELECT name, seq FROM main.sqlite_sequence")
            dst.execute("DELETE FROM sqlite_sequence")
            dst.executemany("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", rows)
        for type_, _name, _tbl, sql in schema:
            if type_ in ("index", "trigger", "view"):
                dst.execute(sql)
        dst.execute(f"PRAGMA application_id={int(application_id)}")
        dst.execute(f"PRAGMA user_version={int(user_version)}")
        dst.execute("COMMIT")
    finally:
        try:
            src.execute("ROLLBACK")
        except sqlite3.Error:
            pass
    dst.execute("PRAGMA synchronous=FULL")
    dst.execute("PRAGMA journal_mode=WAL")


def _copy_rows(src: sqlite3.Connection, dst: Any, table: str) -> None:
    columns = [row[1] for row in _read(src, f"PRAGMA main.table_xinfo({_quote(table)})") if row[6] in (0, 1)]
    names = [_quote(c) for c in columns]
    try:
        src.execute(f"SELECT _rowid_ FROM main.{_quote(table)} LIMIT 0")
        has_rowid = True
    except sqlite3.OperationalError:  # WITHOUT ROWID
        has_rowid = False
    if has_rowid:  # keep rowids: the full-text index refers to its table's rows by rowid
        names = ["_rowid_", *names]
    select = f"SELECT {', '.join(names)} FROM main.{_quote(table)}"
    insert = f"INSERT INTO {_quote(table)} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    try:
        cursor = src.execute(select)
    except sqlite3.Error as exc:
        raise SourceReadError(str(exc)) from exc
    dst.executemany(insert, cursor)  # streamed: the rows never gather in Python


def new_empty_file(target: Path, cipher: encrypted.Cipher, *, application_id: int, name: Path | None = None) -> None:
    """A new file ``target`` (through SQLCipher) holding the current schema and no records.

    For travel copies filled row by row (from an office database on a server, or a chosen part
    of one): an empty database is made in a private temporary folder (it holds no data at all,
    so nothing readable reaches the disk) and copied as ``copy_to_new_file`` copies an office file.
    """
    import tempfile

    from partnerdesk.persistence.database import create_database

    with tempfile.TemporaryDirectory(prefix="partnerdesk-schema-") as folder:
        empty = Path(folder) / "schema.sqlite"
        create_database(empty, single_user=True, allow_unsafe_location=True).close()
        copy_to_new_file(empty, target, cipher, application_id=application_id, name=name)
