"""Smoke test of the FROZEN PartnerDesk: does the built folder work without Python?

``python packaging/smoke_test.py [dist/PartnerDesk]`` (``build.py`` runs it after every
freeze). Without a display (``QT_QPA_PLATFORM=offscreen``) and with a temporary data
folder it drives the frozen programs through their own command line:

1. ``--version`` names the version in pyproject.toml;
2. ``init X --example-data`` creates a database with the example data;
3. ``check`` finds it whole, ``list partnerships --format json`` reads it back, and each
   export (JSON, Excel, IATI XML, iCalendar) writes its file;
4. ``mou … --out …`` writes MoU draft PDFs (English and Romanian partner side), and
   ``sheet --all`` the project sheets; a project retitled in Devanagari (``export-table``,
   ``import-table``) prints in a sheet, shaped by HarfBuzz, which only such text loads;
   ``report annual`` writes the annual report as PDF and as Word with its two pictures (the SDG chart
   and the world map, rendered by PDFium from pypdfium2, which only the Word report loads);
5. ``travel checkout`` writes an encrypted travel copy that ``check`` and ``travel diff`` open;
6. the main window opens and closes (hidden switch ``PARTNERDESK_SMOKE_QUIT_MS``,
   see ``partnerdesk/ui/smoke_hook.py``), reading its resources from inside the
   frozen folder, with Qt's German catalogue and the QtPdf and QtCharts modules.

Any traceback, any unexpected line on stderr (Qt warnings land there), a warning or
error in the program's log files, or a non-zero exit status fails the test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from version_info import project_version  # noqa: E402

WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
DEFAULT_DIST = ROOT / "dist" / "PartnerDesk"
STEP_TIMEOUT = 60  # seconds; a frozen start takes about one here
WINDOW_MARKER = "partnerdesk-smoke: window shown"
# The MoU step fails the test if the build has no `mou` command (it has since the
# documents feature landed); False only skips it with a message.
REQUIRE_MOU = True

# (command, arguments before the output file, output file, bytes expected near its start)
EXPORTS = [
    ("export", [], "all.json", b"{"),
    ("export-table", ["partnerships"], "partnerships.xlsx", b"PK"),
    ("export-iati", [], "iati.xml", b"iati-activities"),
    ("export-ics", [], "calendar.ics", b"BEGIN:VCALENDAR"),
]

# A project title that needs shaping (conjunct-free, but the short i stands before its consonant).
DEVANAGARI_TITLE = "मुंबई जल परियोजना 2026"

# MoU drafts of example partnerships (unambiguous part of the title, words the PDF must
# contain): English beside German for Kumasi, Romanian (with ș/ț) for Cluj-Napoca.
MOUS = [
    ("Kumasi", ["Kumasi", "Memorandum"]),
    ("Cluj", ["Cluj-Napoca", "Memorandum", "înțelegere"]),
]

# The year of the annual report: the example data's projects with SDG goals and partners with coordinates.
REPORT_YEAR = "2025"
# The Word report's pictures: the SDG chart and the world map, each about 1,370 pixels wide (174 mm at 200 dpi).
REPORT_PICTURES = 2
PICTURE_MIN_WIDTH = 1000

TRAVEL_PASSPHRASE = "Rauchtest-Reisekopie-2026"

# Messages (on stderr or in the log) that are not problems of PartnerDesk, each with the reason.
ALLOWED_MESSAGES = [
    # Qt's offscreen platform plugin (used only because the test has no display) cannot
    # pass size hints to a window manager; real platforms (Windows, xcb) can.
    re.compile(r"This plugin does not support propagateSizeHints\(\)"),
]
PROBLEM_IN_LOG = re.compile(r"Traceback|\b(WARNING|ERROR|CRITICAL)\b")


@dataclass
class Result:
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def smoke_environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERDESK_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QT_FORCE_STDERR_LOGGING="1",  # Qt messages to stderr, not the Windows debugger channel
        PARTNERDESK_DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
    )
    env.pop("QT_LOGGING_RULES", None)
    return env


def allowed(line: str) -> bool:
    return any(p.search(line) for p in ALLOWED_MESSAGES)


def unexpected_stderr(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if line.strip() and not allowed(line)
    ]


class SmokeRun:
    def __init__(self, dist: Path, work: Path, require_mou: bool) -> None:
        self.dist = dist
        self.gui = dist / f"partnerdesk{EXE}"
        self.cli = dist / f"partnerdesk-cli{EXE}"
        self.work = work
        self.data_dir = work / "data"
        self.env = smoke_environment(self.data_dir)
        self.db = work / "office.sqlite"
        self.require_mou = require_mou
        self.result = Result()

    # -- running --------------------------------------------------------------------
    def run(
        self, name: str, program: Path, *args: str, env: dict[str, str] | None = None,
        check_output: bool = True,
    ) -> subprocess.CompletedProcess[str] | None:
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                [str(program), *args],
                env=env or self.env,
                cwd=self.work,  # never the checkout: resources must come from the bundle
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                stdin=subprocess.DEVNULL,
                timeout=STEP_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            self.fail(name, f"no end after {STEP_TIMEOUT} s")
            return None
        seconds = time.perf_counter() - started
        problems = []
        if proc.returncode != 0:
            problems.append(f"exit status {proc.returncode}")
        if check_output:
            if "Traceback" in proc.stdout + proc.stderr:
                problems.append("traceback in the output")
            problems += [f"stderr: {line}" for line in unexpected_stderr(proc.stderr)]
        if problems:
            self.fail(name, "; ".join(problems), proc)
        else:
            print(f"  ok    {name} ({seconds:.1f} s)")
        return proc

    def fail(self, name: str, why: str, proc: subprocess.CompletedProcess[str] | None = None) -> None:
        print(f"  FAIL  {name}: {why}")
        if proc is not None:
            for label, text in (("stdout", proc.stdout), ("stderr", proc.stderr)):
                if text.strip():
                    print(f"        --- {label} ---")
                    print("        " + text.strip().replace("\n", "\n        "))
        self.result.failures.append(f"{name}: {why}")

    def skip(self, name: str, why: str) -> None:
        print(f"  SKIP  {name}: {why}")
        self.result.notes.append(f"{name} skipped: {why}")

    # -- the steps ------------------------------------------------------------------
    def step_files(self) -> bool:
        missing = [p.name for p in (self.gui, self.cli) if not p.is_file()]
        if missing:
            self.fail("frozen programs", f"missing in {self.dist}: {', '.join(missing)}")
            return False
        return True

    def step_version(self) -> None:
        proc = self.run("--version", self.cli, "--version")
        version = project_version()
        if proc and version not in proc.stdout:
            self.fail("--version", f"expected {version} from pyproject.toml, got {proc.stdout.strip()!r}")

    def step_init(self) -> bool:
        proc = self.run("init --example-data", self.cli, "init", str(self.db), "--example-data")
        if proc is None or proc.returncode != 0:
            return False
        if not self.db.is_file():
            self.fail("init --example-data", f"{self.db} was not created")
            return False
        return True

    def step_check(self) -> None:
        self.run("check", self.cli, "--db", str(self.db), "check")
        proc = self.run(
            "list partnerships", self.cli, "--db", str(self.db), "list", "partnerships", "--format", "json"
        )
        if proc and proc.returncode == 0:
            try:
                rows = json.loads(proc.stdout)
            except ValueError as exc:
                self.fail("list partnerships", f"not JSON: {exc}")
                return
            if not rows:
                self.fail("list partnerships", "no example partnerships")

    def has_command(self, name: str, naming: str = "") -> bool:
        """Whether the build has the command (and its help names ``naming``, a register say)."""
        proc = subprocess.run(
            [str(self.cli), name, "--help"], env=self.env, cwd=self.work, capture_output=True,
            text=True, encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL, timeout=STEP_TIMEOUT,
        )
        return proc.returncode == 0 and naming in proc.stdout

    def step_exports(self) -> None:
        """Each export once: they load libraries (openpyxl, lxml, icalendar) a freeze can miss."""
        for command, args, filename, expected in EXPORTS:
            if not self.has_command(command):
                self.skip(command, f"this build has no `partnerdesk {command}` command")
                continue
            out = self.work / filename
            proc = self.run(command, self.cli, "--db", str(self.db), command, *args, str(out))
            if proc is None or proc.returncode != 0:
                continue
            if not out.is_file() or expected not in out.read_bytes()[:4096]:
                self.fail(command, f"{filename} missing or without {expected!r} at its start")

    def step_mou(self) -> None:
        if not self.has_command("mou"):
            why = "this build has no `partnerdesk mou` command"
            if self.require_mou:
                self.fail("mou", why)
            else:
                self.skip("mou", why)
            return
        for partnership, expected in MOUS:
            pdf = self.work / f"mou-{partnership}.pdf"
            name = f"mou {partnership}"
            proc = self.run(name, self.cli, "--db", str(self.db), "mou", partnership, "--out", str(pdf))
            if proc is not None and proc.returncode == 0:
                self.check_pdf(name, pdf, expected)
        self.step_mou_word_and_archival()
        if self.has_command("sheet"):
            pdf = self.work / "project-sheets.pdf"
            proc = self.run("sheet --all", self.cli, "--db", str(self.db), "sheet", "--all", "--out", str(pdf))
            if proc is not None and proc.returncode == 0:
                self.check_pdf("sheet --all", pdf, ["Jeder Tropfen"])
            self.step_shaped_sheet()

    def step_mou_word_and_archival(self) -> None:
        """The Word MoU (python-docx's data files) and the PDF/A final version (pikepdf.pdfa) are in the build."""
        usage = self.run("mou --help", self.cli, "mou", "--help")
        if usage is None or "--format" not in usage.stdout:
            self.skip("mou --format docx", "this build writes no Word MoU")
            return
        word = self.work / "mou-Kumasi.docx"
        proc = self.run("mou --format docx", self.cli, "--db", str(self.db), "mou", "Kumasi", "--format", "docx",
                        "--out", str(word))
        if proc is not None and proc.returncode == 0 and not (word.is_file() and word.read_bytes()[:2] == b"PK"):
            self.fail("mou --format docx", f"no Word document written to {word.name}")
        # A final version needs the council's approval, which the example data leaves open: entered
        # the way an office could, as a row of the (empty) table of the register of council decisions
        # linked to the partnership by its title (Kumasi needs no partner decision).
        table = self.work / "ratsbeschluesse.csv"
        if not self.has_command("export-table", naming="decisions"):
            self.skip("mou --final", "this build has no register of council decisions")
            return
        proc = self.run("export-table decisions", self.cli, "--db", str(self.db), "export-table", "decisions", str(table))
        if proc is None or proc.returncode != 0:
            return
        header = next(csv.reader(io.StringIO(table.read_text("utf-8-sig")), delimiter=";"))
        row = dict.fromkeys(header, "")
        row.update({"Titel": "Zustimmung zur Klimapartnerschaft", "Gremium": "Rat", "Datum": "12.03.2026",
                    "Drucksache Nr.": "04711-26", "Ergebnis": "Angenommen",
                    "Partnerschaften": "Klimapartnerschaft Dortmund – Kumasi"})
        with table.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, delimiter=";").writerows([header, [row[h] for h in header]])
        proc = self.run("import-table decisions", self.cli, "--db", str(self.db), "import-table", str(table),
                        "--into", "decisions")
        if proc is None or proc.returncode != 0:
            return
        final = self.work / "mou-Kumasi-final.pdf"
        proc = self.run("mou --final", self.cli, "--db", str(self.db), "mou", "Kumasi", "--final", "--out", str(final))
        if proc is not None and proc.returncode == 0:
            self.check_pdf("mou --final", final, [])
            if b"pdfaid" not in final.read_bytes():
                self.fail("mou --final", "the final version is not declared PDF/A")

    def step_report(self) -> None:
        """The annual report as PDF, and as Word with the chart and map pictures PDFium renders in the build."""
        if not self.has_command("report"):
            self.skip("report annual", "this build has no `partnerdesk report` command")
            return
        pdf = self.work / "jahresbericht.pdf"
        proc = self.run("report annual (PDF)", self.cli, "--db", str(self.db), "report", "annual", "--year", REPORT_YEAR,
                        "--out", str(pdf))
        if proc is not None and proc.returncode == 0:
            self.check_pdf("report annual (PDF)", pdf, [f"Jahresbericht {REPORT_YEAR}"])
        word = self.work / "jahresbericht.docx"
        proc = self.run("report annual (Word)", self.cli, "--db", str(self.db), "report", "annual", "--year", REPORT_YEAR,
                        "--out", str(word))
        if proc is not None and proc.returncode == 0:
            problem = word_pictures_problem(word, REPORT_PICTURES)
            if problem:
                self.fail("report annual (Word)", problem)

    def step_shaped_sheet(self) -> None:
        """A sheet with a Devanagari title: uharfbuzz, imported only then, is in the build."""
        if not (self.has_command("export-table") and self.has_command("import-table")):
            self.skip("sheet (Devanagari)", "this build has no `export-table`/`import-table` command")
            return
        table = self.work / "devanagari.csv"
        proc = self.run("export-table projects", self.cli, "--db", str(self.db), "export-table", "projects",
                        str(table), "--search", "Tropfen")
        if proc is None or proc.returncode != 0:
            return
        table.write_text(table.read_text("utf-8-sig").replace("Jeder Tropfen zählt", DEVANAGARI_TITLE), "utf-8")
        proc = self.run("import-table projects", self.cli, "--db", str(self.db), "import-table", str(table),
                        "--into", "projects")
        if proc is None or proc.returncode != 0:
            return
        pdf = self.work / "devanagari-sheet.pdf"
        proc = self.run("sheet (Devanagari)", self.cli, "--db", str(self.db), "sheet", "परियोजना", "--out", str(pdf))
        if proc is not None and proc.returncode == 0:
            self.check_pdf("sheet (Devanagari)", pdf, [DEVANAGARI_TITLE])

    def check_pdf(self, name: str, pdf: Path, expected: list[str]) -> None:
        if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            self.fail(name, f"no PDF written to {pdf.name}")
            return
        text = pdf_text(pdf)
        if text is None:
            return
        text = unicodedata.normalize("NFC", text)
        missing = [word for word in expected if word not in text]
        if missing:
            self.fail(name, f"the PDF's text lacks {missing}")

    def step_travel(self) -> None:
        """An encrypted travel copy: sqlcipher3 and Argon2id (cryptography) in the frozen build."""
        if not self.has_command("travel"):
            self.skip("travel", "this build has no `partnerdesk travel` command")
            return
        secret = self.work / "passphrase.txt"
        secret.write_text(TRAVEL_PASSPHRASE, encoding="utf-8")
        trip = self.work / "trip.pdtravel"
        proc = self.run("travel checkout", self.cli, "--db", str(self.db), "travel", "checkout",
                        "--out", str(trip), "--passphrase-file", str(secret))
        if proc is None or proc.returncode != 0:
            return
        if not trip.is_file() or trip.read_bytes()[:16] == b"SQLite format 3\x00":
            self.fail("travel checkout", f"{trip.name} missing or not encrypted")
            return
        # What a double-click on a .pdtravel file does (--db "%1"), on the command line.
        env = dict(self.env, PARTNERDESK_PASSPHRASE=TRAVEL_PASSPHRASE)
        self.run("check of the travel copy", self.cli, "--db", str(trip), "check", env=env)
        self.run("travel diff", self.cli, "--db", str(self.db), "travel", "diff", str(trip),
                 "--passphrase-file", str(secret))

    def step_window(self) -> None:
        env = dict(self.env, PARTNERDESK_SMOKE_QUIT_MS="300")
        # The console twin shows the same window and lets us read its output; on Windows
        # the windowed partnerdesk.exe has no stdout, so it is checked by exit status.
        proc = self.run("main window", self.cli, "--db", str(self.db), env=env)
        if proc is None or proc.returncode != 0:
            return
        lines = [line for line in proc.stdout.splitlines() if line.startswith(WINDOW_MARKER)]
        if not lines:
            self.fail("main window", "the window did not report itself shown "
                      "(is smoke_hook.install still called in ui/app.py?)", proc)
            return
        report = dict(re.findall(r"(\w+)=(\S+)", lines[0]))
        resources = Path(report.get("resources", ""))
        if not resources.is_dir() or self.dist.resolve() not in resources.resolve().parents:
            self.fail("main window", f"resources read from {resources}, not from the frozen folder")
        if report.get("qtpdf") != "ok":
            self.fail("main window", f"QtPdf module: {report.get('qtpdf')}")
        if report.get("qtcharts") != "ok":
            self.fail("main window", f"QtCharts module (the overview's charts): {report.get('qtcharts')}")
        if report.get("qt_yes") != "&Ja":
            self.fail("main window", f"Qt's German catalogue is not loaded: the Yes button reads "
                      f"{report.get('qt_yes')!r}, not '&Ja'")
        if WINDOWS:
            self.run("main window (windowed exe)", self.gui, "--db", str(self.db), env=env, check_output=False)

    def step_logs(self) -> None:
        for log in sorted(self.data_dir.rglob("*.log")):
            bad = [ln for ln in log.read_text(encoding="utf-8", errors="replace").splitlines()
                   if PROBLEM_IN_LOG.search(ln) and not allowed(ln)]
            if bad:
                self.fail("log files", f"{log.name}: " + " | ".join(bad[:5]))

    def all(self) -> Result:
        if self.step_files():
            self.step_version()
            if self.step_init():
                self.step_check()
                self.step_exports()
                self.step_mou()
                self.step_report()
                self.step_travel()
                self.step_window()
            self.step_logs()
        return self.result


def word_pictures_problem(word: Path, expected: int) -> str:
    """What is wrong with the pictures of a Word file ("" if it holds ``expected`` PNGs of a sane width)."""
    try:
        with zipfile.ZipFile(word) as archive:
            media = [archive.read(n) for n in sorted(archive.namelist()) if n.startswith("word/media/")]
    except (OSError, zipfile.BadZipFile) as exc:
        return f"{word.name} is no Word document ({exc})"
    if len(media) != expected:
        return f"{word.name} holds {len(media)} pictures, not {expected}"
    for number, blob in enumerate(media, start=1):
        if blob[:8] != b"\x89PNG\r\n\x1a\n" or blob[12:16] != b"IHDR":
            return f"picture {number} in {word.name} is no PNG"
        width, height = struct.unpack(">II", blob[16:24])
        if width < PICTURE_MIN_WIDTH or not height:
            return f"picture {number} in {word.name} is {width}×{height} pixels"
    return ""


def pdf_text(pdf: Path) -> str | None:
    """The PDF's text if pypdf is installed in the building Python (it is with ``.[test]``)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def smoke_test(dist: Path = DEFAULT_DIST, require_mou: bool = REQUIRE_MOU) -> Result:
    print(f"Smoke test of {dist}")
    with tempfile.TemporaryDirectory(prefix="partnerdesk-smoke-") as tmp:
        result = SmokeRun(dist, Path(tmp), require_mou).all()
    print("Smoke test passed." if result.ok else f"Smoke test FAILED ({len(result.failures)} problems).")
    return result


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Smoke test of the frozen PartnerDesk folder.")
    parser.add_argument("dist", nargs="?", type=Path, default=DEFAULT_DIST)
    args = parser.parse_args(argv)
    return 0 if smoke_test(args.dist).ok else 1


if __name__ == "__main__":
    sys.exit(main())
