"""What the Verlauf tab and the database history read: the entries and the names of the
records they refer to, in a few queries (never one per row). Runs in ``background.call``'s
worker on a server, so it gets and returns plain values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from partnerdesk.domain.history import HistoryEntry, HistoryFilter
from partnerdesk.domain.records import REFERENCES
from partnerdesk.services.history import History

#: Fields whose values are ids of other records (or participants holding one).
_ID_FIELDS = frozenset(name for refs in REFERENCES.values() for name, _kind, _required in refs)


@dataclass(frozen=True)
class Loaded:
    entries: list[HistoryEntry]
    #: Names of the records the entries' values refer to, by id.
    names: dict[str, str] = field(default_factory=dict)


def referenced_ids(entries: Iterable[HistoryEntry]) -> set[str]:
    found: set[str] = set()
    for entry in entries:
        for change in entry.changes:
            if change.field in _ID_FIELDS:
                for value in (change.old, change.new):
                    found.update(_ids(value))
    return found


def _ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    ids = []
    for item in items:
        for ident in ((item.get("organisation_id"), item.get("contact_id")) if isinstance(item, dict) else (item,)):
            if isinstance(ident, str) and ident:
                ids.append(ident)
    return ids


def for_record(db: Any, kind: str, record_id: str) -> Loaded:
    """A record's entries, newest first, with the names they refer to."""
    history = History(db)
    entries = history.for_record(kind, record_id)
    ids = referenced_ids(entries)
    return Loaded(entries, history.names(ids) if ids else {})


def search(db: Any, wanted: HistoryFilter, limit: int) -> Loaded:
    """The entries matching ``wanted``, newest first, at most ``limit``."""
    history = History(db)
    entries = history.search(wanted, limit)
    ids = referenced_ids(entries)
    return Loaded(entries, history.names(ids) if ids else {})
