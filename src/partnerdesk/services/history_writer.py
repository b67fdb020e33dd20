"""Writing the history of every change (``record_history``), inside the writing transaction.

Every write path calls ``record(session, kind, before, after)`` with the records as they
were and are; the entries wait in the session and go into the database in one statement
just before the transaction commits (a rolled-back transaction leaves no entry). Fields
are compared as the domain records serialise them (``domain.serialization``); versions,
timestamps and the id are no change, and neither are contacts' personal fields when the
server hides them from this user (they are empty in the record then, not erased).

All entries of one transaction share a batch id; ``batch()`` makes several transactions
(one user action spread over several writes) share one.
"""

from __future__ import annotations

import getpass
import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, event, insert, literal_column
from sqlalchemy.orm import Session

from partnerdesk.domain.history import META_FIELDS
from partnerdesk.domain.records import Record
from partnerdesk.domain.serialization import record_to_dict
from partnerdesk.persistence.tables import RecordHistoryRow
from partnerdesk.persistence.types import utcnow

_PENDING = "partnerdesk_history_pending"
_BATCH = "partnerdesk_history_batch"
_AT = "partnerdesk_history_at"

#: Fields the server may hide from a user (``Contact.personal_hidden``): never recorded then.
PERSONAL_FIELDS = frozenset({"email", "phone", "notes"})

_batch: ContextVar[str | None] = ContextVar("partnerdesk_history_batch", default=None)

#: Off only for the benchmark's baseline (bench/history_bench.py); users cannot turn it off.
_enabled = True


@contextmanager
def batch() -> Iterator[str]:
    """Every transaction of this thread inside the block gets the same batch id (yielded).
    Nested blocks share the outer one's."""
    current = _batch.get()
    if current is not None:
        yield current
        return
    token = _batch.set(str(uuid.uuid4()))
    try:
        yield _batch.get() or ""
    finally:
        _batch.reset(token)


def batch_id(session: Session) -> str:
    """The batch id of ``session``'s transaction (the enclosing ``batch()``'s, or its own)."""
    found: str | None = session.info.get(_BATCH)
    if found is None:
        found = session.info[_BATCH] = _batch.get() or str(uuid.uuid4())
    return found


@cache
def system_user() -> str:
    """The operating-system user (the actor on a file)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name in the environment (a service account)
        return ""


@dataclass(frozen=True)
class Pending:
    """An entry waiting for the commit; ``actor``/``at`` ``None``: this session's user, now."""

    kind: str
    record_id: str
    operation: str
    label: str
    changes: dict[str, Any]
    actor: str | None = None
    at: datetime | None = None
    batch_id: str | None = None


def _values(record: Record, hidden: bool) -> dict[str, Any]:
    data = record_to_dict(record)
    if hidden:
        for name in PERSONAL_FIELDS:
            data.pop(name, None)
    return data


def _hidden(*records: Record | None) -> bool:
    return any(getattr(r, "personal_hidden", False) for r in records if r is not None)


def changed_fields(before: Record, after: Record) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` of the content fields that differ (serialised values)."""
    hidden = _hidden(before, after)
    old, new = _values(before, hidden), _values(after, hidden)
    return {
        name: [old.get(name), new.get(name)]
        for name in dict.fromkeys([*old, *new])
        if name not in META_FIELDS and old.get(name) != new.get(name)
    }


def record(
    session: Session, kind: str, before: Record | None, after: Record | None, operation: str | None = None
) -> None:
    """Note that a record of ``kind`` went from ``before`` to ``after`` (``None``: not there) in
    ``session``'s transaction. A "changed" entry that changes no content field is left out."""
    if not _enabled or (before is None and after is None):
        return
    if operation is None:
        operation = "created" if before is None else "deleted" if after is None else "changed"
    shown = after if after is not None else before
    assert shown is not None
    if operation == "changed":
        assert before is not None and after is not None
        changes: dict[str, Any] = changed_fields(before, after)
        if not changes:
            return
    else:
        changes = _values(shown, _hidden(before, after))
    add(session, Pending(kind, shown.id, operation, shown.display_name, changes))


def record_many(session: Session, kind: str, pairs: Sequence[tuple[Record | None, Record | None]], operation: str | None = None) -> None:
    for before, after in pairs:
        record(session, kind, before, after, operation)


def add(session: Session, entry: Pending) -> None:
    """Queue ``entry`` in ``session``'s transaction (written just before its commit)."""
    if not _enabled:
        return
    session.info.setdefault(_PENDING, []).append(entry)


def _actor(session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return literal_column("session_user")  # the login role, also when it is shared by a pool
    return system_user()


def write_pending(session: Session) -> None:
    """Write the queued entries now (one statement), inside the transaction."""
    pending: list[Pending] = session.info.pop(_PENDING, [])
    if not pending:
        return
    at = session.info.setdefault(_AT, utcnow())
    own_batch = batch_id(session)
    own = [e for e in pending if e.actor is None]
    foreign = [e for e in pending if e.actor is not None]
    table = cast(Table, RecordHistoryRow.__table__)
    if foreign:  # entries carried over from elsewhere (a travel copy): they happened first
        rows = [{**_row(e, at, own_batch), "actor": e.actor} for e in foreign]
        session.execute(insert(table), rows)
    if own:
        rows = [_row(e, at, own_batch) for e in own]
        session.execute(insert(table).values(actor=_actor(session)), rows)


def _row(entry: Pending, at: datetime, batch: str) -> dict[str, Any]:
    return {
        "at": entry.at or at,
        "batch_id": entry.batch_id or batch,
        "kind": entry.kind,
        "record_id": entry.record_id,
        "operation": entry.operation,
        "label": entry.label,
        "changes": json.dumps(entry.changes, ensure_ascii=False, sort_keys=True),
    }


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    write_pending(session)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    for key in (_PENDING, _BATCH, _AT):
        session.info.pop(key, None)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    for key in (_BATCH, _AT):
        session.info.pop(key, None)
