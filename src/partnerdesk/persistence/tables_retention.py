"""The tables of keeping personal data no longer than needed (issue 22, revision 0017).

- ``contact_reviews``: the decisions "behalten" taken on a contact due for review (when, by whom,
  why, under which legal basis), so the contact leaves the list until its next period;
- ``travel_copies``: the register of travel copies (who checked out which copy when, of which
  partnerships, encrypted or not, when merged back, destroyed or reported lost);
- ``travel_copy_records``: which records a copy held (what a lost copy exposed).

Office administration, not part of a record's content: not in the history, archives or travel
copies. Imported at the end of ``tables`` like ``tables_beside``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from partnerdesk.persistence.tables import UUID, Base
from partnerdesk.persistence.types import UTCDateTime


class ContactReviewRow(Base):
    """One "behalten (Begründung)" decision on a contact due for review."""

    __tablename__ = "contact_reviews"
    __table_args__ = (Index("ix_contact_reviews_contact_decided", "contact_id", "decided_on"),)
    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(200))
    #: "keep" (an erasure leaves no row: the contact is gone).
    decision: Mapped[str] = mapped_column(String(16), default="keep")
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The legal basis at the time (a ``LegalBasis`` code, "" when none was recorded).
    legal_basis: Mapped[str] = mapped_column(String(32), default="", server_default="")


class TravelCopyRow(Base):
    """One travel copy checked out of this office database."""

    __tablename__ = "travel_copies"
    checkout_id: Mapped[str] = mapped_column(UUID, primary_key=True)
    file_name: Mapped[str] = mapped_column(Text, default="")
    checked_out_by: Mapped[str] = mapped_column(String(200), default="")
    checked_out_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: ``None`` for copies merged before the register existed (not known).
    encrypted: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    #: Whether the copy holds contacts' e-mail, phones, address and notes.
    personal_data: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The partnerships of a partial copy, one title per line ("" for the whole database).
    partnerships: Mapped[str] = mapped_column(Text, default="", server_default="")
    merged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    merged_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: "destroyed" or "lost" once the copy is declared so ("" while it is out or merged back).
    ended_how: Mapped[str] = mapped_column(String(16), default="", server_default="")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ended_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    ended_note: Mapped[str] = mapped_column(Text, default="", server_default="")


class TravelCopyRecordRow(Base):
    """One record a travel copy held when it was checked out."""

    __tablename__ = "travel_copy_records"
    checkout_id: Mapped[str] = mapped_column(ForeignKey("travel_copies.checkout_id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(UUID, primary_key=True)

