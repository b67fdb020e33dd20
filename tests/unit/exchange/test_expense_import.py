"""Expenses of a grant from the city's finance system export (CSV with German numbers, .xlsx),
through the table import's mapping and preview: every bad line named in German, nothing saved
half, the same export read twice adds nothing, and the import undone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from grant_helpers import add_grant
from partnerdesk.domain.errors import UserError
from partnerdesk.exchange.expense_import import apply_expenses, preview_expenses_file
from partnerdesk.exchange.table_import import undo_import
from partnerdesk.services import service_for

pytestmark = pytest.mark.postgresql

HEADER = "Buchungsdatum;Kreditor;Buchungstext;Betrag EUR;Kostenart;Belegnummer\n"


def _csv(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "finanzen.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="cp1252")
    return path


def test_a_finance_export_becomes_the_grant_s_expenses_exactly_once(db, tmp_path):
    _programme, grant = add_grant(db)
    path = _csv(tmp_path, "05.05.2026;Druckerei Müller;Flyer;1.234,56;sachausgaben;F-100",
                "06.05.2026;Hotel Kumasi;Unterkunft;612,35; Reisekosten ;F-101")
    preview = preview_expenses_file(db, path, grant.id)
    assert [r.action for r in preview.rows] == ["create", "create"] and not preview.has_errors
    result = apply_expenses(db, preview)
    assert result.summary() == "2 Ausgaben zur Zuwendung hinzugefügt."
    saved = service_for(db, "grants").get(grant.id)
    lines = {line.name: line.id for line in saved.plan_lines}
    assert [(e.date, e.payee, e.amount, e.plan_line_id, e.receipt) for e in saved.expenses[2:]] == [
        (date(2026, 5, 5), "Druckerei Müller", Decimal("1234.56"), lines["Sachausgaben"], "F-100"),
        (date(2026, 5, 6), "Hotel Kumasi", Decimal("612.35"), lines["Reisekosten"], "F-101"),
    ]
    again = preview_expenses_file(db, path, grant.id)  # the same export read twice
    assert [r.action for r in again.rows] == ["unchanged", "unchanged"]
    assert apply_expenses(db, again).added == 0
    undo_import(db, result)
    assert len(service_for(db, "grants").get(grant.id).expenses) == 2


def test_bad_lines_are_named_in_the_preview_and_nothing_is_saved(db, tmp_path):
    _programme, grant = add_grant(db)
    path = _csv(tmp_path,
                "05.05.2026;A;ok;10,00;Sachausgaben;F-1",
                "06.05.2026;B;Betrag;12,3x;Sachausgaben;F-2",
                "31.12.2025;C;zu früh;5,00;Sachausgaben;F-3",
                "01.01.2028;D;zu spät;5,00;Sachausgaben;F-4",
                "07.05.2026;E;Position;5,00;Catering;F-5",
                "08.05.2026;F;negativ;-5,00;Sachausgaben;F-6")
    preview = preview_expenses_file(db, path, grant.id)
    assert [r.action for r in preview.rows] == ["create", "error", "error", "error", "error", "error"]
    lines = preview.problem_lines()
    assert lines == [
        "Zeile 3, Spalte D (Betrag EUR): „12,3x“ ist keine Zahl",
        "Zeile 4, Spalte A (Buchungsdatum): 31.12.2025 liegt vor dem Beginn des Bewilligungszeitraums (01.01.2026)",
        "Zeile 5, Spalte A (Buchungsdatum): 01.01.2028 liegt nach dem Ende des Bewilligungszeitraums (31.12.2027)",
        "Zeile 6, Spalte E (Kostenart): der Finanzierungsplan hat keine Position „Catering“ (seine Positionen: "
        "„Personalausgaben“, „Reisekosten“, „Sachausgaben“)",
        "Zeile 7, Spalte D (Betrag EUR): „-5,00“ ist negativ; eine Ausgabe wird mit positivem Betrag eingetragen",
    ], lines
    before = service_for(db, "grants").get(grant.id)
    with pytest.raises(UserError, match="5 Zeilen haben Fehler; nichts wurde importiert"):
        apply_expenses(db, preview)
    assert service_for(db, "grants").get(grant.id) == before


def test_an_xlsx_export_with_real_dates_and_numbers(db, tmp_path):
    _programme, grant = add_grant(db)
    book = Workbook()
    sheet = book.active
    sheet.append(["Datum", "Empfänger", "Verwendungszweck", "Betrag", "Planposition", "Beleg"])
    sheet.append([date(2026, 6, 1), "Stadtwerke", "Strom", 99.99, "Sachausgaben", "X-1"])
    sheet.append([date(2026, 6, 2), "Reisebüro", "Bahn", 0.1, None, "X-2"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    result = apply_expenses(db, preview_expenses_file(db, path, grant.id))
    assert result.added == 2
    added = service_for(db, "grants").get(grant.id).expenses[2:]
    assert [(e.amount, e.plan_line_id is None) for e in added] == [(Decimal("99.99"), False), (Decimal("0.1"), True)]


def test_a_table_without_an_amount_column_is_refused(db, tmp_path):
    _programme, grant = add_grant(db)
    path = tmp_path / "ohne.csv"
    path.write_text("Datum;Empfänger\n01.06.2026;X\n", encoding="utf-8")
    with pytest.raises(UserError, match="Betrag"):
        preview_expenses_file(db, path, grant.id)
