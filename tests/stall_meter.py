"""Does the window's GUI thread stall? Measured so that a loaded machine does not pass for a frozen window.

Two measures, used together by the network tests:

* ``StallMeter``: the gaps between the beats of a 10 ms Qt timer on the GUI thread (a frozen
  event loop shows up as a long gap), less the time in each gap that the GUI thread was ready to
  run but waited for a processor (Linux counts it per thread: ``/proc/self/task/<id>/schedstat``,
  the run-queue delay). What remains is the window's own doing: its work on the GUI thread and
  its waits there (a socket, a lock, a sleep) count in full; a machine busy with other programs,
  which stretches wall-clock gaps, does not. Where the system does not count it, the gaps are
  taken as they are.
* ``network_waits_on_the_gui_thread``: every wait of psycopg for the network on the GUI thread
  (connecting or a query), noted where the driver's own wait functions find its generator asking
  for the socket. On a server each one is at least a round trip with the window frozen; counted,
  not timed, so no load hides it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def _run_queue_delay(path: Path | None) -> float:
    """Seconds this thread has waited, ready to run, for a processor (0 where not counted)."""
    if path is None:
        return 0.0
    try:
        return int(path.read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class StallMeter:
    def __init__(self, interval_ms: int = 10) -> None:
        from PySide6.QtCore import QTimer

        schedstat = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat")  # this (the GUI) thread's
        self._schedstat = schedstat if schedstat.exists() else None
        #: Whether the machine's share is taken out of the gaps (Linux) or they are wall-clock as they are.
        self.load_aware = self._schedstat is not None
        self.gaps: list[float] = []  # wall-clock seconds between two beats
        self.waited: list[float] = []  # of those, seconds the GUI thread waited for a processor
        self._last = time.monotonic()
        self._last_delay = _run_queue_delay(self._schedstat)
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        now, delay = time.monotonic(), _run_queue_delay(self._schedstat)
        self.gaps.append(now - self._last)
        self.waited.append(delay - self._last_delay)
        self._last, self._last_delay = now, delay

    def stop(self) -> None:
        self.timer.stop()

    def window_stalls(self) -> list[float]:
        """The GUI thread's gaps (seconds) less what the machine's load took, longest first."""
        return sorted((gap - waited for gap, waited in zip(self.gaps, self.waited, strict=True)), reverse=True)

    def machine_busy_in_longest_stall(self) -> bool:
        """Whether the GUI thread demonstrably waited for a processor (10 ms or more) during its
        longest stall; where the system does not count that, whether the machine's load exceeds its
        processors."""
        if not self.gaps:
            return False
        if self.load_aware:
            worst = max(range(len(self.gaps)), key=lambda i: self.gaps[i] - self.waited[i])
            return self.waited[worst] >= 0.010
        import os

        return hasattr(os, "getloadavg") and os.getloadavg()[0] >= (os.cpu_count() or 1)

    def report(self, top: int = 5) -> str:
        """The longest gaps: wall-clock and, of it, the wait for a processor (ms)."""
        order = sorted(range(len(self.gaps)), key=lambda i: -self.gaps[i])[:top]
        return ", ".join(f"{self.gaps[i] * 1000:.0f} ({self.waited[i] * 1000:.0f} waiting)" for i in order)

    def longest(self) -> float:
        """The longest gap, wall-clock, whatever its cause (for messages)."""
        return max(self.gaps, default=0.0)


@contextmanager
def network_waits_on_the_gui_thread() -> Iterator[list[str]]:
    """Yield a list that collects psycopg's network waits (``"connect"``, ``"query"``) begun on the GUI thread."""
    import psycopg.waiting as waiting

    found: list[str] = []
    originals = {"wait": waiting.wait, "wait_conn": waiting.wait_conn}

    def watched(name: str, original: Any) -> Any:
        def wait(gen: Any, *args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                gen = _noting_a_wait(gen, found, "connect" if name == "wait_conn" else "query")
            return original(gen, *args, **kwargs)

        return wait

    for name, original in originals.items():
        setattr(waiting, name, watched(name, original))
    try:
        yield found
    finally:
        for name, original in originals.items():
            setattr(waiting, name, original)


def _noting_a_wait(gen: Any, found: list[str], what: str) -> Any:
    """``gen`` (a psycopg generator), noting ``what`` if it asks to wait for the socket at all
    (setting ``autocommit`` on an idle connection, say, runs one without any I/O)."""
    try:
        wanted = next(gen)
    except StopIteration as stop:
        return stop.value
    found.append(what)
    while True:
        try:
            sent = yield wanted
        except BaseException as exc:  # noqa: BLE001 - handed on to the driver's generator
            try:
                wanted = gen.throw(exc)
            except StopIteration as stop:
                return stop.value
            continue
        try:
            wanted = gen.send(sent)
        except StopIteration as stop:
            return stop.value
