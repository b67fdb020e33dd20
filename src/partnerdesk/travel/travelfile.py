"""The travel file (``.pdtravel``): a PartnerDesk database (whole, or a part) plus what a merge needs.

Made from an office file (copied page by page) or from an office database on a server, or as
a part of either (filled row by row, ``copy_rows``/``subset``). Besides the normal tables it
holds its own (not part of the office schema, so no migration creates them):

- ``travel_meta`` (key/value): format version, check-out id, the office database's
  identity, who checked out and when, schema revision and key-derivation version, the
  journal positions, whether it holds personal data, whether it may be merged (not a
  reader's copy) and which partnerships a partial copy holds;
- ``travel_base``: every record as it was at check-out (``kind``, ``id``, row
  ``version`` and ``updated_at`` as stored, and the record as JSON), the *base* of the
  three-way merge. Version and timestamp only serve to find changed records quickly;
- ``travel_outside``: the ids of the office's records a partial copy left out.

Opened through SQLCipher (see ``persistence.encrypted``), encrypted unless the user
explicitly chose otherwise, with the same connection settings as every database.
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from partnerdesk import __version__
from partnerdesk.domain.errors import DatabaseFileError, NewerDatabaseError, PartnerDeskError, UserError
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
from partnerdesk.travel import attachments_merge, history_carry
from partnerdesk.travel.plan import OFFICE_HISTORY_KEY

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
    #: The copy's own journal position at check-out (``None``: the copy's changes are found by
    #: comparing stamps with its base).
    travel_seq: int | None = None
    #: Whether the copy holds contacts' personal data (its maker had the personal-data role).
    personal_data: bool = True
    #: False for a copy made with read permission only: it cannot be merged back.
    writable: bool = True
    #: The partnerships of a partial copy (empty: the whole database).
    subset: tuple[str, ...] = ()
    #: A random key of this copy only: the office keeps what it merged of contacts' personal data
    #: as fingerprints under it (``rebase``), never the values ("" for copies made before).
    merge_key: str = ""


def is_travel_path(path: Path) -> bool:
    return path.suffix.lower() == SUFFIX


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            ngettext("The passphrase must have at least {count} character.",
                     "The passphrase must have at least {count} characters.", MIN_PASSPHRASE).format(count=MIN_PASSPHRASE)
        )


# Check-out ---------------------------------------------------------------------------------


def office_label(office: Database) -> str:
    """How messages and reports name the office database: the file's name, or the server's address."""
    if office.remote:
        return str(getattr(office, "name", "?"))
    return office.path.name


def checkout(
    office: Database,
    out: Path,
    passphrase: str | None,
    *,
    partnerships: list[str] | None = None,
    progress: Progress | None = None,
) -> TravelInfo:
    """Write the travel copy ``out`` of ``office``; ``passphrase=None`` means unencrypted.

    ``office`` is a database file or an office database on a server; ``partnerships`` (titles
    or ids) makes a partial copy (``subset``). The office database is only read (one
    consistent snapshot). ``out`` appears whole or not at all. Personal data goes into the
    copy only if the user may see it; a reader's copy is marked as one that cannot be merged.
    """
    if out.exists():
        raise DatabaseFileError(_("{name} exists already; choose another name.").format(name=out))
    if passphrase is not None:
        check_passphrase(passphrase)
    if office.cipher is not None:
        raise UserError(_("A travel copy cannot be made from a travel copy; use the office database."))
    if partnerships:
        from partnerdesk.travel.subset import find_partnerships

        with office.read() as session:  # an unknown name is refused before anything is written
            find_partnerships(session, partnerships)
    out.parent.mkdir(parents=True, exist_ok=True)
    info = TravelInfo(
        checkout_id=str(uuid.uuid4()),
        office_id=office.identity,
        office_name=office_label(office),
        checked_out_by=_checkout_user(office),
        checked_out_at=datetime.now(UTC).isoformat(timespec="seconds"),
        encrypted=passphrase is not None,
        format_version=FORMAT_VERSION,
        personal_data=office.personal_data_visible,
        writable=not office.read_only,
    )
    # A contact whose processing is restricted must not travel: such a copy is filled row by row.
    whole_file = not office.remote and not partnerships and not _any_restricted(office)
    # Written encrypted from the first byte, under a temporary name beside ``out`` that is
    # remembered until the end (a crash leaves nothing the next start does not remove).
    cipher = encrypted.new_cipher(passphrase)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    with leftovers.pending(partial):
        leftovers.remove_with_sides(partial)
        if whole_file:
            encrypted_copy.copy_to_new_file(office.path, partial, cipher, application_id=APPLICATION_ID, name=out)
        else:
            encrypted_copy.new_empty_file(partial, cipher, application_id=APPLICATION_ID, name=out)
        try:
            held: dict[str, list[str]] = {}
            info = _add_travel_tables(partial, cipher, info, progress, None if whole_file else (office, partnerships or []),
                                      held=held)
            encrypted.check_new_file(partial, cipher, name=out)
            fsync_new_file(partial)
            _enter_in_register(office, info, out, held)  # before the copy appears: no copy the register misses
            os.replace(partial, out)
            sync_folder(out.parent)
        except _OfficeProblem as exc:
            raise exc.problem from exc.problem.__cause__
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


def _enter_in_register(office: Database, info: TravelInfo, out: Path, held: dict[str, list[str]]) -> None:
    """The office's register of travel copies (``travel.register``). A reader's login may not
    write to the office database: its copy (which cannot be merged) is not entered."""
    if office.read_only:
        return
    from partnerdesk.travel import register

    register.record_checkout(
        office, checkout_id=info.checkout_id, file_name=str(out.resolve()), checked_out_by=info.checked_out_by,
        checked_out_at=datetime.fromisoformat(info.checked_out_at), encrypted=info.encrypted,
        personal_data=info.personal_data, partnerships=list(info.subset), held=held,
    )


def _any_restricted(office: Database) -> bool:
    from partnerdesk.travel.restricted import restricted_ids

    with office.read() as session:
        return bool(restricted_ids(session))


def _checkout_user(office: Database) -> str:
    """On a server the login (what the office sees in its history), else the operating-system user."""
    user = getattr(office, "user", "") if office.remote else ""
    return str(user) or _user_name()


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name in the environment (services, containers)
        return "?"


def _add_travel_tables(
    snapshot: Path,
    cipher: encrypted.Cipher,
    info: TravelInfo,
    progress: Progress | None,
    fill_from: tuple[Database, list[str]] | None = None,
    *,
    held: dict[str, list[str]] | None = None,
) -> TravelInfo:
    """The travel tables of the copy ``snapshot``; ``fill_from`` (office, partnerships): its rows
    are copied from there first (a server, or a partial copy), in the same transaction."""
    db = Database(snapshot, cipher=cipher)
    try:
        revision = schema_revision(db)
        with db.write() as session:
            conn = session.connection()
            outside: dict[str, list[str]] = {}
            office_history: int | None = None
            if fill_from is None:
                change_seq = change_log.last_seq(conn) if change_log.is_complete(conn) else None
            else:
                change_seq, office_history, outside, names = _fill(fill_from[0], session, fill_from[1], info, progress)
                info = dataclasses.replace(info, subset=tuple(names))
            travel_seq = change_log.last_seq(conn) if change_log.is_complete(conn) else None
            conn.exec_driver_sql("CREATE TABLE travel_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.exec_driver_sql(
                "CREATE TABLE travel_base (kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER, "
                "updated_at TEXT, data TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID"
            )
            conn.exec_driver_sql(
                "CREATE TABLE travel_outside (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID"
            )
            attachments_merge.write_base(conn)
            for kind, ids in outside.items():
                if ids:
                    conn.execute(text("INSERT INTO travel_outside (kind, id) VALUES (:k, :i)"),
                                 [{"k": kind, "i": i} for i in ids])
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
            if travel_seq is not None:
                meta["travel_seq"] = str(travel_seq)
            meta["personal_data"] = "1" if info.personal_data else "0"
            meta["writable"] = "1" if info.writable else "0"
            meta["subset"] = json.dumps(list(info.subset), ensure_ascii=False)
            meta["merge_key"] = secrets.token_hex(32)
            if office_history is not None:
                meta[OFFICE_HISTORY_KEY] = str(office_history)
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
                if held is not None:
                    held[kind] = ids
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
    return info


def _fill(
    office: Database, travel: Session, partnerships: list[str], info: TravelInfo, progress: Progress | None
) -> tuple[int | None, int | None, dict[str, list[str]], list[str]]:
    """Copy the office's rows (all, or the part of ``partnerships``) into the new copy's session.

    Returns the office's journal position (``None`` on a server: it has none), its history's
    position (``None`` unless it is a server with a complete history), the ids of the
    records outside the part, and the part's partnership titles. One read transaction."""
    from partnerdesk.travel import copy_rows, subset
    from partnerdesk.travel.restricted import restricted_ids

    try:
        with office.read() as source:
            conn = source.connection()
            office_seq = change_log.last_seq(conn) if change_log.is_complete(conn) else None
            # Read in the same snapshot as the rows: the merge asks the history what changed since.
            office_history = change_log.history_position(conn) if change_log.history_is_complete(conn) else None
            part = subset.choose(source, partnerships) if partnerships else None
            outside = subset.outside(source, part) if part is not None else {}
            restricted = restricted_ids(source)  # left out of every copy (Art. 18): outside it
            outside["contacts"] = sorted({*outside.get("contacts", []), *restricted})
            copy_rows.copy_rows(source, travel, part, personal_data=info.personal_data, progress=progress,
                                restricted=restricted)
    except PartnerDeskError as exc:  # reading the office failed: say so, not "the copy could not be written"
        raise _OfficeProblem(exc) from exc
    return office_seq, office_history, outside, part.names if part is not None else []


class _OfficeProblem(Exception):
    """Reading the office database failed while a copy was filled (the problem is the office's)."""

    def __init__(self, problem: PartnerDeskError) -> None:
        super().__init__(problem.message)
        self.problem = problem


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
        info = read_info(db)
    except BaseException:
        db.close()
        raise
    if not info.personal_data:  # made without the personal-data role: "vertraulich" here too
        db.hide_personal_data()
    if not info.writable:
        db.read_only = True
        db.read_only_reason = reader_copy_reason()
    return db


def reader_copy_reason() -> str:
    """Why a reader's travel copy cannot be changed (translated when asked)."""
    return _(
        "this travel copy was made with read permission only: it can be read on the trip, "
        "but not changed or merged back."
    )


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
        change_seq=_number(meta.get("change_seq")),
        travel_seq=_number(meta.get("travel_seq", meta.get("change_seq"))),
        personal_data=meta.get("personal_data", "1") == "1",
        writable=meta.get("writable", "1") == "1",
        subset=tuple(_names(meta.get("subset"))),
        merge_key=meta.get("merge_key", ""),
    )


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _names(value: str | None) -> list[str]:
    try:
        names = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(n) for n in names] if isinstance(names, list) else []


def travel_info_or_none(db: Database) -> TravelInfo | None:
    """For the window's title: the travel metadata, or ``None`` for an ordinary database."""
    if db.cipher is None:
        return None
    try:
        return read_info(db)
    except DatabaseFileError:
        return None
