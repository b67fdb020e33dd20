"""*Datenschutz → Löschen mit Nachweis…* in the window: preview, mentions ticked one by one, the
only-contact question (cancel, then go on), the backups' choice, bad input said in the dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from partnerdesk.domain.records import Activity, Contact, Organisation, Partnership
from partnerdesk.persistence.tables_erasure import DeletionLogRow
from partnerdesk.services import ActivityService, ContactService, OrganisationService, PartnershipService
from partnerdesk.ui.privacy.erase_dialog import ErasureDialog, erase_with_proof

NAME = "Kwame Example"


def test_the_menu_entry_is_in_the_data_protection_menu(window):
    window.install_extensions()
    entries = {a.objectName(): a for a in window.menu("privacy").actions()}
    assert entries["action_privacy_erase"].text().replace("&", "") == "Löschen mit Nachweis…"


def test_preview_then_erase_with_a_ticked_mention_and_the_backups_rewritten(window, example_db, messages):
    visit = ActivityService(example_db).create(Activity(title="Nachbesprechung", date=date(2026, 2, 1),
                                                        notes=f"Mit {NAME} telefoniert; Kofi ruft zurück."))
    other = ActivityService(example_db).create(Activity(title="Vorbereitung", date=date(2026, 2, 2),
                                                        notes="Frau Example fragen"))

    def drive(dialog: ErasureDialog) -> None:
        assert dialog.windowTitle() == "Löschen mit Nachweis"
        assert f"Löschen mit Nachweis: {NAME}" in dialog.summary.text()
        texts = [dialog.links.item(i).text() for i in range(dialog.links.count())]
        assert "Aktivität „Besuch der Delegation aus Kumasi“: von der Teilnehmendenliste entfernt" in texts
        mentions = {dialog.mentions.item(i).text(): dialog.mentions.item(i) for i in range(dialog.mentions.count())}
        assert all(item.checkState() == Qt.CheckState.Unchecked for item in mentions.values())  # none unless ticked
        next(item for text, item in mentions.items() if "Nachbesprechung" in text).setCheckState(Qt.CheckState.Checked)
        dialog.erase()  # no legal reason: said, nothing erased, the dialog stays
        assert messages and "Rechtsgrundlage" in messages[-1][2] and dialog.result_ is None
        dialog.reason.setText("Art. 17 Abs. 1 lit. a DSGVO")
        dialog.backup_choice.setCurrentIndex(dialog.backup_choice.findData("rewrite"))
        dialog.erase()

    result = erase_with_proof(window, NAME, run=drive)
    assert result is not None
    assert not any(c.name == NAME for c in ContactService(example_db).list())
    assert ActivityService(example_db).get(visit.id).notes == "Mit [Name gelöscht] telefoniert; Kofi ruft zurück."
    assert ActivityService(example_db).get(other.id).notes == "Frau Example fragen"  # not ticked
    with example_db.read() as session:
        assert session.get(DeletionLogRow, result.log_id).legal_reason == "Art. 17 Abs. 1 lit. a DSGVO"


def test_the_only_contact_of_a_partnership_is_asked_about_cancel_changes_nothing(window, example_db, messages):
    lonely_org = OrganisationService(example_db).create(Organisation(name="Ort ohne Kontakte"))
    alone = ContactService(example_db).create(Contact(first_name="Einzige", last_name="Person",
                                                      organisation_id=lonely_org.id))
    PartnershipService(example_db).create(Partnership(title="Partnerschaft Einzige", partner_id=lonely_org.id))
    questions: list[str] = []

    def no(question: str) -> bool:
        questions.append(question)
        return False

    def drive(dialog: ErasureDialog) -> None:
        dialog.reason.setText("Art. 17")
        dialog.erase()

    assert erase_with_proof(window, alone.id, ask=no, run=drive) is None
    assert "Einzige Person ist der einzige Kontakt der Partnerschaft Partnerschaft Einzige" in questions[0]
    assert ContactService(example_db).exists(alone.id)
    assert erase_with_proof(window, alone.id, ask=lambda q: True, run=drive) is not None
    assert not ContactService(example_db).exists(alone.id)


def test_an_unknown_or_ambiguous_person_is_said_in_the_dialog(window, example_db, messages):
    dialog = ErasureDialog(example_db, window, "Niemand Unbekannt")
    assert "Kein Kontakt passt zu „Niemand Unbekannt“" in messages[-1][2]
    assert not dialog.erase_button.isEnabled()
    dialog.person.setText("Beispiel")
    dialog.show_plan()
    assert "Erika Beispiel" in messages[-1][2] and "Jörg Beispiel" in messages[-1][2]
    assert not dialog.erase_button.isEnabled()
