"""Which database files this process has open through Python's ``sqlite3``.

Office databases go through ``sqlite3``, travel copies through ``sqlcipher3``, which bundles
its own SQLite. Two SQLite libraries on one file in one process break each other's POSIX
locks (each believes the other's locks are its own, and closing its descriptor drops them),
so SQLCipher must never open a file that an open office ``Database`` holds, for instance
an office database chosen by mistake as the travel copy to merge.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path

from partnerdesk.domain.errors import DatabaseFileError
from partnerdesk.i18n import _

_lock = threading.Lock()
_open: Counter[tuple[int, int]] = Counter()


def identity(path: Path | str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def opened(key: tuple[int, int] | None) -> None:
    if key is not None:
        with _lock:
            _open[key] += 1


def closed(key: tuple[int, int] | None) -> None:
    if key is not None:
        with _lock:
            _open[key] -= 1
            if _open[key] <= 0:
                del _open[key]


def refuse_if_open_as_office(path: Path) -> None:
    """Raise if ``path`` is an office database this process has open (before SQLCipher touches it)."""
    key = identity(path)
    with _lock:
        busy = key is not None and _open[key] > 0
    if busy:
        raise DatabaseFileError(
            _("{name} is the open office database, not a travel copy. Choose the travel copy (.pdtravel).").format(
                name=path
            )
        )
