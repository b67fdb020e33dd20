"""The programme's .xlsx sheet: export, change a value, import, and the database holds the change;
new rows and rows left out; every wrong cell refused in German naming row and column, nothing
written; text that looks like a formula stays text."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from partnerdesk.domain.programme import ItemKind, MeasureStatus
from partnerdesk.domain.programme_sample import sample_programme
from partnerdesk.exchange.programme_table import (
    ProgrammeTableError,
    export_programme,
    headers,
    import_programme,
)
from partnerdesk.services import programme
from programme_sheets import edit_sheet as _edit


def _row_of(sheet, columns, title: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if any(sheet.cell(row, columns[h]).value == title for h in ("Handlungsfeld", "Ziel", "Maßnahme", "Indikator")):
            if sheet.cell(row, columns["Ebene"]).value in ("Indikator", "Maßnahme") or title in ("Klimaanpassung",):
                return row
    raise AssertionError(title)


def _items(db):
    return {i.title: i for i in programme.load(db, "Kumasi").items}


def test_export_change_a_value_import_and_the_database_has_it(programme_db, tmp_path):
    path = tmp_path / "programm.xlsx"
    assert export_programme(programme_db, "Kumasi", path) == len(sample_programme())
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == headers("en")
    assert [c.value for c in sheet[1]][:4] == ["Kennung", "Ebene", "Handlungsfeld", "Handlungsfeld (en)"]
    unchanged = import_programme(programme_db, "Kumasi", path)
    assert (unchanged.created, unchanged.changed, unchanged.unchanged, unchanged.written) == ([], [], 9, False)

    def change(sheet, columns):
        row = _row_of(sheet, columns, "Begrünte Schulhöfe")
        sheet.cell(row, columns["Zielwert"]).value = 14.5
        sheet.cell(row, columns["Indikator (en)"]).value = "Green schoolyards"
        sheet.cell(row, columns["Messwerte (Jahr | Datum | Wert | Quelle)"]).value += "\n2026 |  | 9,25 | Partnerbericht"
        measure = _row_of(sheet, columns, "Kompostanlage am Markt")
        sheet.cell(measure, columns["Status"]).value = "Laufend"
    _edit(path, change)
    report = import_programme(programme_db, "Kumasi", path)
    assert sorted(report.changed) == ["Indikator „Begrünte Schulhöfe“", "Maßnahme „Kompostanlage am Markt“"]
    stored = _items(programme_db)
    indicator = stored["Begrünte Schulhöfe"]
    assert indicator.target_value == Decimal("14.5") and indicator.title_translations == "en: Green schoolyards"
    assert [(v.year, v.value, v.source) for v in indicator.measured][-1] == (2026, Decimal("9.25"), "Partnerbericht")
    assert stored["Kompostanlage am Markt"].status == MeasureStatus.RUNNING
    # The exported sheet of the imported programme equals the edited one, value for value.
    again = tmp_path / "wieder.xlsx"
    export_programme(programme_db, "Kumasi", again)
    rows = lambda p: [[c.value for c in r] for r in openpyxl.load_workbook(p).active.iter_rows()]  # noqa: E731
    assert rows(again) == rows(path)


def test_a_new_row_goes_under_the_row_above_and_rows_left_out_stay_unless_asked(programme_db, tmp_path):
    path = tmp_path / "programm.xlsx"
    export_programme(programme_db, "Kumasi", path)

    def change(sheet, columns):
        row = _row_of(sheet, columns, "Kompostierte Menge")
        sheet.insert_rows(row + 1)
        for header, value in (("Handlungsfeld", "Abfallwirtschaft"), ("Ziel", "Weniger Abfall auf Deponien"),
                              ("Maßnahme", "Kompostanlage am Markt"), ("Indikator", "Verkaufter Kompost"),
                              ("Einheit", "t"), ("Ausgangsjahr", 2025), ("Zieljahr", 2028), ("Zielwert", "120,5")):
            sheet.cell(row + 1, columns[header]).value = value
        sheet.delete_rows(_row_of(sheet, columns, "Hitzetage über 30 °C im Klassenraum"))
    _edit(path, change)
    report = import_programme(programme_db, "Kumasi", path, dry_run=True)
    assert report.created == ["Indikator „Verkaufter Kompost“"] and not report.written
    assert "Verkaufter Kompost" not in _items(programme_db)
    import_programme(programme_db, "Kumasi", path)
    stored = _items(programme_db)
    assert stored["Verkaufter Kompost"].parent_id == stored["Kompostanlage am Markt"].id
    assert stored["Verkaufter Kompost"].kind == ItemKind.INDICATOR and stored["Verkaufter Kompost"].target_value == Decimal("120.5")
    assert "Hitzetage über 30 °C im Klassenraum" in stored  # left out of the sheet, kept
    report = import_programme(programme_db, "Kumasi", path, remove_missing=True)
    assert report.removed == ["Indikator „Hitzetage über 30 °C im Klassenraum“"]
    assert "Hitzetage über 30 °C im Klassenraum" not in _items(programme_db)


@pytest.mark.parametrize(("header", "value", "message"), [
    ("Zielwert", "zwölf", "Spalte „Zielwert“: „zwölf“ ist keine Zahl"),
    ("Einheit", None, "Spalte „Einheit“: Ein Indikator braucht eine Einheit"),
    ("Zieljahr", 2019, "Spalte „Zieljahr“: Das Zieljahr (2019) liegt vor dem Ausgangsjahr (2023)"),
    ("Zieljahr", "20x7", "Spalte „Zieljahr“: „20x7“ ist keine Jahreszahl"),
    ("Zielwert", "=1+1", "Spalte „Zielwert“: Eine Formel (=1+1) kann nicht eingelesen werden"),
    ("Kennung", "00000000-0000-4000-8000-000000000000", "Spalte „Kennung“: „00000000-0000-4000-8000-000000000000“ ist die Kennung keines Elements"),
    ("Messwerte (Jahr | Datum | Wert | Quelle)", "2024 | 31.02.2024 | 3 | x", "Zeile 1: „31.02.2024“ ist kein Datum"),
], ids=["not a number", "no unit", "target before baseline", "not a year", "formula", "unknown id", "bad date"])
def test_a_wrong_cell_is_named_and_nothing_is_written(programme_db, tmp_path, content_of, header, value, message):
    path = tmp_path / "programm.xlsx"
    export_programme(programme_db, "Kumasi", path)

    def change(sheet, columns):
        sheet.cell(_row_of(sheet, columns, "Begrünte Schulhöfe"), columns[header]).value = value
    _edit(path, change)
    before = content_of(programme_db.path)
    with pytest.raises(ProgrammeTableError) as caught:
        import_programme(programme_db, "Kumasi", path)
    assert caught.value.message.startswith("programm.xlsx, Zeile 5, ")
    assert message in caught.value.message
    assert content_of(programme_db.path) == before


def test_text_that_looks_like_a_formula_is_written_as_text(programme_db, tmp_path):
    view = programme.load(programme_db, "Kumasi")
    items = [i if i.title != "Klimaanpassung" else type(i)(**{**i.__dict__, "title": "=HYPERLINK(\"x\")"}) for i in view.items]
    programme.save(programme_db, view.partnership, items)
    path = tmp_path / "programm.xlsx"
    export_programme(programme_db, "Kumasi", path)
    cell = openpyxl.load_workbook(path).active.cell(2, 3)
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"
    assert not import_programme(programme_db, "Kumasi", path).changed


def test_linked_projects_go_out_by_title_and_come_back_and_a_deleted_one_is_left_out(programme_db, tmp_path):
    from partnerdesk.services import service_for

    projects = service_for(programme_db, "projects")
    kept, gone = projects.list()[:2]
    view = programme.load(programme_db, "Kumasi")
    items = [type(i)(**{**i.__dict__, "project_ids": [kept.id, gone.id]}) if i.kind == ItemKind.MEASURE else i
             for i in view.items]
    programme.save(programme_db, view.partnership, items)
    projects.delete(gone.id)
    path = tmp_path / "programm.xlsx"
    export_programme(programme_db, "Kumasi", path)
    sheet = openpyxl.load_workbook(path).active
    columns = {cell.value: cell.column for cell in sheet[1]}
    assert sheet.cell(_row_of(sheet, columns, "Kompostanlage am Markt"), columns["Verknüpfte Projekte"]).value == kept.title
    import_programme(programme_db, "Kumasi", path)
    assert _items(programme_db)["Kompostanlage am Markt"].project_ids == [kept.id]


def test_a_measure_names_the_grants_that_fund_it_by_title(programme_db, tmp_path):
    view = programme.load(programme_db, "Kumasi")
    assert view.grants, "the example data have grants"
    grant_id, grant_title = next(iter(view.grants.items()))
    path = tmp_path / "programm.xlsx"
    export_programme(programme_db, "Kumasi", path)

    def change(sheet, columns):
        sheet.cell(_row_of(sheet, columns, "Kompostanlage am Markt"), columns["Gefördert durch Zuwendungen"]).value = grant_title
    _edit(path, change)
    import_programme(programme_db, "Kumasi", path)
    assert _items(programme_db)["Kompostanlage am Markt"].grant_ids == [grant_id]

    def unknown(sheet, columns):
        sheet.cell(_row_of(sheet, columns, "Kompostanlage am Markt"), columns["Gefördert durch Zuwendungen"]).value = "Gibt es nicht"
    _edit(path, unknown)
    with pytest.raises(ProgrammeTableError, match="Keine Zuwendung heißt „Gibt es nicht“"):
        import_programme(programme_db, "Kumasi", path)
