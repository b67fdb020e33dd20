"""What every PDF of ours shares: styles, document set-up, "Seite X von Y", safe writing.

* ``styles()``: paragraph styles in the bundled fonts (no standard font anywhere).
* ``DocumentInfo``: metadata (title, author, subject, language) and ``invariant``
  for byte-identical output in golden tests.
* ``make_document``: a ``BaseDocTemplate`` with our fonts as the initial font.
* ``numbered_canvas(decorate)``: a canvas that knows the page total when it saves,
  so footers can say "Seite 2 von 5".
* ``write_pdf(path, build)``: build into memory, write a temporary file beside
  the target, then rename, so a failed build never leaves a half-written PDF.
"""

from __future__ import annotations

import io
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from partnerdesk import __version__
from partnerdesk.documents import fonts
from partnerdesk.domain.errors import EnvironmentProblem, UserError
from partnerdesk.i18n import _

PAGE = A4
MARGIN = 18 * mm
TEXT_COLOUR = colors.HexColor("#1d1d1b")
MUTED = colors.HexColor("#5f6368")
RULE = colors.HexColor("#b7bcc2")
ACCENT = colors.HexColor("#19486a")  # SDG 17 blue


@dataclass
class DocumentInfo:
    title: str
    author: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    lang: str = "de-DE"
    #: Byte-identical output for the same input (no timestamps or random ids).
    invariant: bool = False


@cache
def styles() -> dict[str, ParagraphStyle]:
    regular = fonts.register_fonts()
    base = ParagraphStyle(
        "body", fontName=regular, bulletFontName=regular, fontSize=9.5, leading=12.5, textColor=TEXT_COLOUR,
        splitLongWords=1,
        spaceAfter=0, allowWidows=0, allowOrphans=0,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "bullet": derive("bullet", leftIndent=9, bulletIndent=0),
        "small": derive("small", fontSize=8, leading=10),
        "muted": derive("muted", fontSize=8, leading=10, textColor=MUTED),
        "label": derive("label", fontName=fonts.BOLD, fontSize=7.5, leading=9.5, textColor=MUTED),
        "title": derive("title", fontName=fonts.BOLD, fontSize=17, leading=21, textColor=ACCENT, spaceAfter=4),
        "doc_title": derive("doc_title", fontName=fonts.BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "subtitle": derive("subtitle", fontSize=10.5, leading=14, textColor=MUTED),
        "heading": derive("heading", fontName=fonts.BOLD, fontSize=10.5, leading=14, textColor=ACCENT),
        "centre": derive("centre", alignment=TA_CENTER),
        "badge": derive("badge", fontName=fonts.BOLD, fontSize=7.5, leading=9, textColor=colors.white),
    }


def make_document(target: BinaryIO | str, info: DocumentInfo, **kw: Any) -> BaseDocTemplate:
    fonts.register_fonts()
    kw.setdefault("pagesize", PAGE)
    for side in ("leftMargin", "rightMargin"):
        kw.setdefault(side, MARGIN)
    kw.setdefault("topMargin", MARGIN)
    kw.setdefault("bottomMargin", MARGIN + 6 * mm)
    return BaseDocTemplate(
        target,
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=list(dict.fromkeys(info.keywords)),  # each once ("SDG 17" came twice), in order
        displayDocTitle=1,
        creator=f"PartnerDesk {__version__}",
        producer=f"PartnerDesk {__version__} (ReportLab)",
        lang=info.lang,
        invariant=1 if info.invariant else 0,
        initialFontName=fonts.REGULAR,
        initialFontSize=9.5,
        **kw,
    )


Decorate = Callable[[Canvas, int, int], None]


def draw_footer(canvas: Canvas, doc: BaseDocTemplate, left: str, right: str) -> None:
    """The footer every document shares: a thin rule, ``left`` text and ``right`` text."""
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    y = MARGIN
    canvas.line(doc.leftMargin, y + 9, doc.leftMargin + doc.width, y + 9)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 7.5)
    canvas.drawString(doc.leftMargin, y, left)
    canvas.drawRightString(doc.leftMargin + doc.width, y, right)
    canvas.restoreState()


def numbered_canvas(decorate: Decorate) -> type[Canvas]:
    """A canvas class that calls ``decorate(canvas, page, total)`` for every page at save time."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                decorate(self, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def build_plain(target: BinaryIO, info: DocumentInfo, story: Callable[[float], list[Flowable]], footer: str) -> None:
    """A document of one running frame: ``story(frame width)`` on A4 with the shared footer
    ("``footer`` … Seite X von Y"): the Sachbericht, the annual report."""
    fonts.register_italic()
    doc = make_document(target, info)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        draw_footer(canvas, doc, footer, _("Page {page} of {pages}").format(page=page, pages=pages))

    doc.addPageTemplates([PageTemplate(id="body", frames=[frame])])
    doc.build(story(doc.width), canvasmaker=numbered_canvas(decorate))


def write_pdf(path: str | os.PathLike[str], build: Callable[[BinaryIO], object]) -> Path:
    """Run ``build(stream)`` and store the result at ``path`` atomically."""
    return write_file(path, build)


def write_file(path: str | os.PathLike[str], build: Callable[[BinaryIO], object]) -> Path:
    """Run ``build(stream)`` and store the result at ``path`` atomically (PDF or Word)."""
    target = Path(path)
    return publish(stage_file(target, build), target)


def _cannot_write(target: Path, exc: OSError) -> EnvironmentProblem:
    return EnvironmentProblem(
        _("Cannot write the document to {path}: {reason}").format(path=target, reason=exc.strerror or exc)
    )


def stage_file(target: Path, build: Callable[[BinaryIO], object]) -> Path:
    """Run ``build(stream)`` and write the result to a temporary name beside ``target`` (synced
    to disk); ``publish`` then gives it its name. Nothing is left behind on an error."""
    buffer = io.BytesIO()
    try:
        build(buffer)
    except LayoutError as exc:  # the field limits keep every text within a page; this is the last guard
        raise UserError(_("The document cannot be laid out: a text is too long for one page. Please shorten it.")) from exc
    data = buffer.getvalue()
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        discard(Path(tmp_name))
        raise _cannot_write(target, exc) from exc
    return Path(tmp_name)


def publish(staged: Path, target: Path) -> Path:
    """Give the staged file its name (an atomic rename); on an error the staged file is removed."""
    try:
        os.replace(staged, target)
    except OSError as exc:
        discard(staged)
        raise _cannot_write(target, exc) from exc
    return target


def set_aside(target: Path) -> Path | None:
    """Move an existing ``target`` to a hidden name beside it (``put_back`` restores it);
    None when there is no such file."""
    if not target.exists():
        return None
    aside = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.earlier")
    try:
        os.replace(target, aside)
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    return aside


def put_back(aside: Path | None, target: Path) -> None:
    """Give a file moved by ``set_aside`` its name again (best effort: it stays beside if that fails)."""
    if aside is None:
        return
    try:
        os.replace(aside, target)
    except OSError:
        pass


def discard(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
