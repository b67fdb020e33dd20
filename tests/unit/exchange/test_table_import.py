"""Importing tables: German CSV dialects, every kind of bad row, formulas, damaged files, undo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Organisation, Project
from partnerdesk.exchange.table_export import export_table
from partnerdesk.exchange.table_import import apply_import, preview_file, undo_import
from partnerdesk.exchange.table_mapping import guess_mapping
from partnerdesk.exchange.table_read import TableFileError
from partnerdesk.services import service_for

GERMAN_CSV = (
    "Titel;Land;Budget (EUR);Beginn;Ende;SDG;Unterziele;Status\r\n"
    "Brunnenbau Bondo;Kenia;12.500,50;01.03.2026;31.12.2027;SDG 6; SDG 13;6.1;Laufend\r\n"
    "Schulgärten in Kumasi – Grün für Übermorgen;Ghana;1.234;2026-01-15;;6, 13;;Geplant\r\n"
)


def write_cp1252(path, text: str) -> None:
    path.write_bytes(text.encode("cp1252"))


@pytest.mark.postgresql  # also on a server (bulk insert, undo)
def test_german_csv_semicolon_decimal_comma_windows_1252(db, tmp_path):
    path = tmp_path / "projekte.csv"
    # The SDG cell "SDG 6; SDG 13" must be quoted in a semicolon file; Excel does that.
    text = GERMAN_CSV.replace("SDG 6; SDG 13", '"SDG 6; SDG 13"')
    write_cp1252(path, text)
    preview = preview_file(db, path, "projects", ignore_columns=["Land"])  # projects have no country
    assert preview.mapping[:8] == ["title", None, "budget_amount", "start_date", "end_date", "sdg_goals", "sdg_targets", "status"]
    assert preview.problem_lines() == []
    apply_import(db, preview)
    projects = {p.title: p for p in service_for(db, "projects").list()}
    well = projects["Brunnenbau Bondo"]
    assert well.budget_amount == Decimal("12500.50") and well.budget_currency == "EUR"
    assert (well.start_date, well.end_date) == (date(2026, 3, 1), date(2027, 12, 31))
    assert well.sdg_goals == [6, 13] and well.sdg_targets == ["6.1"]
    assert well.status == "running"
    garden = projects["Schulgärten in Kumasi – Grün für Übermorgen"]
    assert garden.budget_amount == Decimal("1234") and garden.sdg_goals == [6, 13]


@pytest.mark.postgresql  # the bulk insert bypasses the ORM: each column's own type must convert
def test_bulk_insert_stores_language_lists_as_json_lists(db, tmp_path):
    """On PostgreSQL psycopg turned a bare Python list into an array: ["en", "sw"] was refused
    as JSON and an empty list was silently stored as the JSON object {}."""
    from sqlalchemy import select

    from partnerdesk.persistence.tables import OrganisationRow

    path = tmp_path / "orgs.csv"
    path.write_text('Name;Land;Sprachen\r\nBondo;Kenia;"en; sw"\r\nWeltladen;Deutschland;\r\n', encoding="utf-8")
    apply_import(db, preview_file(db, path, "organisations"))
    with db.read() as session:
        stored = dict(session.execute(select(OrganisationRow.name, OrganisationRow.languages)).all())
    assert stored == {"Bondo": ["en", "sw"], "Weltladen": []}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_encodings_and_separators(db, tmp_path, encoding, separator):
    rows = [["Name", "Country", "Stadt"], ["Städtepartnerschaftsverein Düsseldorf e.V.", "Deutschland", "Düsseldorf"], ["Mairie de Besançon", "France", "Besançon"]]
    text = "\r\n".join(separator.join(r) for r in rows) + "\r\n"
    path = tmp_path / "orgs.csv"
    path.write_bytes(text.encode(encoding))
    preview = preview_file(db, path, "organisations")
    assert preview.problem_lines() == []
    apply_import(db, preview)
    orgs = {o.name: o for o in service_for(db, "organisations").list()}
    assert orgs["Städtepartnerschaftsverein Düsseldorf e.V."].country == "DE"
    assert orgs["Mairie de Besançon"].city == "Besançon" and orgs["Mairie de Besançon"].country == "FR"


def test_every_kind_of_bad_row_is_reported_and_nothing_written(example_db, tmp_path, content_of):
    existing = service_for(example_db, "projects").list()[0]
    rows = [
        ["Titel", "Beginn", "Land-Budget", "SDG", "Unterziele", "Partnerschaft", "Status"],
        ["Gutes Projekt", "01.02.2026", "1000", "6", "6.1", "", "Geplant"],
        ["Schlechtes Datum", "31.02.2026", "", "", "", "", ""],
        ["Kein Betrag", "", "viel Geld", "", "", "", ""],
        ["Falsches SDG", "", "", "6, 18", "", "", ""],
        ["Falsches Unterziel", "", "", "", "6.99", "", ""],
        ["Unbekannte Partnerschaft", "", "", "", "", "Atlantis – Dortmund", ""],
        ["Unbekannter Status", "", "", "", "", "", "vielleicht"],
        ["", "01.01.2026", "", "", "", "", ""],
        ["Gutes Projekt", "", "", "", "", "", ""],
        [existing.title, "", "", "", "", "", ""],
    ]
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    mapping = tmp_path / "map.json"
    mapping.write_text('{"Land-Budget": "budget_amount"}', "utf-8")
    before = content_of(example_db.path)
    preview = preview_file(example_db, path, "projects", mapping_file=mapping)
    by_row = {r.number: r for r in preview.rows}
    assert by_row[2].action == "create" and not by_row[2].problems
    assert "kein Datum" in by_row[3].errors[0].message
    assert "keine Zahl" in by_row[4].errors[0].message
    assert "unbekanntes SDG „18“" in by_row[5].errors[0].message
    assert "Unterziel „6.99“" in by_row[6].errors[0].message
    assert "Atlantis" in by_row[7].errors[0].message and "nicht bekannt" in by_row[7].errors[0].message
    assert "vielleicht" in by_row[8].errors[0].message
    assert "Titel" in by_row[9].errors[0].message  # a title is required
    assert "Zeile 2" in by_row[10].errors[0].message  # the same record twice in the file
    assert by_row[11].action == "unchanged" and by_row[11].existing.id == existing.id
    lines = preview.problem_lines()
    assert any(line.startswith("Zeile 3, Spalte B (Beginn):") for line in lines)
    with pytest.raises(UserError, match="nichts importiert"):
        apply_import(example_db, preview)
    assert content_of(example_db.path) == before


@pytest.mark.postgresql  # also on a server (bulk insert, undo)
def test_matching_rows_update_existing_records_and_undo_restores(example_db, tmp_path):
    projects = service_for(example_db, "projects")
    target = projects.find("Jeder Tropfen zählt")
    path = tmp_path / "update.csv"
    path.write_text("Titel;Budget;Notizen\njeder tropfen zahlt;7.500;Neu aus Excel\nGanz neues Projekt;;\n", "utf-8")
    # A title equal only after folding is a possible duplicate: a new record unless merged.
    unmerged = preview_file(example_db, path, "projects")
    assert [r.action for r in unmerged.rows] == ["create", "create"]
    assert [c.id for c in unmerged.rows[0].candidates] == [target.id]
    preview = preview_file(example_db, path, "projects", merge_similar=True)
    assert [r.action for r in preview.rows] == ["update", "create"]
    assert preview.rows[0].record.title == "Jeder Tropfen zählt"  # the stored spelling stays
    assert any(p.severity == "note" and "Jeder Tropfen zählt" in p.message for p in preview.rows[0].problems)
    progress = []
    result = apply_import(example_db, preview, progress=lambda done, total: progress.append((done, total)))
    assert progress[-1] == (2, 2)
    updated = projects.get(target.id)
    assert updated.budget_amount == Decimal("7500") and updated.notes == "Neu aus Excel"
    assert updated.summary == target.summary  # empty cells do not overwrite
    assert projects.find("Ganz neues Projekt")
    undo_import(example_db, result)
    restored = projects.get(target.id)
    assert restored.budget_amount == target.budget_amount and restored.notes == target.notes
    assert not any(p.title == "Ganz neues Projekt" for p in projects.list())


@pytest.mark.postgresql  # also on a server (bulk insert, undo)
def test_undo_refuses_when_records_changed_since(db, tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("Name;Land\nKumasi Metropolitan Assembly;Ghana\n", "utf-8")
    result = apply_import(db, preview_file(db, path, "organisations"))
    orgs = service_for(db, "organisations")
    org = orgs.get(result.created_ids[0])
    org.notes = "edited after import"
    orgs.update(org)
    with pytest.raises(UserError, match="nicht rückgängig"):
        undo_import(db, result)
    assert orgs.get(org.id).notes == "edited after import"


def test_formula_looking_text_survives_both_ways(db, tmp_path):
    projects = service_for(db, "projects")
    tricky = ["=HYPERLINK(\"http://evil\";\"klick\")", "+49 231 50-0", "-Abfall", "@SUM(A1)"]
    for title in tricky:
        projects.create(Project(title=title, notes="=1+2"))
    records = projects.list()
    for suffix in (".xlsx", ".csv"):
        out = tmp_path / f"p{suffix}"
        export_table(db, "projects", records, out)
        if suffix == ".csv":
            text = out.read_text("utf-8-sig")
            assert "'=HYPERLINK" in text and "'+49 231" in text and "'@SUM" in text
        else:
            sheet = openpyxl.load_workbook(out).active
            cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
            assert cells and all(c.data_type == "s" for c in cells)
        preview = preview_file(db, out, "projects")
        assert preview.problem_lines() == []
        assert {r.record.title for r in preview.rows} == set(tricky)
        assert all(r.action == "unchanged" for r in preview.rows)


def test_a_real_formula_is_reported_not_evaluated(db, tmp_path, content_of):
    path = tmp_path / "formula.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Titel", "Budget"])
    wb.active.append(["Projekt", "=1000*2"])
    wb.save(path)
    before = content_of(db.path)
    preview = preview_file(db, path, "projects")
    assert preview.has_errors
    assert "Formel „=1000*2“" in preview.problem_lines()[0]
    with pytest.raises(UserError):
        apply_import(db, preview)
    assert content_of(db.path) == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"PK\x03\x04 this is no zip", "keine Excel-Arbeitsmappe"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "alte Excel-Format"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "keine Tabelle"),
        (b"", "ist leer"),
    ],
)
def test_damaged_or_foreign_files_give_a_clear_message(db, tmp_path, content_of, content, message):
    path = tmp_path / "table.xlsx"
    path.write_bytes(content)
    before = content_of(db.path)
    with pytest.raises(TableFileError, match=message):
        preview_file(db, path, "projects")
    assert content_of(db.path) == before


def test_huge_files_are_refused(db, tmp_path, monkeypatch):
    from partnerdesk.exchange import table_read

    monkeypatch.setattr(table_read, "MAX_ROWS", 10)
    path = tmp_path / "big.csv"
    path.write_text("Name\n" + "".join(f"Org {i}\n" for i in range(20)), "utf-8")
    with pytest.raises(TableFileError, match="mehr als 10 Zeilen"):
        preview_file(db, path, "organisations")
    monkeypatch.setattr(table_read, "MAX_BYTES", 100)
    with pytest.raises(TableFileError, match="zu groß"):
        preview_file(db, path, "organisations")


def test_mapping_is_guessed_from_german_and_english_headers_and_remembered(db, tmp_path):
    assert guess_mapping("projects", ["Title", "Country", "Budget (EUR)", "Start", "End date", "Whatever"]) == [
        "title", None, "budget_amount", "start_date", "end_date", None
    ]
    assert guess_mapping("organisations", ["Organisation", "Land", "Einwohnerzahl", "Breitengrad", "Längengrad"]) == [
        "name", "country", "population", "latitude", "longitude"
    ]
    path = tmp_path / "o.csv"
    path.write_text("Bezeichnung;Spalte X\nStadt Kumasi;Ghana\n", "utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text('{"Spalte X": "country"}', "utf-8")
    preview = preview_file(db, path, "organisations", mapping_file=mapping)
    assert preview.mapping == ["name", "country"]
    apply_import(db, preview)
    # Next time the same headers get the same mapping without the file.
    again = preview_file(db, path, "organisations")
    assert again.mapping == ["name", "country"] and again.rows[0].action == "unchanged"


@pytest.mark.postgresql  # also on a server (bulk insert, undo)
def test_organisations_with_the_same_name_in_different_countries_stay_apart(db, tmp_path):
    service_for(db, "organisations").create(Organisation(name="Paris", country="FR"))
    path = tmp_path / "o.csv"
    path.write_text("Name;Land\nParis;USA\nParis;Frankreich\n", "utf-8")
    preview = preview_file(db, path, "organisations")
    assert [r.action for r in preview.rows] == ["create", "unchanged"]


def test_undo_refuses_when_other_records_now_refer_to_imported_ones(db, tmp_path, content_of):
    from partnerdesk.domain.records import Partnership

    path = tmp_path / "o.csv"
    path.write_text("Name;Land\nKumasi;Ghana\n", "utf-8")
    result = apply_import(db, preview_file(db, path, "organisations"))
    service_for(db, "partnerships").create(Partnership(title="Dortmund – Kumasi", partner_id=result.created_ids[0]))
    before = content_of(db.path)
    with pytest.raises(UserError, match="nicht rückgängig"):
        undo_import(db, result)
    assert content_of(db.path) == before


def test_the_named_sheet_is_read(db, tmp_path):
    path = tmp_path / "two.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Notizen"
    wb.active.append(["irgendwas"])
    projects = wb.create_sheet("Projekte")
    projects.append(["Titel", "Beginn"])
    projects.append(["Aus Blatt zwei", date(2026, 4, 1)])
    wb.save(path)
    preview = preview_file(db, path, "projects", sheet="Projekte")
    assert preview.rows[0].record.start_date == date(2026, 4, 1)
    with pytest.raises(TableFileError, match="kein Tabellenblatt „Fehlt“; vorhanden sind: Notizen, Projekte"):
        preview_file(db, path, "projects", sheet="Fehlt")


def test_huge_workbooks_are_refused(db, tmp_path, monkeypatch):
    from partnerdesk.exchange import table_read

    path = tmp_path / "big.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Name"])
    for i in range(30):
        wb.active.append([f"Org {i}"])
    wb.save(path)
    monkeypatch.setattr(table_read, "MAX_ROWS", 10)
    with pytest.raises(TableFileError, match="mehr als 10 Zeilen"):
        preview_file(db, path, "organisations")
    monkeypatch.setattr(table_read, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(TableFileError, match="entpackt"):
        preview_file(db, path, "organisations")


def test_cancelling_the_apply_writes_nothing(db, tmp_path, content_of):
    from partnerdesk.services.progress import Cancelled

    path = tmp_path / "o.csv"
    path.write_text("Name;Land\n" + "".join(f"Stadt {i};Ghana\n" for i in range(450)), "utf-8")
    preview = preview_file(db, path, "organisations")
    before = content_of(db.path)

    def cancel(done, total, text=""):
        raise Cancelled()

    with pytest.raises(Cancelled):
        apply_import(db, preview, progress=cancel)
    assert content_of(db.path) == before
