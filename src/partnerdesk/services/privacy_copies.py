"""Where copies of a person's data are: backups and travel copies (for the Auskunft, Art. 15).

Sources are functions ``(db, contact) -> list[CopyPlace]`` in ``COPY_SOURCES``; this module
adds the backups beside a database file (every kind: daily, by hand, before a migration, a
restore or a merge, and the merge reports) and the travel copies of the register.
The register of every travel copy checked out (issue 22, *Reise → Reisekopien*,
``travel.register``) is the source of travel copies (``TRAVEL_REGISTER``): out in the field,
merged back, destroyed or reported lost, and whether each held the person.
"""

from __future__ import annotations

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


def registered_travel_copies(db: Database, contact: Contact) -> list[CopyPlace]:
    """Every travel copy of the register (``travel.register``): out, merged back, destroyed or lost.
    A copy holds the person when its list of records names the contact; a copy entered from an
    older merge (no list) is judged by its date."""
    from partnerdesk.persistence.tables_retention import TravelCopyRecordRow
    from partnerdesk.travel import register

    with db.read() as session:
        listed = set(session.scalars(select(TravelCopyRecordRow.checkout_id).distinct()))
        naming = set(session.scalars(select(TravelCopyRecordRow.checkout_id).where(
            TravelCopyRecordRow.kind == "contacts", TravelCopyRecordRow.record_id == contact.id)))
    found = []
    for copy in register.copies(db):
        if copy.checkout_id in listed:
            holds: bool | None = copy.checkout_id in naming
        else:
            holds = None if contact.created_at is None else copy.checked_out_at >= contact.created_at
        where = _("{file}, checked out by {user}").format(file=copy.file_name or "?", user=copy.checked_out_by or "?")
        found.append(CopyPlace("travel", where, copy.checked_out_at, holds, copy.status_text()))
    return found


#: The travel copy register knows every copy merged back too (revision 0019 entered the older
#: merges from their ``travel_merged:`` notes), so it is the one source of travel copies.
COPY_SOURCES: dict[str, CopySource] = {"backups": backups_of, TRAVEL_REGISTER: registered_travel_copies}


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
