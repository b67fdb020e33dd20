"""The travel file (``.pdtravel``): a complete PartnerDesk database plus what a merge needs.

Besides the normal tables it holds two of its own (not part of the office schema, so
no migration creates them):

- ``travel_meta`` (key/value): format version, check-out id, the office database's
  identity, who checked out and when, schema revision and key-derivation version;
- ``travel_base``: every record as it was at check-out (``kind``, ``id``, row
  ``version`` and ``updated_at`` as stored, and the record as JSON), the *base* of the
  three-way merge. Version and timestamp only serve to find changed records quickly.

Opened through SQLCipher (see ``persistence.encrypted``), encrypted unless the user
explicitly chose otherwise, with the same connection settings as every database.
"""

from __future__ import annotations

import getpass
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select, text

from partnerdesk import __version__
from partnerdesk.domain.errors import DatabaseFileError, NewerDatabaseError, UserError
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER
from partnerdesk.domain.serialization import record_to_dict
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence import change_log, encrypted, encrypted_copy, leftovers
from partnerdesk.persistence.backup import fsync_new_file, sync_folder
from partnerdesk.persistence.database import Database, open_database, schema_revision
from partnerdesk.persistence.engine import APPLICATION_ID
from partnerdesk.persistence.errors import target_write_problem
from partnerdesk.services import mapping
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.travel import history_carry

SUFFIX = ".pdtravel"
FORMAT_VERSION = 1
MIN_PASSPHRASE = 8
BATCH = 500

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TravelInfo:
    checkout_id: str
    office_id: str
    office_name: str
    checked_out_by: str
    checked_out_at: str
    encrypted: bool
    format_version: int
    #: The office's change-journal position at check-out (``None``: compare stamps instead).
    change_seq: int | None = None


def is_travel_path(path: Path) -> bool:
    return path.suffix.lower() == SUFFIX


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            ngettext("The passphrase must have at least {count} character.",
                     "The passphrase must have at least {count} characters.", MIN_PASSPHRASE).format(count=MIN_PASSPHRASE)
        )


# Check-out ---------------------------------------------------------------------------------


def checkout(office: Database, out: Path, passphrase: str | None, *, progress: Progress | None = None) -> TravelInfo:
    """Write the travel copy ``out`` of ``office``; ``passphrase=None`` means unencrypted.

    The office database is only read (one consistent snapshot). ``out`` appears whole
    or not at all.
    """
    if out.exists():
        raise DatabaseFileError(_("{name} exists already; choose another name.").format(name=out))
    if passphrase is not None:
        check_passphrase(passphrase)
    if office.cipher is not None:
        raise UserError(_("A travel copy cannot be made from a travel copy; use the office database."))
    out.parent.mkdir(parents=True, exist_ok=True)
    info = TravelInfo(
        checkout_id=str(uuid.uuid4()),
        office_id=office.identity,
        office_name=office.path.name,
        checked_out_by=_user_name(),
        checked_out_at=datetime.now(UTC).isoformat(timespec="seconds"),
        encrypted=passphrase is not None,
        format_version=FORMAT_VERSION,
    )
    # Written encrypted from the first byte, under a temporary name beside ``out`` that is
    # remembered until the end (a crash leaves nothing the next start does not remove).
    cipher = encrypted.new_cipher(passphrase)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    with leftovers.pending(partial):
        leftovers.remove_with_sides(partial)
        encrypted_copy.copy_to_new_file(office.path, partial, cipher, application_id=APPLICATION_ID, name=out)
        try:
            _add_travel_tables(partial, cipher, info, progress)
            encrypted.check_new_file(partial, cipher, name=out)
            fsync_new_file(partial)
            os.replace(partial, out)
            sync_folder(out.parent)
        except OSError as exc:
            raise target_write_problem(exc, out) from exc
        except DatabaseFileError as exc:
            # Only the new file was written here: its failure is the target drive's, never damage.
            if exc.__cause__ is not None:
                raise target_write_problem(exc.__cause__, out) from exc
            raise DatabaseFileError(
                _("The travel copy {name} could not be written ({reason}). Check the drive and try again.").format(
                    name=out, reason=exc.message
                )
            ) from exc
    return info


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name in the environment (services, containers)
        return "?"


def _add_travel_tables(snapshot: Path, cipher: encrypted.Cipher, info: TravelInfo, progress: Progress | None) -> None:
    db = Database(snapshot, cipher=cipher)
    try:
        revision = schema_revision(db)
        with db.write() as session:
            conn = session.connection()
            change_seq = change_log.last_seq(conn) if change_log.is_complete(conn) else None
            conn.exec_driver_sql("CREATE TABLE travel_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.exec_driver_sql(
                "CREATE TABLE travel_base (kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER, "
                "updated_at TEXT, data TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID"
            )
            meta = {
                "format_version": str(FORMAT_VERSION),
                "checkout_id": info.checkout_id,
                "office_id": info.office_id,
                "office_name": info.office_name,
                "checked_out_by": info.checked_out_by,
                "checked_out_at": info.checked_out_at,
                "encrypted": "1" if info.encrypted else "0",
                "kdf": encrypted.KDF_VERSION if info.encrypted else "none",
                "schema_revision": revision or "",
                "app_version": __version__,
            }
            if change_seq is not None:
                meta["change_seq"] = str(change_seq)
            history_seq = history_carry.checkout_position(conn)
            if history_seq is not None:
                meta[history_carry.META_KEY] = str(history_seq)
            conn.execute(
                text("INSERT INTO travel_meta (key, value) VALUES (:k, :v)"),
                [{"k": k, "v": v} for k, v in meta.items()],
            )
            db.set_info("database_id", info.checkout_id, session)
            db.set_info("travel_copy_of", info.office_id, session)
            total = sum(
                conn.exec_driver_sql(f"SELECT count(*) FROM {ROW_TYPES[k].__tablename__}").scalar() or 0
                for k in KINDS_IN_DEPENDENCY_ORDER
            )
            done = 0
            for kind in KINDS_IN_DEPENDENCY_ORDER:
                row_type = ROW_TYPES[kind]
                stamps = dict(
                    (i, (v, u))
                    for i, v, u in conn.exec_driver_sql(f"SELECT id, version, updated_at FROM {row_type.__tablename__}")
                )
                ids = sorted(stamps)
                for start in range(0, len(ids), BATCH):
                    rows = session.scalars(select(row_type).where(row_type.id.in_(ids[start : start + BATCH])))
                    batch = []
                    for row in rows:
                        version, updated = stamps[row.id]
                        data = json.dumps(record_to_dict(mapping.FROM_ROW[kind](row)), ensure_ascii=False)
                        batch.append({"k": kind, "i": row.id, "v": version, "u": updated, "d": data})
                    done += _write_base(conn, batch)
                    session.expunge_all()  # keep memory flat on large databases
                    if progress:
                        progress(done, total)
    finally:
        db.close()


def _write_base(conn: Any, batch: list[dict[str, Any]]) -> int:
    conn.execute(
        text("INSERT INTO travel_base (kind, id, version, updated_at, data) VALUES (:k, :i, :v, :u, :d)"), batch
    )
    count = len(batch)
    batch.clear()
    return count


# Opening -----------------------------------------------------------------------------------


def open_travel(path: Path, passphrase: str | None) -> Database:
    """Open a travel copy as a normal ``Database`` (``passphrase`` ignored if unencrypted)."""
    cipher = encrypted.cipher_for_file(path, passphrase)
    db = open_database(path, cipher=cipher)
    try:
        read_info(db)
    except BaseException:
        db.close()
        raise
    return db


def needs_passphrase(path: Path) -> bool:
    return encrypted.is_encrypted_file(path)


def read_info(db: Database) -> TravelInfo:
    """The travel metadata of ``db``; raises if ``db`` is no (usable) travel copy."""
    with db.read() as session:
        conn = session.connection()
        if not inspect(conn).has_table("travel_meta"):
            raise DatabaseFileError(_("{name} is no travel copy (Reisekopie).").format(name=db.path))
        meta: dict[str, str] = dict(conn.exec_driver_sql("SELECT key, value FROM travel_meta").all())
    try:
        version = int(meta.get("format_version", "0"))
    except ValueError:
        version = 0
    if version > FORMAT_VERSION:
        raise NewerDatabaseError(
            _(
                "{name} was written by a newer PartnerDesk (travel format {version}). Install the "
                "newer PartnerDesk to merge it; nothing was changed."
            ).format(name=db.path, version=version)
        )
    required = ("checkout_id", "office_id", "checked_out_at")
    if version < 1 or any(not meta.get(k) for k in required):
        raise DatabaseFileError(_("{name} is an incomplete travel copy.").format(name=db.path))
    return TravelInfo(
        checkout_id=meta["checkout_id"],
        office_id=meta["office_id"],
        office_name=meta.get("office_name", ""),
        checked_out_by=meta.get("checked_out_by", ""),
        checked_out_at=meta["checked_out_at"],
        encrypted=meta.get("encrypted") == "1",
        format_version=version,
        change_seq=int(meta["change_seq"]) if meta.get("change_seq", "").isdigit() else None,
    )


def travel_info_or_none(db: Database) -> TravelInfo | None:
    """For the window's title: the travel metadata, or ``None`` for an ordinary database."""
    if db.cipher is None:
        return None
    try:
        return read_info(db)
    except DatabaseFileError:
        return None
