"""The window's database calls on a server: off the GUI thread, one transaction per action.

On a database server every query is a network round trip (30 ms on a slow office line),
so the window must not wait for them on its GUI thread: it would stop painting and
ignore its timers. ``call(db, fn, *args)`` runs ``fn`` in a worker thread while the GUI
thread goes on with painting and timers (an inner event loop that holds back the user's
keys and clicks until the answer is there, so nothing is clicked twice meanwhile), and
returns its result or raises its exception, exactly as calling ``fn`` would. Every read
inside shares one read transaction (``Database.one_read``), and a connection found broken
is retried once where that cannot apply a change twice (``once_more_if_dropped``).

A database file answers in microseconds: there ``call`` just calls ``fn``.
Threads and sessions: ``fn`` gets plain arguments and returns plain records (see ``tasks``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QTimer

from partnerdesk.services.workspace import Database, once_more_if_dropped

T = TypeVar("T")

#: How often the inner event loop looks whether the worker is done (ms).
_POLL_MS = 2


def is_remote(db: Database) -> bool:
    """True for a database on a server (each query a round trip), False for a file."""
    return bool(getattr(db, "remote", False))


def wait_for(done: threading.Event, timeout: float | None = None) -> bool:
    """Keep the GUI thread painting (no user input) until ``done`` is set or ``timeout`` seconds passed."""
    if done.is_set():
        return True
    deadline = None if timeout is None else time.monotonic() + timeout
    loop = QEventLoop()

    def look() -> None:
        if done.is_set() or (deadline is not None and time.monotonic() >= deadline):
            loop.quit()

    timer = QTimer()
    timer.setInterval(_POLL_MS)
    timer.timeout.connect(look)
    timer.start()
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    timer.stop()
    return done.is_set()


def in_one_read(db: Database, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn`` with one read transaction for all its reads, tried once more on a dropped connection."""

    def once() -> T:
        with db.one_read():
            return fn(*args, **kwargs)

    return once_more_if_dropped(once)


def call(db: Database, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``; on a server in a worker thread while the window keeps painting.

    Called in a worker thread already (a lookup inside another call's ``fn``), it just calls ``fn``
    there: no second thread, and no event loop outside the GUI thread.
    """
    if not is_remote(db) or threading.current_thread() is not threading.main_thread():
        return fn(*args, **kwargs)
    return _in_a_worker(lambda: in_one_read(db, fn, *args, **kwargs))


def call_one_statement(db: Database, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Like ``call``, for an ``fn`` that reads with ONE statement (``Database.read_one_statement``):
    no read transaction around it, so on a server neither BEGIN nor COMMIT costs a round trip."""
    if not is_remote(db) or threading.current_thread() is not threading.main_thread():
        return fn(*args, **kwargs)
    return _in_a_worker(lambda: once_more_if_dropped(fn, *args, **kwargs))


def _in_a_worker(work: Callable[[], T]) -> T:
    """``work()`` in a worker thread, the GUI thread painting meanwhile; its result or its exception."""
    done = threading.Event()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as exc:  # noqa: BLE001 - raised again in the GUI thread
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="database call", daemon=True).start()
    wait_for(done)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]  # type: ignore[no-any-return]
