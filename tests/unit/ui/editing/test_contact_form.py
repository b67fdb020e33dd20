"""The contact form (issue 21) driven through its real widgets: salutation, academic title, first and
last name, phones, address, languages, consent with its dates; a withdrawal before the consent is
refused at its field in German and nothing is saved."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from partnerdesk.domain.enums import LegalBasis, Salutation
from partnerdesk.services.records import ContactService

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def _choose(combo, label):
    index = combo.findText(label)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)


def _type_date(qtbot, field, text):
    field.edit.clear()
    qtbot.keyClicks(field.edit, text)
    field.edit.editingFinished.emit()


def test_a_new_contact_typed_in_field_by_field(qtbot, panel, example_db):
    form = panel.start_new("contacts")
    labels = [form.fields[n].label for n in ("salutation", "title", "first_name", "last_name", "legal_basis",
                                              "consent_given_on", "consent_withdrawn_on", "do_not_contact")]
    assert labels == ["Anrede", "Akademischer Titel", "Vorname", "Nachname", "Rechtsgrundlage",
                      "Einwilligung erteilt am", "Einwilligung widerrufen am", "Nicht kontaktieren"]
    _choose(form.fields["salutation"].widget, "Frau")
    qtbot.keyClicks(form.fields["title"].widget, "Dr.")
    qtbot.keyClicks(form.fields["first_name"].widget, "Ama")
    qtbot.keyClicks(form.fields["last_name"].widget, "Mensah")
    form.fields["phone"].widget.setPlainText("Büro: +233 32 202 2000\nMobil: +233 24 000 0000")
    form.fields["address"].widget.setPlainText("Kumasi Metropolitan Assembly\nP.O. Box 1916\nKumasi")
    form.fields["languages"].widget.setValue(["en", "de"])
    _choose(form.fields["legal_basis"].widget, "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)")
    _type_date(qtbot, form.fields["consent_given_on"].widget, "01.03.2025")
    qtbot.keyClicks(form.fields["consent_source"].widget, "Formular beim Besuch in Kumasi")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert not form.error_of("last_name") and not form.error_of("consent_withdrawn_on")
    saved = next(c for c in ContactService(example_db).list() if c.last_name == "Mensah")
    assert (saved.salutation, saved.title, saved.first_name, saved.display_name, saved.sort_name) == (
        Salutation.MS, "Dr.", "Ama", "Dr. Ama Mensah", "Mensah, Ama")
    assert [p.label for p in saved.phones] == ["Büro", "Mobil"] and saved.address.endswith("Kumasi")
    assert saved.languages == ["en", "de"]
    assert (saved.legal_basis, saved.consent_given_on, saved.consent_source) == (
        LegalBasis.CONSENT, date(2025, 3, 1), "Formular beim Besuch in Kumasi")
    assert not saved.name_to_check and not saved.do_not_contact


def test_withdrawal_before_consent_is_refused_at_its_field_and_saves_nothing(qtbot, panel, example_db, content_of, db_path):
    kwame = ContactService(example_db).find("Kwame Example")
    assert kwame.consent_given_on == date(2025, 3, 1)
    panel.show_record("contacts", kwame.id)
    form = panel.form
    assert form.fields["legal_basis"].widget.currentText() == "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)"
    _type_date(qtbot, form.fields["consent_withdrawn_on"].widget, "15.02.2025")
    form.fields["first_name"].widget.end(False)
    qtbot.keyClicks(form.fields["first_name"].widget, " Kofi")
    before = content_of(db_path)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("consent_withdrawn_on") == (
        "Die Einwilligung kann nicht vor ihrer Erteilung (01.03.2025) widerrufen worden sein (15.02.2025)")
    assert content_of(db_path) == before
    assert ContactService(example_db).get(kwame.id) == kwame
    # Withdrawn after it was given: saved, and the contact may no longer be written to.
    _type_date(qtbot, form.fields["consent_withdrawn_on"].widget, "15.02.2026")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    from partnerdesk.domain.consent import may_be_written_to

    saved = ContactService(example_db).get(kwame.id)
    assert saved.consent_withdrawn_on == date(2026, 2, 15) and saved.first_name == "Kwame Kofi"
    assert not may_be_written_to(saved, date(2026, 12, 7))


def test_a_contact_without_a_last_name_is_not_saved(qtbot, panel, example_db, content_of, db_path):
    form = panel.start_new("contacts")
    qtbot.keyClicks(form.fields["first_name"].widget, "Ama")
    before = content_of(db_path)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("last_name") == "Nachname darf nicht leer sein"
    assert content_of(db_path) == before
