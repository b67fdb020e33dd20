"""``background.call``: on a server in a worker thread, on a file and inside a worker directly."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6")

from partnerdesk.ui import background


class FakeServer:
    """Just enough of a server ``Database`` for ``call``: remote, and one read transaction."""

    remote = True

    def one_read(self):
        import contextlib

        return contextlib.nullcontext()


def test_on_a_server_fn_runs_in_a_worker_and_a_nested_call_stays_in_it(qapp):
    db = FakeServer()

    def where() -> tuple[int, int]:
        inner = background.call(db, threading.get_ident)
        return threading.get_ident(), inner

    outer, inner = background.call(db, where)
    assert outer != threading.main_thread().ident
    assert inner == outer, "a call inside a worker started a second thread"


def test_on_a_file_fn_runs_on_the_calling_thread(qapp):
    class File:
        remote = False

    assert background.call(File(), lambda: threading.current_thread()) is threading.main_thread()


def test_the_workers_exception_reaches_the_caller(qapp):
    def fail() -> None:
        raise ValueError("kaputt")

    with pytest.raises(ValueError, match="kaputt"):
        background.call(FakeServer(), fail)
