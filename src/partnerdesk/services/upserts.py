"""Writing whole records as they were, for imports, undo, restoring from the history and merges:
insert or overwrite by id (``upsert_record``), and put deleted records back with their versions,
parents first (``restore_records``), after checking nobody changed them meanwhile.

Validation is the caller's job; the history notes each change. Split from ``records`` (the
services of the registers) by role.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy.orm import Session

from partnerdesk.domain import validation
from partnerdesk.domain.errors import StaleRecordError
from partnerdesk.domain.records import Contact, Record
from partnerdesk.i18n import _
from partnerdesk.persistence.tables import ROW_TYPES
from partnerdesk.persistence.types import utcnow
from partnerdesk.services import history_writer, mapping
from partnerdesk.services.records import SERVICE_TYPES, Deletion, prepared
from partnerdesk.services.row_batches import same_content


def upsert_record(session: Session, record: Record, *, keep_meta: bool = False, restoring: bool = False) -> str:
    """Insert ``record`` or overwrite the stored one with the same id, in ``session``.

    Used by import, undo and merge; validation is the caller's job. The history notes the
    change ("restored" instead of "created" for an insert when ``restoring``).
    Returns "created", "updated" or "unchanged".
    """
    record = prepared(record)
    service = SERVICE_TYPES[record.KIND]
    row_type = service.row_type
    row = session.get(row_type, record.id)
    dummy = service.__new__(service)
    if row is None:
        # New records keep their id, timestamps and version (archives, undo, travel copies).
        dummy._insert(session, record, keep_meta=True)
        history_writer.record(session, record.KIND, None, record, "restored" if restoring else "created")
        if restoring:  # undo of a deletion, restore from the history: its attachments come back
            from partnerdesk.services.attachments import unmark_record

            unmark_record(session, record.KIND, record.id)
        return "created"
    current = mapping.FROM_ROW[record.KIND](row)
    if isinstance(record, Contact) and record.personal_hidden:  # its empty personal fields mean "not shown"
        current = dataclasses.replace(current, email="", phone="", notes="", address="")
    if same_content(current, record):
        return "unchanged"
    history_writer.record(session, record.KIND, current, record)
    dummy._apply(session, row, record)
    if keep_meta:
        row.version = max(record.version, row.version + 1)
        row.updated_at = record.updated_at or utcnow()
    else:
        row.version += 1
        row.updated_at = utcnow()
    row.is_example = record.is_example
    return "updated"


def check_untouched_since(session: Session, deletion: Deletion) -> None:
    def changed_meanwhile(record: Record, current: Record | None) -> StaleRecordError:
        return StaleRecordError(
            _("{label} was changed by somebody else in the meantime.").format(label=validation.record_label(record)),
            current=current,
        )

    for record in deletion.removed:
        row = session.get(ROW_TYPES[record.KIND], record.id)
        if row is not None:
            raise changed_meanwhile(record, mapping.FROM_ROW[record.KIND](row))
    for left in deletion.left:
        row = session.get(ROW_TYPES[left.KIND], left.id)
        current = None if row is None else mapping.FROM_ROW[left.KIND](row)
        if current is None or not same_content(current, left):
            raise changed_meanwhile(left, current)


def restore_records(session: Session, records: Sequence[Record]) -> None:
    """Put records back exactly as they were (with their versions), parents first."""
    from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER

    for kind in KINDS_IN_DEPENDENCY_ORDER:
        for record in records:
            if record.KIND == kind:
                upsert_record(session, record, keep_meta=True, restoring=True)
        # Parents reach the database before their children refer to them (the session does
        # not order rows that are linked by a bare foreign key).
        session.flush()
