"""A partnership's stages edited through the real form widgets: add by keyboard, save, undo;
bad input (no date, a term ending before it begins) shown at the field with nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from partnerdesk.domain.enums import MouStatus, StageKind
from partnerdesk.services.records import PartnershipService


def type_into(qtbot, widget, text):
    edit = getattr(widget, "edit", None) or widget
    qtbot.keyClicks(edit, text)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def _open_dabola(qtbot, panel, example_db):
    partnership = PartnershipService(example_db).find("Dabola")
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    panel.show_record("partnerships", partnership.id)
    return partnership, panel.form.fields["stages"].widget


def _add_mou_stage(qtbot, editor, day, term_from, term_until):
    """Alt+A adds a row and puts the cursor in its kind; typing chooses the kind, Tab walks on."""
    editor.add_button.setFocus()
    qtbot.keyClick(editor.add_button, Qt.Key.Key_Space)
    row = editor.rows[-1]
    assert row.kind.hasFocus(), "a new stage starts in its kind"
    row.kind.setCurrentIndex(row.kind.findData(StageKind.MOU_SIGNED.value))
    assert row.term.isVisibleTo(editor) and not row.programme_box.isVisibleTo(editor), "an MoU has a term, no programme"
    type_into(qtbot, row.date, day)
    type_into(qtbot, row.note, "Unterzeichnet im Rathaus")
    type_into(qtbot, row.term_from, term_from)
    type_into(qtbot, row.term_until, term_until)
    return row


def test_add_a_stage_save_and_undo(qtbot, panel, example_db):
    service = PartnershipService(example_db)
    before, editor = _open_dabola(qtbot, panel, example_db)
    assert before.stages == [] and editor.timeline.text() == "Noch keine Stufe eingetragen."
    row = _add_mou_stage(qtbot, editor, "12.05.2024", "12.05.2024", "11.05.2027")
    # Tab goes from the term's end to "renews itself", then to the next visible field (no programme).
    chain = editor.tab_widgets()
    assert row.renewal in chain and row.programme not in chain and row.phase not in chain
    assert "12.05.2024 · MoU unterzeichnet" in editor.timeline.text()
    qtbot.keyClick(row.note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    saved = service.get(before.id)
    assert [(s.kind, s.date, s.term_from, s.term_until, s.note) for s in saved.stages] == [
        (StageKind.MOU_SIGNED, date(2024, 5, 12), date(2024, 5, 12), date(2027, 5, 11), "Unterzeichnet im Rathaus")
    ]
    assert (saved.mou_signed_on, saved.mou_status) == (date(2024, 5, 12), MouStatus.SIGNED), "derived from the stage"
    assert panel.undo_stack.undoText() == "Partnerschaft „Partnerschaft Dortmund – Dabola“ bearbeiten"

    panel.undo_stack.undo()
    undone = service.get(before.id)
    assert (undone.stages, undone.mou_signed_on, undone.mou_status) == ([], None, before.mou_status)
    assert panel.form.fields["stages"].widget.rows == [], "the form shows the undone state"
    panel.undo_stack.redo()
    assert [s.kind for s in service.get(before.id).stages] == [StageKind.MOU_SIGNED]


def test_remove_a_stage_in_the_form(qtbot, panel, example_db):
    service = PartnershipService(example_db)
    kumasi = service.find("Kumasi")
    panel.show_record("partnerships", kumasi.id)
    editor = panel.form.fields["stages"].widget
    assert [r.current_kind() for r in editor.rows] == [StageKind.FIRST_CONTACT, StageKind.PROJECT_PARTNERSHIP]
    assert "<b>01.01.2022 · Projekt- oder Klimapartnerschaft" in editor.timeline.text(), "the current stage in bold"
    qtbot.mouseClick(editor.rows[0].remove_button, Qt.MouseButton.LeftButton)
    assert panel.save()
    assert [s.kind for s in service.get(kumasi.id).stages] == [StageKind.PROJECT_PARTNERSHIP]


@pytest.mark.parametrize(
    ("day", "term_until", "message"),
    [
        ("", "11.05.2027", "Stufe 1 (MoU unterzeichnet) braucht ein Datum"),
        ("12.05.2024", "11.05.2023", "Stufe 1 (MoU unterzeichnet): Die Laufzeit endet (11.05.2023), bevor sie beginnt (12.05.2024)"),
        ("31.02.2024", "11.05.2027", "Den „31.02.2024“ gibt es nicht, der Monat hat nur 29 Tage"),
    ],
    ids=["no date", "until before from", "impossible date"],
)
def test_bad_stages_are_shown_at_the_field_and_nothing_is_saved(qtbot, panel, example_db, db_path, content_of, day,
                                                                term_until, message):
    before = content_of(db_path)
    _partnership, editor = _open_dabola(qtbot, panel, example_db)
    _add_mou_stage(qtbot, editor, day, "12.05.2024", term_until)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert message in panel.form.error_of("stages")
    assert "border" in panel.form.fields["stages"].frame.styleSheet()
    assert content_of(db_path) == before
