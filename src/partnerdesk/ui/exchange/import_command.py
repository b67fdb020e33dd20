"""An applied table import as one step on the window's undo stack."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.exchange.table_import import ImportResult, apply_import, build_preview, undo_import
from partnerdesk.exchange.table_read import Table
from partnerdesk.i18n import _, ngettext
from partnerdesk.services.workspace import Database


class ImportCommand(QUndoCommand):
    """Undo deletes what the import created and restores what it updated; redo imports again.

    The first ``redo`` (when the command is pushed) does nothing: the import ran already,
    with its progress dialog. If records were changed since, undo refuses with a message
    and the step is dropped from the stack (nothing is overwritten).
    """

    def __init__(
        self,
        db: Database,
        result: ImportResult,
        table: Table,
        mapping: list[str | None],
        *,
        skip_invalid: bool,
        changed: Callable[[str], None],
        parent_widget: QWidget | None = None,
        merge: dict[int, str] | None = None,
        reapply: Callable[[], ImportResult] | None = None,
    ) -> None:
        count = len(result.created_ids) + len(result.previous)
        super().__init__(ngettext("Import of {count} record", "Import of {count} records", count).format(count=count))
        self.db = db
        self.result = result
        self.table = table
        self.mapping = mapping
        self.skip_invalid = skip_invalid
        self.merge = dict(merge or {})  # the rows the user merged with a similar record
        self.changed = changed
        self.parent_widget = parent_widget
        #: How redo imports again where it is no register's import (a grant's expenses).
        self.reapply = reapply
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            return
        try:
            if self.reapply is not None:
                self.result = self.reapply()
            else:
                preview = build_preview(self.db, self.result.kind, self.table, self.mapping, merge=self.merge)
                self.result = apply_import(self.db, preview, skip_invalid=self.skip_invalid, remember=False)
            self._applied = True
        except PartnerDeskError as exc:
            self._fail(exc)
        self.changed(self.result.kind)

    def undo(self) -> None:
        if not self._applied:
            return
        try:
            undo_import(self.db, self.result)
            self._applied = False
        except PartnerDeskError as exc:
            self._fail(exc)
        self.changed(self.result.kind)

    def _fail(self, exc: PartnerDeskError) -> None:
        self.setObsolete(True)
        QMessageBox.warning(self.parent_widget, _("Import"), exc.message)
