"""The bar above a form whose record a colleague changed or deleted while it was being edited.

Live refresh (``ui.live_refresh``) never replaces what the user is typing: a clean form simply
shows the stored record again, an edited one keeps the edit and shows "Von mmuster geändert –
neu laden?" (the actor from the history entry). "Neu laden" puts the stored record into the
form (the edit is dropped); saving instead leads to the usual conflict dialog, since the form's
version is older than the stored one. A record deleted meanwhile gets a bar saying so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from partnerdesk.domain.errors import EnvironmentProblem, NotFoundError
from partnerdesk.domain.history import HistoryEntry
from partnerdesk.i18n import _
from partnerdesk.services.records import service_for
from partnerdesk.ui import background

_COLOUR = "#8a6d00"


class ColleagueBar(QFrame):
    """"Von … geändert – neu laden?" with a "Neu laden" button, or "Von … gelöscht …"."""

    def __init__(self, panel: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("colleague_bar")
        self.panel = panel
        self.setStyleSheet(
            f"QFrame#colleague_bar {{ border: 1px solid {_COLOUR}; border-radius: 3px; background: #fff8d6; }}"
            f" QLabel {{ color: {_COLOUR}; }}"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton(_("Reload"), self)
        self.reload_button.setObjectName("colleague_reload")
        self.reload_button.setToolTip(_("Show the record as it is stored now; your changes in the form are dropped."))
        self.reload_button.clicked.connect(self.reload)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.reload_button)
        self.record: tuple[str, str] | None = None
        self.hide()

    def show_changed(self, kind: str, record_id: str, actor: str) -> None:
        self.record = (kind, record_id)
        self.label.setText(_("Changed by {actor} – reload?").format(actor=actor or _("somebody")))
        self.reload_button.show()
        self.show()

    def show_deleted(self, kind: str, record_id: str, actor: str) -> None:
        self.record = (kind, record_id)
        self.label.setText(
            _("Deleted by {actor}. Your entries are still in the form; copy what you need or discard them.").format(
                actor=actor or _("somebody")
            )
        )
        self.reload_button.hide()
        self.show()

    def clear(self) -> None:
        self.record = None
        self.label.clear()
        self.hide()

    def reload(self) -> None:
        """"Neu laden": the stored record replaces the edit in the form."""
        record = self.record
        panel = self.panel
        self.clear()
        if record is None or panel.form is None:
            return
        panel.form.dirty = False
        panel.show_record(*record)
        panel.hide_banner()


def on_colleague_changes(panel: Any, bar: ColleagueBar, entries: list[HistoryEntry]) -> None:
    """Colleagues saved ``entries`` (already shown in the registers): the form follows."""
    if not entries:
        return
    shown = (panel.kind, panel.record_id)
    kinds = {e.kind for e in entries}
    # Choices (pick lists, names of linked records) and a clean form: read again as after F5.
    panel.on_records_changed(next(iter(kinds)) if len(kinds) == 1 else None)
    form = panel.form
    if form is None and shown[1] is not None:  # a clean form whose record is gone: say who deleted it
        gone = [e for e in entries if (e.kind, e.record_id) == shown and e.operation == "deleted"]
        if gone:
            panel.placeholder.setText(_("This record was deleted by {actor}.").format(actor=gone[-1].actor or _("somebody")))
        return
    if form is None or panel.is_new or not form.dirty:
        return
    mine = [e for e in entries if e.kind == form.kind and e.record_id == form.base.id]
    if not mine:
        return
    last = mine[-1]
    if last.operation == "deleted":
        bar.show_deleted(form.kind, form.base.id, last.actor)
        return
    try:
        stored = background.call(panel.db, service_for(panel.db, form.kind).get, form.base.id)
    except NotFoundError:
        bar.show_deleted(form.kind, form.base.id, last.actor)
        return
    except EnvironmentProblem:
        return
    if stored.version != form.base.version:
        bar.show_changed(form.kind, form.base.id, last.actor)
