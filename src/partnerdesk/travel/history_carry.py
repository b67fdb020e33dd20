"""A travel copy's history comes back with its merge: who changed what on the trip, and when.

At check-out the copy notes the position of its history (``travel_meta.history_seq``: the
newest entry it was given). The merge copies every entry the laptop wrote after that into
the office's history, keeping its user, time and batch id, in the merge's own transaction,
and notes in the office database how far it came (``travel_history:<check-out id>``), so a
second merge of the same copy adds only what was written on the laptop since.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from partnerdesk.persistence import personal_data
from partnerdesk.persistence.tables import DatabaseInfo
from partnerdesk.persistence.tables_beside import RecordHistoryRow
from partnerdesk.services import history_writer

#: ``travel_meta`` key: the id of the newest history entry the copy was checked out with.
META_KEY = "history_seq"
#: ``database_info`` key in the office: the newest travel entry already carried over.
CARRIED_KEY = "travel_history:{checkout_id}"
_H = RecordHistoryRow


def checkout_position(connection: Any) -> int | None:
    """The newest history entry of the database being copied (``None`` without a history)."""
    if not inspect(connection).has_table(_H.__tablename__):
        return None
    return int(connection.exec_driver_sql(f"SELECT COALESCE(MAX(id), 0) FROM {_H.__tablename__}").scalar() or 0)


def _start(tsession: Session, checked_out_at: str) -> tuple[int, datetime | None]:
    """Where the laptop's own entries begin: after the noted position, or (a copy made before
    the history existed) everything since the check-out time."""
    conn = tsession.connection()
    raw = conn.exec_driver_sql(f"SELECT value FROM travel_meta WHERE key = '{META_KEY}'").scalar()
    if raw is not None and str(raw).isdigit():
        return int(raw), None
    try:
        since = datetime.fromisoformat(checked_out_at)
    except ValueError:
        return 0, None
    return 0, since if since.tzinfo else since.replace(tzinfo=UTC)


def carry_history(
    session: Session, tsession: Session, checkout_id: str, checked_out_at: str, erased: set[str] | None = None,
    people: Sequence[Any] = (),
) -> int:
    """Copy the laptop's new history entries into the office (``session``); returns how many.
    Entries of contacts erased in the office (``erased``: their ids, from the deletion log) stay out,
    and their names and e-mails (``people``: ``erasure_mentions.Person``) are blanked in the others."""
    if not inspect(tsession.connection()).has_table(_H.__tablename__):
        return 0
    key = CARRIED_KEY.format(checkout_id=checkout_id)
    carried = session.scalar(select(DatabaseInfo.value).where(DatabaseInfo.key == key))
    position, since = _start(tsession, checked_out_at)
    after = max(position, int(carried) if carried and carried.isdigit() else 0)
    query = select(_H).where(_H.id > after, _H.operation != "started").order_by(_H.id)
    if since is not None:
        query = query.where(_H.at >= since)
    newest = after
    count = 0
    # A merging login without the personal-data role cannot write (or see) contacts' personal
    # values: they stay out of the carried entries, as the merge leaves them out of the records.
    hidden = personal_data.hidden_in(session)
    for row in tsession.scalars(query):
        if erased and row.kind == "contacts" and row.record_id in erased:
            newest = row.id
            continue
        changes = json.loads(row.changes or "{}")
        if hidden and row.kind == "contacts":
            changes = {k: v for k, v in changes.items() if k not in history_writer.PERSONAL_FIELDS}
        if people:
            text = json.dumps(changes, ensure_ascii=False)
            for person in people:
                text = person.blanked_exact(text)
            changes = json.loads(text)
        history_writer.add(session, history_writer.Pending(
            kind=row.kind, record_id=row.record_id, operation=row.operation, label=row.label,
            changes=changes, actor=row.actor, at=row.at, batch_id=row.batch_id,
        ))
        newest, count = row.id, count + 1
    if count:
        session.merge(DatabaseInfo(key=key, value=str(newest)))
    return count
