"""The MoU dialog (issue 20), through its real widgets on the real window: "Endfassung" is refused
while something is missing, naming it; the deputy signs "In Vertretung"; personal data is printed
only for the contacts ticked, and a contact without a legal basis cannot be ticked."""

from __future__ import annotations

import unicodedata

import pypdf
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from partnerdesk.services.records import PartnershipService
from partnerdesk.ui.documents.options_dialog import MouOptionsDialog


def _text(path):
    return unicodedata.normalize("NFC", " ".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages))


def _ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_final_refused_then_draft_in_vertretung_with_one_contact(window, example_db, messages, monkeypatch):
    cluj = PartnershipService(example_db).find("Cluj")
    panel = window.panels["partnerships"]
    window.tabs.setCurrentWidget(panel)
    panel.select_ids([cluj.id])
    seen = {}

    def interact(dialog):
        seen["signers"] = [dialog.signer.itemText(i) for i in range(dialog.signer.count())]
        seen["contacts"] = {check.text(): check.isEnabled() for check in dialog.contact_boxes.values()}
        seen["final"] = dialog.final_radio.text()
        dialog.final_radio.setChecked(True)
        _ok(dialog)
        seen["after_final"] = dialog.result()
        dialog.draft_radio.setChecked(True)
        dialog.signer.setCurrentIndex(next(i for i, t in enumerate(seen["signers"]) if "Jörg Beispiel" in t))
        next(c for c in dialog.contact_boxes.values() if c.text().startswith("Ioana Exemplu")).setChecked(True)
        _ok(dialog)
        return dialog.result()

    monkeypatch.setattr(MouOptionsDialog, "exec", interact)
    preview = window.document_actions.create_mou()
    # The final version was refused with one message naming what is missing, the dialog stayed open.
    assert seen["final"] == "E&ndfassung (ohne Wasserzeichen)"
    assert seen["after_final"] != QDialog.DialogCode.Accepted
    kind, title, text = messages[0]
    assert kind == "warning" and title == "Endfassung"
    assert "Ratsbeschluss" in text and "Beschluss der Partnerseite" in text
    assert seen["signers"][0] == "Max Mustermann (Vertreter/in)"
    assert any("In Vertretung: Jörg Beispiel – Stadtdirektor" in s for s in seen["signers"])
    assert seen["contacts"]["Ioana Exemplu – Direcția Digitalizare și Inovare"] is True
    # The draft: the deputy signs "In Vertretung", the ticked contact's name is printed.
    assert preview is not None
    text = _text(preview.path)
    signatures = text[text.index("Unterschriften"):]
    assert "In Vertretung / Prin delegare" in signatures and "Jörg Beispiel" in signatures
    assert "Ioana Exemplu" in text
    assert "Erika Beispiel" not in text  # not ticked: named by function only
    preview.reject()


def test_contact_without_legal_basis_cannot_be_ticked(window, example_db, messages, monkeypatch):
    from partnerdesk.domain.records import Contact
    from partnerdesk.services.records import ContactService, OrganisationService

    kumasi = PartnershipService(example_db).find("Kumasi")
    ContactService(example_db).create(Contact(
        name="Ama Nobasis", organisation_id=OrganisationService(example_db).find("Kumasi").id,
        function="Planning Officer", email="ama@example.org",
    ))
    panel = window.panels["partnerships"]
    window.tabs.setCurrentWidget(panel)
    panel.select_ids([kumasi.id])
    seen = {}

    def interact(dialog):
        seen["contacts"] = {check.text(): check.isEnabled() for check in dialog.contact_boxes.values()}
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(MouOptionsDialog, "exec", interact)
    assert window.document_actions.create_mou() is None
    assert seen["contacts"]["Ama Nobasis – Planning Officer"] is False
    assert seen["contacts"]["Kwame Example – Climate Desk Officer"] is True
