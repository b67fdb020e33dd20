"""The MoU dialog's clauses, language clause and template check, through its real widgets."""

from __future__ import annotations

import unicodedata
from datetime import date

import pypdf
from PySide6.QtCore import Qt

from partnerdesk.domain.stages import is_climate_partnership
from partnerdesk.services.records import PartnershipService
from partnerdesk.ui.documents.options_dialog import MouOptionsDialog


def _item(dialog, name):
    for row in range(dialog.clause_list.count()):
        item = dialog.clause_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == name:
            return item
    raise AssertionError(name)


def _click(qtbot, dialog, name):
    """Toggle a clause's check box with the mouse, as the user does."""
    item = _item(dialog, name)
    dialog.clause_list.scrollToItem(item)
    rect = dialog.clause_list.visualItemRect(item)
    style = dialog.clause_list.style()
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.rect = rect
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, dialog.clause_list)
    qtbot.mouseClick(dialog.clause_list.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def test_clauses_listed_with_their_german_headings_and_defaults(qtbot, private_data_dir):
    dialog = MouOptionsDialog("Klimapartnerschaft Dortmund – Kumasi", "en", climate_partnership=True)
    qtbot.addWidget(dialog)
    texts = [dialog.clause_list.item(r).text() for r in range(dialog.clause_list.count())]
    assert "Datenschutz (data_protection.txt)" in texts and "Ratsbeschluss (council_decision.txt)" in texts
    assert _item(dialog, "climate_programme").checkState() == Qt.CheckState.Checked  # a climate partnership
    assert _item(dialog, "contacts").checkState() == Qt.CheckState.Unchecked
    title = _item(dialog, "title")
    assert title.checkState() == Qt.CheckState.Checked and not title.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert dialog.choice().clauses == {} and dialog.choice().equal_versions is False
    assert dialog.check_result.text() == "Geprüft: jede Klausel stimmt in allen Sprachen überein."

    twinning = MouOptionsDialog("Dortmund – Cluj", "ro", climate_partnership=False)
    qtbot.addWidget(twinning)
    assert _item(twinning, "climate_programme").checkState() == Qt.CheckState.Unchecked


def test_switching_clauses_in_the_dialog_changes_the_mou(qtbot, window, example_db):
    kumasi = PartnershipService(example_db).find("Kumasi")
    dialog = MouOptionsDialog(kumasi.title, "en", climate_partnership=is_climate_partnership(kumasi))
    qtbot.addWidget(dialog)
    _click(qtbot, dialog, "data_protection")
    _click(qtbot, dialog, "contacts")
    _click(qtbot, dialog, "title")  # cannot be switched off
    dialog.equal_versions.setChecked(True)
    dialog.date.setDate(dialog.date.date().fromString("25.11.2026", "dd.MM.yyyy"))
    choice = dialog.choice()
    assert choice.clauses == {"data_protection": False, "contacts": True}
    assert choice.equal_versions and choice.on == date(2026, 11, 25)
    window.tabs.setCurrentWidget(window.panels["partnerships"])
    window.panels["partnerships"].select_ids([kumasi.id])
    preview = window.document_actions.create_mou(choice)
    text = " ".join(unicodedata.normalize("NFC", "\n".join(
        p.extract_text() for p in pypdf.PdfReader(str(preview.path)).pages)).split())
    assert "Datenschutz" not in text and "Ansprechpersonen" in text
    assert "Beide Fassungen sind gleichermaßen maßgeblich." in text
    preview.reject()


def test_german_only_has_no_equal_versions_choice(qtbot, private_data_dir):
    dialog = MouOptionsDialog("Dortmund – Dura", "de")
    qtbot.addWidget(dialog)
    assert not dialog.equal_versions.isEnabled()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.equal_versions.isEnabled()


def test_the_dialog_shows_what_templates_check_finds(qtbot, private_data_dir):
    folder = private_data_dir / "templates" / "mou" / "de"
    folder.mkdir(parents=True)
    (folder / "duration.txt").write_text("# Laufzeit\nAb {date}.\n", "utf-8")
    (folder / "Finances.txt").write_text("# Finanzen\nx\n", "utf-8")
    dialog = MouOptionsDialog("Dortmund – Kumasi", "en")
    qtbot.addWidget(dialog)
    # The misnamed file, and two differences in each of en, fr, ro, ar against the office's German duration.txt.
    assert dialog.check_result.text() == "Die Vorlagen weichen an 9 Stellen voneinander ab:"
    details = dialog.check_details.toPlainText()
    assert "Finances.txt: der Dateiname ist kein Vorlagenname" in details
    assert "en/duration.txt: 3 Absätze; die deutsche Fassung" in details


def test_clause_choices_and_equal_versions_reach_the_arabic_mou(qtbot, window, example_db):
    import re
    import subprocess

    dura = PartnershipService(example_db).find("Dura")
    dialog = MouOptionsDialog(dura.title, "ar", climate_partnership=is_climate_partnership(dura))
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en+ar"))
    _click(qtbot, dialog, "data_protection")
    _click(qtbot, dialog, "contacts")
    dialog.equal_versions.setChecked(True)
    choice = dialog.choice()
    assert (choice.first_language, choice.language) == ("en", "ar")
    assert choice.clauses == {"data_protection": False, "contacts": True} and choice.equal_versions
    window.tabs.setCurrentWidget(window.panels["partnerships"])
    window.panels["partnerships"].select_ids([dura.id])
    preview = window.document_actions.create_mou(choice)
    out = subprocess.run(["pdftotext", str(preview.path), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", out).split())
    assert "Contact Persons" in text and "الأشخاص المسؤولون عن الاتصال" in text
    assert "Data Protection" not in text and "حماية البيانات" not in text
    assert "Both texts have equal validity." in text and "وللنصين القيمة ذاتها" in text
    preview.reject()
