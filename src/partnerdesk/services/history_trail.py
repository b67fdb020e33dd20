"""The history of set-wise deletions: what went, and which other records it unlinked.

Bulk paths delete rows with a few statements and let the database's foreign keys unlink
what referred to them (``ON DELETE SET NULL``, link rows ``ON DELETE CASCADE``). Such a
change of another record is a change all the same: ``DeletionTrail`` reads the deleted
records and every record that refers to them *before* the statements run (set-wise, in
chunks), and ``write`` notes in the history what was deleted and how the others changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, class_mapper

from partnerdesk.domain.records import Record
from partnerdesk.persistence.tables import ROW_TYPES
from partnerdesk.services import history_writer, mapping
from partnerdesk.services.row_batches import chunks, rows_of

_TABLE_KINDS = {row.__tablename__: kind for kind, row in ROW_TYPES.items()}


def referrers(session: Session, kind: str, ids: Iterable[str]) -> dict[str, set[str]]:
    """The records (register -> ids) that refer to the records ``ids`` of ``kind``: by a column
    of their own (a partner, an organisation) or by a row of one of their link lists."""
    target = ROW_TYPES[kind].__table__
    ids = list(ids)
    found: dict[str, set[str]] = {}
    if not ids:
        return found
    for owner_kind, row_type in ROW_TYPES.items():
        owner_table = row_type.__table__
        for fk in owner_table.foreign_keys:
            if fk.column.table is target:
                for chunk in chunks(ids):
                    found.setdefault(owner_kind, set()).update(
                        session.scalars(select(owner_table.c.id).where(fk.parent.in_(chunk))).all()
                    )
        for relation in class_mapper(row_type).relationships:
            link = relation.mapper.local_table
            owner_columns = {remote for _local, remote in relation.local_remote_pairs}
            owner_column = next(iter(owner_columns))
            for fk in link.foreign_keys:
                if fk.column.table is target and fk.parent not in owner_columns:
                    for chunk in chunks(ids):
                        found.setdefault(owner_kind, set()).update(
                            session.scalars(select(owner_column).where(fk.parent.in_(chunk)).distinct()).all()
                        )
    return {k: v for k, v in found.items() if v}


class DeletionTrail:
    """Read before deleting ``deleted`` (register -> ids); ``write`` after the statements ran."""

    def __init__(self, session: Session, deleted: dict[str, Iterable[str]]) -> None:
        self.removed: list[Record] = []
        gone = {kind: set(ids) for kind, ids in deleted.items()}
        for kind, ids in gone.items():
            self.removed += [mapping.FROM_ROW[kind](row) for row in rows_of(session, kind, sorted(ids))]
        touched: dict[str, set[str]] = {}
        for kind, ids in gone.items():
            for owner_kind, owners in referrers(session, kind, ids).items():
                touched.setdefault(owner_kind, set()).update(owners - gone.get(owner_kind, set()))
        self.before: dict[str, list[Record]] = {
            kind: [mapping.FROM_ROW[kind](row) for row in rows_of(session, kind, sorted(ids))]
            for kind, ids in touched.items() if ids
        }

    def write(self, session: Session) -> None:
        """Note the deletions and the changes of the records that referred to them (the
        session is expired first: the database changed rows behind its back)."""
        session.expire_all()
        for record in self.removed:
            history_writer.record(session, record.KIND, record, None)
        for kind, records in self.before.items():
            after: dict[str, Any] = {
                row.id: mapping.FROM_ROW[kind](row) for row in rows_of(session, kind, [r.id for r in records])
            }
            for before in records:
                history_writer.record(session, kind, before, after.get(before.id))
