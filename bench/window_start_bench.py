"""Where the window's start-up goes: the program against a bare window and against the floor.

    python bench/window_start_bench.py [--runs 7] [--projects 100000] [--activities 500000]

Uses the database of ``window_bench.py`` (generated once, cached in the temp folder) and
starts, alternating, each in its own process, offscreen:

* ``bare``: a bare PySide6 ``QMainWindow`` (the baseline of the issue's 1.5x target);
* ``floor``: the same bare window, but importing SQLAlchemy's ORM first — the least any
  window that reads its registers through SQLAlchemy can cost;
* ``program``: ``python -m partnerdesk --db`` on the projects register.

For each: wall time until the window reports itself shown (the program: with the projects
register loaded), CPU time (user + system) of the whole process, peak memory (``VmHWM``),
medians; for the program also the time it logs for installing the other areas' parts
(editor panel, menus) right after the first paint. The load average is printed because
other work on the machine stretches wall times; CPU times are steadier.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from window_bench import BARE, MARKER, ROOT, child_env, database

FLOOR = BARE.replace("import sys\n", "import sys\nimport sqlalchemy.orm  # noqa: F401\n", 1)
assert FLOOR != BARE
EXTENSIONS = re.compile(r"window extensions installed in (\d+) ms")


def _peak_kib(pid: int, done: threading.Event, out: list[int]) -> None:
    path = Path(f"/proc/{pid}/status")
    while not done.wait(0.005):
        try:
            for line in path.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    out[0] = max(out[0], int(line.split()[1]))
        except OSError:
            return


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(seconds to the marker, CPU seconds of the process, peak MiB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    done, peak = threading.Event(), [0]
    watcher = threading.Thread(target=_peak_kib, args=(proc.pid, done, peak), daemon=True)
    watcher.start()
    shown = float("nan")
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(MARKER) and shown != shown:
            shown = time.perf_counter() - started
    done.set()
    watcher.join()
    _pid, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command} failed: {proc.stderr.read()[-2000:] if proc.stderr else ''}")
    return shown, usage.ru_utime + usage.ru_stime, (peak[0] or usage.ru_maxrss) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=500_000)
    args = parser.parse_args(argv)
    path = database(args.projects, args.activities)
    work = Path(tempfile.mkdtemp(prefix="window-start-bench-"))
    python = sys.executable
    variants = {
        "bare": [python, "-c", BARE],
        "floor": [python, "-c", FLOOR],
        "program": [python, "-m", "partnerdesk", "--db", str(path)],
    }
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in variants}
    extensions_ms: list[int] = []
    load_before = os.getloadavg()[0]
    for name, command in variants.items():  # warm-up: file cache, bytecode
        run(command, child_env(work / f"warm-{name}", "projects"))
    for i in range(args.runs):
        for name, command in variants.items():
            data = work / f"{name}-{i}"
            results[name].append(run(command, child_env(data, "projects")))
            if name == "program":
                log = "".join(p.read_text("utf-8") for p in (data / "logs").glob("*.log"))
                extensions_ms += [int(m) for m in EXTENSIONS.findall(log)]
    load_after = os.getloadavg()[0]

    def med(name: str, i: int) -> float:
        return statistics.median(r[i] for r in results[name])

    print(f"\nWindow start-up, {args.runs} runs each after a warm-up; load average {load_before:.2f} -> {load_after:.2f}"
          f" on {os.cpu_count()} CPUs")
    print(f"{'':12}{'to window':>12}{'CPU':>10}{'peak RSS':>11}{'wall / bare':>13}{'RSS / bare':>12}")
    for name in variants:
        print(f"{name:12}{med(name, 0) * 1000:9.0f} ms{med(name, 1) * 1000:7.0f} ms{med(name, 2):8.0f} MB"
              f"{med(name, 0) / med('bare', 0):12.2f}x{med(name, 2) / med('bare', 2):11.2f}x")
    if extensions_ms:
        print(f"program: the other areas' parts (editor panel, menus) installed {statistics.median(extensions_ms):.0f} ms"
              " after the first paint (median)")
    print("Targets (issue 3): window <= 1.5x bare, peak memory <= 2x bare. 'floor' shows what importing"
          " SQLAlchemy alone adds.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
