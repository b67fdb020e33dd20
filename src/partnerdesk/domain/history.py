"""The history of every change, as plain values: what the Verlauf views and the command line show.

A ``HistoryEntry`` says who did what to which record and when; its ``changes`` name the
fields with their values before and after, as the domain records serialise them
(``domain.serialization``: ISO dates, amounts as text, enums by value, lists of links as
lists). "created" and "restored" entries list the record's values (``old`` is ``None``),
"deleted" entries the values it had (``new`` is ``None``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

#: The operations an entry can record. "started": the history of this database begins.
OPERATIONS = ("created", "changed", "deleted", "restored", "started")

#: Record fields that are bookkeeping, never a change (versions, timestamps, the id itself).
META_FIELDS = frozenset({"id", "version", "created_at", "updated_at"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    #: When, timezone-aware (UTC).
    at: datetime
    #: Who: the login role on a server, the system user on a file.
    actor: str
    #: The entries of one action (a save, an import, a merge, an undo) share it.
    batch_id: str
    #: The register ("organisations", ...), "" for an entry about the whole database.
    kind: str
    record_id: str
    operation: str
    #: The record's name at that time.
    label: str
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class HistoryFilter:
    """What to look for; every given condition must hold (``None``/empty: any)."""

    #: The acting user, exactly as recorded.
    user: str | None = None
    #: From this moment on (inclusive), timezone-aware.
    since: datetime | None = None
    #: Before this moment (exclusive), timezone-aware.
    until: datetime | None = None
    #: Registers to include.
    kinds: tuple[str, ...] = ()
    #: One record: (kind, id).
    record: tuple[str, str] | None = None
    #: Part of the record's name (case-insensitive).
    text: str | None = None
