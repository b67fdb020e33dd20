"""The Anhänge tab through the real window: add (file dialog, dropped files), open with the
system's program, save as, remove, undo; a file over the limit refused with nothing saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from partnerdesk.services import PartnershipService, attachments
from partnerdesk.ui.attachments import panel as panel_module

pytestmark = pytest.mark.postgresql


def _tab(window, kind="partnerships", name="Kumasi"):
    record = PartnershipService(window.db).find(name)
    panel = window.attachments_panel
    window.side_tabs.setCurrentWidget(panel)
    window.open_record(kind, record.id)
    assert window.selected_ids() == [record.id]
    return panel, record


def _names(panel) -> list[str]:
    return [panel.list.topLevelItem(i).text(0) for i in range(panel.list.topLevelItemCount())]


def test_add_open_save_remove_and_undo(window, tmp_path, monkeypatch, messages):
    panel, record = _tab(window)
    assert window.side_tabs.tabText(window.side_tabs.indexOf(panel)) == "Anhänge"
    source = tmp_path / "Einladung.pdf"
    source.write_bytes(b"%PDF-1.7 Einladung")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(source), "")))
    panel.buttons["add"].click()
    assert _names(panel) == ["Einladung.pdf"] and messages == []
    assert panel.list.topLevelItem(0).text(1) == "18 Bytes"

    opened: list[Path] = []
    monkeypatch.setattr(panel_module, "open_with_system", lambda path: opened.append(path) or True)
    panel.list.setCurrentItem(panel.list.topLevelItem(0))
    panel.buttons["open"].click()
    assert opened and opened[0].read_bytes() == b"%PDF-1.7 Einladung" and opened[0].name == "Einladung.pdf"

    target = tmp_path / "kopie.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    panel.buttons["save"].click()
    assert target.read_bytes() == b"%PDF-1.7 Einladung"

    panel.buttons["remove"].click()
    assert _names(panel) == [] and attachments.list_for(window.db, "partnerships", record.id) == []
    window.undo_stack.undo()  # the removal
    assert _names(panel) == ["Einladung.pdf"]
    window.undo_stack.undo()  # the adding
    assert _names(panel) == []
    window.undo_stack.redo()
    assert _names(panel) == ["Einladung.pdf"]
    assert messages == []


def test_dropped_files_are_attached_and_one_over_the_limit_refused(window, tmp_path, messages):
    panel, record = _tab(window)
    window.settings.set("attachment_limit_mb", 1)
    small, big = tmp_path / "Foto.jpg", tmp_path / "Video.mp4"
    small.write_bytes(b"jpeg")
    big.write_bytes(b"x" * 1_000_001)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(big)), QUrl.fromLocalFile(str(small))])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)
    assert _names(panel) == ["Foto.jpg"]
    [(kind, _title, text)] = messages
    assert "Video.mp4" in text and "1,0 MB" in text and "Nichts wurde gespeichert" in text
    assert [a.name for a in attachments.list_for(window.db, "partnerships", record.id)] == ["Foto.jpg"]


def test_deleting_the_record_and_undo_bring_the_attachments_back(window, tmp_path):
    panel, record = _tab(window)
    attachments.add_bytes(window.db, "partnerships", record.id, "MoU.pdf", b"%PDF")
    deletion = PartnershipService(window.db).delete(record.id)
    assert attachments.list_for(window.db, "partnerships", record.id) == []
    PartnershipService(window.db).restore(deletion)
    panel.show_record("partnerships", record.id)
    assert _names(panel) == ["MoU.pdf"]


def test_keys_remove_and_open(window, qtbot, monkeypatch, messages):
    panel, record = _tab(window)
    attachments.add_bytes(window.db, "partnerships", record.id, "Foto.jpg", b"jpeg")
    panel.refresh()
    window.activateWindow()
    panel.list.setFocus()
    panel.list.setCurrentItem(panel.list.topLevelItem(0))
    opened: list[Path] = []
    monkeypatch.setattr(panel_module, "open_with_system", lambda path: opened.append(path) or True)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert [p.name for p in opened] == ["Foto.jpg"]
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert _names(panel) == []
    assert PartnershipService(window.db).exists(record.id), "Entf in the list removes the file, never the record"
    window.undo_stack.undo()
    assert _names(panel) == ["Foto.jpg"] and messages == []
