"""What the project sheets need, read through the services in a few bulk queries
(so 1,000 sheets do not mean 4,000 look-ups)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from partnerdesk.domain.consent import restricted
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.records import Contact, Organisation, Partnership, Project
from partnerdesk.persistence.database import Database
from partnerdesk.services.records import (
    ContactService,
    OrganisationService,
    PartnershipService,
    ProjectService,
)


class PlaceKind(Enum):
    """How the sheet names the place: the partner city of a partnership, or where the project is."""

    PARTNER_CITY = "partner_city"  # "Partnerstadt": the partner municipality of the project's partnership
    PROJECT_PLACE = "project_place"  # "Projektort": e.g. Bondo for the Weltladen's water project


@dataclass(frozen=True)
class Place:
    kind: PlaceKind
    organisation: Organisation | None


@dataclass
class SheetData:
    """The projects to print and every record they refer to, by id."""

    projects: list[Project]
    partnerships: dict[str, Partnership] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)

    def partnership_of(self, project: Project) -> Partnership | None:
        return self.partnerships.get(project.partnership_id or "")

    def partner_of(self, project: Project) -> Organisation | None:
        """The partnership's partner; for a project without partnership, a participating
        municipality abroad (e.g. Bondo for the Weltladen's water project)."""
        partnership = self.partnership_of(project)
        if partnership:
            return self.organisations.get(partnership.partner_id)
        for participant in project.participants:
            org = self.organisations.get(participant.organisation_id)
            if org and org.kind == OrganisationKind.MUNICIPALITY and org.country not in ("", "DE"):
                return org
        return None

    def place_of(self, project: Project) -> Place:
        """"Partnerstadt" only for the partner municipality of the project's partnership;
        any other place (a municipality the project works in, a partner that is no
        municipality) is the "Projektort"."""
        partner = self.partner_of(project)
        if self.partnership_of(project) and partner and partner.kind == OrganisationKind.MUNICIPALITY:
            return Place(PlaceKind.PARTNER_CITY, partner)
        return Place(PlaceKind.PROJECT_PLACE, partner)

    def responsible_of(self, project: Project) -> Contact | None:
        """The project's responsible person ("Verantwortlich"): a contact, or None when nobody is named."""
        return self.contacts.get(project.responsible_id) if project.responsible_id else None


def load_sheet_data(db: Database, project_ids: Sequence[str] | None = None) -> SheetData:
    """Projects by id (in the given order) or all projects (sorted by title)."""
    projects = ProjectService(db)
    chosen = projects.list() if project_ids is None else projects.get_many(list(project_ids))
    return SheetData(
        projects=chosen,
        partnerships={p.id: p for p in PartnershipService(db).list()},
        organisations={o.id: o for o in OrganisationService(db).list()},
        # A contact whose processing is restricted (Art. 18) is named on no sheet.
        contacts={c.id: c for c in ContactService(db).list() if not restricted(c)},
    )
