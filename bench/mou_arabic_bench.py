"""How long the Arabic MoU (fpdf2, HarfBuzz shaping) takes against the German/English one (ReportLab).

    python bench/mou_arabic_bench.py [--runs 7]

Both in the running program, on the example data, in the same run: data loaded through the
services and the PDF written, median of ``--runs`` after one warm-up. The first (cold) build
of each is printed too: it includes importing fpdf2 and reading the fonts. The baseline is
today's German/English MoU of the Kumasi partnership; the Arabic ones are German + Arabic
and English + Arabic of the Dura partnership (Arabic-Indic digits for the second).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _times(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    started = time.perf_counter()
    fn()
    cold = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return cold, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from partnerdesk.documents.mou.builder import MouOptions, build_mou
    from partnerdesk.documents.mou.data import load_mou_data
    from partnerdesk.persistence.database import create_database
    from partnerdesk.services.example_data import add_example_data
    from partnerdesk.services.records import PartnershipService

    folder = Path(tempfile.mkdtemp(prefix="mou-arabic-bench-"))
    db = create_database(folder / "bench.sqlite")
    add_example_data(db)

    def mou(name: str, out: str, **options: str) -> Callable[[], object]:
        def build() -> object:
            data = load_mou_data(db, PartnershipService(db).find(name))
            return build_mou(data, folder / out, MouOptions(on=date(2026, 11, 25), **options))

        return build

    cases = [
        ("German/English (ReportLab), baseline", mou("Kumasi", "de-en.pdf", language="en")),
        ("German/Arabic (fpdf2)", mou("Dura", "de-ar.pdf", language="ar")),
        ("English/Arabic, Arabic-Indic digits (fpdf2)",
         mou("Dura", "en-ar.pdf", language="ar", first_language="en", digits="arabic")),
    ]
    results = [(label, *_times(fn, args.runs)) for label, fn in cases]
    db.close()
    base = results[0][2]
    print(f"MoU PDF in the running program, median of {args.runs} after a cold first build:")
    for label, cold, warm in results:
        print(f"  {label:48s} cold {cold * 1000:7.0f} ms   warm {warm * 1000:7.0f} ms   "
              f"{warm / base:5.2f}x the baseline")


if __name__ == "__main__":
    main()
