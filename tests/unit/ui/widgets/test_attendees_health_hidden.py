"""A user without the personal-data role sees participants' dietary and accessibility notes as
"vertraulich" (read-only, like a contact's e-mail), not as empty fields, and saving reads nothing
back from them; a member sees and edits them."""

from __future__ import annotations

from partnerdesk.domain.records import Attendee
from partnerdesk.ui.widgets import AttendeesEditor


def test_hidden_health_notes_read_vertraulich_and_are_not_read_back(qtbot):
    editor = AttendeesEditor()
    qtbot.addWidget(editor)
    editor.set_health_hidden(True)
    editor.setValue([Attendee(name="Kofi Mensah")])  # the server gave no notes to this user
    row = editor.rows[0]
    assert (row.fields.dietary.text(), row.fields.accessibility.text()) == ("vertraulich", "vertraulich")
    assert row.fields.dietary.isReadOnly() and row.fields.dietary.toolTip()
    assert [(a.dietary, a.accessibility) for a in editor.value()] == [("", "")]
    editor.add_button.click()  # a new line too
    assert editor.rows[-1].fields.accessibility.text() == "vertraulich"


def test_a_member_of_the_personal_data_role_sees_and_edits_them(qtbot):
    editor = AttendeesEditor()
    qtbot.addWidget(editor)
    editor.setValue([Attendee(name="Kofi Mensah", dietary="vegan")])
    row = editor.rows[0]
    assert row.fields.dietary.text() == "vegan" and not row.fields.dietary.isReadOnly()
    row.fields.accessibility.setText("Rollstuhl")
    assert [(a.dietary, a.accessibility) for a in editor.value()] == [("vegan", "Rollstuhl")]
