"""Everything an MoU draft needs about one partnership, read through the services.

Who signs comes from the organisations' own fields, never from contacts' job titles:
the partner organisation's representative, and for our side the city's own body, the
organisation of kind "city unit" whose legal name is filled in ("Stadt Dortmund"), with
its representative (the Oberbürgermeister). Missing values are shown as visible blanks in a
draft and refuse the final version (``missing_for_final``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from partnerdesk.domain import translations
from partnerdesk.domain.consent import has_legal_basis, restricted
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact, Decision, Organisation, Partnership, Project
from partnerdesk.domain.text import fold
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.services import decisions, theme_glossary
from partnerdesk.services.records import (
    ContactService,
    OrganisationService,
    PartnershipService,
    ProjectService,
)
from partnerdesk.services.theme_glossary import Glossary


@dataclass
class Party:
    """One signing municipality: its record, and what the MoU prints of it."""

    city: str = ""
    country: str = ""  # ISO code
    organisation: Organisation | None = None

    @property
    def representative(self) -> str:
        return self.organisation.representative if self.organisation else ""

    def legal_name(self, language: str) -> str:
        org = self.organisation
        return translations.in_language(org.legal_name, org.legal_name_translations, language) if org else ""

    def function(self, language: str) -> str:
        org = self.organisation
        if org is None:
            return ""
        return translations.in_language(org.representative_function, org.representative_function_translations, language)


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
    #: Who may sign "In Vertretung" for our side: contacts of the city's body and its units.
    deputy_candidates: list[Contact] = field(default_factory=list)
    #: The office's theme glossary (theme → its translations, ``services.theme_glossary``).
    theme_glossary: Glossary = field(default_factory=Glossary)
    #: The newest approval of the city council itself among the decisions linked to the
    #: partnership (the clause "Ratsbeschluss" names its date and Drucksache number).
    council_decision: Decision | None = None


def home_body(organisations: list[Organisation]) -> Organisation | None:
    """The city's own body: a city unit with a legal name (the first by name if several)."""
    bodies = [o for o in organisations if o.kind == OrganisationKind.CITY_UNIT and o.legal_name.strip()]
    return min(bodies, key=lambda o: fold(o.name), default=None)


def load_mou_data(db: Database, partnership: Partnership | str, home_city: str = "") -> MouData:
    """Collect the partnership, both parties, coordinators, contacts and projects."""
    if isinstance(partnership, str):
        partnership = PartnershipService(db).get(partnership)
    orgs_service = OrganisationService(db)
    partner_org = orgs_service.get_many([partnership.partner_id])[0] if partnership.partner_id else None
    coordinators = orgs_service.get_many(partnership.coordinator_ids)
    city_units = [o for o in orgs_service.list() if o.kind == OrganisationKind.CITY_UNIT]
    body = home_body(city_units)
    own_units = [o for o in coordinators if o.kind in (OrganisationKind.CITY_UNIT, OrganisationKind.MUNICIPAL_COMPANY)]
    reference = next((o for o in [*([body] if body else []), *own_units, *city_units] if o.city), None)
    home = Party(
        city=home_city or (reference.city if reference else ""),
        country=(reference.country if reference else "") or "DE",
        organisation=body,
    )
    contacts = ContactService(db)
    # A contact whose processing is restricted (Art. 18) signs, is named and is offered in no MoU.
    home_pool = [c for c in contacts.for_organisations(list(dict.fromkeys(o.id for o in [*coordinators, *city_units])))
                 if not restricted(c)]
    coordinator_ids = {o.id for o in coordinators}
    partner = Party(
        city=(partner_org.city or partner_org.name) if partner_org else "",
        country=partner_org.country if partner_org else "",
        organisation=partner_org,
    )
    organisations = {o.id: o for o in [*coordinators, *city_units, *([partner_org] if partner_org else [])]}
    return MouData(
        partnership=partnership,
        home=home,
        partner=partner,
        coordinators=coordinators,
        home_contacts=[c for c in home_pool if c.organisation_id in coordinator_ids],
        partner_contacts=[c for c in contacts.for_organisations([partner_org.id]) if not restricted(c)] if partner_org else [],
        projects=ProjectService(db).for_partnership(partnership.id),
        organisations=organisations,
        deputy_candidates=home_pool,
        theme_glossary=theme_glossary.load(db),
        council_decision=decisions.council_approval(db, partnership.id),
    )


def missing_for_final(data: MouData, languages: Sequence[str] = (), *, council_clause: bool = True) -> list[str]:
    """What a final version needs and the data lacks, as short German phrases (empty: complete);
    with ``languages`` also each translation its columns lack (``content.untranslated``).

    The council decision is needed even when the council-decision clause is left out
    (``council_clause`` False): partnership agreements are for the council to decide (§ 41 GO
    NRW), so the clause only decides whether the MoU cites the decision; the phrase then says so."""
    missing: list[str] = []
    for party, fallback in ((data.home, _("our city")), (data.partner, _("the partner"))):
        org = party.organisation
        who = (org.name if org else party.city) or fallback
        if org is None:
            missing.append(_("the organisation that signs for {who} (for our side: a city unit with a legal name)").format(
                who=who))
            continue
        if not org.legal_name.strip():
            missing.append(_("the legal name of “{who}”").format(who=who))
        if not org.representative.strip():
            missing.append(_("the representative of “{who}”").format(who=who))
        if not org.representative_function.strip():
            missing.append(_("the representative's function at “{who}”").format(who=who))
    p = data.partnership
    approval = data.council_decision
    if approval is None or approval.date is None or not approval.number.strip():
        missing.append(_("the council decision (date and Drucksache no.)") if council_clause else _(
            "the council decision (date and Drucksache no.), which a final version needs even with the "
            "council-decision clause left out: partnership agreements are for the council to decide (§ 41 GO NRW)"))
    if p.partner_decision_required and (p.partner_decision_on is None or not p.partner_decision_number.strip()):
        missing.append(_("the partner's decision (date and no.)"))
    if languages:
        from partnerdesk.documents.mou.content import untranslated

        missing += list(dict.fromkeys(gap.missing() for gap in untranslated(data, languages)))
    return missing


class IncompleteFinal(UserError):
    """A final version was asked for while something it must name is missing."""

    def __init__(self, title: str, missing: list[str]) -> None:
        super().__init__(
            ngettext(
                "The final version of “{title}” was not written: missing {items}. Fill it in, or write a draft.",
                "The final version of “{title}” was not written: missing {items}. Fill them in, or write a draft.",
                len(missing),
            ).format(title=title, items="; ".join(missing))
        )
        self.missing = missing


def find_contact(candidates: list[Contact], name: str, what: str) -> Contact:
    """The one contact in ``candidates`` whose name contains ``name`` (an id works too)."""
    exact = [c for c in candidates if c.id == name or fold(c.name) == fold(name)]
    found = exact or [c for c in candidates if fold(name.strip()) and fold(name.strip()) in fold(c.name)]
    if len(found) == 1:
        return found[0]
    if not found:
        known = ", ".join(f"„{c.name}“" for c in candidates) or _("none")
        raise UserError(_("{what}: no contact “{name}” (possible: {known}).").format(what=what, name=name, known=known))
    raise UserError(_("{what}: “{name}” is ambiguous: {names}.").format(
        what=what, name=name, names=", ".join(f"„{c.name}“" for c in found)))


def may_print_personal_data(contact: Contact) -> bool:
    """Whether the contact's e-mail and phone may be printed when chosen: only with a legal basis
    recorded for this person and not withdrawn (``domain.consent``), and only if this user may see
    the data at all."""
    return has_legal_basis(contact) and not contact.personal_hidden


def check_personal_choice(data: MouData, contact_ids: Collection[str]) -> None:
    """Refuse printing the personal data of a contact whose legal basis does not permit it."""
    by_id = {c.id: c for c in [*data.home_contacts, *data.partner_contacts]}
    for ident in contact_ids:
        contact = by_id.get(ident)
        if contact is None:
            raise UserError(_("The contact chosen for the MoU does not belong to this partnership."))
        if contact.personal_hidden:
            raise UserError(_(
                "The e-mail and phone of “{name}” cannot be printed: only members of the personal-data role "
                "may see them."
            ).format(name=contact.name))
        if not may_print_personal_data(contact):
            raise UserError(_(
                "The e-mail and phone of “{name}” cannot be printed: no legal basis is recorded for this "
                "contact, or consent was withdrawn (field “Legal basis”)."
            ).format(name=contact.name))
