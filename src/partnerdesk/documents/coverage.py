"""Which printed fields hold characters that no bundled font has.

Such a character is printed as "\ufffd" (``text.markup``) and the document is still
written; these checks name the record and the field so the command line and the
window can say what to look at. They walk the same fields the documents print.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from partnerdesk.documents import text
from partnerdesk.documents.mou.content import HISTORY_PROJECTS
from partnerdesk.documents.mou.data import MouData
from partnerdesk.documents.project_sheet_data import SheetData
from partnerdesk.domain.records import Contact, Organisation, Record
from partnerdesk.domain.validation import record_label
from partnerdesk.i18n import _


@dataclass(frozen=True)
class MissingGlyphs:
    """``characters`` of ``field`` in ``record`` that no bundled font can print."""

    record: str
    field: str
    characters: str

    def message(self) -> str:
        shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in self.characters)
        return _("{record}, field “{field}”: no font has {characters}; printed as “\ufffd”.").format(
            record=self.record, field=self.field, characters=shown
        )


def _check(record: Record, fields: Iterable[tuple[str, object]]) -> list[MissingGlyphs]:
    out = []
    for label, value in fields:
        values = value if isinstance(value, list) else [value]
        missing = "".join(dict.fromkeys("".join(text.uncovered(v) for v in values)))
        if missing:
            out.append(MissingGlyphs(record_label(record), label, missing))
    return out


def _organisation(org: Organisation) -> list[MissingGlyphs]:
    return _check(org, [(_("Name"), org.name), (_("Name in other languages"), org.name_translations),
                        (_("City"), org.city), (_("Legal name"), org.legal_name),
                        (_("Legal name in other languages"), org.legal_name_translations),
                        (_("Representative"), org.representative), (_("Representative's function"), org.representative_function),
                        (_("Function in other languages"), org.representative_function_translations)])


def _contact(contact: Contact) -> list[MissingGlyphs]:
    return _check(contact, [(_("Name"), contact.name), (_("Function"), contact.function),
                            (_("E-mail"), contact.email), (_("Phone"), contact.phone)])


def _unique(found: Iterable[MissingGlyphs]) -> list[MissingGlyphs]:
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Written:
    """What a document builder returns: where the PDF is, and what it could not print."""

    path: Path
    missing: list[MissingGlyphs]


def sheet_gaps(data: SheetData) -> list[MissingGlyphs]:
    """Missing glyphs in the project sheets for ``data``."""
    found: list[MissingGlyphs] = []
    for project in data.projects:
        found += _check(project, [(_("Title"), project.title), (_("Summary"), project.summary),
                                  (_("Funding source"), [s.name for s in project.funding_sources]),
                                  (_("Results and indicators"), project.results),
                                  (_("Funding programme"), project.funding_programme),
                                  (_("File reference"), project.file_reference)])
        partnership = data.partnership_of(project)
        if partnership:
            found += _check(partnership, [(_("Title"), partnership.title)])
        partner = data.partner_of(project)
        if partner:
            found += _organisation(partner)
        for participant in project.participants:
            if participant.organisation_id in data.organisations:
                found += _organisation(data.organisations[participant.organisation_id])
        for contact_id in project.contact_ids:
            if contact_id in data.contacts:
                contact = data.contacts[contact_id]
                found += _contact(contact)
                if contact.organisation_id in data.organisations:
                    found += _organisation(data.organisations[contact.organisation_id])
    return _unique(found)


def mou_gaps(data: MouData) -> list[MissingGlyphs]:
    """Missing glyphs in the MoU for ``data``."""
    p = data.partnership
    found = _check(p, [(_("Title"), p.title), (_("Themes"), list(p.themes)),
                       (_("Themes in other languages"), [data.theme_glossary.of(t) for t in p.themes])])
    for party in (data.home, data.partner):
        if party.organisation:
            found += _organisation(party.organisation)
    for org in data.coordinators:
        found += _organisation(org)
    for contact in [*data.home_contacts, *data.partner_contacts]:
        found += _contact(contact)
        if contact.organisation_id in data.organisations:
            found += _organisation(data.organisations[contact.organisation_id])
    recent = sorted(data.projects, key=lambda p: (p.start_date or date.min, p.title), reverse=True)
    for project in recent[:HISTORY_PROJECTS]:
        found += _check(project, [(_("Title"), project.title),
                                  (_("Title in other languages"), project.title_translations)])
    return _unique(found)
