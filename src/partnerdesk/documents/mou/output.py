"""The MoU in either format: PDF (``builder``) or Word (``docx_writer``), from one content model."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from partnerdesk.documents.coverage import MissingGlyphs, mou_gaps
from partnerdesk.documents.mou.builder import MouOptions, check_final, check_options, deputy, render_mou
from partnerdesk.documents.mou.data import MouData
from partnerdesk.domain import validation

FORMATS = ("pdf", "docx")


def mou_build(data: MouData, options: MouOptions, fmt: str) -> Callable[[BinaryIO], object]:
    """What writes the MoU into a stream in format ``fmt`` (checked first, before a file is
    touched: options, a final version's gaps, personal data, the deputy, field limits)."""
    check_options(options)
    check_final(data, options)
    deputy(data, options)
    validation.check_limits([  # old data beyond the field limits: named, not laid out for minutes
        data.partnership, data.partner.organisation, data.home.organisation, *data.coordinators,
        *data.home_contacts, *data.partner_contacts, *data.projects,
    ])
    if fmt == "docx":
        from partnerdesk.documents.mou.docx_writer import render_docx

        return lambda stream: render_docx(data, stream, options)
    return lambda stream: render_mou(data, stream, options)


def mou_missing_glyphs(data: MouData, fmt: str) -> list[MissingGlyphs]:
    """Characters no bundled font has (the PDF prints "\ufffd"; Word uses the reader's fonts)."""
    return mou_gaps(data) if fmt == "pdf" else []
