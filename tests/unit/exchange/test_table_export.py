"""Export: typed .xlsx cells and a CSV that German Excel opens correctly."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Project
from partnerdesk.exchange.table_export import export_columns, export_table
from partnerdesk.services import service_for

# The tests with a database run on a PostgreSQL server too.
pytestmark = pytest.mark.postgresql


@pytest.fixture
def project(db):
    return service_for(db, "projects").create(Project(
        title="Schulgärten", start_date=date(2026, 3, 1), budget_amount=Decimal("12500.5"), budget_currency="GHS",
        sdg_goals=[4, 13], sdg_targets=["4.7"],
    ))


def test_xlsx_cells_are_typed_and_the_sheet_is_ready_to_filter(db, tmp_path, project):
    out = tmp_path / "p.xlsx"
    export_table(db, "projects", [project], out)
    sheet = openpyxl.load_workbook(out).active
    headers = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    assert isinstance(row["Beginn"].value, datetime) and row["Beginn"].number_format == "DD.MM.YYYY"
    assert row["Budget"].value == 12500.5 and '"GHS"' in row["Budget"].number_format
    assert row["SDG-Ziele"].value == "4, 13" and row["Status"].value == "Idee"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}2"
    assert all(sheet.column_dimensions[c.column_letter].width >= 8 for c in sheet[1])


def test_csv_is_utf8_with_bom_semicolon_and_decimal_comma(db, tmp_path, project):
    out = tmp_path / "p.csv"
    export_table(db, "projects", [project], out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("ID;Titel;")
    assert ";01.03.2026;" in text and ";12500,5;GHS;" in text and "\r\n" in text


def test_visible_view_columns_choose_the_exported_fields():
    keys = [f.key for f in export_columns("projects", ["title", "status", "budget", "sdg_goals"])]
    assert keys == ["id", "title", "status", "budget_amount", "budget_currency", "sdg_goals"]
    keys = [f.key for f in export_columns("partnerships", ["title", "partner", "country"])]
    assert keys == ["id", "title", "partner", "partner_country"]


def test_unknown_suffix_is_refused(db, tmp_path, project):
    with pytest.raises(UserError, match=".xlsx oder .csv"):
        export_table(db, "projects", [project], tmp_path / "p.ods")
