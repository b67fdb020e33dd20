"""Where copies of a person's data are: backups and travel copies (for the Auskunft, Art. 15).

Sources are functions ``(db, contact) -> list[CopyPlace]`` in ``COPY_SOURCES``; this module
adds the backups beside a database file (every kind: daily, by hand, before a migration, a
restore or a merge, and the merge reports) and the travel copies the office has merged back.
A register of every travel copy checked out (issue 22, "Reisekopien") adds its own source
under the name ``TRAVEL_REGISTER``; until one is registered, the Auskunft says that copies
still out in the field are not known here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from partnerdesk.domain.records import Contact
from partnerdesk.i18n import _
from partnerdesk.paths import backups_dir
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import DatabaseInfo


@dataclass(frozen=True)
class CopyPlace:
    """One copy that holds (or may hold) the person: ``kind`` "backup", "report" or "travel"."""

    kind: str
    #: The file's name, or how the copy is known (a travel copy's file name and who took it).
    where: str
    #: When the copy was made (checked out, written), timezone-aware; None when unknown.
    made_at: datetime | None
    #: True: made after the contact was entered, so it holds them; None: cannot be told.
    holds: bool | None
    note: str = ""


CopySource = Callable[[Database, Contact], list[CopyPlace]]
#: The name under which the travel-copy register registers its source in ``COPY_SOURCES``.
TRAVEL_REGISTER = "travel_register"

_STAMP = re.compile(r"-(\d{8}-\d{6})-(.+)$")


def backups_of(db: Database, contact: Contact) -> list[CopyPlace]:
    """Every dated file in the database's backup folder: backups of each kind and merge reports."""
    if db.remote:
        return []
    database = Path(db.path)
    folder = backups_dir(database)
    if not folder.is_dir():
        return []
    entered = contact.created_at
    found = []
    for path in sorted(folder.iterdir()):
        if not path.name.startswith(database.stem + "-") or path.name.endswith((".partial", ".stale")):
            continue
        match = _STAMP.search(path.stem)
        if match is None or not path.is_file():
            continue
        try:
            made = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").astimezone(UTC)  # written in local time
        except ValueError:
            continue
        report = path.suffix.lower() in (".txt", ".csv", ".html", ".json")
        # Names keep whole seconds: a copy of the second the contact was entered may hold them.
        holds = None if entered is None else made + timedelta(seconds=1) > entered
        found.append(CopyPlace("report" if report else "backup", path.name, made, holds, match.group(2)))
    return found


def merged_travel_copies(db: Database, contact: Contact) -> list[CopyPlace]:
    """The travel copies this office merged back (it remembers each one it merged)."""
    with db.read() as session:
        rows = session.execute(select(DatabaseInfo.key, DatabaseInfo.value).where(DatabaseInfo.key.like("travel\\_merged:%", escape="\\"))).all()
    found = []
    for _key, value in rows:
        try:
            summary = json.loads(value)
            out_at = datetime.fromisoformat(str(summary.get("checked_out_at", "")))
        except (ValueError, TypeError, AttributeError):
            continue
        out_at = out_at if out_at.tzinfo else out_at.replace(tzinfo=UTC)
        holds = None if contact.created_at is None else out_at >= contact.created_at
        where = _("{file}, checked out by {user}").format(file=summary.get("travel_file", "?"), user=summary.get("checked_out_by", "?"))
        note = _("merged back on {day}").format(day=str(summary.get("merged_at", ""))[:10])
        found.append(CopyPlace("travel", where, out_at, holds, note))
    return found


COPY_SOURCES: dict[str, CopySource] = {"backups": backups_of, "travel_merged": merged_travel_copies}


def copies_of(db: Database, contact: Contact) -> tuple[list[CopyPlace], list[str]]:
    """Every copy the sources know, newest first, and notes on what cannot be known here."""
    places: list[CopyPlace] = []
    for source in COPY_SOURCES.values():
        places += source(db, contact)
    notes = []
    if TRAVEL_REGISTER not in COPY_SOURCES:
        notes.append(_(
            "Travel copies checked out and not yet merged back cannot be listed yet (there is no register "
            "of travel copies)."
        ))
    if db.remote:
        notes.append(_("The database is on a server: its backups are kept by the server's administrators; ask them."))
    places.sort(key=lambda p: p.made_at or datetime.min.replace(tzinfo=UTC), reverse=True)
    return places, notes
