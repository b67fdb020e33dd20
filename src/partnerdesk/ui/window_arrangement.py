"""Where the form sits in the main window: beside the register table, or below it when narrow.

At 200 % on a 1600-pixel screen (800 logical pixels) or 150 % on a 1024-pixel window, side by
side left the form a strip. Below ``NARROW_BELOW_CHARS`` (in characters of the window's font,
measured on ordinary letters by ``char_width``) the table goes on top and the form and the relationships sit beside each other below
it; from ``WIDE_FROM_CHARS`` on they go back beside the table. The gap between the two keeps
a window resized near the border from flipping back and forth.

Each arrangement keeps its own splitter positions, under its own settings key:
``window/<splitter>`` side by side, ``window/<splitter>_narrow`` narrow.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QSplitter, QWidget

from partnerdesk.ui.settings import Settings

NARROW_BELOW_CHARS = 120
WIDE_FROM_CHARS = 132
SPLITTERS = ("main_splitter", "side_splitter")
# What a character is wide, measured on the letters the registers show. A font's own "average
# character width" (OS/2 xAvgCharWidth) is no guide: DejaVu Sans claims 6 px at 9 pt, Noto Sans
# 7 px, yet DejaVu sets ordinary text wider, so the window would have switched later with the
# font that needs the room sooner.
_LETTERS = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def char_width(font: QFont) -> float:
    """The width of an ordinary character of ``font`` in logical pixels (at least 1)."""
    return max(QFontMetricsF(font).horizontalAdvance(_LETTERS) / len(_LETTERS), 1.0)


class WindowArrangement:
    """The two splitters of the main window (``main``: table | side; ``side``: form | relations)."""

    def __init__(self, window: QWidget, main: QSplitter, side: QSplitter, has_form: Callable[[], bool]) -> None:
        self._window = window
        self._main = main
        self._side = side
        self._has_form = has_form  # without the form, the side's positions mean nothing
        self.narrow = False
        self._states: dict[str, QByteArray] = {}

    def state_key(self, name: str) -> str:
        """The settings key of a splitter's state ("main_splitter", "side_splitter") as arranged now."""
        return f"window/{name}_narrow" if self.narrow else f"window/{name}"

    def restore(self, settings: Settings) -> None:
        """Read both arrangements' positions and arrange for the window's width (once, when built)."""
        for name in SPLITTERS:
            for key in (f"window/{name}", f"window/{name}_narrow"):
                state = settings.state_bytes(key)
                if state is not None:
                    self._states[key] = state
        self._arrange(narrow=self._window.width() < NARROW_BELOW_CHARS * self._char_width(), remember=False)

    def save(self, settings: Settings) -> None:
        self._remember()
        for key, state in self._states.items():
            settings.set_state(key, state)

    def follow_width(self, width: int) -> None:
        """Put the form below the table when the window gets narrow, beside it again when wide."""
        char = self._char_width()
        if not self.narrow and width < NARROW_BELOW_CHARS * char:
            self._arrange(narrow=True)
        elif self.narrow and width >= WIDE_FROM_CHARS * char:
            self._arrange(narrow=False)

    def form_added(self) -> None:
        """The form is in the side splitter now: give it the positions this arrangement keeps."""
        state = self._states.get(self.state_key("side_splitter"))
        if state is not None:
            self._side.restoreState(state)
            self._orient()

    def _char_width(self) -> float:
        return char_width(self._window.font())

    def _arrange(self, *, narrow: bool, remember: bool = True) -> None:
        """Keep the positions of the arrangement left, restore those of the other one (or, the
        first time, a share that gives the form room). ``remember``: False while the window is
        built (there is nothing arranged yet to keep)."""
        if remember:
            self._remember()
        self.narrow = narrow
        # Turned first: the sizes a state brings are laid out in the splitter's direction of the
        # moment (a narrow state restored while still side by side came out at other heights).
        self._orient()
        main = self._states.get(self.state_key("main_splitter"))
        side = self._states.get(self.state_key("side_splitter"))
        if main is not None:
            self._main.restoreState(main)
        if side is not None and self._has_form():
            self._side.restoreState(side)
        self._orient()
        if main is None:
            # Narrow: the table and the form share the height. Wide: the register gets three
            # quarters of the width, or 58 % beside the form (the share the form has on a first start).
            self._main.setSizes([500, 500] if narrow else [580, 420] if self._has_form() else [750, 250])
        if side is None and self._has_form():
            self._side.setSizes([650, 350] if narrow else [750, 250])  # as editing's first start

    def _orient(self) -> None:
        # Set again after every restoreState: a saved state carries its orientation with it.
        vertical, horizontal = Qt.Orientation.Vertical, Qt.Orientation.Horizontal
        self._main.setOrientation(vertical if self.narrow else horizontal)
        self._side.setOrientation(horizontal if self.narrow else vertical)

    def _remember(self) -> None:
        self._states[self.state_key("main_splitter")] = self._main.saveState()
        if self._has_form():
            self._states[self.state_key("side_splitter")] = self._side.saveState()
