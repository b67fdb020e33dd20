"""The example data's climate partnership (Dortmund – Kumasi) comes with a small joint action
programme in German and English: two fields of action with goals, measures (responsible units in
both cities, period, status, the master plan project and its Nakopa grant) and indicators (unit,
baseline, target, a measured value); it passes every check, prints, reads back unchanged from its
sheet, and leaves with the example data."""

from __future__ import annotations

from decimal import Decimal

import docx

from partnerdesk.documents.programme import write_programme
from partnerdesk.domain import programme as rules
from partnerdesk.domain.programme import ItemKind, MeasureStatus
from partnerdesk.exchange.programme_table import export_programme, import_programme
from partnerdesk.services import programme
from partnerdesk.services.example_data import remove_example_data
from partnerdesk.services.records import service_for


def _by_kind(items, kind):
    return [i for i in items if i.kind == kind]


def test_kumasi_has_a_bilingual_programme_with_targets_and_a_measured_value(example_db):
    view = programme.load(example_db, "Kumasi")
    items = view.items
    assert view.language == "en"
    assert [f.title for f in _by_kind(items, ItemKind.FIELD)] == [
        "Klimaanpassung: Hitze und Starkregen", "Abfallwirtschaft und Klimaschutz"]
    assert len(_by_kind(items, ItemKind.GOAL)) == 3 and len(_by_kind(items, ItemKind.MEASURE)) == 3
    assert all(i.text_in("en") != i.title and i.text_in("en") for i in items), "every item in English too"
    indicators = _by_kind(items, ItemKind.INDICATOR)
    assert len(indicators) == 4
    assert all(i.unit and i.baseline_year and i.target_year and i.target_year >= i.baseline_year for i in indicators)
    measured = {i.title: [v.value for v in i.measured] for i in indicators if i.measured}
    assert measured == {"Beschlossene Masterpläne Klimaanpassung": [Decimal(1)],
                        "Kompostierte Marktabfälle": [Decimal(180)]}
    by_id = {i.id: i for i in items}
    assert all(not rules.item_problems(i, by_id.get(i.parent_id or "")) for i in items)
    (plan,) = [m for m in _by_kind(items, ItemKind.MEASURE) if m.project_ids]
    assert [view.projects[p] for p in plan.project_ids] == ["Masterpläne Klimaanpassung Dortmund und Kumasi"]
    assert [view.grants[g] for g in plan.grant_ids] == ["Nakopa: Klimaanpassung Kumasi (Beispiel)"]
    assert plan.status == MeasureStatus.RUNNING and plan.responsible_city and plan.responsible_partner


def test_the_example_programme_prints_and_reads_back_from_its_sheet_unchanged(example_db, tmp_path):
    path = write_programme(example_db, "Kumasi", tmp_path / "programm.docx", "docx")
    cells = [cell.text for table in docx.Document(str(path)).tables for row in table.rows for cell in row.cells]
    assert "Kompostierte Marktabfälle\nMarket waste composted" in cells
    assert "1200 t pro Jahr (2028)" in cells
    sheet = tmp_path / "programm.xlsx"
    assert export_programme(example_db, "Kumasi", sheet) == 12
    report = import_programme(example_db, "Kumasi", sheet)
    assert (report.created, report.changed, report.unchanged, report.written) == ([], [], 12, False)


def test_the_programme_leaves_with_the_example_data(example_db):
    remove_example_data(example_db)
    assert service_for(example_db, "partnerships").list() == []


def test_a_table_import_that_updates_the_partnership_keeps_its_programme(example_db, tmp_path):
    """The register's table has no programme column: updating Kumasi's row changes the notes only."""
    from partnerdesk.exchange.table_export import export_table
    from partnerdesk.exchange.table_import import apply_import, preview_file
    from programme_sheets import edit_sheet

    before = programme.load(example_db, "Kumasi").items
    out = tmp_path / "partnerschaften.xlsx"
    export_table(example_db, "partnerships", service_for(example_db, "partnerships").list(), out)

    def note(sheet, columns):
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, columns["Notizen"]).value = "geprüft"

    edit_sheet(out, note)
    preview = preview_file(example_db, out, "partnerships")
    assert preview.count("update") == 4
    apply_import(example_db, preview)
    after = programme.load(example_db, "Kumasi")
    assert after.partnership.notes == "geprüft" and after.items == before
