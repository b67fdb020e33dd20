"""New, duplicate, delete and edit, as the main window's menus and keys ask for them.

On a server their database work runs off the GUI thread (``background.call``); the
questions and messages stay on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from partnerdesk.domain import programme, validation
from partnerdesk.domain.errors import NotFoundError, PartnerDeskError
from partnerdesk.domain.records import Record, new_id
from partnerdesk.i18n import _, ngettext
from partnerdesk.services.records import Dependent, RecordService, service_for
from partnerdesk.services.workspace import Database
from partnerdesk.ui import background
from partnerdesk.ui.editing import delete_confirmation
from partnerdesk.ui.editing.editor_panel import RecordEditorPanel
from partnerdesk.ui.editing.undo_commands import CreateCommand, DeleteCommand
from partnerdesk.ui.tasks import Cancelled, run_with_progress

T = TypeVar("T")
#: From this many records on, checking and deleting run behind a progress dialog.
MANY = 50


def duplicate_of(record: Record) -> Record:
    """A copy with a new id and "(Kopie)" in its name; nested items get new ids too."""
    changes: dict[str, object] = {
        "id": new_id(), "version": 0, "created_at": None, "updated_at": None, "is_example": False,
    }
    name_field = "name" if hasattr(record, "name") else "title"
    changes[name_field] = _("{name} (copy)").format(name=getattr(record, name_field))
    for nested in ("follow_ups", "funding_sources", "stages", "attendees", "key_facts"):
        if hasattr(record, nested):
            changes[nested] = [dataclasses.replace(item, id=new_id()) for item in getattr(record, nested)]
    if hasattr(record, "programme"):  # items name their parent: the copy's items name the copied parent
        changes["programme"] = programme.copied(record.programme)
    return dataclasses.replace(record, **changes)  # type: ignore[arg-type]


def _save_duplicate(service: RecordService[Any], record_id: str) -> Record:
    """The stored copy of the record (read and written in a worker thread on a server)."""
    copy: Record = service.create(duplicate_of(service.get(record_id)))
    return copy


class EditController:
    """The duck-typed edit controller of the main window, working through the editor panel."""

    def __init__(self, panel: RecordEditorPanel, parent: QWidget | None = None) -> None:
        self.panel = panel
        self.parent = parent or panel

    @property
    def db(self) -> Database:
        """The panel's current database."""
        return self.panel.db

    def inform(self, text: str, title: str | None = None) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title or _("PartnerDesk"), text, QMessageBox.StandardButton.Ok, self.parent)
        box.exec()

    def maybe_leave(self) -> bool:
        """Before the window shows another database: unsaved form changes are saved or discarded."""
        return self.panel.maybe_leave()

    def edit(self, kind: str, record_id: str) -> bool:
        if self.panel.kind == kind and self.panel.record_id == record_id:
            return True
        if not self.panel.maybe_leave():
            return False
        return self.panel.show_record(kind, record_id)

    def focus_form(self) -> None:
        """Put the cursor into the form's first field (the record was opened to be edited)."""
        self.panel.focus_first_field()

    def focus_field(self, kind: str, record_id: str, field: str) -> bool:
        """Open the record (if it is not in the form yet) and put the cursor into ``field``
        (the overview's "Koordinaten eintragen" opens a partner at its coordinates)."""
        if not self.edit(kind, record_id):
            return False
        form = self.panel.form
        found = form.field_for(field) if form is not None else None
        if found is None:
            return False
        found.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def new_record(self, kind: str) -> bool:
        if not self.panel.maybe_leave():
            return False
        self.panel.start_new(kind)
        return True

    def duplicate(self, kind: str, record_id: str) -> str | None:
        """Save a copy at once (undoable) and open it for editing; returns its id."""
        if not self.panel.maybe_leave():
            return None
        service = service_for(self.db, kind)
        try:
            copy = background.call(self.db, _save_duplicate, service, record_id)
        except PartnerDeskError as exc:
            self.inform(exc.message)
            return None
        self.panel.undo_stack.push(CreateCommand(self.db, copy, self.panel.notify, self.panel.show_banner, duplicate=True))
        self.panel.notify(kind)
        self.panel.show_record(kind, copy.id)
        self.panel.created.emit(kind, copy.id)
        return copy.id

    def delete(self, kind: str, ids: Sequence[str]) -> bool:
        """Ask (naming what depends on the records), then delete them; True if deleted."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return False
        service = service_for(self.db, kind)
        try:
            records = background.call(self.db, service.get_many, ids)
            dependents: dict[str, list[Dependent]] = self._long(
                len(records), _("Checking what depends on the records…"), service.dependents_of, [r.id for r in records]
            )
        except Cancelled:
            return False
        except PartnerDeskError as exc:
            self.inform(exc.message)
            return False
        if not records:
            return False
        if any(d.effect == "blocks" for deps in dependents.values() for d in deps):
            delete_confirmation.explain_blocked(self.parent, records, dependents)
            return False
        if not delete_confirmation.confirm_delete(self.parent, records, dependents):
            return False
        try:
            # One transaction: every record is deleted, or - if one cannot be - none is.
            deletion = self._long(
                len(records), ngettext("Deleting {count} record…", "Deleting {count} records…", len(records)).format(
                    count=len(records)),
                service.delete_many, [r.id for r in records], {r.id: r.version for r in records},
            )
        except Cancelled:
            self.inform(_("Cancelled. Nothing has been deleted."))
            return False
        except PartnerDeskError as exc:
            self.inform(self._failed_deletion_message(service, records, exc))
            self._after_delete(kind, [])
            return False
        self.panel.undo_stack.push(
            DeleteCommand(self.db, kind, deletion, [r.id for r in records], self.panel.notify, self.panel.show_banner)
        )
        self._after_delete(kind, ids)
        return True

    def _long(self, count: int, title: str, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)``; for many records in a worker thread behind a progress dialog (may raise ``Cancelled``),
        for a few on a server in a worker thread while the window keeps painting."""
        if count < MANY:
            return background.call(self.db, fn, *args)
        return run_with_progress(self.parent, title, fn, *args)

    def _failed_deletion_message(self, service: RecordService[Any], records: Sequence[Record], exc: PartnerDeskError) -> str:
        """The error, naming the record (even one somebody else deleted meanwhile), and that nothing changed."""
        message = exc.message
        if isinstance(exc, NotFoundError):
            try:
                still_there = {r.id for r in background.call(self.db, service.get_many, [r.id for r in records])}
            except PartnerDeskError:
                still_there = {r.id for r in records}
            gone = [r for r in records if r.id not in still_there]
            if gone:
                message = _("{label} no longer exists; somebody deleted it.").format(label=validation.record_label(gone[0]))
        if len(records) > 1:
            return message + " " + _("None of the {count} records has been deleted.").format(count=len(records))
        return message + " " + _("Nothing has been deleted.")

    def _after_delete(self, kind: str, ids: Sequence[str]) -> None:
        if self.panel.kind == kind and self.panel.record_id in ids:
            self.panel.form.dirty = False  # type: ignore[union-attr]
            self.panel.show_nothing()
        for touched in sorted(self._touched_kinds(kind)):
            self.panel.notify(touched)

    @staticmethod
    def _touched_kinds(kind: str) -> set[str]:
        return {kind} | {
            "organisations": {"contacts", "projects", "partnerships", "activities"},
            "partnerships": {"projects", "activities", "decisions"},
            "contacts": {"projects", "activities"},
            "projects": {"activities", "decisions", "grants"},
            "programmes": {"grants"},
        }.get(kind, set())


