"""The declarative base of every table, the naming of constraints and the columns every record
has: apart from ``tables`` so that tables kept in modules of their own (``tables_grants``) build
on it without an import circle. ``tables`` re-exports these names."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from partnerdesk.persistence.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


UUID = String(36)


class RecordMixin:
    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Case- and accent-folded text the register search looks in (kept by the services).
    search_text: Mapped[str] = mapped_column(Text, default="")
