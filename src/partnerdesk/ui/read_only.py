"""The window for a login that may only read (``db.read_only``: a reader's role on the server).

Nothing invites a change that would then fail: write actions (new, duplicate, delete, undo,
redo, import, merging a travel copy) are disabled with a tooltip saying why, forms show their
records read-only and their "Save" stays disabled, and the status bar says so once. The
services refuse a write anyway (``Database.write``), before anything reaches the server.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from partnerdesk.i18n import _

#: The window's own actions that change the database.
WRITE_ACTIONS = ("new", "duplicate", "delete", "undo", "redo")

#: Remembers an action's own tooltip while the read-only one is shown.
_OWN_TOOLTIP = "partnerdesk_own_tooltip"
_OWN_ENABLED = "partnerdesk_own_enabled"


def reason(db: Any) -> str | None:
    """Why nothing can be changed (``None``: the database may be written)."""
    if not getattr(db, "read_only", False):
        return None
    return str(getattr(db, "read_only_reason", None) or _("This database is open for reading only."))


def tooltip(why: str) -> str:
    return _("Not possible: {reason}").format(reason=why)


def apply_to_actions(actions: list[QAction], db: Any, *, enable_again: bool = False) -> None:
    """Disable ``actions`` with a tooltip saying why while ``db`` is read-only; restore them after.

    ``enable_again``: the action was enabled before (the caller does not set it each time itself).
    """
    why = reason(db)
    for action in actions:
        if not isValid(action):  # the window is being torn down
            continue
        if why is not None:
            if action.property(_OWN_TOOLTIP) is None:
                action.setProperty(_OWN_TOOLTIP, action.toolTip())
                action.setProperty(_OWN_ENABLED, action.isEnabled())
            action.setEnabled(False)
            action.setToolTip(tooltip(why))
        elif action.property(_OWN_TOOLTIP) is not None:
            action.setToolTip(str(action.property(_OWN_TOOLTIP)))
            if enable_again:
                action.setEnabled(bool(action.property(_OWN_ENABLED)))
            action.setProperty(_OWN_TOOLTIP, None)
            action.setProperty(_OWN_ENABLED, None)


#: Remembers a form widget's own state while the form is read-only.
_OWN_STATE = "partnerdesk_own_state"


def apply_to_form(form: QWidget, read_only: bool) -> None:
    """Show ``form``'s fields read-only (text can still be selected and copied) or as they were again."""
    for widget in form.findChildren(QWidget):
        own = widget.property(_OWN_STATE)
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
            continue  # an editable combo box's own line: the combo box is disabled
        if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)):
            if read_only and own is None:
                widget.setProperty(_OWN_STATE, widget.isReadOnly())
                widget.setReadOnly(True)
            elif not read_only and own is not None:
                widget.setReadOnly(bool(own))
        elif isinstance(widget, (QComboBox, QAbstractButton)):
            if read_only and own is None:
                widget.setProperty(_OWN_STATE, widget.isEnabled())
                widget.setEnabled(False)
            elif not read_only and own is not None:
                widget.setEnabled(bool(own))
        elif isinstance(widget, QAbstractItemView):
            if read_only and own is None:
                widget.setProperty(_OWN_STATE, int(widget.editTriggers().value))
                widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            elif not read_only and own is not None:
                widget.setEditTriggers(QAbstractItemView.EditTrigger(int(own)))
        else:
            continue
        if not read_only:
            widget.setProperty(_OWN_STATE, None)
