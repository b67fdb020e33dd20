"""Rows of many records at once, in batches: load, delete, count a change, compare content.

Used by the record services (deleting with dependents, undo), the table import and the
travel merge. Ids go in chunks of ``CHUNK`` per ``IN (...)``, well below SQLite's limit of
bound variables (and PostgreSQL's).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from partnerdesk.domain.records import TRANSIENT, Record
from partnerdesk.persistence.tables import ROW_TYPES
from partnerdesk.persistence.types import utcnow

CHUNK = 500


def chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def rows_of(session: Session, kind: str, ids: Sequence[str]) -> list[Any]:
    """The rows of ``ids`` with their lists (loaded in batches, not one query per row)."""
    row_type = ROW_TYPES[kind]
    found: list[Any] = []
    for chunk in chunks(ids):
        found += session.scalars(select(row_type).where(row_type.id.in_(chunk))).all()
    return found


def bump_versions(session: Session, kind: str, ids: Iterable[str]) -> None:
    row_type = ROW_TYPES[kind]
    for chunk in chunks(ids):
        session.execute(
            update(row_type).where(row_type.id.in_(chunk)).values(version=row_type.version + 1, updated_at=utcnow())
        )


def delete_rows(session: Session, kind: str, ids: Iterable[str]) -> None:
    """Delete the records ``ids`` of ``kind``; their attachments are hidden, kept for a restore."""
    from partnerdesk.services.attachments import mark_record_deleted

    row_type = ROW_TYPES[kind]
    ids = list(ids)
    mark_record_deleted(session, kind, ids)
    for chunk in chunks(ids):
        session.execute(delete(row_type).where(row_type.id.in_(chunk)))


def same_content(a: Record, b: Record) -> bool:
    """The two records say the same, whatever their version and timestamps."""
    return _content(a) == _content(b)


def _content(record: Record) -> dict[str, Any]:
    data = dataclasses.asdict(record)
    for meta in ("version", "created_at", "updated_at"):
        data.pop(meta, None)
    for f in dataclasses.fields(record):
        if f.metadata.get(TRANSIENT):
            data.pop(f.name, None)
    return data
