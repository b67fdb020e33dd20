"""Start-up time to the main window: the frozen program against the virtual environment.

    python bench/startup_bench.py [--dist dist/PartnerDesk] [--runs 7] [--build]

Both are started the same way, in the same run, alternating, offscreen, on the same
database with the example data: the clock runs from process start until the window
reports itself shown (hidden switch ``PARTNERDESK_SMOKE_QUIT_MS``, see
``partnerdesk/ui/smoke_hook.py``). One warm-up start of each is not counted. Prints the
median and range of each, their ratio, and the size of the frozen folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

from build import folder_size, freeze  # noqa: E402
from smoke_test import WINDOW_MARKER, smoke_environment  # noqa: E402

EXE = ".exe" if sys.platform == "win32" else ""
TIMEOUT = 120


def time_to_window(command: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace",
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(WINDOW_MARKER):
                shown = time.perf_counter() - started
                break
        else:
            raise RuntimeError(f"{command[0]} ended without showing its window")
        proc.wait(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"{command[0]} exited with status {proc.returncode}")
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "PartnerDesk")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--build", action="store_true", help="freeze first (into --dist's parent)")
    args = parser.parse_args(argv)
    dist = args.dist.resolve()
    if args.build:
        dist = freeze(dist.parent, ROOT / "build" / "pyinstaller")
    frozen = dist / f"partnerdesk{EXE}"
    if not frozen.is_file():
        sys.exit(f"bench: {frozen} not found; run python packaging/build.py first (or pass --build)")

    with tempfile.TemporaryDirectory(prefix="partnerdesk-bench-") as tmp:
        work = Path(tmp)
        env = smoke_environment(work / "data")
        env["PARTNERDESK_SMOKE_QUIT_MS"] = "0"
        venv_env = dict(env, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]))
        db = work / "office.sqlite"
        subprocess.run(
            [sys.executable, "-m", "partnerdesk", "init", str(db), "--example-data"],
            env=venv_env, cwd=work, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        )
        variants = {
            "frozen": ([str(frozen), "--db", str(db)], env),
            "venv": ([sys.executable, "-m", "partnerdesk", "--db", str(db)], venv_env),
        }
        times: dict[str, list[float]] = {name: [] for name in variants}
        first = {}
        for name, (command, e) in variants.items():  # warm-up: file cache, font cache
            first[name] = time_to_window(command, e, work)
        for _ in range(args.runs):
            for name, (command, e) in variants.items():
                times[name].append(time_to_window(command, e, work))

    print(f"start to window, {args.runs} runs each (after one warm-up), offscreen:")
    medians = {}
    for name, values in times.items():
        medians[name] = statistics.median(values)
        print(f"  {name:7s} median {medians[name]:.3f} s  (min {min(values):.3f}, max {max(values):.3f})")
    print(f"  ratio frozen/venv: {medians['frozen'] / medians['venv']:.2f}")
    print("  first (warm-up) start: " + ", ".join(f"{n} {t:.3f} s" for n, t in first.items()))
    print(f"frozen folder: {dist} holds {folder_size(dist) / 1e6:.0f} MB "
          f"({sum(1 for p in dist.rglob('*') if p.is_file())} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
