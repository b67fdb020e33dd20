"""Light lists for pickers in forms: (id, name) pairs and the themes in use.

Reads only the two columns a picker shows, so a form opens quickly on a large database.
"""

from __future__ import annotations

from sqlalchemy import func, select

from partnerdesk.domain.text import fold
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import PartnershipRow
from partnerdesk.services.records import SERVICE_TYPES


def names(db: Database, kind: str) -> list[tuple[str, str]]:
    """``(id, name)`` of every record of ``kind``, sorted by name (case-insensitive)."""
    service = SERVICE_TYPES[kind]
    row_type = service.row_type
    column = getattr(row_type, service.name_column)
    with db.read() as session:
        rows = session.execute(select(row_type.id, column).order_by(func.lower(column))).all()
    return [(str(i), str(n)) for i, n in rows]


def themes(db: Database) -> list[str]:
    """Every theme used by a partnership, once, sorted."""
    with db.read() as session:
        lists = session.scalars(select(PartnershipRow.themes)).all()
    found: dict[str, str] = {}
    for themes_of_one in lists:
        for theme in themes_of_one or []:
            found.setdefault(fold(theme), theme)
    return sorted(found.values(), key=fold)
