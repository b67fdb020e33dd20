"""Files attached to records (invitations, signed MoUs, photos), kept in the database.

The files live in the table ``attachments`` (migration 0014) beside the records, so a copy of
the database, a travel copy and the office server carry them with nothing else to copy. A list
(``list_for``) reads names and sizes only; the bytes are read when a file is opened or saved
(``content``, ``save_to``, ``open_copy``). An attachment is immutable but for its name and
description: it is added, renamed or removed, never changed, which keeps travel merges simple.

Each add, rename and removal is one transaction and notes on the record's history
"Anhang hinzugefügt/umbenannt/entfernt: NAME" (the name only, never the content). A record's
deletion hides its attachments (``record_deleted_at``, see ``mark_record_deleted``); undoing the
deletion or restoring the record from the history brings them back (``unmark_record``).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from partnerdesk.domain.errors import NotFoundError, UserError
from partnerdesk.domain.file_names import NAME_LENGTH, clean_name, safe_file_name, size_text
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ROW_TYPES
from partnerdesk.persistence.tables_beside import AttachmentRow
from partnerdesk.persistence.types import utcnow
from partnerdesk.services import history_writer, mapping
from partnerdesk.services.row_batches import chunks

#: The size limit's default (settings: "attachment_limit_mb").
DEFAULT_LIMIT_MB = 25
MB = 1_000_000

#: The history's field names for what happened to an attachment (``domain.field_labels``).
ADDED, RENAMED, REMOVED = "attachment_added", "attachment_renamed", "attachment_removed"


class AttachmentRefused(UserError):
    """A file that cannot be attached (too large, unreadable): nothing was saved."""


@dataclass(frozen=True)
class Attachment:
    """An attachment without its content."""

    id: str
    record_kind: str
    record_id: str
    name: str
    description: str
    size: int
    media_type: str
    sha256: str
    added_at: datetime
    added_by: str

    @property
    def safe_name(self) -> str:
        return safe_file_name(self.name)


@dataclass(frozen=True)
class Removed:
    """An attachment as it was before ``remove``, with its content: enough to put it back."""

    attachment: Attachment
    content: bytes


_COLUMNS = (
    AttachmentRow.id, AttachmentRow.record_kind, AttachmentRow.record_id, AttachmentRow.name,
    AttachmentRow.description, AttachmentRow.size, AttachmentRow.media_type, AttachmentRow.sha256,
    AttachmentRow.added_at, AttachmentRow.added_by,
)


def _entry(row: Any) -> Attachment:
    return Attachment(
        id=row.id, record_kind=row.record_kind, record_id=row.record_id, name=row.name,
        description=row.description or "", size=row.size, media_type=row.media_type or "", sha256=row.sha256,
        added_at=row.added_at, added_by=row.added_by,
    )


def limit_bytes(limit_mb: int | None) -> int:
    return (limit_mb if limit_mb and limit_mb > 0 else DEFAULT_LIMIT_MB) * MB


# Reading ----------------------------------------------------------------------------------


def list_for(db: Database, kind: str, record_id: str) -> list[Attachment]:
    """The attachments of one record, oldest first (names and sizes, no content)."""
    with db.read() as session:
        rows = session.execute(
            select(*_COLUMNS).where(
                AttachmentRow.record_kind == kind, AttachmentRow.record_id == record_id,
                AttachmentRow.record_deleted_at.is_(None),
            ).order_by(AttachmentRow.added_at, AttachmentRow.name, AttachmentRow.id)
        ).all()
    return [_entry(r) for r in rows]


def get(db: Database, attachment_id: str) -> Attachment:
    with db.read() as session:
        row = session.execute(select(*_COLUMNS).where(AttachmentRow.id == attachment_id)).first()
    if row is None:
        raise NotFoundError(_("The attachment no longer exists; somebody removed it."))
    return _entry(row)


def content(db: Database, attachment_id: str) -> bytes:
    """The file's bytes (the only place they are read)."""
    with db.read() as session:
        data = session.execute(select(AttachmentRow.content).where(AttachmentRow.id == attachment_id)).scalar()
    if data is None:
        raise NotFoundError(_("The attachment no longer exists; somebody removed it."))
    return bytes(data)


def find(db: Database, kind: str, record_id: str, name: str) -> Attachment:
    """The record's attachment called ``name`` (exactly, else ignoring case)."""
    found = list_for(db, kind, record_id)
    exact = [a for a in found if a.name == name] or [a for a in found if a.name.casefold() == name.casefold()]
    if not exact:
        raise NotFoundError(_("The record has no attachment “{name}”.").format(name=name))
    return exact[-1]


# Writing files out ------------------------------------------------------------------------


def save_to(db: Database, attachment_id: str, target: Path) -> Path:
    """Write the attachment to ``target`` (a folder: under its safe name there); whole or not at all."""
    entry = get(db, attachment_id)
    target = Path(target)
    if target.is_dir():
        target = target / entry.safe_name
    data = content(db, attachment_id)
    _write_whole(target, data)
    return target


def open_copy(db: Database, attachment_id: str, folder: Path | None = None) -> Path:
    """A temporary copy of the attachment to open with the system's program: in a new folder of
    its own under ``folder`` (default: the system's temporary folder), never the program's."""
    entry = get(db, attachment_id)
    remove_old_copies(folder)
    base = Path(tempfile.mkdtemp(prefix=OPEN_PREFIX, dir=folder))
    target = base / entry.safe_name
    _write_whole(target, content(db, attachment_id))
    return target


#: The temporary folders of opened copies; those older than ``OPEN_COPY_DAYS`` are removed.
OPEN_PREFIX = "partnerdesk-anhang-"
OPEN_COPY_DAYS = 1


def remove_old_copies(folder: Path | None = None, *, now: float | None = None) -> int:
    """Remove the copies opened more than a day ago (a photo of a person should not linger in the
    temporary folder); one still open in its program (Windows locks it) stays till next time."""
    base = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    limit = (now if now is not None else time.time()) - OPEN_COPY_DAYS * 86_400
    removed = 0
    try:
        candidates = list(base.glob(OPEN_PREFIX + "*"))
    except OSError:
        return 0
    for candidate in candidates:
        try:
            if candidate.is_dir() and not candidate.is_symlink() and candidate.stat().st_mtime < limit:
                shutil.rmtree(candidate)
                removed += 1
        except OSError:
            continue
    return removed


def _write_whole(target: Path, data: bytes) -> None:
    partial = target.with_name(f".{target.name[:100]}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(
            _("{name} could not be written ({reason}).").format(name=target, reason=exc.strerror or exc)
        ) from exc


# Adding, renaming, removing ----------------------------------------------------------------


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a readable file within ``limit`` bytes; else
    ``AttachmentRefused`` naming the file, its size and the limit."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IsADirectoryError(21, _("not a file"))
        if size > limit:
            raise _too_large(path.name, size, limit)
        with open(path, "rb") as source:
            data = source.read(limit + 1)
    except OSError as exc:
        raise AttachmentRefused(
            _("{name} cannot be attached: it cannot be read ({reason}). Nothing was saved.").format(
                name=path.name or str(path), reason=exc.strerror or exc
            )
        ) from exc
    if len(data) > limit:  # grew since it was measured
        raise _too_large(path.name, len(data), limit)
    return data


def _too_large(name: str, size: int, limit: int) -> AttachmentRefused:
    return AttachmentRefused(
        _("{name} cannot be attached: it is {size}, attachments may be at most {limit} "
          "(settings). Nothing was saved.").format(name=name, size=size_text(size), limit=size_text(limit))
    )


def add_file(db: Database, kind: str, record_id: str, path: Path, *, limit: int, description: str = "") -> Attachment:
    """Attach the file ``path`` to the record (refused whole if too large or unreadable)."""
    db.refuse_if_read_only()
    data = read_file(path, limit)
    return add_bytes(db, kind, record_id, Path(path).name, data, description=description)


def add_bytes(
    db: Database, kind: str, record_id: str, name: str, data: bytes, *, description: str = "",
    attachment_id: str | None = None, added_at: datetime | None = None, added_by: str | None = None,
) -> Attachment:
    """Attach ``data`` under ``name``; with ``attachment_id`` (and when/who) an attachment removed
    before comes back as it was (undo)."""
    db.refuse_if_read_only()
    shown = clean_name(name)
    if not shown:
        raise UserError(_("An attachment needs a name."))
    with db.write() as session:
        label = record_label(session, kind, record_id)
        row = AttachmentRow(
            id=attachment_id or str(uuid.uuid4()), record_kind=kind, record_id=record_id, name=shown,
            description=description.strip(), size=len(data),
            media_type=mimetypes.guess_type(shown)[0] or "", sha256=hashlib.sha256(data).hexdigest(),
            added_at=added_at or utcnow(), added_by=added_by or _actor(db), content=data,
        )
        session.add(row)
        session.flush()
        note(session, kind, record_id, label, {ADDED: [None, shown]})
        entry = _entry(row)
    return entry


def rename(db: Database, attachment_id: str, name: str, description: str | None = None) -> Attachment:
    """Give the attachment another name (and description)."""
    db.refuse_if_read_only()
    shown = clean_name(name)
    if not shown:
        raise UserError(_("An attachment needs a name."))
    if len(name.strip()) > NAME_LENGTH:
        raise UserError(ngettext("The name of an attachment may have at most {count} character.",
                                 "The name of an attachment may have at most {count} characters.",
                                 NAME_LENGTH).format(count=NAME_LENGTH))
    with db.write() as session:
        row = session.get(AttachmentRow, attachment_id)
        if row is None or row.record_deleted_at is not None:
            raise NotFoundError(_("The attachment no longer exists; somebody removed it."))
        old = row.name
        row.name = shown
        if description is not None:
            row.description = description.strip()
        if old != shown:
            note(session, row.record_kind, row.record_id, record_label(session, row.record_kind, row.record_id),
                  {RENAMED: [old, shown]})
        session.flush()
        entry = _entry(row)
    return entry


def remove(db: Database, attachment_id: str) -> Removed:
    """Remove the attachment; the returned ``Removed`` puts it back (``put_back``)."""
    db.refuse_if_read_only()
    with db.write() as session:
        row = session.get(AttachmentRow, attachment_id)
        if row is None or row.record_deleted_at is not None:
            raise NotFoundError(_("The attachment no longer exists; somebody removed it."))
        removed = Removed(_entry(row), bytes(row.content))
        label = record_label(session, row.record_kind, row.record_id)
        session.delete(row)
        note(session, row.record_kind, row.record_id, label, {REMOVED: [row.name, None]})
    return removed


def put_back(db: Database, removed: Removed) -> Attachment:
    """Undo ``remove``: the attachment again, with its id, name and who added it when."""
    a = removed.attachment
    return add_bytes(db, a.record_kind, a.record_id, a.name, removed.content, description=a.description,
                     attachment_id=a.id, added_at=a.added_at, added_by=a.added_by)


# Keeping step with the records ------------------------------------------------------------


def mark_record_deleted(session: Session, kind: str, ids: Iterable[str]) -> None:
    """The records ``ids`` of ``kind`` are being deleted in ``session``: hide their attachments."""
    now = utcnow()
    for chunk in chunks(ids):
        session.execute(
            update(AttachmentRow)
            .where(AttachmentRow.record_kind == kind, AttachmentRow.record_id.in_(chunk),
                   AttachmentRow.record_deleted_at.is_(None))
            .values(record_deleted_at=now)
            .execution_options(synchronize_session=False)
        )


def unmark_record(session: Session, kind: str, record_id: str) -> None:
    """The record is back (undo, restore from the history): its attachments are shown again."""
    session.execute(
        update(AttachmentRow)
        .where(AttachmentRow.record_kind == kind, AttachmentRow.record_id == record_id,
               AttachmentRow.record_deleted_at.is_not(None))
        .values(record_deleted_at=None)
        .execution_options(synchronize_session=False)
    )


def purge_record(session: Session, kind: str, record_id: str) -> int:
    """Remove for good the attachments of the deleted record ``kind``/``record_id`` (erasing it from
    the history: it can no longer be restored, so nothing may keep its files); returns how many."""
    result = session.execute(
        delete(AttachmentRow).where(AttachmentRow.record_kind == kind, AttachmentRow.record_id == record_id)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def record_label(session: Session, kind: str, record_id: str) -> str:
    row_type = ROW_TYPES.get(kind)
    row = session.get(row_type, record_id) if row_type is not None else None
    if row is None:
        raise NotFoundError(_("The record no longer exists; somebody deleted it."))
    return str(mapping.FROM_ROW[kind](row).display_name)


def note(session: Session, kind: str, record_id: str, label: str, changes: dict[str, Any]) -> None:
    history_writer.add(session, history_writer.Pending(kind, record_id, "changed", label, changes))


def _actor(db: Database) -> str:
    if db.remote:
        user = getattr(db, "user", "")
        if user:
            return str(user)
    return history_writer.system_user() or "?"
