"""An activity's participant list as an Excel workbook (.xlsx, openpyxl) for the visit.

One sheet: a heading with the activity's title, days and place, then a table with name,
organisation and role, and the columns "Ernährung" and "Barrierefreiheit" only if anybody's
notes were entered (a list without them shows nobody an empty column to fill in). Names are
those on the list (a picked contact's name as it is now in the register, if it still exists;
the organisation likewise). A contact who withdrew consent (or objected) is left out: the list
is processing of their data, which must stop then (``domain.consent.consent_withdrawn``); the
count is reported, not the names; so is a contact whose processing is restricted (Art. 18,
``domain.consent.restricted``). Other contacts stay on it even if they may not be written to
("do not contact", no legal basis recorded): the list says who comes to the visit, it writes to
nobody (the mail-merge file, ``exchange.mail_merge``, leaves those out). Every text is written as text, never as a formula, with control
characters kept as Excel stores them (``_x000B_``). Written to a temporary name first, so a
failed write leaves no half file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from partnerdesk.domain.consent import consent_withdrawn, restricted
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Activity, Contact
from partnerdesk.exchange.table_encoding import ooxml_escape
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.services import service_for


@dataclass(frozen=True)
class ListLine:
    name: str
    organisation: str
    role: str
    dietary: str
    accessibility: str


@dataclass(frozen=True)
class ParticipantListReport:
    written: int
    #: Contacts on the list left out because they withdrew consent.
    withdrawn: int = 0
    #: Contacts on the list left out because their processing is restricted (Art. 18).
    restricted: int = 0

    def lines(self) -> list[str]:
        """What was left out, for the window and the command line (a count, no names)."""
        said = []
        if self.withdrawn:
            said.append(ngettext("{n} participant left out: consent withdrawn.",
                                 "{n} participants left out: consent withdrawn.", self.withdrawn).format(n=self.withdrawn))
        if self.restricted:
            said.append(ngettext("{n} participant left out: processing restricted.",
                                 "{n} participants left out: processing restricted.", self.restricted).format(n=self.restricted))
        return said


def list_lines(db: Database, activity: Activity) -> tuple[list[ListLine], int, int]:
    """The participants as the list prints them (linked names as the register has them now), and
    how many were left out because they withdrew consent, and because their processing is restricted."""
    contact_ids = [a.contact_id for a in activity.attendees if a.contact_id]
    organisation_ids = [a.organisation_id for a in activity.attendees if a.organisation_id]
    found = service_for(db, "contacts").get_many(contact_ids) if contact_ids else []
    withdrawn = {c.id for c in found if isinstance(c, Contact) and consent_withdrawn(c)}
    hidden = {c.id for c in found if isinstance(c, Contact) and restricted(c)} - withdrawn
    contacts = {c.id: c.name for c in found}
    organisations = (
        {o.id: o.name for o in service_for(db, "organisations").get_many(organisation_ids)} if organisation_ids else {}
    )
    kept = [a for a in activity.attendees if a.contact_id not in withdrawn and a.contact_id not in hidden]
    return [
        ListLine(
            name=contacts.get(a.contact_id or "", "") or a.name,
            organisation=organisations.get(a.organisation_id or "", "") or a.organisation,
            role=a.role, dietary=a.dietary, accessibility=a.accessibility,
        )
        for a in kept
    ], sum(1 for a in activity.attendees if a.contact_id in withdrawn), sum(1 for a in activity.attendees if a.contact_id in hidden)


def _days(activity: Activity) -> str:
    if activity.date is None:
        return ""
    first = activity.date.strftime("%d.%m.%Y")
    last = activity.last_day
    return first if last is None or last == activity.date else f"{first} – {last.strftime('%d.%m.%Y')}"


def export_participant_list(db: Database, activity_id: str, out: Path) -> ParticipantListReport:
    """Write the list of the activity ``activity_id`` to ``out`` (.xlsx); how many people are on it
    and how many were left out."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if out.suffix.lower() != ".xlsx":
        raise UserError(_("Please name a file ending in .xlsx (not “{name}”).").format(name=out.name))
    activity = service_for(db, "activities").get(activity_id)
    assert isinstance(activity, Activity)
    lines, withdrawn, restricted_count = list_lines(db, activity)
    columns: list[tuple[str, str]] = [("name", _("Name")), ("organisation", _("Organisation")), ("role", _("Role"))]
    if any(line.dietary for line in lines):
        columns.append(("dietary", _("Dietary needs")))
    if any(line.accessibility for line in lines):
        columns.append(("accessibility", _("Accessibility needs")))

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participant list")[:31]
    bold = Font(bold=True)

    def put(row: int, column: int, text: str, font: Font | None = None) -> int:
        cell = sheet.cell(row=row, column=column)
        cell.value = ooxml_escape(text)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if font is not None:
            cell.font = font
        return len(text)

    put(1, 1, activity.title, Font(bold=True, size=14))
    put(2, 1, " · ".join(p for p in (_days(activity), activity.place) if p))
    header = 4
    widths = [put(header, i, label, bold) for i, (_key, label) in enumerate(columns, start=1)]
    for n, line in enumerate(lines, start=header + 1):
        for i, (key, _label) in enumerate(columns, start=1):
            text = getattr(line, key)
            if text:
                widths[i - 1] = max(widths[i - 1], put(n, i, text))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = f"A{header + 1}"
    sheet.print_title_rows = f"{header}:{header}"
    temporary = out.with_name(f".{out.name}.partial")
    try:
        workbook.save(temporary)
        os.replace(temporary, out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(_("{name} could not be written: {reason}").format(name=out, reason=exc.strerror)) from exc
    return ParticipantListReport(written=len(lines), withdrawn=withdrawn, restricted=restricted_count)
