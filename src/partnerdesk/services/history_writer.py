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

import dataclasses
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
from partnerdesk.domain.records import TRANSIENT, Record
from partnerdesk.domain.serialization import to_jsonable
from partnerdesk.persistence.tables_beside import RecordHistoryPersonalRow, RecordHistoryRow
from partnerdesk.persistence.types import utcnow

_PENDING = "partnerdesk_history_pending"
_BATCH = "partnerdesk_history_batch"
_AT = "partnerdesk_history_at"

#: Fields the server may hide from a user (``Contact.personal_hidden``): never recorded then.
PERSONAL_FIELDS = frozenset({"email", "phone", "notes", "address"})
#: What an entry holds in place of a personal value kept apart (also the server's trigger, 0006).
HIDDEN_MARK = "vertraulich"

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


_PLAIN = frozenset({str, int, float, bool, type(None)})


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    found = _FIELD_NAMES.get(cls)
    if found is None:
        found = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls) if not f.metadata.get(TRANSIENT))
    return found


def _values(record: Record, hidden: bool) -> dict[str, Any]:
    """``record_to_dict(record)`` (without the hidden personal fields), quicker: most values
    are plain already, and this runs for every record an import writes."""
    data = {
        name: value if type(value) in _PLAIN else to_jsonable(value)
        for name in _field_names(type(record))
        for value in (getattr(record, name),)
    }
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


def record_deletion(session: Session, removed: Sequence[Record], changed: Sequence[Record], left: Sequence[Record]) -> None:
    """The history of a deletion: the ``removed`` records, and the ``changed`` ones (as they were)
    that it unlinked, as it ``left`` them."""
    for record_ in removed:
        record(session, record_.KIND, record_, None)
    after = {(r.KIND, r.id): r for r in left}
    for before in changed:
        record(session, before.KIND, before, after.get((before.KIND, before.id)))


def add(session: Session, entry: Pending) -> None:
    """Queue ``entry`` in ``session``'s transaction (written just before its commit)."""
    if not _enabled:
        return
    session.info.setdefault(_PENDING, []).append(entry)


_COLUMNS = ("at", "batch_id", "kind", "record_id", "operation", "label", "changes")


def split_personal(kind: str, operation: str, changes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``changes`` as (the entry's own part, the personal part kept in ``record_history_personal``):
    contacts' e-mail, phone and notes go apart (an empty personal part is left out); so do an
    activity's participant lines when one has dietary or accessibility notes (health data, revision
    0017): the entry keeps the lines with those notes read "vertraulich"."""
    if kind == "activities" and _has_health_notes(changes.get("attendees")):
        return {**changes, "attendees": _health_hidden(changes["attendees"])}, {"attendees": changes["attendees"]}
    if kind != "contacts" or not PERSONAL_FIELDS & changes.keys():
        return changes, {}
    personal = {name: value for name, value in changes.items() if name in PERSONAL_FIELDS}
    own = {name: value for name, value in changes.items() if name not in PERSONAL_FIELDS}
    if operation != "changed" and not any(personal.values()):
        return own, {}  # nothing stored: the fields' defaults say the same
    # The entry names the fields (as the server's own split, migration 0006, does): a reader who
    # may not see the personal part still reads that e-mail or phone changed, as "vertraulich".
    for name, value in personal.items():
        own[name] = [HIDDEN_MARK, HIDDEN_MARK] if isinstance(value, list) else HIDDEN_MARK
    return own, personal


#: A participant line's health notes (``Attendee.dietary``/``accessibility``).
HEALTH_FIELDS = ("dietary", "accessibility")


def _has_health_notes(value: Any) -> bool:
    if isinstance(value, list):
        return any(_has_health_notes(v) for v in value)
    return isinstance(value, dict) and any(value.get(f) for f in HEALTH_FIELDS)


def _health_hidden(value: Any) -> Any:
    if isinstance(value, list):
        return [_health_hidden(v) for v in value]
    if isinstance(value, dict):
        return {k: HIDDEN_MARK if k in HEALTH_FIELDS and v else v for k, v in value.items()}
    return value


def write_pending(session: Session) -> None:
    """Write the queued entries now, inside the transaction.

    Plain driver SQL (one ``executemany``) with the columns' own conversions, like the table
    import's bulk insert: an import of 10,000 rows writes 10,000 entries, and SQLAlchemy's
    per-row work would cost more than the rows themselves. Entries with contacts' personal data
    need their ids for the personal part: those go through an INSERT ... RETURNING."""
    pending: list[Pending] = session.info.pop(_PENDING, [])
    if not pending:
        return
    at = session.info.setdefault(_AT, utcnow())
    own_batch = batch_id(session)
    connection = session.connection()
    dialect = connection.dialect
    table = cast(Table, RecordHistoryRow.__table__)
    convert_at = table.c.at.type.dialect_impl(dialect).bind_processor(dialect)
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    postgresql = dialect.name == "postgresql"

    def dumps(data: dict[str, Any]) -> str:
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    def write(group: list[Pending], foreign: bool) -> None:
        if not group:
            return
        parts = [split_personal(e.kind, e.operation, e.changes) for e in group]
        rows = [
            {"at": e.at or at, "batch_id": e.batch_id or own_batch, "kind": e.kind, "record_id": e.record_id,
             "operation": e.operation, "label": e.label, "changes": dumps(own), "actor": e.actor}
            for e, (own, _personal) in zip(group, parts, strict=True)
        ]
        # The login role on a server (also when a pool shares the connection), else the system user.
        own_actor: Any = literal_column("session_user") if postgresql else system_user()
        if not any(personal for _own, personal in parts):
            if foreign:
                actor_sql = mark
            else:
                actor_sql = "session_user" if postgresql else mark
            params = [
                (convert_at(r["at"]) if convert_at is not None else r["at"], r["batch_id"], r["kind"], r["record_id"],
                 r["operation"], r["label"], r["changes"], *((r["actor"],) if foreign else () if postgresql else (own_actor,)))
                for r in rows
            ]
            connection.exec_driver_sql(
                f"INSERT INTO {table.name} ({', '.join(_COLUMNS)}, actor) "
                f"VALUES ({', '.join([mark] * len(_COLUMNS))}, {actor_sql})",
                params,
            )
            return
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        if not foreign:
            statement = statement.values(actor=own_actor)
            rows = [{k: v for k, v in r.items() if k != "actor"} for r in rows]
        ids = [row[0] for row in connection.execute(statement, rows)]
        personal_rows = [
            {"entry_id": entry_id, "changes": dumps(personal)}
            for entry_id, (_own, personal) in zip(ids, parts, strict=True) if personal
        ]
        connection.execute(insert(cast(Table, RecordHistoryPersonalRow.__table__)), personal_rows)

    # Entries carried over from elsewhere (a travel copy) happened first.
    write([e for e in pending if e.actor is not None], foreign=True)
    write([e for e in pending if e.actor is None], foreign=False)


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
