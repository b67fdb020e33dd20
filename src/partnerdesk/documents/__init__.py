"""PDF documents: bilingual MoU drafts and one-page project sheets (ReportLab, no Qt).

Builders take plain domain records (fetched through the services by the small
``*_data`` modules) and write a PDF file. Shared pieces: ``fonts`` (bundled Noto
Sans, embedded), ``text`` (escaping of user text), ``layout`` (page templates,
"Seite X von Y", metadata, atomic writing), ``formatting`` (German dates and money).

ReportLab's TrueType module imports ``uharfbuzz`` as it loads (tens of milliseconds);
it is loaded here with HarfBuzz hidden, and ``shaping.enable`` imports HarfBuzz only
for a document with Devanagari or Thai text.
"""

import sys as _sys

if "reportlab.pdfbase.ttfonts" not in _sys.modules and "uharfbuzz" not in _sys.modules:
    _sys.modules["uharfbuzz"] = None  # type: ignore[assignment]
    try:
        import reportlab.pdfbase.ttfonts  # noqa: F401
    finally:
        del _sys.modules["uharfbuzz"]
