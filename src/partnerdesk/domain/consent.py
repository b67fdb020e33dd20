"""Whether a contact may be written to, from the consent record and the "do not contact" flag.

The one rule every letter, invitation, mail merge and participant export asks
(``may_be_written_to``), so no export decides it on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from partnerdesk.domain.enums import LegalBasis
from partnerdesk.domain.records import Contact


def consent_withdrawn(contact: Contact, today: date | None = None) -> bool:
    """The person withdrew consent (or objected) on or before ``today``."""
    withdrawn = contact.consent_withdrawn_on
    return withdrawn is not None and withdrawn <= (today or date.today())


def has_legal_basis(contact: Contact, today: date | None = None) -> bool:
    """A legal basis is recorded and not withdrawn (what printing e-mail and phone needs)."""
    return contact.legal_basis is not None and not consent_withdrawn(contact, today)


def restricted(contact: Contact) -> bool:
    """Processing is restricted (Art. 18 GDPR): the record is kept, but goes into no export,
    document, mail merge, participant list or travel copy."""
    return contact.processing_restricted


def may_be_written_to(contact: Contact, today: date | None = None) -> bool:
    """Not marked "do not contact", processing not restricted, a legal basis recorded, and
    consent not withdrawn."""
    return not contact.do_not_contact and not restricted(contact) and has_legal_basis(contact, today)


#: What a former free-text legal basis is introduced by where it is kept in the notes.
OLD_BASIS_NOTE = "Rechtsgrundlage (bisher): "

#: Words that name one legal basis in older free text ("Einwilligung vom 1.3.2025").
_BASIS_WORDS: dict[LegalBasis, tuple[str, ...]] = {
    LegalBasis.CONSENT: ("einwilligung", "eingewilligt", "zustimmung", "zugestimmt", "consent", "consentement",
                         "lit. a", "lit a", "(1)(a)"),
    LegalBasis.CONTRACT: ("vertrag", "contract", "lit. b", "lit b", "(1)(b)"),
    LegalBasis.PUBLIC_TASK: ("öffentliche aufgabe", "oeffentliche aufgabe", "public task", "öffentlichen aufgabe",
                             "lit. e", "lit e", "(1)(e)"),
    LegalBasis.LEGITIMATE_INTEREST: ("berechtigtes interesse", "berechtigten interesse", "legitimate interest",
                                     "lit. f", "lit f", "(1)(f)"),
}
_DATE = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True)
class MappedBasis:
    """What older free text says: one legal basis (None when none or several are named) and the
    one date in it (when consent was given)."""

    legal_basis: LegalBasis | None
    given_on: date | None


def legal_basis_from_text(text: str) -> MappedBasis:
    """The legal basis a free text names, where exactly one is named; the date, where exactly one
    valid date stands in it. Used by migration 0012 and the table import."""
    folded = " ".join(text.casefold().split())
    named = [basis for basis, words in _BASIS_WORDS.items() if any(w in folded for w in words)]
    if len(named) != 1:
        return MappedBasis(None, None)
    days = []
    for m in _DATE.finditer(text):
        try:
            if m.group(1):
                days.append(date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
            else:
                days.append(date(int(m.group(4)), int(m.group(5)), int(m.group(6))))
        except ValueError:  # "30.2.2025": no date at all rather than a wrong one
            return MappedBasis(named[0], None)
    consent = named[0] is LegalBasis.CONSENT
    return MappedBasis(named[0], days[0] if len(days) == 1 and consent else None)
