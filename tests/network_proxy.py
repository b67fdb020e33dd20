"""An in-process TCP proxy for the network tests: delay, round-trip count, cut connections.

Between a program and the throwaway PostgreSQL server (its TCP port): every chunk goes on
after ``rtt/2`` seconds in each direction, so a query costs one round trip of ``rtt``;
``sends`` counts what clients sent (one per round trip: a statement, BEGIN, COMMIT), the
budget the tests hold per user action. ``cut_when(b"COMMIT")`` breaks the connection that
sends a chunk containing those bytes (``forward=True``: after passing it on, so the server
gets it but the program never hears back). It runs an asyncio loop in a thread of its own.
"""

from __future__ import annotations

import asyncio
import threading


class DelayProxy:
    def __init__(self, target_port: int, rtt: float = 0.0) -> None:
        self.target_port, self.rtt = target_port, rtt
        self.sends = 0
        self.sent: list[bytes] = []  # what was sent, for a message that explains a count
        self.cuts = 0
        self._cut: tuple[bytes, bool] | None = None
        self._after = b""
        self._muted: set[int] = set()  # connections whose answers are dropped from now on
        self._writers: set[asyncio.StreamWriter] = set()
        self.loop = asyncio.new_event_loop()
        started = threading.Event()
        threading.Thread(target=self._run, args=(started,), name="delay proxy", daemon=True).start()
        started.wait(10)

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.set_exception_handler(lambda _loop, _context: None)  # cut connections are the point here
        self.server = self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        started.set()
        self.loop.run_forever()

    def cut_when(self, marker: bytes, *, forward: bool = False, after: bytes = b"") -> None:
        """Break the next connection that sends ``marker`` (once), after it sent ``after`` if given."""
        self._cut = (marker, forward)
        self._after = after

    def cut_all(self) -> None:
        """Break every open connection now (the network went away for a moment)."""
        self.loop.call_soon_threadsafe(lambda: [w.transport.abort() for w in list(self._writers)])

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        pair = (writer, up_writer)
        self._writers.update(pair)
        await asyncio.gather(self._pipe(reader, up_writer, pair, True), self._pipe(up_reader, writer, pair, False),
                             return_exceptions=True)
        self._writers.difference_update(pair)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    pair: tuple[asyncio.StreamWriter, ...], from_client: bool) -> None:
        cut = False
        armed = False
        try:
            while data := await reader.read(65536):
                if not from_client and id(pair) in self._muted:
                    break
                armed = armed or (from_client and bool(self._after) and self._after in data)
                cut = (from_client and self._cut is not None and self._cut[0] in data
                       and (armed or not self._after))
                forward_cut = cut and self._cut is not None and self._cut[1]
                if from_client:
                    self.sends += 1
                    self.sent.append(data)
                if cut:
                    self._muted.add(id(pair))
                    self._cut = None
                    self.cuts += 1
                    if not forward_cut:
                        break
                if self.rtt:
                    await asyncio.sleep(self.rtt / 2)
                writer.write(data)
                await writer.drain()
                if cut:
                    await asyncio.sleep(0.05)  # the server has it; the answer never comes back
                    break
        except (ConnectionError, OSError):
            pass  # the other side went away: so does this one
        finally:
            for w in pair:
                w.transport.abort()

    def close(self) -> None:
        async def stop() -> None:
            self.server.close()
            for w in list(self._writers):
                w.transport.abort()
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
