"""What our Word documents of plain text share (the Sachbericht, the annual report): an A4
document in Noto Sans 10 pt with the document's properties, fixed for golden tests when
``info.invariant``. (The MoU's Word output, with its tracked changes, builds its own.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from docx import Document
from docx.shared import Mm, Pt

from partnerdesk.documents.layout import DocumentInfo
from partnerdesk.documents.text import plain

FONT = "Noto Sans"


def new_document(info: DocumentInfo, margin_mm: float = 20) -> Any:
    document: Any = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(margin_mm))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    properties = document.core_properties
    properties.title = plain(info.title)
    properties.author = plain(info.author)
    properties.subject = plain(info.subject)
    properties.keywords = ", ".join(plain(k) for k in info.keywords)
    properties.language = info.lang
    properties.comments = ""
    if info.invariant:
        properties.created = properties.modified = datetime(2000, 1, 1)
        properties.last_modified_by = ""
        properties.revision = 1
    return document
