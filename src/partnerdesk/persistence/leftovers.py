"""Half-written files of a PartnerDesk that was killed, and cleaning them at the next start.

A backup or a travel copy is written under a temporary name beside its target
(``.NAME.PID.partial``) and renamed when whole, so a crash never leaves half a file under
the real name. The temporary file itself would stay, possibly in a folder the user chose
once and never looks at again. So every writer first *remembers* its temporary file: a
small entry in ``pending/`` of PartnerDesk's data folder, locked by the writer while it
works (an operating-system lock, which ends with the process). The next start (any
``open_database``) deletes the files of every entry whose writer is gone.

Older PartnerDesk versions built a travel copy from a plaintext snapshot in a folder
``.travel-*`` beside the office database; ``remove_plaintext_snapshots`` deletes such
leftovers there.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from partnerdesk.paths import data_dir

log = logging.getLogger(__name__)

#: The side files SQLite may create beside a database file.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def pending_dir() -> Path:
    return data_dir() / "pending"


def _lock(fh: IO[str]) -> bool:
    """Take the entry's lock without waiting; False if its writer still holds it."""
    try:
        if sys.platform == "win32":  # pragma: no cover - only reached on Windows
            import msvcrt

            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def remove_with_sides(path: Path) -> None:
    """Delete ``path`` and the SQLite side files beside it (missing ones are fine)."""
    for suffix in ("", *SIDE_SUFFIXES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def has_side_files(path: Path) -> bool:
    return any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))


def tidy_side_files(path: Path, connect: Callable[[], Any]) -> None:
    """Let SQLite remove the ``-wal``/``-shm`` a read-only look at ``path`` created.

    A read-only connection to a file in WAL mode creates both but cannot remove them when it
    closes. One short read-write connection (made by ``connect``) does what the last
    connection always does on closing: it checkpoints the (empty) log and removes both files,
    unless another connection, in any process, still uses them. Call it only when the files
    were not there before the look (then the log holds nothing and the file is not changed).
    """
    if not has_side_files(path):
        return
    try:
        conn = connect()
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except Exception:
        log.debug("could not remove the side files of %s", path, exc_info=True)


@contextmanager
def pending(*paths: Path) -> Iterator[None]:
    """Remember ``paths`` (temporary files about to be written) until the block ends.

    At the end the paths are deleted if they are still there (the caller renamed the
    finished file away before), with their SQLite side files.
    """
    entry: Path | None = None
    fh: IO[str] | None = None
    try:
        folder = pending_dir()
        folder.mkdir(parents=True, exist_ok=True)
        entry = folder / f"{os.getpid()}-{uuid.uuid4().hex}.json"
        fh = entry.open("x", encoding="utf-8")
        _lock(fh)
        fh.write(json.dumps([str(p.resolve()) for p in paths]))
        fh.flush()
    except OSError as exc:  # no data folder: the work goes on, only the reminder is missing
        log.warning("cannot remember the temporary files %s: %s", paths, exc)
    try:
        yield
    finally:
        for path in paths:
            try:
                remove_with_sides(path)
            except OSError as exc:
                log.warning("could not remove the temporary file %s: %s", path, exc)
        if fh is not None:
            fh.close()
        if entry is not None:
            entry.unlink(missing_ok=True)


def clean_leftovers() -> list[Path]:
    """Delete the temporary files of writers that were killed; returns what was deleted."""
    folder = pending_dir()
    removed: list[Path] = []
    for entry in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            with entry.open("r", encoding="utf-8") as fh:
                if not _lock(fh):
                    continue  # its writer is still at work
                try:
                    paths = [Path(p) for p in json.loads(fh.read())]
                except ValueError:
                    continue  # being written this very moment (or broken): left alone
                for path in paths:
                    if any(Path(f"{path}{s}").exists() for s in ("", *SIDE_SUFFIXES)):
                        remove_with_sides(path)
                        removed.append(path)
            entry.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not clean up after %s: %s", entry, exc)
    if removed:
        log.info("removed half-written files of an interrupted PartnerDesk: %s", removed)
    return removed


def remove_plaintext_snapshots(folder: Path) -> list[Path]:
    """Delete the ``.travel-*`` snapshot folders older versions left beside the office database."""
    removed: list[Path] = []
    for candidate in folder.glob(".travel-*") if folder.is_dir() else []:
        try:
            names = {p.name for p in candidate.iterdir()} if candidate.is_dir() else None
        except OSError:
            continue
        if names is None or not names or not all(n.startswith("snapshot.sqlite") for n in names):
            continue  # not ours
        shutil.rmtree(candidate, ignore_errors=True)
        removed.append(candidate)
    if removed:
        log.info("removed plaintext travel snapshots left by an interrupted check-out: %s", removed)
    return removed
