"""How fast PartnerDesk writes its PDFs, against what the office does today.

    python bench/documents_bench.py [--runs 5] [--projects 1000]
    python bench/documents_bench.py --sheets-before ../main/src [--runs 3]   # font fallback before/after

Today the office copies texts into a word processor and exports a PDF. The baseline is
LibreOffice converting an equivalent DOCX (same clauses in a two-column table, same
sheets with page breaks) with ``soffice --headless --convert-to pdf`` (Debian package
libreoffice-writer-nogui; install it for the benchmark only). Measured in the same run:

* MoU draft (example data) in the running program (data loaded through the services, PDF written),
  median of ``--runs`` after one warm-up, vs. the DOCX conversion (warm profile);
* the whole command ``partnerdesk mou …`` as a new process vs. the same conversion;
* project sheets for ``--projects`` projects, in the running program vs. converting an
  equivalent DOCX with one page per project.

Targets: MoU in the program ≥ 20× faster than the conversion; ≥ 4× as a whole process.
The DOCX is written by hand with ``zipfile`` (no extra library needed).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _cpu() -> float:
    """CPU seconds of this process and of every finished child process (soffice.bin included)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _median_time(fn, runs: int) -> tuple[float, list[float], float]:
    """Median wall time, all wall times, and median CPU time (robust on a busy machine)."""
    times, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), _cpu()
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(_cpu() - cpu_started)
    return statistics.median(times), times, statistics.median(cpu)


# A minimal DOCX ---------------------------------------------------------------------------

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _run(text: str, bold: bool = False, size: int = 19) -> str:
    props = f"<w:rPr>{'<w:b/>' if bold else ''}<w:sz w:val=\"{size}\"/></w:rPr>"
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(text: str, bold: bool = False, size: int = 19, page_break: bool = False) -> str:
    brk = '<w:r><w:br w:type="page"/></w:r>' if page_break else ""
    return f"<w:p>{brk}{_run(text, bold, size)}</w:p>"


def _table(rows: list[list[str]], widths: list[int]) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = "".join(
        "<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{_para(c)}</w:tc>'
                           for c, w in zip(row, widths, strict=True)) + "</w:tr>"
        for row in rows
    )
    borders = '<w:tblBorders><w:insideV w:val="single" w:sz="4"/></w:tblBorders>'
    return f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{borders}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'


def write_docx(path: Path, body: str) -> None:
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_NS}><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1020" w:right="1020" w:bottom="1360" w:left="1020"/>'
        "</w:sectPr></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup.replace("<br/>", "\n"))).replace("&nbsp;", " ").strip()


def mou_docx(db, path: Path) -> None:
    """The same clauses as the PDF, German and English in a two-column table."""
    from partnerdesk.documents.mou.content import mou_content
    from partnerdesk.documents.mou.data import load_mou_data
    from partnerdesk.services.records import PartnershipService

    data = load_mou_data(db, PartnershipService(db).find("Kumasi"))
    content = mou_content(data, ["de", "en"], on=date.today(), draft=1)  # the clauses the PDF has by default
    per_lang = [[clause[j] for clause in content.clauses] + [content.signatures[j]] for j in range(2)]
    rows = []
    for de, en in zip(*per_lang, strict=True):
        for i in range(max(len(de), len(en))):
            rows.append([_plain(de[i].markup) if i < len(de) else "", _plain(en[i].markup) if i < len(en) else ""])
    write_docx(path, _para("ENTWURF / DRAFT", bold=True, size=28) + _table(rows, [4930, 4930]))


def sheets_docx(db, path: Path) -> None:
    """One page per project with the same facts and texts as the project sheet."""
    from partnerdesk.documents.project_sheet_data import load_sheet_data
    from partnerdesk.domain import sdg

    data = load_sheet_data(db)
    parts = []
    for i, p in enumerate(data.projects):
        partnership = data.partnership_of(p)
        facts = [["Partnerschaft", partnership.title if partnership else ""], ["Status", p.status.label],
                 ["Budget", str(p.budget_amount or "")]]
        parts.append(_para(p.title, bold=True, size=32, page_break=i > 0))
        parts.append(_table(facts, [2000, 7860]))
        parts.append(_para("Ziele: " + "; ".join(f"{g} {sdg.goal(g).short('de')}" for g in p.sdg_goals)))
        parts += [_para(f"{code} – {sdg.target(code).title('de')}") for code in p.sdg_targets if sdg.is_target(code)]
        parts.append(_para(p.summary))
    write_docx(path, "".join(parts))


# Data ------------------------------------------------------------------------------------

def make_database(folder: Path, projects: int, name: str = "bench.sqlite"):
    from partnerdesk.domain.records import Project
    from partnerdesk.persistence.database import create_database
    from partnerdesk.services.example_data import add_example_data
    from partnerdesk.services.records import ProjectService
    from partnerdesk.services.upserts import restore_records

    db = create_database(folder / name)
    add_example_data(db)
    base = ProjectService(db).list()
    extra = []
    for i in range(projects - len(base)):
        model = base[i % len(base)]
        extra.append(Project(title=f"{model.title} ({i + 1})", partnership_id=model.partnership_id,
                             summary=model.summary * 3, status=model.status, start_date=model.start_date,
                             sdg_goals=model.sdg_goals, sdg_targets=model.sdg_targets,
                             budget_amount=model.budget_amount, funding_sources=[],
                             participants=model.participants, contact_ids=model.contact_ids, version=1))
    with db.write() as session:
        restore_records(session, extra)
    return db


def convert(soffice: str, docx: Path, outdir: Path, profile: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(docx)],
        check=True, capture_output=True, timeout=1800,
    )
    elapsed = time.perf_counter() - started
    if not (outdir / (docx.stem + ".pdf")).exists():
        raise RuntimeError("LibreOffice wrote no PDF")
    return elapsed


def sheets_before_after(before_src: Path, projects: int, runs: int) -> int:
    """`partnerdesk sheet --all` for ``projects`` projects as a whole process, with the code in
    ``before_src`` (e.g. a checkout of main before the font fallback) and with this checkout's,
    alternating in one run on the same database; then both on the same projects with partner
    names and titles in twelve scripts (tests/data/scripts: Devanagari and Thai among them, which
    this checkout shapes with HarfBuzz).
    To measure code from before a dependency was added, put a stub that raises ImportError into
    ``before_src`` (e.g. ``uharfbuzz.py``: ReportLab then runs as without it)."""
    import csv

    from partnerdesk.services.records import OrganisationService, ProjectService

    work = Path(tempfile.mkdtemp(prefix="pd-scriptbench-"))
    os.environ["PARTNERDESK_DATA_DIR"] = str(work / "data")
    try:
        print(f"Preparing two databases with {projects} projects …", flush=True)
        make_database(work, projects).close()
        scripts = make_database(work, projects, "scripts.sqlite")
        rows = list(csv.DictReader((ROOT / "tests" / "data" / "scripts" / "partners.csv").open(encoding="utf-8")))
        orgs = OrganisationService(scripts)
        for org in orgs.list():
            if org.city and org.country not in ("", "DE"):
                org.city = rows[len(org.city) % len(rows)]["native_name"]
                orgs.update(org)
        service = ProjectService(scripts)
        for i, project in enumerate(service.list()):
            if i % 2 == 0:
                project.title = rows[i % len(rows)]["project_title"] + f" ({i})"
                service.update(project)
        scripts.close()

        def command(src: Path, database: str) -> tuple[list[str], dict[str, str]]:
            env = {**os.environ, "PYTHONPATH": str(src)}
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(work / ("pycache-" + src.parent.name))
            cli = [sys.executable, "-m", "partnerdesk", "sheet", "--all", "--out", str(work / "s.pdf"),
                   "--db", str(work / database)]
            return cli, env

        plans = {
            "before (main)": command(before_src, "bench.sqlite"),
            "after (this checkout)": command(ROOT / "src", "bench.sqlite"),
            "before, names in 12 scripts": command(before_src, "scripts.sqlite"),
            "after, names in 12 scripts": command(ROOT / "src", "scripts.sqlite"),
        }
        for cli, env in plans.values():
            subprocess.run(cli, check=True, env=env, capture_output=True)  # warm-up (bytecode cache)
        times: dict[str, list[float]] = {name: [] for name in plans}
        cpu: dict[str, list[float]] = {name: [] for name in plans}
        for _ in range(runs):
            for name, (cli, env) in plans.items():
                started, cpu_started = time.perf_counter(), _cpu()
                subprocess.run(cli, check=True, env=env, capture_output=True)
                times[name].append(time.perf_counter() - started)
                cpu[name].append(_cpu() - cpu_started)
        print(f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {runs} alternating runs each")
        base = statistics.median(times["before (main)"])
        base_cpu = statistics.median(cpu["before (main)"])
        for name in plans:
            wall, used = statistics.median(times[name]), statistics.median(cpu[name])
            print(f"{name:30} {wall:7.2f} s wall ({wall / base:4.2f}x)  {used:7.2f} s CPU ({used / base_cpu:4.2f}x)"
                  f"  runs: {', '.join(f'{t:.2f}' for t in times[name])}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--sheets-before", type=Path, metavar="SRC",
                        help="only time `partnerdesk sheet --all`, with the code in SRC (a checkout's src/) "
                             "against this checkout's, alternating in one run")
    args = parser.parse_args()
    if args.sheets_before:
        return sheets_before_after(args.sheets_before.resolve(), args.projects, args.runs)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: apt-get install libreoffice-writer-nogui (benchmark only)")
        return 1

    work = Path(tempfile.mkdtemp(prefix="pd-docbench-"))
    os.environ["PARTNERDESK_DATA_DIR"] = str(work / "data")
    try:
        from partnerdesk.documents.mou.builder import MouOptions, build_mou
        from partnerdesk.documents.mou.data import load_mou_data
        from partnerdesk.documents.project_sheet import build_sheets
        from partnerdesk.documents.project_sheet_data import load_sheet_data
        from partnerdesk.services.records import PartnershipService

        print(f"Preparing the example database and one with {args.projects} projects …", flush=True)
        # The MoU uses the example data (a partnership with its handful of projects, as in the
        # office); the sheets use the big database.
        example = make_database(work, 0, "example.sqlite")
        db = make_database(work, args.projects)
        partnership = PartnershipService(example).find("Kumasi")

        def mou_in_process() -> None:
            build_mou(load_mou_data(example, partnership), work / "mou.pdf", MouOptions(language="en", draft=1))

        mou_in_process()  # warm-up: fonts registered once per program run
        mou_t, mou_all, mou_cpu = _median_time(mou_in_process, args.runs)

        cli = [sys.executable, "-m", "partnerdesk", "mou", "Kumasi", "--lang", "en", "--out", str(work / "cli.pdf"),
               "--db", str(work / "example.sqlite")]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        # An installed program has compiled bytecode; PYTHONDONTWRITEBYTECODE=1 (set on some
        # development machines) would make every start compile PartnerDesk's modules again.
        # The cache goes to the temporary folder, not into the checkout.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        subprocess.run(cli, check=True, env=env, capture_output=True)  # warm-up (bytecode cache)
        cli_t, cli_all, cli_cpu = _median_time(lambda: subprocess.run(cli, check=True, env=env, capture_output=True), args.runs)
        # The floor of any such process: the interpreter importing the two libraries, nothing
        # else, with the same garbage-collector pause as partnerdesk's start (startup.py).
        floor = [sys.executable, "-c", "import gc; gc.disable(); import sqlalchemy.orm, reportlab.platypus; gc.freeze()"]
        subprocess.run(floor, check=True, env=env, capture_output=True)
        floor_t, _floor_all, floor_cpu = _median_time(lambda: subprocess.run(floor, check=True, env=env, capture_output=True), args.runs)

        print(f"Project sheets for {args.projects} projects …", flush=True)
        data = load_sheet_data(db)
        started, cpu_started = time.perf_counter(), _cpu()
        build_sheets(load_sheet_data(db), work / "sheets.pdf")
        sheets_t, sheets_cpu = time.perf_counter() - started, _cpu() - cpu_started
        pages = len(data.projects)

        mou_docx(example, work / "mou.docx")
        sheets_docx(db, work / "sheets.docx")
        profile = work / "lo-profile"
        outdir = work / "lo-out"
        convert(soffice, work / "mou.docx", outdir, profile)  # warm-up: creates the profile
        lo_mou_t, lo_mou_all, lo_mou_cpu = _median_time(lambda: convert(soffice, work / "mou.docx", outdir, profile), args.runs)
        print("LibreOffice converting the sheets DOCX …", flush=True)
        cpu_started = _cpu()
        lo_sheets_t = convert(soffice, work / "sheets.docx", outdir, profile)
        lo_sheets_cpu = _cpu() - cpu_started

        load = os.getloadavg()[0]
        print()
        print(f"Machine: {os.cpu_count()} cores, load average {load:.1f} (wall times suffer on a busy machine; CPU")
        print("times do not, so both are shown; ratios are baseline / PartnerDesk).")
        print(f"{'':44}{'wall (median)':>15}{'CPU (median)':>15}")
        rows = [
            ("MoU draft (de+en), in the running program", mou_t, mou_cpu),
            ("MoU draft, whole `partnerdesk mou` process", cli_t, cli_cpu),
            ("  floor: python importing SQLAlchemy+ReportLab", floor_t, floor_cpu),
            ("LibreOffice: equivalent DOCX -> PDF", lo_mou_t, lo_mou_cpu),
            (f"Project sheets, {pages} pages, in the program", sheets_t, sheets_cpu),
            (f"LibreOffice: {pages}-page DOCX -> PDF", lo_sheets_t, lo_sheets_cpu),
        ]
        for name, wall, cpu in rows:
            print(f"{name:44}{wall * 1000:12.0f} ms{cpu * 1000:12.0f} ms")
        print("Wall times of the runs: in-program " + ", ".join(f"{t * 1000:.0f}" for t in mou_all)
              + " ms; process " + ", ".join(f"{t * 1000:.0f}" for t in cli_all)
              + " ms; LibreOffice " + ", ".join(f"{t * 1000:.0f}" for t in lo_mou_all) + " ms")
        print()
        print(f"MoU in the program vs LibreOffice:  {lo_mou_t / mou_t:5.1f}x wall, {lo_mou_cpu / mou_cpu:5.1f}x CPU  (target >= 20x)")
        print(f"MoU whole process vs LibreOffice:   {lo_mou_t / cli_t:5.1f}x wall, {lo_mou_cpu / cli_cpu:5.1f}x CPU  (target >= 4x)")
        print(f"  (the floor alone would be             {lo_mou_t / floor_t:5.1f}x wall, {lo_mou_cpu / floor_cpu:5.1f}x CPU)")
        print(f"Sheets ({pages}) vs LibreOffice:       {lo_sheets_t / sheets_t:5.1f}x wall, {lo_sheets_cpu / sheets_cpu:5.1f}x CPU"
              f"  ({sheets_t / pages * 1000:.1f} ms wall per page)")
        db.close()
        example.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
