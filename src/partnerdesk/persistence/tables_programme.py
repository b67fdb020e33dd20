"""The joint action programme's items (revision 0022; ``domain.programme``).

One row per field of action, goal, measure or indicator of a partnership, naming its parent
item; the measured values of an indicator and the projects linked to a measure are small
lists kept in the row (JSON). Imported by ``tables`` at its end, like ``tables_beside``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from partnerdesk.domain.programme import ItemKind, MeasureStatus
from partnerdesk.persistence.tables import UUID, Base, _in
from partnerdesk.persistence.types import Amount


class ProgrammeItemRow(Base):
    """An item of a partnership's action programme, in the programme's order (``position``)."""

    __tablename__ = "programme_items"
    __table_args__ = (
        CheckConstraint(_in("kind", ItemKind.values()), name="kind"),
        CheckConstraint(f"status IS NULL OR {_in('status', MeasureStatus.values())}", name="status"),
        CheckConstraint("kind <> 'indicator' OR unit <> ''", name="unit"),
        CheckConstraint("target_year IS NULL OR baseline_year IS NULL OR target_year >= baseline_year", name="years"),
        CheckConstraint("period_until IS NULL OR period_from IS NULL OR period_until >= period_from", name="period"),
    )
    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    partnership_id: Mapped[str] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[str | None] = mapped_column(UUID)
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500), default="")
    title_translations: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_translations: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(100), default="")
    baseline_value: Mapped[Any] = mapped_column(Amount(), nullable=True)  # Mapped[Any] alone says NOT NULL
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    target_value: Mapped[Any] = mapped_column(Amount(), nullable=True)
    target_year: Mapped[int | None] = mapped_column(Integer)
    #: ``[{"id", "year", "on", "value", "source"}]``: value as exact decimal text, ``on`` ISO date or null.
    measured: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    responsible_city: Mapped[str] = mapped_column(Text, default="")
    responsible_partner: Mapped[str] = mapped_column(Text, default="")
    period_from: Mapped[int | None] = mapped_column(Integer)
    period_until: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(16))
    project_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    grant_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
