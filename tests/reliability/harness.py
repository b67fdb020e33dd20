"""Shared pieces of the reliability tests: trial counts, whole-file checks, the writer zygote."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"


def trials(default: int) -> int:
    """``PARTNERDESK_RELIABILITY_TRIALS`` raises every trial count for a long run."""
    raw = os.environ.get("PARTNERDESK_RELIABILITY_TRIALS")
    return max(default, int(raw)) if raw else default


def check_whole(path: Path) -> sqlite3.Connection:
    """Open ``path`` as the program would after a crash (recovering the WAL); assert it is whole."""
    conn = sqlite3.connect(path, isolation_level=None)
    integrity = conn.execute("PRAGMA integrity_check").fetchall()
    assert integrity == [("ok",)], f"{path}: {integrity[:5]}"
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    assert broken == [], f"{path}: broken references {broken[:5]}"
    return conn


class Zygote:
    """A child Python that has imported PartnerDesk and forks one writer per job (see writer.py)."""

    def __init__(self, workdir: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(SRC), PARTNERDESK_DATA_DIR=str(workdir / "userdata"))
        self.log = (workdir / "zygote.log").open("w+")
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "writer.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=env,
        )
        assert "ready" in self._read()

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            self.log.seek(0)
            raise AssertionError("writer zygote ended:\n" + self.log.read()[-3000:])
        return json.loads(line)

    def run(self, job: dict, *, kill_after: float | None, wait_for_ack: bool, timeout: float = 30.0) -> int:
        """Start ``job``; SIGKILL its child ``kill_after`` seconds after start (or after its first ack)."""
        acks = Path(job["acks"])
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        pid = self._read()["pid"]
        if wait_for_ack:
            deadline = time.monotonic() + timeout
            while (not acks.exists() or acks.stat().st_size == 0) and time.monotonic() < deadline:
                time.sleep(0.003)
        if kill_after:
            time.sleep(kill_after)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        status = self._read()["exit"]
        finished = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0  # a finite job done before the kill
        if not finished and not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            self.log.seek(0)
            raise AssertionError(f"writer ended by itself ({status}) instead of being killed:\n{self.log.read()[-3000:]}")
        return pid

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.log.close()


def read_acks(path: Path) -> list[dict]:
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    # A line cut by the kill is not an acknowledgement (the write of the line itself was interrupted).
    return [json.loads(line) for line in lines if line.endswith("}")]
