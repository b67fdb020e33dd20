"""Progress reporting for long work, without Qt.

Long-running functions (imports, exports, document batches, merges) take a keyword
argument ``progress``: a callable ``progress(done, total, text="")``. The window passes
one that updates a progress dialog and raises ``Cancelled`` when the user pressed
"Abbrechen"; the command line passes ``no_progress``. A function that is cancelled must
leave the database unchanged (its write transaction rolls back as the exception passes).
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """The user cancelled a long operation."""


class ProgressCallback(Protocol):
    def __call__(self, done: int, total: int, text: str = "") -> None: ...


def no_progress(done: int, total: int, text: str = "") -> None:
    """A progress callback that ignores everything (command line, tests)."""
