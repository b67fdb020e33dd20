"""Which backups and merge reports still hold a person, and purging them (``--purge-backups``).

Every kind of copy PartnerDesk writes beside a database file lies in its ``backups`` folder:
the daily ones (``…-auto``), hand-made ones (``…-backup``), before a migration, a restore or a
travel merge, and the merge reports (``.txt``/``.json``). A copy "holds" the person when its
bytes contain the contact's id, name or e-mail (free pages included). Purging rewrites each
one without the person ("rewrite": the database backups through SQLite, then ``VACUUM``; the
reports with the texts replaced) or deletes it ("delete"). Encrypted copies (travel copies'
backups) cannot be read without their passphrase: they are listed as such and only deleted.

A database on a server has no files of ours beside it (IT backs it up); its merge reports are
in the user's data folder, and are listed and purged the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.text import fold
from partnerdesk.i18n import _
from partnerdesk.persistence import erasure_files, rotation
from partnerdesk.persistence.database import Database
from partnerdesk.services.erasure_mentions import Person

#: How the user chose to purge: rewrite without the person, or delete the copy.
PURGE_MODES = ("rewrite", "delete")
_STAMP = re.compile(r"-(\d{8}-\d{6})-")


@dataclass(frozen=True)
class HeldCopy:
    path: Path
    #: "backup" (a database copy) or "report" (a merge report).
    kind: str
    #: When it was written (from its name, else the file's time).
    written: datetime
    #: Whether it could be read (an encrypted copy cannot).
    readable: bool = True
    #: When rotation lets it go at the earliest (``persistence.rotation``; ``None``: not by time).
    expires: datetime | None = None

    def expiry_text(self) -> str:
        """"läuft ab am 07.03.2027" / "bleibt, bis die Rotation es entfernt" ... for the preview."""
        from partnerdesk.persistence import rotation

        if rotation.classify(self.path) is None:
            return _("kept until deleted by hand")
        if self.expires is None:
            return _("goes when newer ones replace it (rotation)")
        return _("expires by rotation on {date}").format(date=self.expires.strftime("%d.%m.%Y"))


def folders(db: Database) -> list[Path]:
    """Where the copies of ``db`` lie."""
    from partnerdesk import paths
    from partnerdesk.travel.apply import report_folder

    found = [] if db.remote else [paths.backups_dir(db.path)]
    reports = report_folder(db)
    if reports not in found:
        found.append(reports)
    return [f for f in found if f.is_dir()]


def needles(person: Person) -> list[str]:
    """What a copy holding the person contains: their name or e-mail (not the bare id: the
    deletion log and the erased history entries keep that, and it says nothing about anybody)."""
    return list(person.exact)


def copies_holding(db: Database, person: Person) -> list[HeldCopy]:
    """The backups and merge reports of ``db`` that still hold ``person``, oldest first."""
    found: list[HeldCopy] = []
    wanted = needles(person)
    own = db.path.resolve() if not db.remote else None
    for folder in folders(db):
        for path in sorted(folder.iterdir()):
            if not path.is_file() or path.name.startswith(".") or (own is not None and path.resolve() == own):
                continue
            if path.suffix in (".txt", ".json"):
                kind = "report"
            elif path.suffix in (".sqlite", ".db", ".pdtravel") or _sqlite_or_encrypted(path):
                kind = "backup"
            else:
                continue
            try:
                readable = kind == "report" or erasure_files.is_sqlite(path)
                holds = erasure_files.file_holds(path, wanted) if readable else True
            except OSError:
                continue
            if holds:
                found.append(HeldCopy(path, kind, _written(path), readable, rotation.expires_on(path)))
    return sorted(found, key=lambda c: (c.written, c.path.name))


def _sqlite_or_encrypted(path: Path) -> bool:
    return path.suffix == "" and path.stat().st_size >= 512


def _written(path: Path) -> datetime:
    match = _STAMP.search(path.name)
    if match:
        try:
            return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime)


def replacements(person: Person, mark: str) -> list[tuple[str, str]]:
    """What purging replaces: each spelling (and its folded search form) by ``mark``."""
    pairs: list[tuple[str, str]] = []
    for spelling in person.exact:
        for form in dict.fromkeys([spelling, fold(spelling)]):
            if form:
                pairs.append((form, mark))
    return sorted(pairs, key=lambda p: -len(p[0]))


def purge(copies: list[HeldCopy], person: Person, mode: str, mark: str) -> list[Path]:
    """Rewrite (``mode`` "rewrite") or delete the ``copies``; returns the paths handled. An encrypted
    copy is deleted in either mode (it cannot be rewritten without its passphrase)."""
    if mode not in PURGE_MODES:
        raise UserError(_("Choose “rewrite” or “delete” for the backups."))
    pairs = replacements(person, mark)
    done: list[Path] = []
    for copy in copies:
        if mode == "delete" or not copy.readable:
            copy.path.unlink(missing_ok=True)
        elif copy.kind == "report":
            erasure_files.purge_text_file(copy.path, pairs)
        else:
            erasure_files.purge_backup(copy.path, person.contact_id, pairs)
        done.append(copy.path)
    return done
