"""The picker for linked records, driven by keys: type, the list appears, arrow down, Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from partnerdesk.ui.widgets import (
    ListLookup,
    ParticipantsEditor,
    ReferenceListPicker,
    ReferencePicker,
)
from partnerdesk.ui.widgets.reference_picker import ID_ROLE, NameMatchesModel

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")

NAMES = [("o1", "Umweltamt Dortmund"), ("o2", "Kumasi Metropolitan Assembly"), ("o3", "Stadt Düsseldorf"), ("o4", "Kumasi Youth")]


class CountingLookup(ListLookup):
    def __init__(self, pairs):
        super().__init__(pairs)
        self.searches: list[str] = []

    def search(self, text):
        self.searches.append(text)
        return super().search(text)


@pytest.fixture
def picker(qtbot):
    """A picker followed by another field (so Tab can leave it), in a shown, active window."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    window = QWidget()
    widget = ReferencePicker(window)
    widget.set_lookup(CountingLookup(NAMES))
    layout = QVBoxLayout(window)
    layout.addWidget(widget)
    layout.addWidget(QLineEdit(window))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    widget.setFocus()
    yield widget
    window.close()


def test_the_matches_model_passes_the_model_tester(qtmodeltester):
    model = NameMatchesModel()
    model.set_matches(NAMES)
    qtmodeltester.check(model)
    assert model.index(2, 0).data() == "Stadt Düsseldorf" and model.index(2, 0).data(ID_ROLE) == "o3"
    model.set_matches([])
    qtmodeltester.check(model)


def test_typing_asks_once_after_a_pause_and_arrow_and_enter_pick(qtbot, picker):
    changes = []
    picker.changed.connect(lambda: changes.append(picker.value()))
    qtbot.keyClicks(picker, "kumasi")
    assert picker.lookup.searches == [], "no query per key press"
    qtbot.waitUntil(lambda: picker.completer_.popup().isVisible())
    assert picker.lookup.searches == ["kumasi"]
    assert [picker.matches.index(r, 0).data() for r in range(picker.matches.rowCount())] == [
        "Kumasi Metropolitan Assembly", "Kumasi Youth",
    ]
    popup = picker.completer_.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.value() == "o4" and picker.text() == "Kumasi Youth"
    assert not popup.isVisible() and picker.problem() is None
    assert changes[-1] == "o4"


def test_accent_free_typing_and_enter_on_a_single_match(qtbot, picker):
    qtbot.keyClicks(picker, "dusseldorf")
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert picker.value() == "o3" and picker.text() == "Stadt Düsseldorf"


def test_an_ambiguous_or_unknown_name_is_not_stored_but_named(qtbot, picker):
    qtbot.keyClicks(picker, "kumasi")
    qtbot.waitUntil(lambda: picker.completer_.popup().isVisible())
    qtbot.keyClick(picker.completer_.popup(), Qt.Key.Key_Return)
    assert picker.value() == "", "Enter without arrowing into the list does not take the first of two matches"
    assert picker.value() == ""
    assert picker.problem() == "„kumasi“ bezeichnet keinen einzelnen Datensatz; bitte aus der Liste wählen (Alt+↓)"
    picker.selectAll()
    qtbot.keyClicks(picker, "Kumasi Youth")
    qtbot.keyClick(picker, Qt.Key.Key_Tab)
    assert picker.value() == "o4" and picker.problem() is None


def test_the_current_value_is_shown_and_clearing_removes_the_link(qtbot, picker):
    picker.setValue("o1")
    assert picker.text() == "Umweltamt Dortmund" and picker.value() == "o1"
    picker.setValue("gone-id")
    assert picker.text() == "gone-id" and picker.value() == "gone-id", "a dangling link stays visible and intact"
    picker.setValue("o1")
    changes = []
    picker.changed.connect(lambda: changes.append(picker.value()))
    picker.selectAll()
    qtbot.keyClick(picker, Qt.Key.Key_Backspace)
    assert picker.value() == "" and picker.problem() is None and changes[-1] == ""


def test_alt_down_opens_the_list_from_an_empty_field(qtbot, picker):
    qtbot.keyClick(picker, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = picker.completer_.popup()
    assert popup.isVisible() and picker.matches.rowCount() == 4
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.value() == "o2", "alphabetical: Kumasi Metropolitan Assembly first"


def test_reference_list_picker_adds_chips_by_typing(qtbot):
    editor = ReferenceListPicker()
    qtbot.addWidget(editor)
    editor.set_choices(NAMES)
    editor.setValue(["o1", "unknown"])
    assert editor.chip_texts() == ["Umweltamt Dortmund", "unknown"]
    qtbot.keyClicks(editor.input, "youth")
    qtbot.keyClick(editor.input, Qt.Key.Key_Return)
    assert editor.value() == ["o1", "unknown", "o4"] and editor.input.text() == ""
    qtbot.keyClicks(editor.input, "youth")
    qtbot.keyClick(editor.input, Qt.Key.Key_Return)
    assert editor.value() == ["o1", "unknown", "o4"], "no duplicates"
    qtbot.keyClicks(editor.input, "nowhere")
    assert editor.problem() == "„nowhere“ bezeichnet keinen einzelnen Datensatz; bitte aus der Liste wählen (Alt+↓)"
    editor.chips.item(1).setSelected(True)
    qtbot.keyClick(editor.chips, Qt.Key.Key_Delete)
    assert editor.value() == ["o1", "o4"]


def test_participants_editor_reads_all_names_at_once(qtbot):
    from partnerdesk.domain.enums import ParticipantRole
    from partnerdesk.domain.records import Participant

    class Counting(ListLookup):
        calls = 0

        def names(self, ids):
            Counting.calls += 1
            return super().names(ids)

    editor = ParticipantsEditor()
    qtbot.addWidget(editor)
    editor.set_lookup(Counting(NAMES))
    editor.setValue([Participant(organisation_id="o1", role=ParticipantRole.LEAD), Participant(organisation_id="o3")])
    assert [r.organisation.text() for r in editor.rows] == ["Umweltamt Dortmund", "Stadt Düsseldorf"]
    assert editor.value()[0].role == ParticipantRole.LEAD


def test_tab_with_the_list_open_takes_the_entry_and_moves_on(qtbot, picker):
    from PySide6.QtWidgets import QApplication

    qtbot.keyClicks(picker, "youth")
    popup = picker.completer_.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Tab)
    assert picker.value() == "o4", "the one match is taken"
    assert QApplication.focusWidget() is not picker and not popup.isVisible()
    picker.setFocus()
    picker.selectAll()
    qtbot.keyClicks(picker, "kumasi")
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Tab)
    assert picker.value() == "o2", "the highlighted entry is taken"
    assert QApplication.focusWidget() is not picker
