"""Reading the history of every change (``record_history``), and the door to writing it.

``History(db)`` answers "what happened to this record", "what happened in this period, by
whom, in which register", "what was deleted" and, for live refresh, "what is new since
entry N". The writer (``record``, ``batch``) lives in ``services.history_writer``; every
write path of the services calls it inside its own transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from partnerdesk.domain.history import META_FIELDS, FieldChange, HistoryEntry, HistoryFilter
from partnerdesk.domain.records import Record
from partnerdesk.domain.serialization import SerializationError, record_from_dict
from partnerdesk.domain.text import contains, fold
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import RecordHistoryRow
from partnerdesk.services.history_writer import batch, record, system_user

__all__ = ["History", "batch", "record", "system_user", "entry_of"]

#: The most entries one search returns unless the caller asks for fewer.
DEFAULT_LIMIT = 1_000
_H = RecordHistoryRow


def _decoded(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def entry_of(row: Any) -> HistoryEntry:
    """The plain entry of a ``record_history`` row."""
    data = _decoded(row.changes)
    changes: list[FieldChange] = []
    if row.operation == "changed":
        for name, pair in data.items():
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            changes.append(FieldChange(name, old, new))
    elif row.operation == "deleted":
        changes = [FieldChange(name, value, None) for name, value in data.items() if name not in META_FIELDS]
    elif row.operation in ("created", "restored"):
        changes = [FieldChange(name, None, value) for name, value in data.items() if name not in META_FIELDS]
    return HistoryEntry(
        id=int(row.id), at=row.at, actor=row.actor, batch_id=row.batch_id, kind=row.kind, record_id=row.record_id,
        operation=row.operation, label=row.label, changes=tuple(changes),
    )


class History:
    def __init__(self, db: Database) -> None:
        self.db = db

    def for_record(self, kind: str, record_id: str) -> list[HistoryEntry]:
        """Every entry of one record, newest first."""
        with self.db.read() as session:
            rows = session.scalars(
                select(_H).where(_H.kind == kind, _H.record_id == record_id).order_by(_H.id.desc())
            ).all()
            return [entry_of(r) for r in rows]

    def search(self, filter: HistoryFilter, limit: int = DEFAULT_LIMIT) -> list[HistoryEntry]:
        """Entries that match ``filter``, newest first, at most ``limit``."""
        conditions: list[Any] = []
        if filter.user:
            conditions.append(_H.actor == filter.user)
        if filter.since is not None:
            conditions.append(_H.at >= filter.since)
        if filter.until is not None:
            conditions.append(_H.at < filter.until)
        if filter.kinds:
            conditions.append(_H.kind.in_(list(filter.kinds)))
        if filter.record is not None:
            conditions += [_H.kind == filter.record[0], _H.record_id == filter.record[1]]
        return self._matching(conditions, filter.text, limit)

    def latest_id(self) -> int:
        """The id of the newest entry (0 if there is none)."""
        with self.db.read() as session:
            return int(session.scalar(select(func.max(_H.id))) or 0)

    def since(self, entry_id: int, limit: int | None = None) -> list[HistoryEntry]:
        """Entries after ``entry_id``, oldest first (what a window polls for colleagues' changes)."""
        query = select(_H).where(_H.id > entry_id).order_by(_H.id)
        if limit is not None:
            query = query.limit(limit)
        with self.db.read() as session:
            return [entry_of(r) for r in session.scalars(query).all()]

    def deleted(self, kind: str | None = None, text: str | None = None, limit: int = DEFAULT_LIMIT) -> list[HistoryEntry]:
        """The deletions of records that are still deleted (not created or restored since), newest first."""
        later = aliased(RecordHistoryRow)
        conditions: list[Any] = [
            _H.operation == "deleted",
            ~exists().where(and_(
                later.kind == _H.kind, later.record_id == _H.record_id, later.id > _H.id,
                later.operation.in_(("created", "restored")),
            )),
        ]
        if kind:
            conditions.append(_H.kind == kind)
        return self._matching(conditions, text, limit)

    def snapshot(self, entry: HistoryEntry | int) -> Record | None:
        """The record as a "deleted" (or "created"/"restored") entry holds it: what a restore
        from the history puts back. ``None`` for other entries or one that cannot be read."""
        entry_id = entry if isinstance(entry, int) else entry.id
        with self.db.read() as session:
            row = session.get(_H, entry_id)
            if row is None or row.operation not in ("deleted", "created", "restored"):
                return None
            kind, data = row.kind, _decoded(row.changes)
        try:
            return record_from_dict(kind, data)
        except SerializationError:
            return None

    def _matching(self, conditions: Sequence[Any], text: str | None, limit: int) -> list[HistoryEntry]:
        needle = fold((text or "").strip())
        with self.db.read() as session:
            if not needle:
                query = select(_H).where(*conditions).order_by(_H.id.desc()).limit(limit)
                return [entry_of(r) for r in session.scalars(query).all()]
            # Names compare folded as the register search folds them ("muller" finds "Müller"),
            # which SQL's lower() cannot do: the labels are read, the matching entries then.
            labels = session.execute(
                select(_H.id, _H.label).where(*conditions).order_by(_H.id.desc()).execution_options(yield_per=2_000)
            )
            ids: list[int] = []
            for entry_id, label in labels:
                if contains(label, needle):
                    ids.append(entry_id)
                    if len(ids) >= limit:
                        break
            labels.close()
            rows: list[Any] = []
            for start in range(0, len(ids), 500):
                rows += session.scalars(select(_H).where(_H.id.in_(ids[start:start + 500]))).all()
            return sorted((entry_of(r) for r in rows), key=lambda e: -e.id)
