"""Attachments in travel copies: what the copy held at check-out, and the merge of what changed.

An attachment is immutable but for its name and description, so a merge needs no field-wise
three-way merge of files: the copy remembers the attachments it held at check-out
(``travel_attachment_base``: id, name, description; no content), and the merge

* brings in every attachment added on the laptop (in the copy, not in its base, not yet in the
  office): both sides' additions are kept;
* removes from the office every attachment removed on the laptop (in the base, no longer in
  the copy);
* takes a name or description changed on the laptop if the office left it as it was.

Attachments the laptop added to a record the office has deleted since come in hidden with
that record (``record_deleted_at``), so restoring the record brings them back. The office
remembers which attachments a merge brought in (``database_info``), so merging the same copy
again does not bring back one that the office removed since.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, inspect, select, text
from sqlalchemy.orm import Session

from partnerdesk.domain.errors import NotFoundError
from partnerdesk.i18n import ngettext
from partnerdesk.persistence.tables import DatabaseInfo
from partnerdesk.persistence.tables_beside import AttachmentRow
from partnerdesk.persistence.types import utcnow
from partnerdesk.services import attachments
from partnerdesk.services.row_batches import chunks

BASE_TABLE = "travel_attachment_base"
#: The office's note of the attachments a copy's merges brought in (``copy_rows.OFFICE_ONLY_INFO``).
MERGED_KEY = "travel_attachments_merged:"

_LIST = (AttachmentRow.id, AttachmentRow.record_kind, AttachmentRow.record_id, AttachmentRow.name,
         AttachmentRow.description, AttachmentRow.record_deleted_at)


def write_base(conn: Any) -> None:
    """In a new travel copy (inside its filling transaction): the attachments it holds now. Those
    of records deleted in the office (kept there for a restore) do not travel."""
    conn.exec_driver_sql("DELETE FROM attachments WHERE record_deleted_at IS NOT NULL")
    conn.exec_driver_sql(
        f"CREATE TABLE {BASE_TABLE} (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL) WITHOUT ROWID"
    )
    conn.exec_driver_sql(
        f"INSERT INTO {BASE_TABLE} (id, name, description) "
        "SELECT id, name, description FROM attachments WHERE record_deleted_at IS NULL"
    )


@dataclass
class AttachmentPlan:
    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    rename: list[tuple[str, str, str]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.add or self.remove or self.rename)


def plan(session: Session, tsession: Session, checkout_id: str) -> AttachmentPlan:
    """What a merge of the copy (``tsession``) does to the office's attachments (``session``)."""
    tconn = tsession.connection()
    if not inspect(tconn).has_table("attachments"):
        return AttachmentPlan()
    laptop = {
        r.id: r for r in tsession.execute(select(*_LIST).where(AttachmentRow.record_deleted_at.is_(None)))
    }
    base: dict[str, tuple[str, str]] = {}
    if inspect(tconn).has_table(BASE_TABLE):
        base = {i: (n, d) for i, n, d in tconn.execute(text(f"SELECT id, name, description FROM {BASE_TABLE}"))}
    office = _office_rows(session, [*laptop, *base])
    merged_before = _merged(session, checkout_id)
    result = AttachmentPlan()
    for ident, row in laptop.items():
        if ident not in base and ident not in office and ident not in merged_before:
            result.add.append(ident)
        elif ident in base and (row.name, row.description) != base[ident]:
            current = office.get(ident)
            if current is not None and (current.name, current.description) == base[ident]:
                result.rename.append((ident, row.name, row.description))
    if base:  # a copy without a base (made before attachments travelled) removes nothing
        result.remove = [i for i in base if i not in laptop and i in office and office[i].record_deleted_at is None]
    return result


def apply(session: Session, tsession: Session, checkout_id: str, notes: list[str]) -> AttachmentPlan:
    """Carry out ``plan`` in the office's merge transaction; one note per kind of change."""
    todo = plan(session, tsession, checkout_id)
    if todo.empty():
        return todo
    hidden = 0
    for ident in todo.add:
        table = AttachmentRow.__table__
        values = dict(tsession.execute(select(table).where(table.c.id == ident)).mappings().one())
        label = _label(session, values["record_kind"], values["record_id"])
        values["record_deleted_at"] = None if label is not None else utcnow()
        hidden += label is None
        session.execute(insert(AttachmentRow), [values])
        if label is not None:
            attachments.note(session, values["record_kind"], values["record_id"], label,
                             {attachments.ADDED: [None, values["name"]]})
    for ident in todo.remove:
        gone = session.get(AttachmentRow, ident)
        if gone is not None:
            label = _label(session, gone.record_kind, gone.record_id)
            session.delete(gone)
            if label is not None:
                attachments.note(session, gone.record_kind, gone.record_id, label, {attachments.REMOVED: [gone.name, None]})
    for ident, name, description in todo.rename:
        renamed = session.get(AttachmentRow, ident)
        if renamed is not None:
            old = renamed.name
            renamed.name, renamed.description = name, description
            label = _label(session, renamed.record_kind, renamed.record_id)
            if label is not None and old != name:
                attachments.note(session, renamed.record_kind, renamed.record_id, label, {attachments.RENAMED: [old, name]})
    session.flush()
    _remember(session, checkout_id, todo.add)
    if todo.add:
        notes.append(ngettext("{count} attachment added on the travel copy was brought in.",
                              "{count} attachments added on the travel copy were brought in.",
                              len(todo.add)).format(count=len(todo.add)))
    if hidden:
        notes.append(ngettext(
            "{count} of them belongs to a record deleted in the office: it is kept with it and comes back "
            "when the record is restored.",
            "{count} of them belong to records deleted in the office: they are kept with them and come back "
            "when the records are restored.", hidden).format(count=hidden))
    if todo.remove:
        notes.append(ngettext("{count} attachment removed on the travel copy was removed.",
                              "{count} attachments removed on the travel copy were removed.",
                              len(todo.remove)).format(count=len(todo.remove)))
    if todo.rename:
        notes.append(ngettext("{count} attachment renamed on the travel copy was renamed.",
                              "{count} attachments renamed on the travel copy were renamed.",
                              len(todo.rename)).format(count=len(todo.rename)))
    return todo


def _office_rows(session: Session, ids: Iterable[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chunk in chunks(sorted(set(ids))):
        found.update({r.id: r for r in session.execute(select(*_LIST).where(AttachmentRow.id.in_(chunk)))})
    return found


def _label(session: Session, kind: str, record_id: str) -> str | None:
    try:
        return attachments.record_label(session, kind, record_id)
    except NotFoundError:
        return None


def _merged(session: Session, checkout_id: str) -> set[str]:
    row = session.get(DatabaseInfo, MERGED_KEY + checkout_id)
    return set(json.loads(row.value)) if row is not None else set()


def _remember(session: Session, checkout_id: str, added: list[str]) -> None:
    if not added:
        return
    merged = _merged(session, checkout_id) | set(added)
    session.merge(DatabaseInfo(key=MERGED_KEY + checkout_id, value=json.dumps(sorted(merged))))

