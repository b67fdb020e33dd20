"""Undo and redo of creations, edits, duplicates and deletions, in the database itself.

Each command is made *after* its change was written successfully (so errors reach the
form that caused them); its first ``redo`` - which ``QUndoStack.push`` calls - therefore
does nothing. Later undo/redo calls go through the services, each in one transaction.

Nothing is overwritten silently: if somebody else changed the record since this window
last wrote it, undo refuses with a message instead of destroying their work. A command
that fails is made obsolete, so the stack drops it rather than pretend it happened.
On a server the database work of undo and redo runs off the GUI thread (``background.call``);
the window keeps painting meanwhile.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication

from partnerdesk.domain import validation
from partnerdesk.domain.errors import PartnerDeskError, StaleRecordError
from partnerdesk.domain.records import Record
from partnerdesk.i18n import _
from partnerdesk.log_privacy import describe
from partnerdesk.services.records import Deletion, RecordService, service_for
from partnerdesk.services.workspace import Database
from partnerdesk.ui import background

log = logging.getLogger(__name__)

Notify = Callable[[str], None]
Report = Callable[[str], None]


class RecordCommand(QUndoCommand):
    def __init__(self, db: Database, kind: str, text: str, notify: Notify, report: Report) -> None:
        super().__init__(text)
        self.db = db
        self.kind = kind
        self.notify = notify
        self.report = report
        self._first = True
        self._touched: set[str] = {kind}

    @property
    def service(self) -> RecordService[Any]:
        return service_for(self.db, self.kind)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.do, _("Redo is not possible: {reason}"))

    def undo(self) -> None:
        self._run(self.revert, _("Undo is not possible: {reason}"))

    def _run(self, action: Callable[[], None], message: str) -> None:
        problem = None
        try:
            with _busy(self.busy_count):
                background.call(self.db, action)
        except PartnerDeskError as exc:
            log.info("undo/redo failed: %s", describe(exc))  # the undo text names the record: not logged
            self.setObsolete(True)
            problem = message.format(reason=exc.message)
        finally:
            for kind in sorted(self._touched):
                self.notify(kind)
        if problem is not None:
            # After the reload that ``notify`` causes, which would clear the banner again.
            self.report(problem)

    @property
    def busy_count(self) -> int:
        """How many records undo/redo writes (a wait cursor from 50 on)."""
        return 1

    def do(self) -> None:
        """The change again (database work only: it may run in a worker thread)."""
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def _check_unchanged(self, record_id: str, version: int, label: str) -> Record:
        current: Record = self.service.get(record_id)
        if current.version != version:
            raise StaleRecordError(
                _("{label} was changed by somebody else in the meantime.").format(label=label), current=current
            )
        return current


class CreateCommand(RecordCommand):
    """A record was created (or duplicated): undo deletes it again, redo brings it back."""

    def __init__(self, db: Database, record: Record, notify: Notify, report: Report, *, duplicate: bool = False) -> None:
        label = validation.record_label(record, in_sentence=True)
        text = _("Duplicate {label}") if duplicate else _("Create {label}")
        super().__init__(db, record.KIND, text.format(label=label), notify, report)
        self.record = record
        self.deletion: Deletion | None = None

    def revert(self) -> None:
        self.deletion = self.service.delete(self.record.id, expected_version=self.record.version)
        self._touched |= {r.KIND for r in [*self.deletion.removed, *self.deletion.changed]}

    def do(self) -> None:
        assert self.deletion is not None
        self.service.restore(self.deletion)


class EditCommand(RecordCommand):
    """A record was saved: undo writes the old values back, redo the new ones."""

    def __init__(self, db: Database, before: Record, after: Record, notify: Notify, report: Report) -> None:
        super().__init__(db, after.KIND, _("Edit {label}").format(label=validation.record_label(after, in_sentence=True)), notify, report)
        self.before = before
        self.after = after
        #: The version this window last wrote; anything else means somebody else saved.
        self.version = after.version

    def _write(self, content: Record) -> None:
        label = validation.record_label(content)
        self._check_unchanged(content.id, self.version, label)
        saved = self.service.update(dataclasses.replace(content, version=self.version))
        self.version = saved.version

    def revert(self) -> None:
        self._write(self.before)

    def do(self) -> None:
        self._write(self.after)


class DeleteCommand(RecordCommand):
    """Records were deleted together: undo restores all of them (and everything the deletion
    unlinked) in one transaction, redo deletes them again in one - all or nothing both ways."""

    def __init__(self, db: Database, kind: str, deletion: Deletion, ids: list[str], notify: Notify, report: Report) -> None:
        removed = {r.id: r for r in deletion.removed if r.KIND == kind}
        self.ids = [i for i in ids if i in removed]
        names = [validation.record_label(removed[i], in_sentence=True) for i in self.ids]
        text = _("Delete {label}").format(label=names[0]) if len(names) == 1 else _(
            "Delete {count} records"
        ).format(count=len(names))
        super().__init__(db, kind, text, notify, report)
        self.deletion = deletion
        self._touch_all()

    def _touch_all(self) -> None:
        self._touched |= {r.KIND for r in [*self.deletion.removed, *self.deletion.changed]}

    @property
    def busy_count(self) -> int:
        return len(self.ids)

    def revert(self) -> None:
        self.service.restore(self.deletion)

    def do(self) -> None:
        versions = {r.id: r.version for r in self.deletion.removed if r.KIND == self.kind}
        self.deletion = self.service.delete_many(self.ids, versions)
        self._touch_all()


@contextmanager
def _busy(count: int) -> Iterator[None]:
    """A wait cursor while undo/redo puts back or deletes many records (a few seconds for thousands)."""
    if count < 50:
        yield
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
