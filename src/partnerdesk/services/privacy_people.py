"""Which contacts a data-protection request is about: ``find_people(db, "Ama Mensah")``.

A request under the GDPR names a person, not a record id: by the contact's id, by e-mail
(every contact with that address - one person may stand in the register twice) or by name.
A name that fits several contacts is refused with the candidates listed and what tells them
apart (organisation, function, e-mail, id), so nothing about the wrong person is ever
exported, restricted or erased. Used by the Auskunft (Art. 15), the restriction (Art. 18)
and the erasure (Art. 17) alike, in the window and on the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerdesk.domain.errors import AmbiguousNameError, NotFoundError
from partnerdesk.domain.records import Contact
from partnerdesk.domain.text import contains, fold, search_forms
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ContactPrivateRow, ContactRow, OrganisationRow
from partnerdesk.services import mapping, search_text
from partnerdesk.services.records import ContactService

#: Longer than any name or e-mail (names end at 300 characters): looked up no further.
_LONGEST = 1_000


class UnknownPersonError(NotFoundError):
    """No contact is the person named; nothing was done."""


@dataclass(frozen=True)
class Candidate:
    """One contact a name fits, with what tells it apart from the others."""

    contact: Contact
    organisation: str

    @property
    def label(self) -> str:
        """ "Dr. Ama Mensah – Stadt Kumasi, Bürgermeisterin, ama@kumasi.gh (Kennung c-…)"."""
        details = [d for d in (self.organisation, self.contact.function, self.contact.email) if d]
        text = self.contact.display_name or _("(no name)")
        if details:
            text += " – " + ", ".join(details)
        return text + " " + _("(id {id})").format(id=self.contact.id)


class AmbiguousPersonError(AmbiguousNameError):
    """A name fits several contacts; ``people`` lists them (``candidates``: their labels)."""

    def __init__(self, text: str, people: list[Candidate]) -> None:
        labels = [c.label for c in people]
        super().__init__(
            ngettext(
                "“{text}” fits {count} contact. Please name the person by e-mail or id: {names}",
                "“{text}” fits {count} contacts. Please name the person by e-mail or id: {names}",
                len(people),
            ).format(
                text=text, count=len(people), names="; ".join(labels)
            ),
            labels,
        )
        self.people = people


def find_people(db: Database, text: str) -> list[Contact]:
    """The contacts ``text`` names: by id (one), by e-mail (every contact with that address,
    letter case aside) or by name (the one it fits; a name written out in full beats one it
    is only part of). ``UnknownPersonError`` when none, ``AmbiguousPersonError`` when a name
    fits several. Reads only."""
    wanted = text.strip()
    if not wanted:
        raise UnknownPersonError(_("Please name a person: a contact's name, e-mail or id."))
    if len(wanted) > _LONGEST:
        raise UnknownPersonError(_("No contact matches “{text}”.").format(text=wanted[:60] + "…"))
    search_text.ensure_current(db)
    with db.read() as session:
        row = session.get(ContactRow, wanted)
        if row is not None:
            return [mapping.contact_from_row(row)]
        if "@" in wanted:
            # Whom the server hides e-mail from finds nobody by it (as on a server's own rows).
            found = _by_email(session, wanted) if db.personal_data_visible else []
            if found:
                return found
            raise UnknownPersonError(
                _("No contact has the e-mail address “{text}”.").format(text=wanted)
                if db.personal_data_visible
                else _(
                    "No contact has the e-mail address “{text}” - or the server hides e-mail "
                    "addresses from you: ask a member of the personal-data role."
                ).format(text=wanted)
            )
        candidates = _by_name(session, wanted)
        if len(candidates) == 1:
            return [candidates[0].contact]
        if candidates:
            raise AmbiguousPersonError(wanted, candidates)
    raise UnknownPersonError(_("No contact matches “{text}”.").format(text=wanted))


def find_person(db: Database, text: str) -> Contact:
    """The one contact ``text`` names; an e-mail shared by several contacts is ambiguous here."""
    people = find_people(db, text)
    if len(people) == 1:
        return people[0]
    with db.read() as session:
        raise AmbiguousPersonError(text.strip(), _candidates(session, people))


def _by_email(session: Session, wanted: str) -> list[Contact]:
    needle = fold(wanted)
    ids = [
        contact_id
        for contact_id, email in session.execute(
            select(ContactPrivateRow.contact_id, ContactPrivateRow.email).where(
                ContactPrivateRow.search_text.contains(needle, autoescape=True)
            )
        ).all()
        if fold(email) == needle
    ]
    if not ids:
        return []
    rows = session.scalars(
        select(ContactRow).where(ContactRow.id.in_(ids)).order_by(*ContactService.name_order())
    ).unique().all()
    return [mapping.contact_from_row(r) for r in rows]


def _by_name(session: Session, wanted: str) -> list[Candidate]:
    needle = fold(wanted)
    words = re.findall(r"\w+", needle) or [needle]
    word = max(words, key=len)  # the stored text holds written-out spellings word by word
    rows = session.scalars(
        select(ContactRow)
        .where(ContactRow.search_text.contains(word, autoescape=True))
        .order_by(*ContactService.name_order())
    ).unique().all()
    every = [mapping.contact_from_row(r) for r in rows]
    fitting = [c for c in every if contains(c.display_name, needle) or contains(c.sort_name, needle)]
    whole = [c for c in fitting if needle in search_forms(c.display_name) or needle in search_forms(c.sort_name)]
    return _candidates(session, whole if len(whole) == 1 else fitting)


def _candidates(session: Session, people: list[Contact]) -> list[Candidate]:
    org_ids = {c.organisation_id for c in people if c.organisation_id}
    names = dict(session.execute(select(OrganisationRow.id, OrganisationRow.name).where(OrganisationRow.id.in_(org_ids))).all()) if org_ids else {}
    return [Candidate(c, names.get(c.organisation_id or "", "")) for c in people]
