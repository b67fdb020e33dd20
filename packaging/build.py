"""Build the frozen PartnerDesk, check it, and (on Windows) its installer.

    python packaging/build.py [--skip-smoke] [--installer] [--skip-freeze]

1. freezes with PyInstaller (``packaging/partnerdesk.spec``) into ``dist/PartnerDesk/``;
2. checks that the bundle holds every resource, the migrations and Qt's German catalogue;
3. runs the smoke test of the frozen programs (``packaging/smoke_test.py``);
4. with ``--installer`` (Windows only) runs Inno Setup's ``ISCC`` on ``partnerdesk.iss``,
   giving ``dist/PartnerDesk-<version>-setup.exe``.

Needs ``pip install ".[packaging]"`` (PyInstaller). Exit status 0 only if every step passed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bundle_contents  # noqa: E402
from version_info import project_version, version_tuple  # noqa: E402

SPEC = HERE / "partnerdesk.spec"
ISS = HERE / "partnerdesk.iss"
APP_FOLDER = "PartnerDesk"
CONTENTS = "_internal"  # PyInstaller's default contents directory
ISCC_CANDIDATES = (
    r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe",
    r"C:\Program Files\Inno Setup 6\ISCC.exe",
)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def freeze(dist: Path, work: Path) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit('build: PyInstaller is not installed; run: python -m pip install ".[packaging]"')
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work), str(SPEC),
    ]
    print("build: freezing with PyInstaller …", flush=True)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdin=subprocess.DEVNULL)
    print(f"build: frozen in {time.perf_counter() - started:.0f} s", flush=True)
    return dist / APP_FOLDER


def missing_from_bundle(app: Path) -> list[str]:
    contents = app / CONTENTS
    return [name for name in bundle_contents.expected_bundle_files() if not (contents / name).is_file()]


def find_iscc() -> str | None:
    for candidate in (os.environ.get("ISCC"), shutil.which("ISCC"), *ISCC_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def build_installer(app: Path, dist: Path) -> Path:
    iscc = find_iscc()
    if iscc is None:
        sys.exit("build: Inno Setup's ISCC.exe not found (install Inno Setup 6, or set ISCC=path)")
    version = project_version()
    numeric = ".".join(str(n) for n in version_tuple(version))
    subprocess.run(
        [iscc, f"/DAppVersion={version}", f"/DAppVersionNumeric={numeric}", f"/DBuildDir={app}",
         f"/DOutputDir={dist}", str(ISS)],
        cwd=ROOT, check=True, stdin=subprocess.DEVNULL,
    )
    installer = dist / f"PartnerDesk-{version}-setup.exe"
    if not installer.is_file():
        sys.exit(f"build: ISCC ran but {installer} is missing")
    return installer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Freeze PartnerDesk, smoke-test it, build the installer.")
    parser.add_argument("--skip-smoke", action="store_true", help="do not run the smoke test")
    parser.add_argument("--installer", action="store_true", help="also build the Inno Setup installer (Windows)")
    parser.add_argument("--skip-freeze", action="store_true",
                        help="re-use the frozen folder of an earlier run (e.g. after signing it)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller/)")
    args = parser.parse_args(argv)
    if args.installer and sys.platform != "win32":
        parser.error("--installer needs Windows (Inno Setup)")

    if args.skip_freeze:
        app = args.dist.resolve() / APP_FOLDER
        if not app.is_dir():
            parser.error(f"--skip-freeze: {app} does not exist")
    else:
        app = freeze(args.dist.resolve(), args.work.resolve())
    missing = missing_from_bundle(app)
    if missing:
        print("build: the bundle lacks " + ", ".join(missing), file=sys.stderr)
        return 1
    print(f"build: {app} holds {folder_size(app) / 1e6:.0f} MB, every resource present", flush=True)

    if not args.skip_smoke:
        from smoke_test import smoke_test

        if not smoke_test(app).ok:
            return 1
    if args.installer:
        print(f"build: installer {build_installer(app, args.dist.resolve())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
