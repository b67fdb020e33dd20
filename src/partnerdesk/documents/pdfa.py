"""The final MoU as PDF/A-2b (ISO 19005-2, level B), for the archive.

ReportLab's open-source edition has no PDF/A switch (its 5.1 source has no ``pdfaid``
declaration and no output intents; PDF/A is a feature of the commercial edition), and
converting with Ghostscript broke umlaut extraction and dropped the metadata (FACTS).
So ReportLab writes the PDF as always (every font embedded, no encryption, no
transparency groups) and pikepdf (qpdf) finishes it: ``pikepdf.pdfa.save`` replaces the
output intents with one sRGB output intent (the ICC profile shipped with pikepdf),
writes the XMP metadata with the PDF/A-2 declaration (``pdfaid:part=2``,
``pdfaid:conformance=B``) and the title, author, subject, keywords and language
(``dc:language``) agreeing with the document information, and then validates the bytes
it wrote with its allowlist validator (built from veraPDF's rules; veraPDF itself is a
Java program not offered by the package registries). A file that does not pass is not
written. Before that, the empty ``/Trans`` (page transition) dictionaries ReportLab puts
on every page are removed: they mean nothing, and the validator does not vouch for them.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from partnerdesk import __version__
from partnerdesk.documents.layout import DocumentInfo
from partnerdesk.domain.errors import EnvironmentProblem
from partnerdesk.i18n import _

FLAVOUR = "2b"


def write_archival(pdf_bytes: bytes, stream: BinaryIO, info: DocumentInfo) -> None:
    """Write ``pdf_bytes`` (a ReportLab PDF, or fpdf2's for an Arabic MoU) into ``stream`` as validated PDF/A-2b."""
    import pikepdf
    from pikepdf import pdfa

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            transition = page.obj.get("/Trans")
            if isinstance(transition, pikepdf.Dictionary) and len(transition.keys()) == 0:
                del page.obj["/Trans"]
        if "/OpenAction" in pdf.Root:  # fpdf2's (the Arabic MoU) "open at page 1": PDF/A's schema has no place for it
            del pdf.Root["/OpenAction"]
        pdf.docinfo["/Producer"] = f"PartnerDesk {__version__} (ReportLab, pikepdf)"
        if "/Trapped" in pdf.docinfo:  # no XMP equivalent in PDF/A-2's schemas; "False" says nothing anyway
            del pdf.docinfo["/Trapped"]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(pdf.docinfo)
            meta["dc:language"] = [info.lang]
        buffer = io.BytesIO()
        try:
            pdfa.save(pdf, buffer, FLAVOUR, output_intent="sRGB")
        except pdfa.PdfaError as exc:
            findings = "; ".join(str(f) for f in exc.report.findings[:3])
            raise EnvironmentProblem(
                _("The final version could not be made an archivable PDF/A-2b: {findings}").format(findings=findings)
            ) from exc
    stream.write(buffer.getvalue())
