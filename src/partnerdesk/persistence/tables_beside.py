"""The tables beside the registers: the change journal, the history of every change (with its
personal part), the registry of generated documents, the theme glossary and the attachments.

Split from ``tables`` (the registers and their link tables) by role; both share its ``Base``, and
``tables`` imports this module at its end, so every table is in ``Base.metadata`` whichever is
imported first.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from partnerdesk.persistence.table_base import UUID, Base, _in
from partnerdesk.persistence.types import UTCDateTime


class RecordChangeRow(Base):
    """The journal of record changes, written only by triggers (see ``change_log``)."""

    __tablename__ = "record_changes"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, index=True)


#: What a history entry says happened ("started": the history of this database begins).
HISTORY_OPERATIONS = ("created", "changed", "deleted", "restored", "started")


class RecordHistoryRow(Base):
    """The history of every change (migration 0005), written by the services in the same
    transaction as the change (``services.history``); read by the Verlauf views.

    ``changes`` is JSON text: for "changed" ``{field: [old, new]}`` of the fields that changed,
    for "created"/"restored" the record's values, for "deleted" the whole record as it was
    (enough to restore it). ``kind`` is the register ("" for database-wide entries such as
    "started"); ``label`` the record's name at that time, so a deleted record is found by name.
    """

    __tablename__ = "record_history"
    __table_args__ = (
        Index("ix_record_history_record", "kind", "record_id", "id"),
        Index("ix_record_history_at", "at"),
        #: The deletions only (a partial index): "what was deleted" without reading the whole history.
        Index("ix_record_history_deleted", "id", sqlite_where=text("operation = 'deleted'"),
              postgresql_where=text("operation = 'deleted'")),
        CheckConstraint(_in("operation", list(HISTORY_OPERATIONS)), name="operation"),
        {"sqlite_autoincrement": True},
    )
    #: Counts up with every entry (never reused: AUTOINCREMENT on SQLite, an identity on a server).
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The acting user: the login role on a server (``session_user``), the system user on a file.
    actor: Mapped[str] = mapped_column(String(200))
    #: Ties together the entries of one action (a save, an import, a merge, an undo).
    batch_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    operation: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="{}")


class RecordHistoryPersonalRow(Base):
    """Contacts' personal data (e-mail, phone, notes) in the history: the part of an entry's
    ``changes`` that holds them, kept apart as ``contact_private`` keeps them apart from
    ``contacts``; on a server under the same row-level security (migration 0005), so a reader
    without the personal-data role reads the entry without them."""

    __tablename__ = "record_history_personal"
    entry_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), ForeignKey("record_history.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
        primary_key=True, autoincrement=False,
    )
    changes: Mapped[str] = mapped_column(Text)


#: What the documents registry records: the document and its file format.
GENERATED_DOCUMENT_KINDS = ("mou",)
GENERATED_DOCUMENT_FORMATS = ("pdf", "docx")


class GeneratedDocumentRow(Base):
    """Every MoU draft and final version written, with its partnership (migration 0008):
    recorded in the transaction that gives the file its name (``services.generated_documents``);
    the next draft number continues from the highest recorded. ``draft`` is None for a final
    version; ``languages`` the language codes in column order ("de,en"); ``created_by`` the
    login role on a server, the system user on a file."""

    __tablename__ = "generated_documents"
    __table_args__ = (
        Index("ix_generated_documents_partnership", "partnership_id", "created_at"),
        CheckConstraint(_in("kind", list(GENERATED_DOCUMENT_KINDS)), name="kind"),
        CheckConstraint(_in("format", list(GENERATED_DOCUMENT_FORMATS)), name="format"),
        CheckConstraint("draft IS NULL OR draft >= 1", name="draft"),
    )
    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    partnership_id: Mapped[str] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(8))
    draft: Mapped[int | None] = mapped_column(Integer, nullable=True)
    languages: Mapped[str] = mapped_column(String(64))
    document_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(Text)


class ThemeTranslationRow(Base):
    """The office's theme glossary (revision 0009): a partnership theme's text ("Abfall") and
    its translations, one ``code: text`` per line ("fr: Déchets"), as ``domain.translations``
    reads them. Themes stay free tags on partnerships; a theme without a row here has none."""

    __tablename__ = "theme_translations"
    theme: Mapped[str] = mapped_column(String(200), primary_key=True)
    translations: Mapped[str] = mapped_column(Text, default="", server_default="")


class AttachmentRow(Base):
    """A file attached to a record (migration 0014): an invitation, a signed MoU, a photo.

    ``record_kind`` is the register ("partnerships", ...) as a plain column, so a new register
    needs no schema change; there is no foreign key, and ``services.attachments`` keeps the rows
    in step with their records (``record_deleted_at`` set when the record is deleted, cleared
    when it is restored). An attachment is immutable but for its name and description.
    ``content`` is deferred: a list never loads the files' bytes."""

    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_record", "record_kind", "record_id"),
        CheckConstraint("size >= 0", name="size"),
    )
    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(200), default="", server_default="")
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[str] = mapped_column(String(200))
    record_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
