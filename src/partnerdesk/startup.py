"""The garbage collector's share of starting and ending the ``partnerdesk`` process.

A start imports a few hundred modules (SQLAlchemy, ReportLab, Qt bindings) and builds
their tables: hundreds of thousands of objects that live until the process ends.
Python's cycle collector runs every few hundred allocations and walks that growing
heap again and again (about 40 ms of a short command), and at exit it walks all of
it once more although the operating system frees the memory anyway (about 80 ms).

* ``begin()`` — first thing in ``partnerdesk.__main__``: the collector pauses.
* ``settled()`` — when a command starts its real work (``cli.common.open_for_command``)
  and once the window is shown: what exists now lives as long as the process, so
  ``gc.freeze()`` moves it out of the collector's sight, and collecting resumes as usual.
* ``end()`` — when ``main`` returns from a command: the same freeze, so the
  interpreter's final collections skip the heap. Files, databases and logging are closed
  by then (the handlers close them; ``logging`` flushes in its ``atexit`` hook, which
  still runs). The window calls ``collect_at_exit()``: then ``end()`` unfreezes instead,
  and Qt's objects are torn down with the collector in the usual order.

* ``collection_paused()`` — around a bulk read that builds many records holding no cycles
  (``grants check``: 200,000 objects): the collector would walk them again and again.

Only the process entry point calls ``begin()``; without it (tests, the benchmark's own
imports) ``settled()`` and ``end()`` do nothing, so a long-running test process never
freezes garbage.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_paused = False
_begun = False
_collect_at_exit = False


def begin() -> None:
    global _paused, _begun
    _begun = True
    if gc.isenabled():
        gc.disable()
        _paused = True


def settled() -> None:
    """Resume collecting (after freezing the start-up heap); idempotent."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def collect_at_exit() -> None:
    global _collect_at_exit
    _collect_at_exit = True


def end() -> None:
    if not _begun:
        return
    if _collect_at_exit:
        gc.unfreeze()  # the start-up heap frozen by settled() takes part in the final collections again
    else:
        gc.freeze()


_pause_lock = threading.Lock()
_pause_depth = 0
_pause_owner = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """The cycle collector paused while a bulk read builds many records that hold no cycles
    (rows, Decimals, dates, frozen records): ``grants check`` builds 200,000 objects, and the
    collector walked them (and the rest of the heap) again and again, a quarter of the command's
    time. Nested and concurrent uses (the window's reading threads) share one pause; the
    collector resumes when the last one ends, and only if it ran before the first began."""
    global _pause_depth, _pause_owner
    with _pause_lock:
        if _pause_depth == 0:
            _pause_owner = gc.isenabled()
            if _pause_owner:
                gc.disable()
        _pause_depth += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pause_depth -= 1
            if _pause_depth == 0 and _pause_owner:
                _pause_owner = False
                gc.enable()
