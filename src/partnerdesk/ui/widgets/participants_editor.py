"""Organisations taking part in a project, each with its role."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget

from partnerdesk.domain.enums import ParticipantRole
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.domain.records import Participant
from partnerdesk.i18n import _
from partnerdesk.ui.widgets.reference_picker import ListLookup, NameLookup, ReferencePicker
from partnerdesk.ui.widgets.rows_editor import Row, RowsEditor


class _ParticipantRow(Row):
    def __init__(self, lookup: NameLookup | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.organisation = ReferencePicker(self)
        self.organisation.setAccessibleName(_("Organisation"))
        self.organisation.set_lookup(lookup)
        self.role = QComboBox(self)
        self.role.setAccessibleName(_("Role"))
        for role in ParticipantRole:
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(self.role.findData(ParticipantRole.PARTNER.value))
        self.organisation.changed.connect(self.changed)
        self.role.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.add(self.organisation, 3)
        self.add(self.role, 1)

    def value(self) -> Participant:
        return Participant(organisation_id=self.organisation.value(), role=ParticipantRole(self.role.currentData()))

    def setValue(self, value: Participant) -> None:  # noqa: N802 (Qt naming)
        self.organisation.setValue(value.organisation_id)
        self.role.setCurrentIndex(max(0, self.role.findData(str(value.role))))

    def problem(self) -> str | None:
        if message := self.organisation.problem():
            return message
        if not self.organisation.value():
            return _("Choose an organisation for every participant or remove the row")
        return None

    def commit_pending(self) -> None:
        self.organisation.commit_pending()


class ParticipantsEditor(RowsEditor):
    """``value()`` is a list of ``Participant``; organisations are found through ``set_lookup``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Add organisation"), parent)
        self.lookup: NameLookup | None = None

    def set_lookup(self, lookup: NameLookup | None) -> None:
        self.lookup = lookup
        for row in self.rows:
            assert isinstance(row, _ParticipantRow)
            row.organisation.set_lookup(lookup)

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """A fixed list of (id, name) instead of a database lookup."""
        self.set_lookup(ListLookup(choices))

    def make_row(self) -> Row:
        return _ParticipantRow(self.lookup, self)

    def setValue(self, values: Sequence[Participant]) -> None:  # noqa: N802 (Qt naming)
        if self.lookup is not None and values:
            try:
                # One read for all participants' names; the lookup keeps them for the rows.
                self.lookup.names([p.organisation_id for p in values])
            except PartnerDeskError:
                pass  # each row shows the id instead
        super().setValue(values)

    def commit_pending(self) -> None:
        for row in self.rows:
            assert isinstance(row, _ParticipantRow)
            row.commit_pending()
