"""A person whose processing is restricted, named in a project, an activity (linked, on its
participant list, responsible for a follow-up) and a partnership, for the Art. 18 tests."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from partnerdesk.domain.enums import LegalBasis, OrganisationKind
from partnerdesk.domain.records import Activity, Attendee, Contact, FollowUp, Partnership, Project
from partnerdesk.services import service_for

NAME_PART = "Restricta"
EMAIL = "rita.restricta@example.org"


@dataclass
class Placed:
    contact: Contact
    partnership: Partnership
    project: Project
    activity: Activity


def place_restricted_person(db, *, restricted: bool = True) -> Placed:
    contacts = service_for(db, "contacts")
    partnerships = service_for(db, "partnerships")
    partnership = next(p for p in partnerships.list() if "Kumasi" in p.title)
    units = [o for o in service_for(db, "organisations").list() if o.kind == OrganisationKind.CITY_UNIT]
    city_unit = next((o for o in units if o.id in partnership.coordinator_ids), units[0])  # on the MoU's list
    rita = contacts.create(Contact(
        first_name="Rita", last_name=NAME_PART, email=EMAIL, organisation_id=city_unit.id, function="Projektleiterin",
        legal_basis=LegalBasis.CONSENT, consent_given_on=date(2025, 1, 2), processing_restricted=restricted,
        phone="+233 555 0101", address="Restricta-Weg 1, Kumasi",
    ))
    partnership = partnerships.update(replace(partnership, responsible_id=rita.id))
    projects = service_for(db, "projects")
    project = next(p for p in projects.list() if p.partnership_id == partnership.id)
    project = projects.update(replace(project, contact_ids=[*project.contact_ids, rita.id], responsible_id=rita.id))
    activities = service_for(db, "activities")
    activity = activities.create(Activity(
        title="Arbeitstreffen Klima", date=date(2026, 3, 4), partnership_id=partnership.id, project_id=project.id,
        contact_ids=[rita.id],
        attendees=[Attendee(contact_id=rita.id, name=rita.display_name, role="Leitung", dietary="vegetarisch"),
                   Attendee(name="Gast Ohne Kontakt", role="Gast")],
        follow_ups=[FollowUp(text="Protokoll schicken", due_date=date(2026, 4, 1), responsible_id=rita.id)],
    ))
    return Placed(rita, partnership, project, activity)
