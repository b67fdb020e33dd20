"""Ids of an archive that the database already gives to something else.

Ids are unique across all registers (every record has a UUID): an archive record whose id
belongs to a record of another register, or a funding source or follow-up whose id belongs to
another project's or activity's, would overwrite or break that one. Refused, naming the record,
so that an export always imports into a fresh database and never half into a used one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerdesk.domain import identifiers, validation
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.field_labels import field_label
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER, Record
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import (
    ActivityAttendeeRow,
    FollowUpRow,
    FundingSourceRow,
    OrganisationKeyFactRow,
    PartnershipStageRow,
)
from partnerdesk.persistence.tables_programme import ProgrammeItemRow
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.services.register_definitions import register_label

#: The table of each nested part and the column naming its owner.
_NESTED_ROWS: dict[str, list[tuple[str, Any, Any]]] = {
    "organisations": [("key_facts", OrganisationKeyFactRow, OrganisationKeyFactRow.organisation_id)],
    "partnerships": [("stages", PartnershipStageRow, PartnershipStageRow.partnership_id),
                     ("programme", ProgrammeItemRow, ProgrammeItemRow.partnership_id)],
    "projects": [("funding_sources", FundingSourceRow, FundingSourceRow.project_id)],
    "activities": [("follow_ups", FollowUpRow, FollowUpRow.activity_id),
                   ("attendees", ActivityAttendeeRow, ActivityAttendeeRow.activity_id)],
}


def _chunks(ids: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    listed = sorted(set(ids))
    for start in range(0, len(listed), size):
        yield listed[start:start + size]


def _present(session: Session, column: Any, ids: Iterable[str], *extra: Any) -> dict[str, tuple[Any, ...]]:
    found: dict[str, tuple[Any, ...]] = {}
    for chunk in _chunks(ids):
        for row in session.execute(select(column, *extra).where(column.in_(chunk))):
            found[row[0]] = tuple(row[1:])
    return found


def check_foreign_ids(db: Database, records: dict[str, list[Record]]) -> None:
    """Raise ``UserError`` if an id of ``records`` belongs to something else in ``db``."""
    with db.read() as session:
        for kind, items in records.items():
            by_id = {record.id: record for record in items}
            for other in KINDS_IN_DEPENDENCY_ORDER:
                if other == kind or not by_id:
                    continue
                clash = _present(session, ROW_TYPES[other].id, by_id)
                if clash:
                    ident = sorted(clash)[0]
                    raise UserError(_("{label}: its id {id} belongs to a record of the register {register} in the database.").format(
                        label=validation.record_label(by_id[ident]), id=ident, register=register_label(other)
                    ))
            if kind not in _NESTED_ROWS:
                continue
            for name, row_type, owner_column in _NESTED_ROWS[kind]:
                owners = {ident: record for record in items for part, ident in identifiers.nested_ids(record)
                          if part == name}
                for ident, (owner,) in _present(session, row_type.id, owners, owner_column).items():
                    if owner == owners[ident].id:
                        continue
                    raise UserError(_("{label}: {field} has the id {id}, which belongs to another record in the database.").format(
                        label=validation.record_label(owners[ident]), field=field_label(name), id=ident
                    ))
