"""Everything an MoU draft needs about one partnership, read through the services.

There is no mayor field in the data model: a mayor is a contact whose function
says so (Oberbürgermeister, Bürgermeisterin, Mayor, Maire, Primar, ...) at the
partner organisation, or for our side at one of the city's own units. Without
one, the document leaves a blank line to fill in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.records import Contact, Organisation, Partnership, Project
from partnerdesk.domain.text import fold
from partnerdesk.persistence.database import Database
from partnerdesk.services.records import (
    ContactService,
    OrganisationService,
    PartnershipService,
    ProjectService,
)

#: Words (folded: lower case, no accents) that mark a contact as the mayor.
MAYOR_WORDS = (
    "burgermeister", "oberburgermeister", "mayor", "maire", "primar", "bourgmestre", "sindaco",
    "alcalde", "burgemeester", "presidente municipal", "chief executive", "municipal chief",
)


def is_mayor_function(function: str) -> bool:
    folded = fold(function)
    if any(word in folded for word in ("stellvertret", "deputy", "adjoint", "viceprimar", "vice-primar")):
        return False
    return any(word in folded for word in MAYOR_WORDS)


@dataclass
class Party:
    """One signing municipality."""

    city: str = ""
    country: str = ""  # ISO code
    organisation: Organisation | None = None
    mayor: Contact | None = None


@dataclass
class MouData:
    partnership: Partnership
    home: Party
    partner: Party
    #: The city's own units that coordinate the partnership.
    coordinators: list[Organisation] = field(default_factory=list)
    home_contacts: list[Contact] = field(default_factory=list)
    partner_contacts: list[Contact] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    organisations: dict[str, Organisation] = field(default_factory=dict)


def _mayor(contacts: list[Contact]) -> Contact | None:
    return next((c for c in contacts if is_mayor_function(c.function)), None)


def load_mou_data(db: Database, partnership: Partnership | str, home_city: str = "") -> MouData:
    """Collect the partnership, both parties, coordinators, contacts and projects."""
    if isinstance(partnership, str):
        partnership = PartnershipService(db).get(partnership)
    orgs_service = OrganisationService(db)
    partner_org = orgs_service.get_many([partnership.partner_id])[0] if partnership.partner_id else None
    coordinators = orgs_service.get_many(partnership.coordinator_ids)
    city_units = [o for o in orgs_service.list() if o.kind == OrganisationKind.CITY_UNIT]
    own_units = [o for o in coordinators if o.kind in (OrganisationKind.CITY_UNIT, OrganisationKind.MUNICIPAL_COMPANY)]
    reference = next((o for o in [*own_units, *city_units] if o.city), None)
    home = Party(
        city=home_city or (reference.city if reference else ""),
        country=(reference.country if reference else "") or "DE",
    )
    contacts = ContactService(db)
    home_pool = contacts.for_organisations(list(dict.fromkeys(o.id for o in [*coordinators, *city_units])))
    partner_pool = contacts.for_organisations([partner_org.id]) if partner_org else []
    home.mayor = _mayor(home_pool)
    coordinator_ids = {o.id for o in coordinators}
    home_contacts = [c for c in home_pool if c.organisation_id in coordinator_ids and c.id != getattr(home.mayor, "id", None)]
    partner = Party(
        city=(partner_org.city or partner_org.name) if partner_org else "",
        country=partner_org.country if partner_org else "",
        organisation=partner_org,
        mayor=_mayor(partner_pool),
    )
    partner_contacts = [c for c in partner_pool if c.id != getattr(partner.mayor, "id", None)]
    organisations = {o.id: o for o in [*coordinators, *city_units, *([partner_org] if partner_org else [])]}
    return MouData(
        partnership=partnership,
        home=home,
        partner=partner,
        coordinators=coordinators,
        home_contacts=home_contacts,
        partner_contacts=partner_contacts,
        projects=ProjectService(db).for_partnership(partnership.id),
        organisations=organisations,
    )
