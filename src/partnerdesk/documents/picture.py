"""A ReportLab drawing or flowable as a PNG picture, for documents that cannot draw it (Word).

The same flowable the PDF prints (the annual report's SDG chart, its world map) is drawn on a
one-page PDF of its own size in memory and rendered by PDFium (``pypdfium2``) on white at
``DPI``. So Word shows what the PDF shows, from one drawing code. (ReportLab's own bitmap
renderer needs ``rl_renderPM`` or ``rlPyCairo``, which lack wheels for some of our Pythons.)

PDFium is not thread-safe: one lock serialises every render (a report may be written from a
background thread of the window while another is written elsewhere).
"""

from __future__ import annotations

import io
import threading

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from partnerdesk.documents import fonts

#: Resolution of the pictures: sharp in print at their size on the page (text of 7 pt stays legible).
DPI = 200
WHITE = (255, 255, 255, 255)

_PDFIUM = threading.Lock()


def pdf_of(flowable: Flowable) -> tuple[bytes, float, float]:
    """A one-page PDF exactly the size of ``flowable`` (as wrapped at its own width), with its size in points."""
    fonts.register_fonts()
    width, height = flowable.wrap(getattr(flowable, "width", 0) or 1e6, 1e6)
    stream = io.BytesIO()
    canvas = Canvas(stream, pagesize=(width, height), invariant=1, pageCompression=0)
    flowable.drawOn(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return stream.getvalue(), float(width), float(height)


def png_of(flowable: Flowable, dpi: int = DPI) -> bytes:
    """``flowable`` rendered as a PNG on white, ``dpi`` pixels per inch (recorded in the file)."""
    import pypdfium2

    pdf, _width, _height = pdf_of(flowable)
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[0]
            bitmap = page.render(scale=dpi / 72, fill_color=WHITE, may_draw_forms=False)
            image = bitmap.to_pil().convert("RGB")
            bitmap.close()
            page.close()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=False)
    return out.getvalue()
