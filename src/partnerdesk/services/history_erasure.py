"""Erasing a record from the history: what erasing a person (the privacy rules) does to it.

The history keeps every value a record ever had, so a person erased from the registers
would live on there. ``erase_from_history`` replaces, in every entry of one record, the
name and each value by "Datensatz gelöscht am <date> von <user>"; the entries themselves
stay (when, who, which fields, which operation), so the history still shows that something
happened and who erased it. The erased entries can no longer restore the record.

On a server the history is append-only for every group role (``server_roles``): the
erasing is done by the server function ``partnerdesk_history_erase`` (migration 0006),
which runs as the owner, also removes the values kept apart for the personal-data role,
and names the login role (``session_user``) as the one who erased, whatever ``actor`` says.
On a file it is a plain update in the same transaction.

Only the history of a record that is no longer there can be erased (a live record's past
stays: nobody hides their edits this way), and on a server only by members of the
personal-data role, whom the server asks for (the erasing function checks both itself).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from partnerdesk.domain.errors import UserError, WriteNotPermittedError
from partnerdesk.i18n import _
from partnerdesk.persistence import personal_data
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables_beside import RecordHistoryPersonalRow, RecordHistoryRow
from partnerdesk.services import history_writer

_H = RecordHistoryRow
#: Where the server puts its login role into the text (migration 0006).
_SERVER_USER = "{user}"


def erasure_text(actor: str, when: date | None = None) -> str:
    """ "Datensatz gelöscht am 07.12.2026 von mmuster". """
    day = (when or date.today()).strftime("%d.%m.%Y")
    return _("Record erased on {date} by {user}").format(date=day, user=actor)


def erase_from_history(target: Database | Session, kind: str, record_id: str, actor: str | None = None) -> int:
    """Replace the name and values of every history entry of the record ``kind``/``record_id`` by
    the erasure text; returns how many entries were erased. ``target``: a database (one write
    transaction of its own) or the session of the caller's write transaction (the erase command
    deletes the person and erases the history in one). ``actor``: who erases (on a file; ``None``:
    the system user); a server names the login role."""
    if isinstance(target, Session):
        return _erase(target, kind, record_id, actor)
    with target.write() as session:
        return _erase(session, kind, record_id, actor)


def _erase(session: Session, kind: str, record_id: str, actor: str | None) -> int:
    from partnerdesk.services.records import KIND_LABELS, ROW_TYPES

    row_type = ROW_TYPES.get(kind)
    if row_type is None:
        raise UserError(_("“{kind}” is not a register.").format(kind=kind))
    if personal_data.hidden_in(session):  # the server refuses too (partnerdesk_history_erase)
        raise WriteNotPermittedError(
            _("Only members of the personal-data role may erase a record from the history. Nothing was changed.")
        )
    if session.scalar(select(row_type.id).where(row_type.id == record_id)) is not None:
        raise UserError(
            _(
                "{register} {id} is still there: only the history of a deleted record can be erased. "
                "Nothing was changed."
            ).format(register=KIND_LABELS[kind][0](), id=record_id)
        )
    # Its attached files go for good (README "Anhänge"): the record can no longer be restored.
    from partnerdesk.services.attachments import purge_record

    purge_record(session, kind, record_id)
    # Entries this transaction has still to write (the person's deletion) are erased too.
    history_writer.write_pending(session)
    if session.get_bind().dialect.name == "postgresql":
        erased = session.execute(
            text("SELECT partnerdesk_history_erase(:kind, :record_id, :mark)"),
            {"kind": kind, "record_id": record_id, "mark": erasure_text(_SERVER_USER)},
        ).scalar()
        return int(erased or 0)
    mark = erasure_text(actor if actor is not None else history_writer.system_user())
    rows = session.scalars(
        select(_H).where(_H.kind == kind, _H.record_id == record_id, _H.operation != "started")
    ).all()
    for row in rows:
        row.label = mark
        row.changes = json.dumps(_erased(row.operation, row.changes, mark), ensure_ascii=False, sort_keys=True)
    if rows:
        ids = [int(r.id) for r in rows]
        for start in range(0, len(ids), 500):
            session.execute(delete(RecordHistoryPersonalRow).where(RecordHistoryPersonalRow.entry_id.in_(ids[start:start + 500])))
    session.flush()
    return len(rows)


def _erased(operation: str, changes: str, mark: str) -> dict[str, Any]:
    try:
        data = json.loads(changes or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        return {}
    return {
        name: [mark, mark] if operation == "changed" and isinstance(value, list) else mark
        for name, value in data.items()
    }
