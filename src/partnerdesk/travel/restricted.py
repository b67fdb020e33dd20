"""Contacts whose processing is restricted (Art. 18 GDPR) stay out of every travel copy.

A copy with such contacts is filled row by row (never page by page, which would carry the
contact's pages along): the contact, its personal data and attachments, its places on
participant lists and the link rows that name it are left out; a column that merely points
at it (a responsible person, the person a follow-up is for) is left empty in the copy. The
copy's base is written from the copy itself, so the merge sees no change there and the
office keeps its links; the contact is listed as outside the copy (``travel_outside``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from partnerdesk.persistence.tables import ContactRow

CONTACTS_TABLE = str(ContactRow.__tablename__)
#: Rows that stand for the person themselves (a place on a participant list with their name and
#: needs): left out whole, not just unlinked.
PERSON_ROWS = frozenset({"activity_attendees"})


def restricted_ids(session: Session) -> frozenset[str]:
    """The ids of the contacts whose processing is restricted."""
    return frozenset(session.scalars(select(ContactRow.id).where(ContactRow.processing_restricted.is_(True))))


def _contact_columns(table: Table) -> list[tuple[str, bool]]:
    """``(column, drop_row)`` of each column of ``table`` that points at a contact: a key column
    (a link row) or a person's row drops the row, any other is emptied."""
    found = []
    for column in table.columns:
        if any(key.column.table.name == CONTACTS_TABLE for key in column.foreign_keys):
            found.append((column.name, column.primary_key or table.name in PERSON_ROWS or not column.nullable))
    return found


def without_restricted(table: Table, rows: Iterable[dict[str, Any]], restricted: frozenset[str]) -> list[dict[str, Any]]:
    """``rows`` of ``table`` as a travel copy may hold them (see the module)."""
    rows = list(rows)
    if not restricted:
        return rows
    columns = _contact_columns(table)
    kept = []
    for row in rows:
        if table.name == CONTACTS_TABLE and row["id"] in restricted:
            continue
        if row.get("record_kind") == "contacts" and row.get("record_id") in restricted:  # its attachments
            continue
        drop = False
        for name, drop_row in columns:
            if row[name] in restricted:
                if drop_row:
                    drop = True
                    break
                row[name] = None
        if not drop:
            kept.append(row)
    return kept
