"""Reading the history of every change (``record_history``), and the door to writing it.

``History(db)`` answers "what happened to this record", "what happened in this period, by
whom, in which register", "what was deleted" and, for live refresh, "what is new since
entry N". The writer (``record``, ``batch``) lives in ``services.history_writer``; every
write path of the services calls it inside its own transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, and_, exists, func, literal_column, select, type_coerce
from sqlalchemy.orm import aliased

from partnerdesk.domain.history import META_FIELDS, FieldChange, HistoryEntry, HistoryFilter
from partnerdesk.domain.records import RETIRED_FIELDS, Record
from partnerdesk.domain.serialization import SerializationError, record_from_dict
from partnerdesk.domain.text import contains, fold
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables_beside import RecordHistoryPersonalRow, RecordHistoryRow
from partnerdesk.services.history_writer import HIDDEN_MARK, PERSONAL_FIELDS, batch, record, system_user

__all__ = ["History", "batch", "record", "system_user", "entry_of"]

#: The most entries one search returns unless the caller asks for fewer.
DEFAULT_LIMIT = 1_000
_H = RecordHistoryRow
_P = RecordHistoryPersonalRow


def _decoded(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def entry_of(row: Any, personal: str | None = None, *, hide_personal: bool = False) -> HistoryEntry:
    """The plain entry of a ``record_history`` row, with its personal part (``personal``: the
    JSON of ``record_history_personal``, ``None`` if there is none or the server hides it).
    ``hide_personal``: this user may not see contacts' personal data; the values a "created",
    "restored" or "deleted" contact had read "vertraulich"."""
    data = _decoded(row.changes)
    if personal is not None:
        data.update(_decoded(personal))
    elif row.kind == "contacts":  # kept apart and not shown to this user: "vertraulich" in their language
        hidden = _("confidential")
        for name in PERSONAL_FIELDS & data.keys():
            value = data[name]
            if value == HIDDEN_MARK:
                data[name] = hidden
            elif value == [HIDDEN_MARK, HIDDEN_MARK]:
                data[name] = [hidden, hidden]
    if personal is None and hide_personal and row.kind == "contacts" and row.operation in ("created", "restored", "deleted"):
        data.update(dict.fromkeys(sorted(PERSONAL_FIELDS), _("confidential")))
    changes: list[FieldChange] = []
    if row.operation == "changed":
        for name, pair in sorted(data.items()):
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            changes.append(FieldChange(name, old, new))
    elif row.operation == "deleted":
        changes = [FieldChange(name, value, None) for name, value in sorted(data.items()) if name not in META_FIELDS]
    elif row.operation in ("created", "restored"):
        changes = [FieldChange(name, None, value) for name, value in sorted(data.items()) if name not in META_FIELDS]
    return HistoryEntry(
        id=int(row.id), at=_moment(row.at), actor=row.actor, batch_id=row.batch_id, kind=row.kind, record_id=row.record_id,
        operation=row.operation, label=row.label, changes=tuple(changes),
    )


def _moment(value: Any) -> datetime:
    """A stored ``at`` as an aware UTC datetime: read as text from SQLite (``fromisoformat`` is
    many times quicker than the dialect's own parsing, which a Verlauf of 1,000 entries feels),
    as a datetime from a server."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _select(*conditions: Any) -> Any:
    """Entries with their personal part (an outer join: a server's row-level security leaves it
    out for a user without the personal-data role). Plain columns, not ORM objects: a record's
    Verlauf of 1,000 entries is read in a fraction of the time."""
    return (
        select(_H.id, type_coerce(_H.at, String).label("at"), _H.actor, _H.batch_id, _H.kind, _H.record_id, _H.operation, _H.label, _H.changes,
               _P.changes.label("personal"))
        .outerjoin(_P, _P.entry_id == _H.id)
        .where(*conditions)
    )


class History:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _entries(self, session: Any, query: Any) -> list[HistoryEntry]:
        hide = not self.db.personal_data_visible
        return [entry_of(row, row.personal, hide_personal=hide) for row in session.execute(query).all()]

    def for_record(self, kind: str, record_id: str) -> list[HistoryEntry]:
        """Every entry of one record, newest first."""
        with self.db.read() as session:
            return self._entries(session, _select(_H.kind == kind, _H.record_id == record_id).order_by(_H.id.desc()))

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
        query = _select(_H.id > entry_id).order_by(_H.id)
        if limit is not None:
            query = query.limit(limit)
        with self.db.read() as session:
            return self._entries(session, query)

    def deleted(self, kind: str | None = None, text: str | None = None, limit: int = DEFAULT_LIMIT) -> list[HistoryEntry]:
        """The deletions of records that are still deleted (not created or restored since), newest first."""
        later = aliased(RecordHistoryRow)
        conditions: list[Any] = [
            _H.operation == literal_column("'deleted'"),  # written out: the partial index's own condition
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
            found = session.execute(_select(_H.id == entry_id)).first()
            if found is None or found.operation not in ("deleted", "created", "restored"):
                return None
            kind, data = found.kind, _decoded(found.changes)
            data.update(_decoded(found.personal) if found.personal is not None else {})
        if kind == "contacts" and found.personal is None:  # a value kept apart and not readable here
            data = {k: ("" if k in PERSONAL_FIELDS and v == HIDDEN_MARK else v) for k, v in data.items()}
        for name in RETIRED_FIELDS.get(kind, ()):  # written by an older version; kept elsewhere now
            data.pop(name, None)
        hidden = kind == "contacts" and not self.db.personal_data_visible
        if hidden:
            data = {**data, **dict.fromkeys(PERSONAL_FIELDS, "")}
        try:
            record = record_from_dict(kind, data)
        except SerializationError:
            return None
        if hidden:
            record.personal_hidden = True  # type: ignore[attr-defined]
        return record

    def names(self, ids: Iterable[str]) -> dict[str, str]:
        """The names of records by id: as they are now, or (deleted) as the history last knew them."""
        from partnerdesk.services.records import ROW_TYPES, SERVICE_TYPES

        wanted = sorted(set(ids))
        found: dict[str, str] = {}
        with self.db.read() as session:
            for kind, row_type in ROW_TYPES.items():
                column = getattr(row_type, SERVICE_TYPES[kind].name_column)
                for start in range(0, len(wanted), 500):
                    chunk = [i for i in wanted[start:start + 500] if i not in found]
                    if chunk:
                        found.update({i: n for i, n in session.execute(select(row_type.id, column).where(row_type.id.in_(chunk)))})
            missing = [i for i in wanted if i not in found]
            for start in range(0, len(missing), 500):
                rows = session.execute(
                    select(_H.record_id, _H.label).where(_H.record_id.in_(missing[start:start + 500]), _H.kind != "")
                    .order_by(_H.id)
                )
                found.update({i: n for i, n in rows})  # the newest label wins
        return found

    def resolve(self, text: str, kind: str | None = None) -> tuple[str, str]:
        """The record ``text`` names: (register, id). An id, or an unambiguous part of the name of a
        record (in ``kind`` or any register), or of a deleted one that the history remembers."""
        from partnerdesk.domain.errors import AmbiguousNameError, NotFoundError
        from partnerdesk.services.records import KIND_LABELS, SERVICE_TYPES

        kinds = [kind] if kind else list(SERVICE_TYPES)
        found: list[tuple[str, str, str]] = []
        ambiguous: list[str] = []
        for each in kinds:
            try:
                record = SERVICE_TYPES[each](self.db).find(text)
            except AmbiguousNameError as exc:
                ambiguous += list(exc.candidates)
                continue
            except NotFoundError:
                continue
            found.append((each, record.id, record.display_name))
        exact = [f for f in found if fold(f[2]) == fold(text.strip()) or f[1] == text.strip()]
        if len(exact) == 1:  # "Kumasi": the organisation of that name, not every title containing it
            return exact[0][0], exact[0][1]
        if len(found) == 1 and not ambiguous:
            return found[0][0], found[0][1]
        if not found and not ambiguous:
            ident = text.strip()
            with self.db.read() as session:
                query = select(_H.kind, _H.record_id).where(_H.record_id == ident, _H.kind != "")
                if kind:
                    query = query.where(_H.kind == kind)
                known = session.execute(query.limit(1)).first()
            if known is not None:
                return known[0], known[1]
            gone = {(e.kind, e.record_id): e.label for e in self.deleted(kind, text)}
            if len(gone) == 1:
                return next(iter(gone))
            if not gone:
                raise NotFoundError(_("No record matches “{text}”, not even a deleted one.").format(text=text))
            ambiguous = [f"{label} ({record_id})" for (_kind, record_id), label in gone.items()]
        names = ambiguous + [f"{name} ({KIND_LABELS[k][0]()}, {i})" for k, i, name in found]
        raise AmbiguousNameError(
            _("“{text}” matches several records: {names}").format(text=text, names="; ".join(names)), names
        )

    def _matching(self, conditions: Sequence[Any], text: str | None, limit: int) -> list[HistoryEntry]:
        needle = fold((text or "").strip())
        with self.db.read() as session:
            if not needle:
                return self._entries(session, _select(*conditions).order_by(_H.id.desc()).limit(limit))
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
            found: list[HistoryEntry] = []
            for start in range(0, len(ids), 500):
                found += self._entries(session, _select(_H.id.in_(ids[start:start + 500])))
            return sorted(found, key=lambda e: -e.id)
