"""The desktop window (the only package that imports PySide6).

Importing this package first works around a reference-counting bug of PySide6 6.12 on
Python 3.11: every call of a Qt method returning nothing (``widget.setEnabled(True)``),
every invalid ``QVariant`` handed to Python (``index.data()`` of an empty cell) and every
``signal.emit()`` gives back a reference to ``None`` or ``True`` it never took. After a
few thousand calls CPython frees the singleton and aborts ("Fatal Python error:
none_dealloc" / "bool_dealloc"), seconds into normal use. Python 3.12 made these objects
immortal (PEP 683), which hides the bug; on 3.11 we give them the same property by
adding a huge count to their reference counters once. Nothing else changes: these
singletons are never freed anyway. ``tests/unit/ui/test_refcount_workaround.py`` keeps
this honest.
"""

from __future__ import annotations

import sys


def _pin_singletons() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    pin = 1 << 50  # a million lost references a second would take 35 years to use up
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += pin  # ob_refcnt is a PyObject's first field


_pin_singletons()
