"""A simulated disk that loses what was not synced when the power goes (an APSW VFS).

``PowerLossVFS`` passes every file operation through to the real files in a folder
and remembers, per file, every write and truncation since that file's last
``xSync``. At the cut (the N-th file operation, chosen at random) the operation
fails, as does everything after it; then ``power_cut`` rolls each file back to
what was synced. In ``chaos`` mode it then lets a random subset of the unsynced
writes reach the disk after all, in random order and torn at 512-byte sectors
(what a disk cache does with writes that were never flushed). Deleting a file and
creating one are taken as durable at once (a simplification, see README).

``run_trial`` drives a workload through the *shipped* connection settings
(``persistence.engine.apply_connection_settings`` and ``WRITE_BEGIN``): each
transaction writes or changes a PAIR of rows, so a half transaction shows as a pair
with one row, and each acknowledged commit is recorded once ``COMMIT`` returned.
After the cut the files are opened with Python's ``sqlite3`` (the product's SQLite),
which recovers the WAL as the program would, and compared with the acknowledgements.
"""

from __future__ import annotations

import itertools
import os
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import apsw

from partnerdesk.persistence.engine import WRITE_BEGIN, apply_connection_settings

SECTOR = 512
_names = itertools.count()


@dataclass
class Op:
    kind: str  # "write" or "truncate"
    offset: int  # write offset, or the new size of a truncation
    new: bytes  # bytes written (empty for a truncation)
    old: bytes  # bytes that were there before (the cut-off tail for a truncation)
    size_before: int


@dataclass
class Disk:
    cut_at: int | None = None
    ops: int = 0
    dead: bool = False
    pending: dict[str, list[Op]] = field(default_factory=dict)

    def tick(self) -> None:
        if self.dead:
            raise apsw.IOError("the power is off")
        self.ops += 1
        if self.cut_at is not None and self.ops >= self.cut_at:
            self.dead = True
            raise apsw.IOError("power cut")


class PowerLossVFS(apsw.VFS):
    def __init__(self, disk: Disk) -> None:
        self.disk = disk
        self.vfs_name = f"powerloss{next(_names)}"
        super().__init__(self.vfs_name, "")

    def xOpen(self, name, flags):  # noqa: N802 - APSW's names
        if self.disk.dead:
            raise apsw.IOError("the power is off")
        path = name.filename() if isinstance(name, apsw.URIFilename) else name
        return PowerLossFile(self.disk, path, name, flags)

    def xDelete(self, name, syncdir):  # noqa: N802
        self.disk.tick()
        self.disk.pending.pop(name, None)
        return super().xDelete(name, syncdir)


class PowerLossFile(apsw.VFSFile):
    def __init__(self, disk: Disk, path: str | None, name, flags) -> None:
        self.disk = disk
        self.path = path
        super().__init__("", name, flags)

    def _size(self) -> int:
        return super().xFileSize()

    def _log(self, op: Op) -> None:
        if self.path is not None:
            self.disk.pending.setdefault(self.path, []).append(op)

    def xRead(self, amount, offset):  # noqa: N802
        if self.disk.dead:
            raise apsw.IOError("the power is off")
        return super().xRead(amount, offset)

    def xWrite(self, data, offset):  # noqa: N802
        self.disk.tick()
        size = self._size()
        old = super().xRead(min(len(data), max(0, size - offset)), offset) if offset < size else b""
        self._log(Op("write", offset, bytes(data), bytes(old), size))
        return super().xWrite(data, offset)

    def xTruncate(self, newsize):  # noqa: N802
        self.disk.tick()
        size = self._size()
        tail = super().xRead(size - newsize, newsize) if newsize < size else b""
        self._log(Op("truncate", newsize, b"", bytes(tail), size))
        return super().xTruncate(newsize)

    def xSync(self, flags):  # noqa: N802
        self.disk.tick()
        if self.path is not None:
            self.disk.pending[self.path] = []  # what is on disk now survives the cut

    def xLock(self, level):  # noqa: N802
        if self.disk.dead:
            raise apsw.IOError("the power is off")
        return super().xLock(level)


def power_cut(disk: Disk, rng: random.Random, chaos: bool) -> dict[str, int]:
    """Put every file back to its synced state; with ``chaos`` let some unsynced writes through, torn."""
    stats = {"unsynced writes": 0, "let through": 0, "torn": 0}
    for path, ops in disk.pending.items():
        if not ops or not os.path.exists(path):
            continue
        with open(path, "r+b") as fh:
            for op in reversed(ops):
                if op.kind == "write":
                    fh.seek(op.offset)
                    fh.write(op.old)
                    fh.truncate(op.size_before) if op.size_before < op.offset + len(op.new) else None
                else:
                    fh.seek(op.offset)
                    fh.write(op.old)
            stats["unsynced writes"] += len(ops)
            if chaos:
                lucky = [op for op in ops if rng.random() < 0.5]
                rng.shuffle(lucky)
                for op in lucky:
                    stats["let through"] += 1
                    if op.kind == "truncate":
                        fh.truncate(op.offset)
                        continue
                    sectors = range(0, len(op.new), SECTOR)
                    torn = len(op.new) > SECTOR and rng.random() < 0.5
                    for start in sectors:
                        if torn and rng.random() < 0.5:
                            continue
                        fh.seek(op.offset + start)
                        fh.write(op.new[start : start + SECTOR])
                    stats["torn"] += torn
    disk.pending.clear()
    return stats


SCHEMA = "CREATE TABLE pair (id INTEGER NOT NULL, half TEXT NOT NULL, v INTEGER NOT NULL, payload BLOB, PRIMARY KEY (id, half))"


@dataclass
class Outcome:
    corrupt: bool = False
    lost: int = 0  # acknowledged commits missing after the cut
    half: int = 0  # pairs with one row
    acked: int = 0
    detail: str = ""


def _connect(path: Path, vfs: PowerLossVFS, synchronous: str | None) -> apsw.Connection:
    conn = apsw.Connection(str(path), vfs=vfs.vfs_name)
    apply_connection_settings(conn)  # the product's PRAGMAs: WAL, synchronous=FULL, foreign keys, busy timeout
    if synchronous is not None:
        conn.execute(f"PRAGMA synchronous={synchronous}")
    return conn


def run_trial(folder: Path, seed: int, *, steps: int, cut_at: int | None, chaos: bool,
              synchronous: str | None = None) -> tuple[Outcome, int]:
    """One power cut; returns what was found and how many file operations the workload made."""
    rng = random.Random(seed)
    path = folder / f"power-{synchronous or 'shipped'}-{seed}.sqlite"
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)
    disk = Disk()
    vfs = PowerLossVFS(disk)
    try:
        setup = _connect(path, vfs, None)
        setup.execute(SCHEMA)
        setup.close()
        disk.ops = 0
        disk.cut_at = cut_at
        model: dict[int, int] = {}  # pair id -> version, as acknowledged
        history: list[dict[int, int]] = [dict(model)]
        inflight: dict[int, int] | None = None
        conn = _connect(path, vfs, synchronous)
        next_id = 1
        try:
            for _step in range(steps):
                choice = rng.random()
                if choice < 0.06:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)" if rng.random() < 0.5 else "PRAGMA wal_checkpoint")
                    continue
                if choice < 0.1:
                    conn.close()  # the last connection checkpoints and removes the WAL
                    conn = _connect(path, vfs, synchronous)
                    continue
                after = dict(model)
                conn.execute(WRITE_BEGIN)
                if choice < 0.65 or not model:
                    pid, v = next_id, 0
                    next_id += 1
                elif choice < 0.88:
                    pid = rng.choice(sorted(model))
                    v = model[pid] + 1
                else:
                    pid, v = rng.choice(sorted(model)), None
                if v is None:
                    conn.execute("DELETE FROM pair WHERE id = ?", (pid,))
                    after.pop(pid)
                else:
                    for half in ("a", "b"):
                        payload = rng.randbytes(rng.choice((40, 700, 3000, 9000)))
                        conn.execute("INSERT OR REPLACE INTO pair VALUES (?, ?, ?, ?)", (pid, half, v, payload))
                    after[pid] = v
                inflight = after
                conn.execute("COMMIT")
                model, inflight = after, None
                history.append(dict(model))
        except apsw.Error:
            pass  # the power went
        finally:
            try:
                conn.close(True)
            except apsw.Error:
                pass
        used = disk.ops
    finally:
        vfs.unregister()
    disk.dead = True
    stats = power_cut(disk, rng, chaos)
    for side in ("-shm",):
        Path(str(path) + side).unlink(missing_ok=True)
    outcome = inspect(path, model, inflight)
    outcome.acked = len(history) - 1
    outcome.detail += f" {stats}"
    return outcome, used


def inspect(path: Path, model: dict[int, int], inflight: dict[int, int] | None) -> Outcome:
    """Open with the product's SQLite (recovering the WAL) and compare with what was acknowledged."""
    outcome = Outcome()
    try:
        conn = sqlite3.connect(path)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchall()
            if integrity != [("ok",)]:
                outcome.corrupt, outcome.detail = True, str(integrity[:3])
                return outcome
            rows: dict[int, dict[str, int]] = {}
            for pid, half, v in conn.execute("SELECT id, half, v FROM pair"):
                rows.setdefault(pid, {})[half] = v
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        outcome.corrupt, outcome.detail = True, str(exc)
        return outcome
    outcome.half = sum(1 for halves in rows.values() if len(halves) != 2 or len(set(halves.values())) != 1)
    found = {pid: next(iter(halves.values())) for pid, halves in rows.items()}
    if found != model and found != inflight:
        lost = {pid for pid in model if found.get(pid) != model[pid]}
        outcome.lost = max(1, len(lost))
        outcome.detail = f"expected {len(model)} pairs as acknowledged, found {len(found)}"
    return outcome
