"""The responsible person of a partnership, project or follow-up: a contact of one of the
city's own units (``OrganisationKind.CITY_UNIT``), and "me" (the contact this user is).

Every way a record reaches the database (form, import, archive, travel merge, undo) passes
through ``services.mapping``, which calls ``assign``: a responsible person who is not a
contact of a city unit is refused there with a message naming the record and the person, and
the transaction (hence the whole save or import) is rolled back. A value that does not change
is not checked again, so undo and merges of other fields still work after a colleague has
moved to another organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from partnerdesk.domain import validation
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact, Record
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ContactRow, OrganisationRow


class NotCityStaffError(UserError):
    """The responsible person named is not a contact of one of the city's own units."""


def assign(row: Any, record: Record, responsible_id: str | None, *, session: Session | None = None) -> None:
    """Set ``row.responsible_id``, refusing a contact who is not staff of a city unit."""
    new = (responsible_id or "").strip() or None
    if new == getattr(row, "responsible_id", None):
        return
    session = session or object_session(row)
    if new is not None and session is not None:
        check(session, record, new)
    row.responsible_id = new


def check(session: Session, record: Record, contact_id: str) -> None:
    with session.no_autoflush:
        found = session.execute(
            select(ContactRow.name, OrganisationRow.kind)
            .select_from(ContactRow)
            .outerjoin(OrganisationRow, OrganisationRow.id == ContactRow.organisation_id)
            .where(ContactRow.id == contact_id)
        ).first()
    if found is None:
        raise NotCityStaffError(
            _("{label}: the responsible person ({id}) is not a known contact; nothing was saved.").format(
                label=validation.record_label(record), id=contact_id
            )
        )
    if found.kind != OrganisationKind.CITY_UNIT.value:
        raise NotCityStaffError(
            _(
                "{label}: {name} cannot be responsible: only contacts of the city's own units "
                "(organisations of the kind “City unit or department”) can. Nothing was saved."
            ).format(label=validation.record_label(record), name=found.name)
        )


def city_staff(db: Database) -> list[Contact]:
    """The contacts who may be responsible, by name: those of the city's own units."""
    from partnerdesk.services.records import ContactService

    service = ContactService(db)
    with db.read() as session:
        rows: Sequence[Any] = session.scalars(
            select(ContactRow)
            .join(OrganisationRow, OrganisationRow.id == ContactRow.organisation_id)
            .where(OrganisationRow.kind == OrganisationKind.CITY_UNIT.value)
            .order_by(*service.name_order())
        ).all()
        return [service._to_record(r) for r in rows]


def staff_matching(db: Database, text: str, limit: int = 50) -> list[tuple[str, str]]:
    """``(id, name)`` of city staff whose name contains ``text`` (folded as the search folds)."""
    from partnerdesk.domain.text import contains

    return [(c.id, c.name) for c in city_staff(db) if not text.strip() or contains(c.name, text.strip())][:limit]
