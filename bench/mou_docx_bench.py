"""The MoU as a Word document, against the PDF and against LibreOffice, in one run.

    python bench/mou_docx_bench.py [--runs 7]

Measured in the running program (data loaded through the services once; each run builds
the document in memory and writes it through the documents registry like the window does):

* MoU as DOCX (python-docx, tracked changes on) — the new output;
* MoU draft as PDF (ReportLab) — today's output, the in-run baseline;
* the final MoU as PDF/A-2b (ReportLab + pikepdf, validated) — the archival version;
* LibreOffice converting our DOCX to PDF (``soffice --headless --convert-to pdf``, warm profile),
  what the office would do to get a PDF from the Word document; skipped, with a note, when
  ``soffice`` is not installed (Debian: libreoffice-writer, for the benchmark only).

Prints medians after one warm-up and the ratios; the issue's target is ≥ 10× faster than
LibreOffice's DOCX→PDF in the running program.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _median(fn: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    fn()  # warm-up: imports, fonts, templates
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from partnerdesk.documents.mou.builder import MouOptions
    from partnerdesk.documents.mou.data import load_mou_data
    from partnerdesk.documents.mou.output import mou_build
    from partnerdesk.persistence.database import create_database
    from partnerdesk.services.example_data import add_example_data
    from partnerdesk.services.generated_documents import write_recorded
    from partnerdesk.services.records import PartnershipService

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = create_database(work / "bench.sqlite")
        add_example_data(db)
        partnership = PartnershipService(db).find("Kumasi")
        data = load_mou_data(db, partnership)
        day = date(2026, 12, 7)
        draft = MouOptions(language="en", draft=2, on=day)
        final = MouOptions(language="en", draft=None, on=day)

        def write(fmt: str, options: MouOptions, name: str) -> Callable[[], object]:
            return lambda: write_recorded(db, work / name, mou_build(data, options, fmt), partnership_id=partnership.id,
                                          fmt=fmt, draft=options.draft, languages=options.languages, on=day)

        docx_t, docx_all = _median(write("docx", draft, "mou.docx"), args.runs)
        pdf_t, pdf_all = _median(write("pdf", draft, "mou.pdf"), args.runs)
        pdfa_t, pdfa_all = _median(write("pdf", final, "final.pdf"), args.runs)
        in_memory = io.BytesIO()
        mou_build(data, draft, "docx")(in_memory)
        print(f"MoU Kumasi (de+en), {args.runs} runs after a warm-up, median wall time:")
        print(f"  DOCX (python-docx, recorded)        {docx_t * 1000:8.1f} ms   {[round(t * 1000) for t in docx_all]}"
              f"   {len(in_memory.getvalue()) // 1024} KiB")
        print(f"  PDF draft (ReportLab, recorded)     {pdf_t * 1000:8.1f} ms   {[round(t * 1000) for t in pdf_all]}")
        print(f"  PDF/A-2b final (+pikepdf, recorded) {pdfa_t * 1000:8.1f} ms   {[round(t * 1000) for t in pdfa_all]}")
        print(f"  DOCX / PDF draft: {docx_t / pdf_t:.2f}×   PDF/A final / PDF draft: {pdfa_t / pdf_t:.2f}×")

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            print("  LibreOffice: soffice not installed here (apt-get install libreoffice-writer; benchmark only)")
            db.close()
            return 0
        profile = (work / "lo-profile").as_uri()
        out = work / "lo"

        def convert() -> None:
            subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(out), str(work / "mou.docx")], check=True, capture_output=True, timeout=600)
            if not (out / "mou.pdf").exists():
                raise RuntimeError("LibreOffice wrote no PDF")

        lo_t, lo_all = _median(convert, max(3, args.runs // 2))
        print(f"  LibreOffice DOCX→PDF (warm profile) {lo_t * 1000:8.1f} ms   {[round(t * 1000) for t in lo_all]}")
        print(f"  LibreOffice / DOCX: {lo_t / docx_t:.1f}×   LibreOffice / PDF draft: {lo_t / pdf_t:.1f}×   "
              f"LibreOffice / PDF/A final: {lo_t / pdfa_t:.1f}×   (target ≥ 10×)")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
