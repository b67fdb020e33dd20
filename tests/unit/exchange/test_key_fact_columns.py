"""Key facts in tables: the shown value with its source and date in columns of their own, every
value in "Eckdaten" (texts with "|" and line breaks read back), a source column alone describes
the shown value, and an unreadable "Eckdaten" line is named in the preview."""

from __future__ import annotations

import dataclasses

import openpyxl

from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.domain.records import KeyFact
from partnerdesk.exchange.table_export import export_table
from partnerdesk.exchange.table_import import apply_import, preview_file
from partnerdesk.services import service_for


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_key_facts_export_in_columns_and_read_back_unchanged(example_db, tmp_path):
    service = service_for(example_db, "organisations")
    dabola = service.find("Dabola")
    stored = service.update(dataclasses.replace(dabola, key_facts=[*dabola.key_facts, KeyFact(
        kind=KeyFactKind.AREA, value="1234.5", source="Kataster | Blatt 3\nzweite Zeile", as_of="2020")]))
    path = tmp_path / "organisationen.xlsx"
    export_table(example_db, "organisations", service.list(), path)
    sheet = openpyxl.load_workbook(path).active
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("Name")].value == "Dabola")
    cells = {h: row[headers.index(h)].value for h in ("Einwohner", "Einwohner Quelle", "Einwohner Stand", "Fläche (km²)",
                                                       "Bürgermeister/in", "Bürgermeister/in seit")}
    assert cells == {"Einwohner": 40000, "Einwohner Quelle": "Angabe der Commune urbaine de Dabola beim Besuch",
                     "Einwohner Stand": "15.10.2019", "Fläche (km²)": 1234.5, "Bürgermeister/in": "Mamadou Exemple",
                     "Bürgermeister/in seit": "2021"}
    assert row[headers.index("Eckdaten")].value.splitlines() == [
        "Einwohner: 42.000 | Quelle: bisheriger Wert",
        "Einwohner: 21.000 | Quelle: Reisebericht der Delegation | Stand: 2012",
        "Einwohner: 40.000 | Quelle: Angabe der Commune urbaine de Dabola beim Besuch | Stand: 15.10.2019",
        "Bürgermeister/in seit: 2021 | Name: Mamadou Exemple | Quelle: Schreiben der Commune urbaine | Stand: 01.02.2023",
        "Fläche (km²): 1.234,5 | Quelle: Kataster \\| Blatt 3\\",  # "|" and the line break escaped
        "zweite Zeile | Stand: 2020",
    ]
    preview = preview_file(example_db, path, "organisations")
    read = next(r for r in preview.rows if r.record.id == stored.id)
    assert read.action == "unchanged", read.problems
    assert read.record.key_facts == stored.key_facts


def test_a_source_column_alone_describes_the_shown_value(example_db, tmp_path):
    path = _xlsx(tmp_path / "quellen.xlsx", [["Name", "Land", "Einwohner Quelle", "Einwohner Stand"],
                                            ["Dabola", "GN", "Zensus RGPH", "2014"]])
    preview = preview_file(example_db, path, "organisations")
    (row,) = preview.rows
    assert row.action == "update", row.problems
    apply_import(example_db, preview)
    shown = [f for f in service_for(example_db, "organisations").find("Dabola").key_facts if f.value == "40000"]
    assert [(f.source, f.as_of) for f in shown] == [("Zensus RGPH", "2014")]


def test_an_unreadable_key_facts_line_is_named_in_the_preview(example_db, tmp_path):
    path = _xlsx(tmp_path / "eckdaten.xlsx", [["Name", "Land", "Eckdaten"],
                                             ["Dabola", "GN", "Einwohner: 40.000 | Herkunft: Besuch"],
                                             ["Bondo", "KE", "Einwohnerzahl 40.000"]])
    preview = preview_file(example_db, path, "organisations")
    assert preview.problem_lines() == [
        "Zeile 2, Spalte C (Eckdaten): Eckdatum „Einwohner: 40.000“: „Herkunft: Besuch“ ist keins von Name, Quelle, "
        "Stand, angezeigt",
        "Zeile 3, Spalte C (Eckdaten): Eckdatum „Einwohnerzahl 40.000“: Eine Zeile beginnt mit der Art und ihrem Wert, "
        "z. B. „Einwohner: 42.000“",
    ]
