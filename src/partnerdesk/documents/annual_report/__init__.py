"""The annual report (Jahresbericht, issue 24): content, wording templates, PDF and Word.

``write_annual_report(data, path, fmt)`` writes what ``services.annual_report.collect`` gathered.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from partnerdesk.documents.annual_report.content import ReportContent, report_content
from partnerdesk.documents.annual_report.texts import load_texts
from partnerdesk.services.annual_report_data import AnnualReportData

FORMATS = ("pdf", "docx")


def format_of(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for: ``docx`` for ``.docx``, else ``pdf``."""
    return "docx" if Path(path).suffix.lower() == ".docx" else "pdf"


def write_annual_report(
    data: AnnualReportData, path: str | os.PathLike[str], fmt: str | None = None, *, on: date | None = None,
    author: str = "", templates: Sequence[Path] = (), invariant: bool = False,
) -> tuple[str, ReportContent]:
    """Write the report as PDF or Word to ``path`` (atomically); the path written and what it says."""
    content = report_content(data, load_texts(templates), on=on or date.today(), author=author, invariant=invariant)
    if (fmt or format_of(path)) == "docx":
        from partnerdesk.documents.annual_report.docx_writer import write_docx

        return write_docx(content, path), content
    from partnerdesk.documents.annual_report.pdf import write_pdf

    return write_pdf(content, path), content
