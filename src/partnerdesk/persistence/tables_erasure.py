"""The deletion log (revision 0018): one entry per person erased with proof (GDPR Art. 17).

An entry says who erased which record when, and on which legal ground - never whom: it holds
the record's id, not its name or any value, so the log itself keeps no personal data. Travel
copies merged back later read it (``erased_ids``) so that a copy taken before the erasure
cannot bring the person back. ``summary`` is JSON of counts only ("unlinked": 3, ...).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Identity, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from partnerdesk.persistence.tables import Base
from partnerdesk.persistence.types import UTCDateTime


class DeletionLogRow(Base):
    __tablename__ = "deletion_log"
    __table_args__ = (
        Index("ix_deletion_log_record", "kind", "record_id"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), Identity(), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The acting user: the system user on a file, the login role on a server.
    erased_by: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    #: The legal ground as the user gave it ("Art. 17 Abs. 1 lit. a DSGVO", "Widerruf der Einwilligung").
    legal_reason: Mapped[str] = mapped_column(Text, default="")
    #: JSON: counts of what the erasure did (links removed, mentions blanked, history entries, backups).
    summary: Mapped[str] = mapped_column(Text, default="{}")
