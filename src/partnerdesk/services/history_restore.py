"""Restoring a deleted record from the history: as undo does, but also after a restart.

A "deleted" entry of the history holds the record as it was (``History.snapshot``). Putting
it back goes the way undo goes (``upserts.restore_records``: the record with its own links,
its id, version and timestamps, and a "restored" entry in the history), in one transaction.
It is refused, with nothing written, when the record is there again (restored or created
meanwhile) or when it refers to records that no longer exist (the project's partnership was
deleted since): the message names what is missing, so those can be restored first.

Records that the deletion unlinked (the contacts of a deleted organisation) keep their later
state: the history restores the one record, not the whole deletion.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from partnerdesk.domain.errors import NotFoundError, UserError
from partnerdesk.domain.history import HistoryEntry
from partnerdesk.domain.records import Record, references
from partnerdesk.domain.validation import record_label
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ROW_TYPES
from partnerdesk.persistence.tables_beside import RecordHistoryRow
from partnerdesk.services import history_text
from partnerdesk.services.history import History, entry_of
from partnerdesk.services.upserts import restore_records

__all__ = ["RestoreRefused", "Restored", "deletion_entry", "restore_deleted", "why_not_restorable"]

_H = RecordHistoryRow


class RestoreRefused(UserError):
    """The record cannot be restored (it is there again, or what it refers to is gone)."""


@dataclass(frozen=True)
class Restored:
    record: Record
    #: The deletion it was restored from.
    entry: HistoryEntry


def deletion_entry(db: Database, text: str, kind: str | None = None) -> HistoryEntry:
    """The deletion that ``text`` names: a history entry number ("1234" or "#1234"), or the id
    or an unambiguous part of the name of a deleted record (its latest deletion)."""
    ident = text.strip().removeprefix("#")
    if ident.isascii() and ident.isdigit() and len(ident) < 19:
        with db.read() as session:
            row = session.get(_H, int(ident))
            entry = entry_of(row) if row is not None else None
        if entry is not None:
            if entry.operation != "deleted":
                raise RestoreRefused(
                    _("History entry {number} is not a deletion ({operation}, {label}).").format(
                        number=entry.id, operation=history_text.operation_label(entry.operation), label=entry.label
                    )
                )
            return entry
    history = History(db)
    found_kind, record_id = history.resolve(text, kind)
    latest = _latest_deletion(db, found_kind, record_id)
    if latest is None or _exists(db, found_kind, record_id):
        raise RestoreRefused(
            _("{kind} “{name}” is not deleted: there is nothing to restore.").format(
                kind=history_text.kind_label(found_kind), name=history.names([record_id]).get(record_id, record_id)
            )
        )
    return latest


def why_not_restorable(db: Database, entry: HistoryEntry) -> str | None:
    """``None`` if ``entry``'s record can be restored now, else why not (one German sentence)."""
    try:
        record = _snapshot(db, entry)
        with db.read() as session:
            _check(session, entry, record)
    except UserError as exc:
        return str(exc)
    return None


def restore_deleted(db: Database, entry: HistoryEntry | int) -> Restored:
    """Put the record that the "deleted" entry ``entry`` holds back, with its links.

    Raises ``RestoreRefused`` (nothing written) if it exists again or refers to a record that
    does not exist; ``NotFoundError`` for an entry that is not there.
    """
    if isinstance(entry, int):
        with db.read() as session:
            row = session.get(_H, entry)
            if row is None:
                raise NotFoundError(_("There is no history entry {number}.").format(number=entry))
            entry = entry_of(row)
    record = _snapshot(db, entry)
    with db.write() as session:
        _check(session, entry, record)  # again inside the transaction: nobody got in between
        restore_records(session, [record])
    return Restored(record, entry)


def _snapshot(db: Database, entry: HistoryEntry) -> Record:
    if entry.operation != "deleted":
        raise RestoreRefused(
            _("History entry {number} is not a deletion ({operation}, {label}).").format(
                number=entry.id, operation=history_text.operation_label(entry.operation), label=entry.label
            )
        )
    record = History(db).snapshot(entry.id)
    if record is None:
        raise RestoreRefused(
            _("{kind} “{name}” cannot be restored: the history does not hold it completely.").format(
                kind=history_text.kind_label(entry.kind), name=entry.label
            )
        )
    return record


def _check(session: Session, entry: HistoryEntry, record: Record) -> None:
    label = record_label(record)
    if session.get(ROW_TYPES[entry.kind], entry.record_id) is not None:
        raise RestoreRefused(
            _("{label} cannot be restored: a record with its id exists again (restored or created since).").format(label=label)
        )
    later = session.scalar(
        select(_H.id).where(and_(_H.kind == entry.kind, _H.record_id == entry.record_id, _H.id > entry.id,
                                 _H.operation == "deleted")).limit(1)
    )
    if later is not None:
        raise RestoreRefused(
            _("{label} was restored and deleted again since: restore it from its latest deletion (entry {number}).").format(
                label=label, number=later
            )
        )
    wanted: dict[str, set[str]] = {}
    for _field, kind, ident in references(record):
        wanted.setdefault(kind, set()).add(ident)
    missing: list[tuple[str, str]] = []
    for kind, ids in wanted.items():
        row_type = ROW_TYPES[kind]
        there = set(session.scalars(select(row_type.id).where(row_type.id.in_(sorted(ids)))).all())
        missing += [(kind, ident) for ident in sorted(ids - there)]
    if missing:
        # The names the history last knew them by (newest label wins).
        names = dict(session.execute(
            select(_H.record_id, _H.label).where(_H.record_id.in_([i for _k, i in missing])).order_by(_H.id)
        ).all())
        listed = ", ".join(
            _("{kind} “{name}”").format(kind=history_text.kind_label(kind), name=names.get(ident, ident))
            for kind, ident in missing
        )
        raise RestoreRefused(
            _("{label} cannot be restored: it refers to records that no longer exist: {missing}. "
              "Restore those first.").format(label=label, missing=listed)
        )


def _latest_deletion(db: Database, kind: str, record_id: str) -> HistoryEntry | None:
    with db.read() as session:
        row = session.scalars(
            select(_H).where(_H.kind == kind, _H.record_id == record_id, _H.operation == "deleted")
            .order_by(_H.id.desc()).limit(1)
        ).first()
        return entry_of(row) if row is not None else None


def _exists(db: Database, kind: str, record_id: str) -> bool:
    with db.read() as session:
        return session.get(ROW_TYPES[kind], record_id) is not None
