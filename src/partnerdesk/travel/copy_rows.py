"""Filling a travel copy row by row: from an office database on a server, or a part of one.

The whole office file is copied page by page instead (``persistence.encrypted_copy``); here
every table of the schema is read in the office's one read transaction (one consistent state,
on a server a REPEATABLE READ snapshot) and written into the new copy in its one write
transaction, through the same column types, so ids, versions, timestamps and amounts arrive
exactly. The copy's own triggers keep its text-search index and change journal.

Contacts' personal data (``contact_private``) is copied only for a user who may see it; for
anyone else the server shows no row of it anyway, and the copy holds none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from partnerdesk.persistence.tables import Base, DatabaseInfo
from partnerdesk.persistence.tables_beside import AttachmentRow
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.travel.restricted import without_restricted
from partnerdesk.travel.subset import CHUNK, Subset

#: Bookkeeping of the office that a travel copy does not carry: its own journal fills itself, and
#: its record history (once there is one: ``record_history``, ``record_history_personal``) starts
#: afresh in the copy; the office keeps its own, and what the laptop adds comes back with the merge.
NOT_COPIED = ("record_changes", "database_info", "record_history", "record_history_personal")
PERSONAL_TABLE = "contact_private"
#: Every table under the personal-data role's row-level security: contacts' e-mail, phone, notes,
#: and participants' dietary and accessibility notes (health data, revision 0018).
PERSONAL_TABLES = (PERSONAL_TABLE, "activity_attendee_private")
#: Tables that belong to a record through another table: (table, its key, the table it hangs on).
_HANGING = {"activity_attendee_private": ("attendee_id", "activity_attendees")}
#: Facts about the office that stay there: which travel copies were merged, and their reports.
OFFICE_ONLY_INFO = ("travel_merged:", "travel_merged_base:", "travel_merge_report:", "database_id",
                    "travel_attachments_merged:")
BATCH = 1000
#: Attachments read and written at once (each up to the size limit, 25 MB by default).
ATTACHMENT_BATCH = 8

Progress = Callable[[int, int], None]

_KIND_OF_TABLE = {str(row.__tablename__): kind for kind, row in ROW_TYPES.items()}


def tables_to_copy(*, personal_data: bool) -> list[Table]:
    """The schema's tables in an order that inserts parents before children."""
    skip = set(NOT_COPIED) | (set() if personal_data else set(PERSONAL_TABLES))
    return [t for t in Base.metadata.sorted_tables if t.name not in skip]


def _record_references(table: Table) -> list[tuple[str, str]]:
    """``(column, register)`` of every column of ``table`` that refers to a record (its own id first)."""
    found: list[tuple[str, str]] = []
    if table.name in _KIND_OF_TABLE:
        found.append(("id", _KIND_OF_TABLE[table.name]))
    for column in table.columns:
        for key in column.foreign_keys:
            target = key.column.table.name
            if target in _KIND_OF_TABLE:
                found.append((column.name, _KIND_OF_TABLE[target]))
    return found


def copy_rows(
    office: Session, travel: Session, subset: Subset | None, *, personal_data: bool, progress: Progress | None = None,
    restricted: frozenset[str] = frozenset(),
) -> int:
    """Copy every row (or the part's) of every table from ``office`` into ``travel``; returns the row count.
    ``restricted``: contacts whose processing is restricted, left out (``travel.restricted``)."""
    tables = tables_to_copy(personal_data=personal_data)
    done = 0
    for number, table in enumerate(tables):
        for batch in _rows(office, table, subset, restricted):
            travel.execute(insert(table), batch)
            done += len(batch)
        if progress:
            progress(number + 1, len(tables) * 2)  # the second half: the copy's base (``travelfile``)
    for key, value in office.execute(select(DatabaseInfo.key, DatabaseInfo.value)):
        if not key.startswith(OFFICE_ONLY_INFO):
            travel.merge(DatabaseInfo(key=key, value=value))
    travel.flush()
    return done


def _rows(
    office: Session, table: Table, subset: Subset | None, restricted: frozenset[str]
) -> Iterable[list[dict[str, Any]]]:
    if table.name in _HANGING:  # after its parent rows are chosen (the part, restricted people left out)
        yield from _hanging(office, table, subset, restricted)
        return
    for batch in _all_rows(office, table, subset):
        kept = without_restricted(table, batch, restricted)
        if kept:
            yield kept


def _all_rows(office: Session, table: Table, subset: Subset | None) -> Iterable[list[dict[str, Any]]]:
    if subset is None:
        result = office.execute(select(table).execution_options(yield_per=BATCH))
        for part in result.mappings().partitions(BATCH):
            yield [dict(row) for row in part]
        return
    if table.name == AttachmentRow.__tablename__:
        yield from _attachments(office, table, subset)
        return
    references = _record_references(table)
    if not references:
        return  # a table that belongs to no record: not part of a partial copy
    owner, owner_kind = references[0]
    owners = sorted(subset.ids[owner_kind])
    for chunk_start in range(0, len(owners), CHUNK):
        chunk = owners[chunk_start : chunk_start + CHUNK]
        batch = [
            dict(row)
            for row in office.execute(select(table).where(table.c[owner].in_(chunk))).mappings()
            if all(row[c] is None or row[c] in subset.ids[k] for c, k in references[1:])
        ]
        if batch:
            yield batch


def _hanging(
    office: Session, table: Table, subset: Subset | None, restricted: frozenset[str]
) -> Iterable[list[dict[str, Any]]]:
    """The rows of a table that hangs on another one's rows (a participant's private notes on the
    participant line): those whose parent row is copied (of the part; not a restricted person's)."""
    key, parent_name = _HANGING[table.name]
    parent = Base.metadata.tables[parent_name]
    for batch in _rows(office, parent, subset, restricted):
        ids = [row["id"] for row in batch]
        for chunk_start in range(0, len(ids), CHUNK):
            chunk = ids[chunk_start : chunk_start + CHUNK]
            rows = [dict(r) for r in office.execute(select(table).where(table.c[key].in_(chunk))).mappings()]
            if rows:
                yield rows


def _attachments(office: Session, table: Table, subset: Subset) -> Iterable[list[dict[str, Any]]]:
    """The attachments of the part's records (not of records deleted in the office), a few at a
    time: their files may be large."""
    for kind, ids in subset.ids.items():
        owners = sorted(ids)
        for chunk_start in range(0, len(owners), CHUNK):
            chunk = owners[chunk_start : chunk_start + CHUNK]
            result = office.execute(
                select(table).where(
                    table.c.record_kind == kind, table.c.record_id.in_(chunk), table.c.record_deleted_at.is_(None)
                ).execution_options(yield_per=ATTACHMENT_BATCH)
            )
            for part in result.mappings().partitions(ATTACHMENT_BATCH):
                yield [dict(row) for row in part]
