"""The "Datenschutz" menu in the real window: *Auskunft zu einer Person…* looks the person up,
lists the candidates of an ambiguous name to choose from, says an unknown person in German, and
writes the PDF or JSON (with progress) only once a person is chosen and a file named."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from partnerdesk.ui.privacy.actions import person_information
from partnerdesk.ui.privacy.person_dialog import PersonDialog
from restricted_person import EMAIL, place_restricted_person

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def test_the_menu_is_there_in_german(window):
    menu = window.menu("privacy")
    assert menu.title().replace("&", "") == "Datenschutz"
    assert [a.text().replace("&", "") for a in menu.actions()] == [
        "Auskunft zu einer Person…", "Löschen mit Nachweis…",
        "Fällige Prüfungen…", "Verzeichnis der Verarbeitungstätigkeiten…", "Speicherfristen und Rotation…"]
    bar = [a.text().replace("&", "") for a in window.menuBar().actions() if a.isVisible()]
    assert bar.index("Datenschutz") == bar.index("Hilfe") - 1


def test_an_auskunft_as_json_for_the_contact_selected(window, example_db, tmp_path, messages):
    placed = place_restricted_person(example_db, restricted=False)
    window.open_record("contacts", placed.contact.id)
    seen = {}

    def answer(dialog: PersonDialog) -> bool:
        seen["text"] = dialog.person.text()
        seen["listed"] = dialog.matches.count()
        dialog.json.setChecked(True)
        return True

    out = person_information(window, out=tmp_path / "a.json", answer=answer)
    assert seen == {"text": placed.contact.id, "listed": 1}
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [p["contact"]["email"] for p in data["people"]] == [EMAIL]
    assert "a.json" in window.statusBar().currentMessage()


def test_an_ambiguous_name_lists_the_candidates_to_choose_from(window, example_db, tmp_path):
    dialog = PersonDialog(example_db, window, "Beispiel")
    assert dialog.matches.count() == 2 and not dialog.ok.isEnabled()
    assert "passt auf 2 Kontakte" in dialog.message.text()
    labels = [dialog.matches.item(i).text() for i in range(2)]
    assert any("Erika Beispiel" in t and "Kennung" in t for t in labels)
    dialog.matches.item(0).setSelected(True)
    assert dialog.ok.isEnabled() and len(dialog.people()) == 1

    def choose_first(d: PersonDialog) -> bool:
        d.matches.item(0).setSelected(True)
        return True

    out = person_information(window, text="Beispiel", out=tmp_path / "b.pdf", answer=choose_first)
    assert out is not None and out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("typed", "said"), [
    ("Niemand Unbekannt", "Kein Kontakt passt zu „Niemand Unbekannt“."),
    ("", "Bitte nennen Sie eine Person"),
    ("nobody@example.org", "Kein Kontakt hat die E-Mail-Adresse"),
])
def test_an_unknown_person_is_said_in_the_dialog_and_nothing_is_written(window, example_db, tmp_path, typed, said):
    dialog = PersonDialog(example_db, window, "")
    dialog.person.setText(typed)
    dialog.look_up()
    assert said in dialog.message.text() and dialog.matches.count() == 0 and not dialog.ok.isEnabled()
    out = tmp_path / "out" / "c.pdf"
    out.parent.mkdir()
    assert person_information(window, text=typed, out=out, answer=lambda d: True) is None
    assert list(out.parent.iterdir()) == []


def test_a_file_that_cannot_be_written_is_said_and_leaves_nothing(window, example_db, tmp_path, messages):
    out = tmp_path / "no-such-folder" / "d.pdf"
    assert person_information(window, text="Erika Beispiel", out=out, answer=lambda d: True) is None
    assert messages and "Ordner" in messages[-1][2] and not out.parent.exists()


def test_enter_in_the_person_field_looks_up_and_does_not_write(qtbot, window, example_db):
    dialog = PersonDialog(example_db, window, "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.person, "Erika Beispiel")
    qtbot.keyClick(dialog.person, Qt.Key.Key_Return)
    assert dialog.matches.count() == 1 and dialog.ok.isEnabled()
    assert dialog.result() == 0 and dialog.isVisible()
