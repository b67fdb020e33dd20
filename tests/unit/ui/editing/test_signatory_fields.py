"""The signatory fields of organisations and the council decision of partnerships in the form (issue 20),
typed through the real widgets: saved, labelled in German, a bad translation line shown at its field."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from partnerdesk.services.records import OrganisationService, PartnershipService

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def _label(form, name):
    return form.fields[name].label


def test_organisation_signatory_fields(qtbot, panel, example_db, content_of, db_path):
    kumasi = OrganisationService(example_db).find("Kumasi")
    panel.show_record("organisations", kumasi.id)
    form = panel.form
    assert [_label(form, n) for n in ("legal_name", "representative", "representative_function",
                                      "representative_function_translations")] == [
        "Rechtsname", "Vertreter/in", "Funktion der Vertreterin/des Vertreters", "Funktion in anderen Sprachen"]
    assert form.fields["legal_name"].widget.text() == "Kumasi Metropolitan Assembly"
    translations = form.fields["representative_function_translations"].widget
    translations.setPlainText("de: Bürgermeister der Kumasi Metropolitan Assembly\nBürgermeister")
    before = content_of(db_path)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.error_of("representative_function_translations").startswith(
        "Funktion in anderen Sprachen, Zeile 2: Sprachcode, Doppelpunkt und Text schreiben")
    assert content_of(db_path) == before
    translations.setPlainText("de: Bürgermeister der Kumasi Metropolitan Assembly\nfr: Maire de Kumasi")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = OrganisationService(example_db).get(kumasi.id)
    assert saved.representative_function_translations.endswith("fr: Maire de Kumasi")


def test_partnership_partner_decision_fields(qtbot, panel, example_db):
    """The partner's decision stays on the partnership; the city council's decisions are records of
    the register "Ratsbeschlüsse" (tests/unit/ui/editing/test_decisions_in_window.py)."""
    cluj = PartnershipService(example_db).find("Cluj")
    panel.show_record("partnerships", cluj.id)
    form = panel.form
    assert "council_decision_number" not in form.fields and "council_decision_on" not in form.fields
    assert form.fields["partner_decision_required"].widget.isChecked()
    form.fields["partner_decision_on"].widget.setValue(date(2026, 10, 1))
    form.fields["partner_decision_number"].widget.setText("HCL 480/2026")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = PartnershipService(example_db).get(cluj.id)
    assert (saved.partner_decision_on, saved.partner_decision_number) == (date(2026, 10, 1), "HCL 480/2026")
    assert saved.partner_decision_required
