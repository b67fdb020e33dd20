"""The tables of funding programmes and grants (issue 23, revision 0019).

A grant's funding plan lines, draw-downs, expenses and transfers are rows of their own tables
(cascading with the grant), like an activity's follow-ups; amounts are exact (``Amount``).
Imported by ``tables``, so they belong to the same metadata whichever is imported first.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerdesk.domain.enums import FinancingKind, GrantConditions, GrantStatus
from partnerdesk.domain.records import Day
from partnerdesk.persistence.table_base import Base, RecordMixin, _in
from partnerdesk.persistence.types import Amount


class ProgrammeRow(RecordMixin, Base):
    """A funding programme (register "Förderprogramme")."""

    __tablename__ = "programmes"
    __table_args__ = (
        CheckConstraint("typical_rate IS NULL OR typical_rate BETWEEN 0 AND 1000000", name="typical_rate"),
    )
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)
    funder: Mapped[str] = mapped_column(String(300), default="", index=True)
    typical_rate: Mapped[Decimal | None] = mapped_column(Amount())
    min_amount: Mapped[Decimal | None] = mapped_column(Amount())
    max_amount: Mapped[Decimal | None] = mapped_column(Amount())
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    link: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class GrantRow(RecordMixin, Base):
    """A grant received by the city (register "Zuwendungen")."""

    __tablename__ = "grants"
    __table_args__ = (
        CheckConstraint(_in("status", GrantStatus.values()), name="status"),
        CheckConstraint(_in("financing_kind", FinancingKind.values()), name="financing_kind"),
        CheckConstraint(_in("conditions", GrantConditions.values()), name="conditions"),
        CheckConstraint("period_until IS NULL OR period_from IS NULL OR period_until >= period_from", name="period"),
        CheckConstraint("approved_amount IS NULL OR approved_amount >= 0", name="approved_amount"),
    )
    title: Mapped[str] = mapped_column(String(300))
    title_key: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id", ondelete="SET NULL"), index=True)
    file_reference: Mapped[str] = mapped_column(String(100), default="", index=True)
    decision_date: Mapped[date | None] = mapped_column(Date)
    period_from: Mapped[date | None] = mapped_column(Date, index=True)
    period_until: Mapped[date | None] = mapped_column(Date, index=True)
    approved_amount: Mapped[Decimal | None] = mapped_column(Amount())
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    funding_rate: Mapped[Decimal | None] = mapped_column(Amount())
    financing_kind: Mapped[str] = mapped_column(String(16), default="share")
    own_share: Mapped[Decimal | None] = mapped_column(Amount())
    third_party_funds: Mapped[Decimal | None] = mapped_column(Amount())
    min_own_share_rate: Mapped[Decimal | None] = mapped_column(Amount())
    conditions: Mapped[str] = mapped_column(String(16), default="anbest_gk")
    special_conditions: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), index=True)
    tolerance: Mapped[Decimal] = mapped_column(Amount())
    passed_on_limit: Mapped[Decimal | None] = mapped_column(Amount())
    interim_proof_due: Mapped[date | None] = mapped_column(Date)
    final_proof_due: Mapped[date | None] = mapped_column(Date)
    receipts_kept_until: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    projects: Mapped[list[GrantProjectRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="GrantProjectRow.position"
    )
    plan_lines: Mapped[list[GrantPlanLineRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="GrantPlanLineRow.position"
    )
    drawdowns: Mapped[list[GrantDrawdownRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="GrantDrawdownRow.position"
    )
    expenses: Mapped[list[GrantExpenseRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="GrantExpenseRow.position"
    )
    transfers: Mapped[list[GrantTransferRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="GrantTransferRow.position"
    )


class GrantProjectRow(Base):
    __tablename__ = "grant_projects"
    grant_id: Mapped[str] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class GrantPlanLineRow(Base):
    __tablename__ = "grant_plan_lines"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    grant_id: Mapped[str] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    planned: Mapped[Decimal | None] = mapped_column(Amount())
    position: Mapped[int] = mapped_column(Integer, default=0)


class GrantDrawdownRow(Base):
    __tablename__ = "grant_drawdowns"
    __table_args__ = (CheckConstraint("amount IS NULL OR amount >= 0", name="amount"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    grant_id: Mapped[str] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    requested_on: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Amount())
    received_on: Mapped[date | None] = mapped_column(Date)
    spent: Mapped[Decimal | None] = mapped_column(Amount())
    spent_on: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)


class GrantExpenseRow(Base):
    __tablename__ = "grant_expenses"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    grant_id: Mapped[str] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    #: (Declared first: this column's name would hide the type ``date``.)
    date: Mapped[Day | None] = mapped_column(Date)
    payee: Mapped[str] = mapped_column(String(300), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[Decimal | None] = mapped_column(Amount())
    #: A plan line of the same grant (kept by the services; NULL: not booked on a line).
    plan_line_id: Mapped[str | None] = mapped_column(String(36))
    receipt: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class GrantTransferRow(Base):
    __tablename__ = "grant_transfers"
    __table_args__ = (CheckConstraint("amount IS NULL OR amount >= 0", name="amount"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    grant_id: Mapped[str] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), index=True)
    contract: Mapped[str] = mapped_column(String(300), default="")
    amount: Mapped[Decimal | None] = mapped_column(Amount())
    transferred_on: Mapped[Day | None] = mapped_column(Date)
    proof_due: Mapped[Day | None] = mapped_column(Date)
    proof_received_on: Mapped[Day | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
