"""The documents registry: every MoU written is recorded with its partnership (migration 0008).

``write_recorded`` is the only way an MoU file gets its name. The order makes a file and
its record one thing:

1. the document is built and written to a temporary name beside the target, synced to disk;
2. one write transaction inserts the record, then renames the temporary file to its name
   (an atomic rename), then commits.

If the build or the temporary file fails, nothing was recorded. If the record cannot be
written (read-only login, the database gone), the temporary file is removed: no file
without a record. If the rename fails, the transaction rolls back: no record without a
file. If the commit itself fails after the rename, the file is removed again unless the
record turns out to be committed after all (a lost answer to COMMIT). What remains is a
crash between rename and commit, which leaves a file without a record (never the
reverse), and a file the user deletes or moves later: the list says it is gone.

Writing over a file of the same name keeps the earlier file under a hidden name until the
commit: if the new file cannot be named or recorded, the earlier one gets its name back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, literal_column, select
from sqlalchemy.exc import SQLAlchemyError

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import PartnershipRow
from partnerdesk.persistence.tables_beside import GeneratedDocumentRow
from partnerdesk.persistence.types import utcnow


@dataclass(frozen=True)
class DocumentEntry:
    id: str
    partnership_id: str
    partnership_title: str
    kind: str
    format: str
    draft: int | None  # None: the final version
    languages: tuple[str, ...]
    document_date: date
    created_at: datetime
    created_by: str
    file_name: str

    @property
    def path(self) -> Path:
        return Path(self.file_name)

    def exists(self) -> bool:
        try:
            return self.path.is_file()
        except OSError:  # a name the file system refuses outright
            return False


def next_draft(db: Database, partnership_id: str) -> int:
    """The draft number after the highest recorded for the partnership's MoU (1 for the first)."""
    with db.read() as session:
        highest = session.scalar(
            select(func.max(GeneratedDocumentRow.draft)).where(
                GeneratedDocumentRow.partnership_id == partnership_id, GeneratedDocumentRow.kind == "mou"
            )
        )
    return int(highest or 0) + 1


def list_documents(db: Database, partnership_id: str | None = None) -> list[DocumentEntry]:
    """The recorded documents, newest first (of one partnership, or of all)."""
    query = (
        select(GeneratedDocumentRow, PartnershipRow.title)
        .join(PartnershipRow, PartnershipRow.id == GeneratedDocumentRow.partnership_id)
        .order_by(GeneratedDocumentRow.created_at.desc(), GeneratedDocumentRow.id)
    )
    if partnership_id is not None:
        query = query.where(GeneratedDocumentRow.partnership_id == partnership_id)
    with db.read() as session:
        rows = session.execute(query).all()
    return [
        DocumentEntry(
            id=row.id, partnership_id=row.partnership_id, partnership_title=title, kind=row.kind, format=row.format,
            draft=row.draft, languages=tuple(c for c in row.languages.split(",") if c),
            document_date=row.document_date, created_at=row.created_at, created_by=row.created_by,
            file_name=row.file_name,
        )
        for row, title in rows
    ]


def _created_by(db: Database) -> Any:
    if db.remote:  # the login role, as the server's history names it
        return literal_column("session_user")
    from partnerdesk.services.history_writer import system_user

    return system_user()


def write_recorded(
    db: Database,
    target: Path,
    build: Callable[[BinaryIO], object],
    *,
    partnership_id: str,
    fmt: str,
    draft: int | None,
    languages: list[str],
    on: date,
    kind: str = "mou",
) -> Path:
    """Build the document, then record it and give it its name in one transaction (module doc)."""
    from partnerdesk.documents.layout import discard, publish, put_back, set_aside, stage_file

    target = Path(target)
    db.refuse_if_read_only()  # before the work: a reader gets a clear refusal, not a built file
    staged = stage_file(target, build)
    entry_id = str(uuid.uuid4())
    renamed = False
    earlier: Path | None = None  # a file of the same name written before, kept until the commit
    try:
        with db.write() as session:
            session.add(GeneratedDocumentRow(
                id=entry_id, partnership_id=partnership_id, kind=kind, format=fmt, draft=draft,
                languages=",".join(languages), document_date=on, created_at=utcnow(), created_by=_created_by(db),
                file_name=str(target.resolve()),
            ))
            session.flush()  # the record is accepted (constraints, permissions) before the file is named
            earlier = set_aside(target)
            publish(staged, target)
            renamed = True
    except BaseException:
        if not renamed:
            discard(staged)
            put_back(earlier, target)
        elif not _recorded(db, entry_id):
            discard(target)
            put_back(earlier, target)
        elif earlier is not None:
            discard(earlier)
        raise
    if earlier is not None:
        discard(earlier)
    return target


def _recorded(db: Database, entry_id: str) -> bool:
    try:
        with db.read() as session:
            return session.get(GeneratedDocumentRow, entry_id) is not None
    except (PartnerDeskError, SQLAlchemyError, OSError):  # unreachable: keep the file rather than lose a recorded file
        return True
