"""An activity's participants as a mail-merge file ("Serienbrief-Datei") for Word or LibreOffice.

One row per participant who is a contact of the register and may be written to
(``domain.consent.may_be_written_to``: not marked "do not contact", a legal basis recorded,
consent not withdrawn, and whatever else that one rule says). Everybody else is left out and
counted by reason (``MailMergeReport``): the window and the command line tell the user how many
and why, never who (no names in messages or logs). Free names on the list (people without a
contact record) are left out too: they have no address, no e-mail and no recorded consent; the
user makes them contacts to include them. A contact on the list twice gets one row.

Columns, named as a mail merge uses them as fields: Briefanrede ("Sehr geehrte Frau Dr. Mensah,",
``domain.person_names.letter_greeting``), Anrede ("Frau"/"Herr"/empty), Titel, Vorname,
Nachname, Funktion, Organisation, Adresszusatz, Straße, PLZ, Ort, Land, E-Mail. The contact's
address is one free text; ``address_parts`` splits it: a last line that is a country goes to
Land, a line starting with a postcode ("44135 Dortmund", "D-44135 Dortmund", "400001 Cluj-Napoca")
to PLZ and Ort, the line before to Straße, earlier ones to Adresszusatz. An address that fits
no pattern keeps its lines in Straße and Adresszusatz, nothing is dropped.

The file is written as the table export writes CSV (``exchange.table_export``): UTF-8 with byte
order mark, semicolons, CRLF line ends; Word and LibreOffice read it as Unicode and split the
fields at the semicolons, and German Excel opens it with a double click. Text that a spreadsheet
would take for a formula gets a leading apostrophe (CSV injection). Written to a temporary name
first, so a failed write leaves no half file.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from partnerdesk.domain.consent import consent_withdrawn, may_be_written_to, restricted
from partnerdesk.domain.enums import Salutation
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.person_names import letter_greeting
from partnerdesk.domain.records import Activity, Contact
from partnerdesk.exchange.table_export import csv_text
from partnerdesk.i18n import N_, _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.services import service_for

#: The columns: the field names a mail merge shows (English here, German in the file).
COLUMNS = (
    N_("Salutation line"), N_("Salutation"), N_("Title"), N_("First name"), N_("Last name"),
    N_("Function"), N_("Organisation"), N_("Address addition"), N_("Street"), N_("Postcode"), N_("Town"),
    N_("Country"), N_("E-mail"),
)

#: Why a participant is not in the file (keys of ``MailMergeReport.left_out``).
DO_NOT_CONTACT = "do_not_contact"
WITHDRAWN = "withdrawn"
RESTRICTED = "restricted"
NO_BASIS = "no_basis"
OTHER_RULE = "other_rule"
GONE = "gone"
FREE_NAME = "free_name"


@dataclass(frozen=True)
class MailMergeReport:
    written: int
    #: Participants left out, counted by reason (the keys above).
    left_out: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """One sentence per reason, for the window and the command line (counts, no names)."""
        texts = {
            DO_NOT_CONTACT: lambda n: ngettext(
                "{n} contact left out: marked “do not contact”.", "{n} contacts left out: marked “do not contact”.", n),
            WITHDRAWN: lambda n: ngettext(
                "{n} contact left out: consent withdrawn.", "{n} contacts left out: consent withdrawn.", n),
            RESTRICTED: lambda n: ngettext(
                "{n} contact left out: processing restricted.", "{n} contacts left out: processing restricted.", n),
            NO_BASIS: lambda n: ngettext(
                "{n} contact left out: no legal basis recorded.", "{n} contacts left out: no legal basis recorded.", n),
            OTHER_RULE: lambda n: ngettext(
                "{n} contact left out: may not be written to.", "{n} contacts left out: may not be written to.", n),
            GONE: lambda n: ngettext(
                "{n} participant left out: the contact is no longer in the register.",
                "{n} participants left out: the contacts are no longer in the register.", n),
            FREE_NAME: lambda n: ngettext(
                "{n} participant left out: a free name without a contact record (no address, no recorded consent).",
                "{n} participants left out: free names without a contact record (no address, no recorded consent).", n),
        }
        return [texts[key](n).format(n=n) for key, n in self.left_out.items() if n]


@dataclass(frozen=True)
class AddressParts:
    addition: str = ""
    street: str = ""
    postcode: str = ""
    town: str = ""
    country: str = ""


#: A line starting with a postcode: DE/FR/IT "44135", AT/CH/BE "1010", RO "400001",
#: PL "00-950", CZ/SK "110 00", with an optional country letter prefix ("D-44135").
_POSTCODE_LINE = re.compile(r"^((?:[A-Z]{1,2}-)?(?:\d{2}-\d{3}|\d{3} \d{2}|\d{4,6}))\s+(\S.*)$")


def address_parts(address: str) -> AddressParts:
    """A free-text postal address split into the fields a letter template uses."""
    from partnerdesk.exchange.country_names import country_code

    lines = [line.strip() for line in address.replace("\r", "\n").split("\n") if line.strip()]
    if len(lines) == 1 and "," in lines[0]:  # "Friedensplatz 1, 44135 Dortmund"
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    country = town = postcode = ""
    if len(lines) > 1 and not any(ch.isdigit() for ch in lines[-1]) and country_code(lines[-1]) is not None:
        country = lines.pop()
    if lines:
        match = _POSTCODE_LINE.match(lines[-1])
        if match:
            postcode, town = match.group(1), match.group(2)
            lines.pop()
        elif len(lines) > 1 and not any(ch.isdigit() for ch in lines[-1]):
            town = lines.pop()  # "Kumasi" after "P.O. Box 1916"
    street = lines.pop() if lines else ""
    return AddressParts(addition=", ".join(lines), street=street, postcode=postcode, town=town, country=country)


def _reason(contact: Contact) -> str:
    if contact.do_not_contact:
        return DO_NOT_CONTACT
    if consent_withdrawn(contact):
        return WITHDRAWN
    if restricted(contact):
        return RESTRICTED
    if contact.legal_basis is None:
        return NO_BASIS
    return OTHER_RULE


def mail_merge_rows(db: Database, activity: Activity) -> tuple[list[list[str]], MailMergeReport]:
    """The file's rows (without the header) and what was left out, for ``activity``."""
    left_out = dict.fromkeys((DO_NOT_CONTACT, WITHDRAWN, RESTRICTED, NO_BASIS, OTHER_RULE, GONE, FREE_NAME), 0)
    contact_ids = list(dict.fromkeys(a.contact_id for a in activity.attendees if a.contact_id))
    left_out[FREE_NAME] = sum(1 for a in activity.attendees if not a.contact_id)
    contacts = service_for(db, "contacts").get_many(contact_ids) if contact_ids else []
    left_out[GONE] = len(contact_ids) - len(contacts)
    writable: list[Contact] = []
    for contact in contacts:
        assert isinstance(contact, Contact)
        if may_be_written_to(contact):
            writable.append(contact)
        else:
            left_out[_reason(contact)] += 1
    organisation_ids = list({c.organisation_id for c in writable if c.organisation_id})
    organisations = (
        {o.id: o.name for o in service_for(db, "organisations").get_many(organisation_ids)} if organisation_ids else {}
    )
    salutations = {Salutation.MS: "Frau", Salutation.MR: "Herr"}
    rows = []
    for c in writable:
        address = address_parts(c.address)
        rows.append([
            letter_greeting(c.salutation, c.title, c.first_name, c.last_name), salutations.get(c.salutation, ""),
            c.title, c.first_name, c.last_name, c.function, organisations.get(c.organisation_id or "", ""),
            address.addition, address.street, address.postcode, address.town, address.country, c.email,
        ])
    return rows, MailMergeReport(written=len(rows), left_out=left_out)


def export_mail_merge(db: Database, activity_id: str, out: Path) -> MailMergeReport:
    """Write the mail-merge file of the activity ``activity_id`` to ``out`` (.csv)."""
    if out.suffix.lower() != ".csv":
        raise UserError(_("Please name a file ending in .csv (not “{name}”).").format(name=out.name))
    activity = service_for(db, "activities").get(activity_id)
    assert isinstance(activity, Activity)
    rows, report = mail_merge_rows(db, activity)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_(c) for c in COLUMNS])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    temporary = out.with_name(f".{out.name}.partial")
    try:
        with temporary.open("w", encoding="utf-8-sig", newline="") as fh:
            fh.write(buffer.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(_("{name} could not be written: {reason}").format(name=out, reason=exc.strerror)) from exc
    return report
