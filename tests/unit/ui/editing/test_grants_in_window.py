"""The registers "Förderprogramme" and "Zuwendungen" in the real main window: a grant entered in its
form with a funding plan and an expense booked on a plan line, listed on its project as what funds
it, filtered by status, refused at the field for a bad amount or an expense after the period, and
undone with its parts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from partnerdesk.services import service_for
from partnerdesk.ui.editing import RecordEditorPanel
from window_helpers import shown_and_active  # tests/ is on the path

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


@pytest.fixture
def shown(qtbot, window):
    return shown_and_active(qtbot, window)


def _titles(window) -> list[str]:
    model = window.panels["grants"].model
    column = [c.key for c in model.columns].index("title")
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _cell(table, row: int, col: int, text: str) -> None:
    table.table.item(row, col).setText(text)


def _fill(qtbot, form, *, expense_amount: str = "1.234,56", expense_day: str = "15.03.2026") -> None:
    qtbot.keyClicks(form.fields["title"].widget, "Schulpartnerschaft Bondo")
    form.fields["status"].widget.setCurrentIndex(form.fields["status"].widget.findText("Bewilligt"))
    form.fields["period_from"].widget.setValue(date(2026, 1, 1))
    form.fields["period_until"].widget.setValue(date(2026, 12, 31))
    qtbot.keyClicks(form.fields["approved_amount"].widget.amount, "50.000")
    picker = form.fields["project_ids"].widget
    qtbot.keyClicks(picker.input.lineEdit(), "Jeder Tropfen")
    qtbot.keyClick(picker.input.lineEdit(), Qt.Key.Key_Return)
    plan = form.fields["plan_lines"].widget
    qtbot.mouseClick(plan.add_button, Qt.MouseButton.LeftButton)
    _cell(plan, 0, 0, "Sachausgaben")
    _cell(plan, 0, 1, "50.000,00")
    expenses = form.fields["expenses"].widget
    qtbot.mouseClick(expenses.add_button, Qt.MouseButton.LeftButton)
    _cell(expenses, 0, 0, expense_day)
    _cell(expenses, 0, 1, "Schulbedarf GmbH")
    _cell(expenses, 0, 3, expense_amount)
    combo = expenses.table.cellWidget(0, 4)
    combo.setCurrentIndex(combo.findText("Sachausgaben"))


def test_a_grant_entered_in_the_window_funds_its_project_is_filtered_and_undone(qtbot, shown, example_db):
    window = shown
    assert [window.tabs.tabText(window.tabs.indexOf(window.panels[k])) for k in ("programmes", "grants")] == [
        "Förderprogramme", "Zuwendungen"]
    window.tabs.setCurrentWidget(window.panels["grants"])
    window.action("new").trigger()
    panel: RecordEditorPanel = window.editor_panel
    form = panel.form
    assert form.kind == "grants" and panel.is_new
    _fill(qtbot, form)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    (saved,) = [g for g in service_for(example_db, "grants").list() if not g.is_example]
    assert (saved.approved_amount, saved.period_until) == (Decimal("50000.00"), date(2026, 12, 31))
    (line,) = saved.plan_lines
    assert [(e.date, e.amount, e.plan_line_id, e.payee) for e in saved.expenses] == [
        (date(2026, 3, 15), Decimal("1234.56"), line.id, "Schulbedarf GmbH")]
    assert "Schulpartnerschaft Bondo" in _titles(window)

    # What funds the project, in the relationship panel.
    project = service_for(example_db, "projects").find("Jeder Tropfen")
    window.open_record("projects", project.id)
    assert ("Gefördert durch Zuwendungen (1)", "grants", "Schulpartnerschaft Bondo") in window.relations.items()

    window.action("undo").trigger()
    assert not service_for(example_db, "grants").exists(saved.id)
    window.tabs.setCurrentWidget(window.panels["grants"])
    qtbot.waitUntil(lambda: "Schulpartnerschaft Bondo" not in _titles(window))


@pytest.mark.parametrize(("amount", "day", "field", "words"), [
    ("12,3x", "15.03.2026", "expenses", "Ausgabe 1: „12,3x“ ist kein Betrag"),
    ("100,00", "02.01.2027", "expenses", "Ausgabe 1 vom 02.01.2027 liegt nach dem Ende des Bewilligungszeitraums"),
])
def test_a_bad_expense_is_refused_at_the_field_and_nothing_is_saved(qtbot, shown, example_db, amount, day, field, words):
    window = shown
    window.tabs.setCurrentWidget(window.panels["grants"])
    before = service_for(example_db, "grants").count()
    window.action("new").trigger()
    panel: RecordEditorPanel = window.editor_panel
    _fill(qtbot, panel.form, expense_amount=amount, expense_day=day)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert service_for(example_db, "grants").count() == before
    assert panel.is_new and panel.form.dirty
    assert words in panel.form.fields[field].error.text(), panel.form.fields[field].error.text()
    panel.revert()
    assert panel.form is None or not panel.form.dirty
