"""*Dokumente → Handlungsprogramm…*: the programme as a tree (checked by pytest-qt's model tester)
beside a form; adding, removing and moving items with undo; German messages at the field for an
indicator without unit, a target year before the baseline year and values that are not numbers;
saving writes the programme with its partnership, a refused save changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from partnerdesk.domain.programme import ItemKind
from partnerdesk.domain.programme_sample import sample_programme
from partnerdesk.services import programme
from partnerdesk.ui.programme.dialog import ProgrammeDialog
from partnerdesk.ui.programme.tree_model import ProgrammeTreeModel


def _kumasi_id(db) -> str:
    return programme.load(db, "Kumasi").partnership.id


def _filled(db) -> str:
    view = programme.load(db, "Kumasi")
    programme.save(db, view.partnership, sample_programme())
    return view.partnership.id


def _select(dialog: ProgrammeDialog, title: str) -> None:
    (item,) = [i for i in dialog.model.items() if i.title == title]
    dialog.tree.setCurrentIndex(dialog.model.index_of(item.id))


def _error(dialog: ProgrammeDialog, name: str) -> str:
    label = dialog.form.errors[name]
    return label.text() if not label.isHidden() else ""


def test_the_tree_model_passes_the_model_tester_while_it_changes(qtmodeltester):
    model = ProgrammeTreeModel("fr")
    qtmodeltester.check(model)
    model.set_items(sample_programme(language="fr"))
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.rowCount(model.index(0, 0)) == 1
    goal = model.index(0, 0, model.index(0, 0))
    assert model.data(goal) == "Hitzeschutz in Schulen"
    assert model.data(goal.siblingAtColumn(1)) == "Protection contre la chaleur dans les écoles"
    indicator = next(i for i in model.items() if i.title == "Kompostierte Menge")
    assert model.data(model.index_of(indicator.id, 2)) == "350,25 t pro Jahr (2028)"
    model.set_items(model.items()[:3])
    qtmodeltester.check(model)


def test_the_menu_entry_opens_the_selected_partnerships_programme(window, example_db, qtbot):
    window.install_extensions()
    assert window.programme_action.text().replace("&", "") == "Handlungsprogramm…"
    _filled(example_db)
    from partnerdesk.ui.programme import open_programme

    window.open_record("partnerships", _kumasi_id(example_db))
    dialog = open_programme(window, show=False)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Handlungsprogramm – Klimapartnerschaft Dortmund – Kumasi"
    assert dialog.model.rowCount() == 2


def test_add_remove_move_and_undo(example_db, qtbot):
    dialog = ProgrammeDialog(example_db, _filled(example_db))
    qtbot.addWidget(dialog)
    before = dialog.model.items()
    new = dialog.add_field()
    assert dialog.model.rowCount() == 3 and dialog.current().id == new.id
    assert dialog.form.errors["title"].text() == "Der Titel darf nicht leer sein"
    dialog.form.title.setText("Energie")
    dialog.form.title.textEdited.emit("Energie")
    child = dialog.add_child()
    assert child.kind == ItemKind.GOAL and child.parent_id == new.id
    _select(dialog, "Abfallwirtschaft")
    dialog.move_selected(-1)
    assert [dialog.model.data(dialog.model.index(r, 0)) for r in range(3)] == ["Abfallwirtschaft", "Klimaanpassung", "Energie"]
    _select(dialog, "Klimaanpassung")
    dialog.remove_selected()
    assert "Begrünte Schulhöfe" not in [i.title for i in dialog.model.items()]
    for _step in range(4):  # remove, move, add goal, edit title (add field stays)
        dialog.undo_stack.undo()
    assert [i.title for i in dialog.model.items() if i.kind == ItemKind.FIELD] == ["Klimaanpassung", "Abfallwirtschaft", ""]
    dialog.undo_stack.undo()
    assert dialog.model.items() == before
    dialog.undo_stack.redo()
    assert dialog.model.rowCount() == 3


def test_bad_input_is_said_at_the_field_and_not_stored(example_db, qtbot):
    dialog = ProgrammeDialog(example_db, _filled(example_db))
    qtbot.addWidget(dialog)
    _select(dialog, "Begrünte Schulhöfe")
    form = dialog.form
    form.unit.setText("")
    form.unit.textEdited.emit("")
    assert _error(dialog, "unit") == "Ein Indikator braucht eine Einheit (z. B. „t CO₂ pro Jahr“, „%“, „Anzahl Schulen“)"
    form.target_year.setText("2020")
    form.target_year.textEdited.emit("2020")
    assert _error(dialog, "target_year") == "Das Zieljahr (2020) liegt vor dem Ausgangsjahr (2023)"
    steps = dialog.undo_stack.count()
    form.target_value.setText("zwölf")
    form.target_value.textEdited.emit("zwölf")
    assert _error(dialog, "target_value") == "„zwölf“ ist keine Zahl"
    assert dialog.undo_stack.count() == steps  # not stored
    form.measured.item(0, 2).setText("4 Stück")
    assert _error(dialog, "measured") == "Zeile 1: „4 Stück“ ist keine Zahl"
    assert not dialog.save() and dialog.message.text() == "Bitte zuerst die markierten Felder korrigieren."
    form.target_value.setText("12,5")
    form.target_value.textEdited.emit("12,5")
    form.measured.item(0, 2).setText("4,25")
    assert not dialog.save()  # the unit and the years are still wrong: refused whole, said why
    assert "Ein Indikator braucht eine Einheit" in dialog.message.text()
    assert programme.load(example_db, "Kumasi").items == programme.load(example_db, "Kumasi").items
    stored = {i.title: i for i in programme.load(example_db, "Kumasi").items}
    assert stored["Begrünte Schulhöfe"].unit == "Anzahl"
    form.unit.setText("Schulhöfe")
    form.unit.textEdited.emit("Schulhöfe")
    form.target_year.setText("2028")
    form.target_year.textEdited.emit("2028")
    assert dialog.save() and dialog.undo_stack.isClean()
    stored = {i.title: i for i in programme.load(example_db, "Kumasi").items}["Begrünte Schulhöfe"]
    assert (stored.unit, str(stored.target_value), stored.target_year) == ("Schulhöfe", "12.5", 2028)
    assert str(stored.measured[0].value) == "4.25"


def test_the_partner_language_title_goes_into_the_translations(example_db, qtbot):
    dialog = ProgrammeDialog(example_db, _filled(example_db))
    qtbot.addWidget(dialog)
    _select(dialog, "Klimaanpassung")
    dialog.form.title_partner.setText("Adaptation to climate change")
    dialog.form.title_partner.textEdited.emit("x")
    assert dialog.save()
    stored = {i.title: i for i in programme.load(example_db, "Kumasi").items}["Klimaanpassung"]
    assert stored.title_translations == "en: Adaptation to climate change"
    assert dialog.model.data(dialog.model.index(0, 1)) == "Adaptation to climate change"
    assert Qt.ItemFlag.ItemIsSelectable in dialog.model.flags(dialog.model.index(0, 0))


def test_the_partner_language_is_named_in_words_and_the_form_fits_beside_the_tree(example_db, qtbot):
    """Seen in the window: the header said "zweite Sprache: en", the column and the fields "(en)", and
    the form beside the tree was cut off at the dialog's right edge (a horizontal scroll bar)."""
    dialog = ProgrammeDialog(example_db, _kumasi_id(example_db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.model.headerData(1, Qt.Orientation.Horizontal) == "Englisch"
    form = dialog.form
    assert form.layout_.labelForField(form.rows["title_translations"]).text() == "Titel (Englisch)"
    assert "zweite Sprache: Englisch" in dialog.header.text()
    _select(dialog, "Beschlossene Masterpläne Klimaanpassung")
    qtbot.wait(10)
    scroll = dialog.form_scroll
    assert not scroll.horizontalScrollBar().isVisible()
    assert scroll.viewport().width() >= dialog.form.minimumSizeHint().width()
