"""The window's retention and travel-copy entries: Datenschutz → Fällige Prüfungen, Verzeichnis,
Speicherfristen und Rotation; Reise → Reisekopien; the form's legal basis; Anstehend."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from partnerdesk.domain.enums import LegalBasis
from partnerdesk.services import retention
from partnerdesk.travel import register, travelfile


def _menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_the_menus_hold_the_entries(window):
    from partnerdesk.ui.privacy.keep_actions import privacy_menu

    menu = privacy_menu(window)
    assert menu.title() == "&Datenschutz"
    assert _menu_texts(menu)[-3:] == ["&Fällige Prüfungen…", "Verzeichnis der &Verarbeitungstätigkeiten…",
                                     "Speicherfristen und &Rotation…"]
    assert "Reise&kopien…" in _menu_texts(window.menu("travel"))
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Datenschutz") == titles.index("&Hilfe") - 1


def test_reviews_keep_with_a_reason_and_open_the_contact(qtbot, window):
    from partnerdesk.ui.privacy.keep_actions import show_reviews

    dialog = show_reviews(window)
    qtbot.addWidget(dialog)
    assert [i.name for i in dialog.items] == ["يوسف مثال"]
    assert dialog.table.item(0, 2).text().startswith("Einwilligung")
    assert not dialog.keep_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.keep_button.isEnabled() and dialog.erase_button.isEnabled()
    dialog.open_contact()
    assert window.current_register() == "contacts"
    assert dialog.keep_current("Abwicklung des Projekts bis 2027") is True
    assert dialog.items == [] and dialog.summary.text() == "Kein Kontakt ist zur Prüfung fällig."
    from partnerdesk.services import service_for

    contact = next(c for c in service_for(window.db, "contacts").list() if c.last_name == "مثال")
    [review] = retention.reviews_of(window.db, contact.id)
    assert review.reason == "Abwicklung des Projekts bis 2027"


def test_keeping_without_a_reason_is_refused_with_a_message(qtbot, window, messages):
    from partnerdesk.ui.privacy.keep_actions import show_reviews

    dialog = show_reviews(window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert dialog.keep_current("  ") is False
    assert any("Begründung" in text for _kind, _title, text in messages)
    assert len(dialog.items) == 1


def test_erasing_goes_through_the_windows_delete_with_its_preview(qtbot, window, monkeypatch):
    """Where the erasure with proof is not installed (else see the next test)."""
    import importlib

    from partnerdesk.ui.privacy.keep_actions import show_reviews

    real = importlib.import_module

    def without_erasure(name, *args):
        if name == "partnerdesk.ui.privacy.erase_dialog":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_erasure)
    asked = []
    monkeypatch.setattr(window.edit_controller, "delete", lambda kind, ids: asked.append((kind, list(ids))) or True)
    dialog = show_reviews(window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert dialog.erase_current() is True
    assert asked == [("contacts", [dialog_item_id(window)])]


def test_erasing_uses_the_erasure_with_proof_where_it_is_installed(qtbot, window, monkeypatch):
    import importlib
    import types

    from partnerdesk.ui.privacy.keep_actions import show_reviews

    called = []
    fake = types.SimpleNamespace(erase_with_proof=lambda win, text: called.append(text) or object())
    real = importlib.import_module
    monkeypatch.setattr(importlib, "import_module",
                        lambda name, *a: fake if name == "partnerdesk.ui.privacy.erase_dialog" else real(name, *a))
    dialog = show_reviews(window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    contact_id = dialog.current().contact_id
    assert dialog.erase_current() is True
    assert called == [contact_id]


def dialog_item_id(window) -> str:
    return retention.reviews_due(window.db, date.today())[0].contact_id


def test_a_new_contact_without_a_legal_basis_is_refused_at_the_field(qtbot, window):
    from partnerdesk.services import service_for

    panel = window.editor_panel
    before = service_for(window.db, "contacts").count()
    window.tabs.setCurrentWidget(window.panels["contacts"])
    window.action("new").trigger()
    form = panel.form
    form.fields["last_name"].widget.setText("Neu")
    assert panel.save() is False
    assert service_for(window.db, "contacts").count() == before
    assert "Ein neuer Kontakt braucht eine Rechtsgrundlage" in form.field_for("legal_basis").error.text()
    panel.revert()  # no question about unsaved changes when the window closes


def test_travel_copies_dialog_lists_and_reports_a_loss(qtbot, window, tmp_path, monkeypatch):
    from partnerdesk.ui.privacy.keep_actions import show_travel_copies

    info = travelfile.checkout(window.db, tmp_path / "reise.pdtravel", None)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.detailedText()) or 0)
    dialog = show_travel_copies(window, info.checkout_id)
    qtbot.addWidget(dialog)
    assert dialog.current() is not None and dialog.current().checkout_id == info.checkout_id
    assert dialog.table.item(0, 3).text() == "nicht verschlüsselt"
    assert dialog.summary.text().startswith("1 Kopie ist ausgegeben")
    lines = dialog.declare(register.LOST, "Laptop im Zug")
    assert "  Erika Beispiel" in lines and shown and "Erika Beispiel" in shown[0]
    assert dialog.table.item(0, 4).text().startswith("verloren gemeldet am")
    assert not dialog.lost_button.isEnabled()


def test_the_due_tab_opens_an_overdue_copy_in_the_register(qtbot, window, tmp_path, monkeypatch):
    from partnerdesk.domain.due import DueItem, DueSource
    from partnerdesk.ui.due import panel

    opened = []
    monkeypatch.setitem(panel.OTHER_OPENERS, "travel_copies", lambda item: opened.append(item.record_id))
    item = DueItem(due_on=date(2026, 1, 1), source=DueSource.TRAVEL_COPY_OUT, text="x", record_kind="travel_copies",
                   record_id="abc")
    monkeypatch.setattr(window.due_panel, "current_item", lambda: item)
    window.due_panel.open_current()
    assert opened == ["abc"]


def test_the_record_of_processing_is_written_from_the_window(window, tmp_path):
    from partnerdesk.ui.privacy.keep_actions import write_processing_record

    written = write_processing_record(window, tmp_path / "vvt.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(written).pages).split())
    assert "Verzeichnis von Verarbeitungstätigkeiten" in text


def test_retention_settings_are_saved_and_read_without_qt(qtbot, settings):
    from partnerdesk.domain.retention import BackupKind
    from partnerdesk.persistence import rotation
    from partnerdesk.ui.privacy.keep_settings import RetentionSettingsDialog
    from partnerdesk.ui.settings_dialog import SettingsDialog

    dialog = RetentionSettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.editors["retention_years_legitimate_interest"].setValue(4)
    dialog.editors["rotation_before_merge_days"].setValue(14)
    dialog.editors["travel_copy_warn_days"].setValue(30)
    dialog.accept()
    settings.sync()
    assert retention.rules()[LegalBasis.LEGITIMATE_INTEREST].years == 4
    assert rotation.rules()[BackupKind.BEFORE_MERGE].keep_days == 14
    assert register.warn_days() == 30
    general = SettingsDialog(settings)
    qtbot.addWidget(general)
    assert "retention_years_consent" not in general.editors and "language" in general.editors


def test_an_overdue_copy_selected_in_the_due_tab_leaves_the_form_alone(qtbot, window, tmp_path, monkeypatch):
    """A travel copy is no register's record: selecting its line shows nothing beside the list."""
    from partnerdesk.domain.due import DueItem, DueSource
    from partnerdesk.ui.due import model, panel

    shown = []
    monkeypatch.setattr(panel, "show_beside", lambda main, kind, rid: shown.append(kind), raising=False)
    monkeypatch.setattr(model, "show_beside", lambda main, kind, rid: shown.append(kind))
    item = DueItem(due_on=date(2026, 1, 1), source=DueSource.TRAVEL_COPY_OUT, text="x", record_kind="travel_copies",
                   record_id="abc")
    window.tabs.setCurrentWidget(window.due_panel)
    monkeypatch.setattr(window.due_panel, "current_item", lambda: item)
    window.due_panel.show_current_beside()
    assert shown == []
