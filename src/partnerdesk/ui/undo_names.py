"""How the undo and redo actions name the step they would take, in the menu and the toolbar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from shiboken6 import isValid


class StepNamer(QObject):
    """Menu: "&Rückgängig: Projekt „…“ anlegen"; toolbar: just "Rückgängig", the step in its tooltip.

    QUndoStack's own text ("Rückgängig Projekt „…“ anlegen") reads wrongly, and in the toolbar
    it made the button as wide as the record's name, pushing the buttons after it about.
    ``short`` and ``long`` are menu texts with their Alt-letter ("&"); an "&" in the step's
    name is shown as itself. The stack may outlive the action while a window is torn down:
    then there is nothing to name.
    """

    def __init__(self, action: QAction, short: str, long: str, text_changed: Any) -> None:
        super().__init__(action)
        self._action, self._short, self._long = action, short, long
        text_changed.connect(self.show)  # after the stack's own handler, so this text wins
        self.show("")

    @Slot(str)
    def show(self, step: str) -> None:
        action = self._action
        if not isValid(action):
            return
        action.setText(self._long.format(step=step.replace("&", "&&")) if step else self._short)
        plain = _without_mnemonic(self._long).format(step=step) if step else _without_mnemonic(self._short)
        action.setIconText(_without_mnemonic(self._short))
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{plain} ({shortcut})" if shortcut else plain)


def _without_mnemonic(text: str) -> str:
    """"&Rückgängig" → "Rückgängig" ("&&" stays one "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")
