"""Helpers for driving the editor panel: a panel on a database, answering dialogs without blocking."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from partnerdesk.ui.editing import EditController, RecordEditorPanel


@pytest.fixture
def panel(qtbot, example_db):
    widget = RecordEditorPanel(example_db)
    qtbot.addWidget(widget)
    widget.resize(widget.sizeHint())
    return widget


@pytest.fixture
def controller(panel):
    return EditController(panel)


@pytest.fixture
def answer_message_boxes(monkeypatch):
    """Make every QMessageBox answer with the button of the given text; returns what they said."""
    said: list[dict[str, str]] = []
    choice = {"button": None}

    def fake_exec(box: QMessageBox) -> int:
        said.append({"text": box.text(), "details": box.informativeText(), "buttons": [b.text() for b in box.buttons()]})
        for button in box.buttons():
            if button.text().replace("&", "") == choice["button"]:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)

    def answer(button_text: str | None) -> list[dict[str, str]]:
        choice["button"] = button_text
        return said

    return answer


@pytest.fixture
def tab_walk(qtbot):
    """``tab_walk(panel, start)``: the fields (and buttons) Tab visits from ``start`` to Speichern."""

    def walk(panel, start: QWidget, steps: int = 80) -> list[str]:
        return _walk(qtbot, panel, start, steps)

    return walk


def _walk(qtbot, panel, start: QWidget, steps: int) -> list[str]:
    owner = {}
    for name, field in panel.form.fields.items():
        for widget in [field.widget, *field.widget.findChildren(QWidget)]:
            owner[widget] = name
    owner[panel.save_button] = "save"
    owner[panel.revert_button] = "discard"
    visited: list[str] = []
    start.setFocus()
    for _ in range(steps):
        focus = QApplication.focusWidget()
        name = owner.get(focus, "?")
        if not visited or visited[-1] != name:
            visited.append(name)
        if name == "save":
            break
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    return visited
