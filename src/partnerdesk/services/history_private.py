"""Contacts' personal data in the history on a server: shown to the personal-data role only.

On a PostgreSQL server a trigger (migration 0006) moves the values of a contact's e-mail,
phone and notes out of every history entry into ``record_history_private``, which row-level
security shows to members of the personal-data role only, and leaves ``MARK`` in their place.
The history reader (``services.history``) asks for those values once per list of entries,
and only when an entry holds the mark: a member gets the values back, anybody else sees
"vertraulich" (as in the contact's form) - the server, not the program, decides which.

On a file nothing is moved (one user, who sees everything): the values stay in the entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerdesk.persistence.tables import RecordHistoryPrivateRow
from partnerdesk.services.history_writer import PERSONAL_FIELDS

#: What the server leaves in ``record_history.changes`` for a moved value (migration 0006).
MARK = "vertraulich"
_MARKED = json.dumps(MARK)
_KIND = "contacts"


def private_values(session: Session, rows: Iterable[Any]) -> dict[int, dict[str, Any]] | None:
    """The personal values of those ``rows`` (``record_history`` rows) that the server keeps apart,
    by entry id, as far as this user may read them; ``None`` where nothing is kept apart (a file).
    One query, and none at all unless an entry holds the mark."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    wanted = [int(r.id) for r in rows if r.kind == _KIND and _MARKED in (r.changes or "")]
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        query = select(RecordHistoryPrivateRow).where(RecordHistoryPrivateRow.history_id.in_(wanted[start:start + 500]))
        for row in session.scalars(query):
            found[int(row.history_id)] = _decoded(row.changes)
    return found


def reveal(kind: str, data: dict[str, Any], private: dict[str, Any] | None, hidden: Any) -> dict[str, Any]:
    """``data`` (an entry's decoded changes) with each marked personal field's value put back from
    ``private`` (the values this user may read), or ``hidden`` where the server did not show it."""
    if kind != _KIND:
        return data
    result = dict(data)
    for name in PERSONAL_FIELDS:
        value = data.get(name)
        if value != MARK and value != [MARK, MARK]:
            continue
        if private is not None and name in private:
            result[name] = private[name]
        else:
            result[name] = [hidden, hidden] if isinstance(value, list) else hidden
    return result


def _decoded(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
