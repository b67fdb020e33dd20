"""Reading and saving a partnership's joint action programme (``domain.programme``).

The programme belongs to its partnership: it is saved with it (one transaction, the history
records the field "programme", a travel copy and the JSON archive carry it), refused whole when
an item is wrong, and refused when somebody else saved the partnership meanwhile.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from sqlalchemy import select

from partnerdesk.domain import programme
from partnerdesk.domain.programme import ProgrammeItem
from partnerdesk.domain.records import Partnership
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import OrganisationRow, ProjectRow
from partnerdesk.persistence.tables_grants import GrantRow
from partnerdesk.services import service_for


@dataclass(frozen=True)
class ProgrammeView:
    """What a window, an export or a printed programme needs beside the items."""

    partnership: Partnership
    partner_name: str
    #: The partner's language (ISO 639-1): the programme's second language.
    language: str
    #: Titles of the projects a measure may link, by id (the partnership's own first).
    projects: dict[str, str] = field(default_factory=dict)
    #: Titles of the grants a measure may name as funding it, by id.
    grants: dict[str, str] = field(default_factory=dict)

    @property
    def items(self) -> list[ProgrammeItem]:
        return programme.ordered(self.partnership.programme)


def load(db: Database, partnership: str) -> ProgrammeView:
    """The programme of the partnership with id (or title containing) ``partnership``."""
    record: Partnership = service_for(db, "partnerships").find(partnership)
    with db.read() as session:
        partner = session.get(OrganisationRow, record.partner_id)
        projects = session.execute(
            select(ProjectRow.id, ProjectRow.title).order_by((ProjectRow.partnership_id != record.id), ProjectRow.title_key)
        ).all()
        grants = session.execute(select(GrantRow.id, GrantRow.title).order_by(GrantRow.title_key)).all()
    language = programme.partner_language(partner.languages or [] if partner is not None else [])
    return ProgrammeView(partnership=record, partner_name=partner.name if partner is not None else "", language=language,
                         projects={pid: title for pid, title in projects}, grants={gid: title for gid, title in grants})


def save(db: Database, partnership: Partnership, items: list[ProgrammeItem], *, force: bool = False) -> Partnership:
    """``partnership`` (as loaded, its version checked) with ``items`` as its programme."""
    saved: Partnership = service_for(db, "partnerships").update(
        dataclasses.replace(partnership, programme=programme.ordered(items)), force=force)
    return saved
