"""Helpers for reading back the PDFs we write: text, fonts, structure, pages."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pypdf

HOSTILE = [
    "Fa. Müller & Söhne <GmbH>",
    "x <b>bold",
    "R&D; &amp; &#169;",
    '<a href="https://evil.example">klick</a>',
    "<font size=40>GROSS</font>",
    "]]> <![CDATA[ <para> </para> <br/> <img src='x.png'/>",
    "Emoji 😀🎉👩‍👩‍👧 Ende",
    "Zeile eins\nZeile zwei\r\nZeile drei",
    "Ş ș Ţ ț Ä ö ü ß é è ç â î",
    "Dura دورا – السلام عليكم",
    "W" * 400,
    "\x00\x07 Steuerzeichen \x1b",
    "{partner_city} $home_city %(x)s {0}",
]


def storable(texts: list[str], database_kind: str) -> list[str]:
    """``texts`` as the database can hold them: no record may hold NUL (0x00) on any database
    (``domain/limits``: a PostgreSQL server refuses it), so it is left out; every other control
    character stays."""
    return [t.replace("\x00", "") for t in texts]


def pdf_text(path: Path, page: int | None = None) -> str:
    reader = pypdf.PdfReader(str(path))
    pages = reader.pages if page is None else [reader.pages[page]]
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() or "" for p in pages))


def flat(text: str) -> str:
    """Text without line breaks and repeated spaces, for phrases that may wrap."""
    return re.sub(r"\s+", " ", text)


def page_count(path: Path) -> int:
    return len(pypdf.PdfReader(str(path)).pages)


def fonts_of(path: Path) -> list[tuple[str, bool]]:
    """(name, embedded) for every font, from poppler's pdffonts."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    result = []
    for line in out:
        parts = line.split()
        # name type... emb sub uni object gen: "emb" is the 5th column from the end.
        result.append((parts[0], parts[-5] == "yes"))
    return result


def assert_fonts_embedded(path: Path) -> None:
    fonts = fonts_of(path)
    assert fonts, "no fonts at all?"
    assert all(embedded for _name, embedded in fonts), fonts
    assert not any(n.split("+")[-1].startswith(("Helvetica", "Times", "Courier")) for n, _e in fonts), fonts


def assert_qpdf_ok(path: Path) -> None:
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def words_with_boxes(path: Path) -> list[tuple[int, float, float, str]]:
    """(page, x, y, word) for every word, from ``pdftotext -bbox``."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = []
    for page_no, page in enumerate(html.split("<page ")[1:], start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page):
            words.append((page_no, float(m.group(1)), float(m.group(2)), m.group(3)))
    return words


def decided(db, name: str):
    """Enter the council decisions (ours, and the partner's) a final version needs (the example
    data has none: a final is refused without them) and return the partnership."""
    from datetime import date

    from decision_helpers import council_approval
    from partnerdesk.services.records import PartnershipService

    service = PartnershipService(db)
    partnership = service.find(name)
    council_approval(db, partnership.id)
    partnership.partner_decision_on, partnership.partner_decision_number = date(2026, 10, 15), "HCL 321/2026"
    service.update(partnership)
    return service.find(name)
