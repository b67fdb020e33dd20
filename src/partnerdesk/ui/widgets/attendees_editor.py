"""An activity's participant list: per person a contact (picked) or a free name, the
organisation (picked or free text), the role, and dietary and accessibility notes if any.

Each participant takes two lines of fields (person and organisation above, role and notes
below); Tab runs through them in reading order, then to the row's remove button and on to
"Add participant". Picking a contact or an organisation writes its name into the free-text
field beside it, which is what the participant list prints (and keeps if the record goes).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QLineEdit, QWidget

from partnerdesk.domain.records import Attendee
from partnerdesk.i18n import _
from partnerdesk.ui.widgets.reference_picker import NameLookup, ReferencePicker
from partnerdesk.ui.widgets.rows_editor import Row, RowsEditor


def _line(parent: QWidget, placeholder: str, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(name)
    edit.textChanged.connect(edit.setToolTip)  # a long entry stays readable
    return edit


class _Fields(QWidget):
    """The two lines of one participant (Tab follows ``tab_widgets``)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.contact = ReferencePicker(self)
        self.contact.setAccessibleName(_("Contact"))
        self.contact.setPlaceholderText(_("Contact (search)"))
        self.name = _line(self, _("or name"), _("Name"))
        self.organisation_link = ReferencePicker(self)
        self.organisation_link.setAccessibleName(_("Organisation"))
        self.organisation_link.setPlaceholderText(_("Organisation (search)"))
        self.organisation = _line(self, _("or organisation"), _("Organisation (free text)"))
        self.role = _line(self, _("Role"), _("Role"))
        self.dietary = _line(self, _("Dietary needs"), _("Dietary needs"))
        self.accessibility = _line(self, _("Accessibility needs"), _("Accessibility needs"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(1)
        for column, widget in enumerate((self.contact, self.name, self.organisation_link, self.organisation)):
            grid.addWidget(widget, 0, column)
        grid.addWidget(self.role, 1, 0)
        grid.addWidget(self.dietary, 1, 1)
        grid.addWidget(self.accessibility, 1, 2, 1, 2)

    def tab_widgets(self) -> list[QWidget]:
        return [self.contact, self.name, self.organisation_link, self.organisation, self.role, self.dietary,
                self.accessibility]


class _AttendeeRow(Row):
    def __init__(self, contacts: NameLookup | None, organisations: NameLookup | None, parent: QWidget | None = None,
                 *, health_hidden: bool = False) -> None:
        super().__init__(parent)
        self._original = Attendee()
        self.health_hidden = False
        self.fields = _Fields(self)
        f = self.fields
        f.contact.set_lookup(contacts)
        f.organisation_link.set_lookup(organisations)
        f.contact.picked.connect(lambda _id, name: self._fill(f.name, name))
        f.organisation_link.picked.connect(lambda _id, name: self._fill(f.organisation, name))
        f.contact.changed.connect(self.changed)
        f.organisation_link.changed.connect(self.changed)
        for edit in (f.name, f.organisation, f.role, f.dietary, f.accessibility):
            edit.textEdited.connect(lambda _t: self.changed.emit())
        self.add(f, 1)
        self.set_health_hidden(health_hidden)

    def set_health_hidden(self, hidden: bool) -> None:
        """Dietary and accessibility notes are health data the server keeps from users outside the
        personal-data role (revision 0018): they then read "vertraulich", read-only, as a contact's
        e-mail does, and nothing is read back from them (a save leaves the stored notes alone)."""
        self.health_hidden = hidden
        f = self.fields
        for edit, text in ((f.dietary, self._original.dietary), (f.accessibility, self._original.accessibility)):
            edit.setReadOnly(hidden)
            edit.setToolTip(_health_tip() if hidden else "")
            edit.setText(_("confidential") if hidden else text)
            edit.setCursorPosition(0)

    def _fill(self, edit: QLineEdit, name: str) -> None:
        edit.setText(name)
        edit.setCursorPosition(0)
        self.changed.emit()

    def first_widget(self) -> QWidget:
        return self.fields.contact

    def value(self) -> Attendee:
        f = self.fields
        return dataclasses.replace(
            self._original, contact_id=f.contact.value() or None, name=f.name.text().strip(),
            organisation_id=f.organisation_link.value() or None, organisation=f.organisation.text().strip(),
            role=f.role.text().strip(),
            dietary=self._original.dietary if self.health_hidden else f.dietary.text().strip(),
            accessibility=self._original.accessibility if self.health_hidden else f.accessibility.text().strip(),
        )

    def setValue(self, value: Attendee) -> None:  # noqa: N802 (Qt naming)
        self._original = value
        f = self.fields
        f.contact.setValue(value.contact_id)
        f.organisation_link.setValue(value.organisation_id)
        for edit, text in ((f.name, value.name), (f.organisation, value.organisation), (f.role, value.role),
                           (f.dietary, value.dietary), (f.accessibility, value.accessibility)):
            edit.setText(text)
            edit.setCursorPosition(0)
        if self.health_hidden:
            self.set_health_hidden(True)

    def problem(self) -> str | None:
        f = self.fields
        for picker in (f.contact, f.organisation_link):
            if message := picker.problem():
                return message
        if not f.contact.value() and not f.name.text().strip():
            return _("Choose a contact or write a name for every participant, or remove the row")
        return None

    def commit_pending(self) -> None:
        self.fields.contact.commit_pending()
        self.fields.organisation_link.commit_pending()


class AttendeesEditor(RowsEditor):
    """``value()`` is a list of ``Attendee`` (ids kept, so an edited person stays the same line)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Add participant"), parent)
        self.contacts: NameLookup | None = None
        self.organisations: NameLookup | None = None
        self.health_hidden = False

    def set_health_hidden(self, hidden: bool) -> None:
        """Show participants' dietary and accessibility notes as "vertraulich" (see ``_AttendeeRow``)."""
        self.health_hidden = hidden
        for row in self.rows:
            assert isinstance(row, _AttendeeRow)
            row.set_health_hidden(hidden)

    def set_lookups(self, contacts: NameLookup | None, organisations: NameLookup | None) -> None:
        self.contacts, self.organisations = contacts, organisations
        for row in self.rows:
            assert isinstance(row, _AttendeeRow)
            row.fields.contact.set_lookup(contacts)
            row.fields.organisation_link.set_lookup(organisations)

    def make_row(self) -> Row:
        return _AttendeeRow(self.contacts, self.organisations, self, health_hidden=self.health_hidden)

    def setValue(self, values: Sequence[Attendee]) -> None:  # noqa: N802 (Qt naming)
        super().setValue(values)

    def commit_pending(self) -> None:
        for row in self.rows:
            assert isinstance(row, _AttendeeRow)
            row.commit_pending()


def _health_tip() -> str:
    return _(
        "Only members of the personal-data role (partnerdesk_personal_data) see participants' dietary and "
        "accessibility needs. Saving this activity leaves them as they are."
    )
