"""Right-to-left names (Arabic, Hebrew) in tables read as in the form's fields.

Qt lays out every cell of an item view in the view's direction (left to right here), whatever
the text: "بلدية دورا (Dura) 2026" then reads with the Arabic first on the left and the
bracket and number after it, where an Arabic reader (and the form's line edit, which follows
the text) puts the Arabic on the right. Per the Unicode bidi algorithm (rules P2/P3) a
paragraph takes the direction of its first strong letter: this delegate gives such a cell
that direction, so it is laid out right to left and aligned to the right, as in the form.
Qt does the shaping and the reordering itself; the text is never changed.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

_STRONG_RTL = {"R", "AL"}
_STRONG = {"L", "R", "AL"}


def direction_of(text: str) -> Qt.LayoutDirection | None:
    """The direction of ``text``'s first strong letter (Unicode P2/P3); ``None`` for none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _STRONG:
            return Qt.LayoutDirection.RightToLeft if kind in _STRONG_RTL else Qt.LayoutDirection.LeftToRight
    return None


class BidiDelegate(QStyledItemDelegate):
    """Cells whose text begins (in its first strong letter) right to left are laid out so."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if direction_of(option.text) == Qt.LayoutDirection.RightToLeft:
            option.direction = Qt.LayoutDirection.RightToLeft
