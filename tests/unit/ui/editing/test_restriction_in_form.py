"""Art. 18 in the contact form: the box "Verarbeitung eingeschränkt" with a banner above the form
while it is ticked; saved like any field, and undone with the window's undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from partnerdesk.services.records import ContactService
from window_helpers import shown_and_active

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def test_ticking_the_box_shows_the_banner_saves_and_undo_lifts_it(qtbot, window, example_db):
    window = shown_and_active(qtbot, window)
    erika = ContactService(example_db).find("Erika Beispiel")
    window.open_record("contacts", erika.id)
    panel = window.editor_panel
    form = panel.form
    assert form.fields["processing_restricted"].label == "Verarbeitung eingeschränkt"
    banner = form.restricted_banner
    assert not banner.isVisible()
    qtbot.mouseClick(form.restricted, Qt.MouseButton.LeftButton)
    assert banner.isVisible() and "Art. 18 DSGVO" in banner.text() and "Reisekopien" in banner.text()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert ContactService(example_db).get(erika.id).processing_restricted
    assert banner.isVisible()

    window.action("undo").trigger()
    assert not ContactService(example_db).get(erika.id).processing_restricted
    qtbot.waitUntil(lambda: not form.restricted.isChecked())
    assert not banner.isVisible()
    window.action("redo").trigger()
    assert ContactService(example_db).get(erika.id).processing_restricted


def test_a_restricted_contact_opens_with_the_banner(qtbot, window, example_db):
    import dataclasses

    window = shown_and_active(qtbot, window)
    contacts = ContactService(example_db)
    erika = contacts.update(dataclasses.replace(contacts.find("Erika Beispiel"), processing_restricted=True))
    window.open_record("contacts", erika.id)
    assert window.editor_panel.form.restricted.isChecked() and window.editor_panel.form.restricted_banner.isVisible()
