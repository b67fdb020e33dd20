"""The proof-of-use pack of a grant for a period: one folder, four files.

* ``<Az>_Zahlenmaessiger_Nachweis_<von>_<bis>.xlsx``: the numeric proof and the Belegliste
  (``exchange.grant_proof``);
* ``<Az>_Sachbericht_<von>_<bis>.pdf`` and ``.docx``: the narrative report's draft
  (``grant_report``, ``grant_report_docx``).

Everything is checked before the first file is written (the period, the folder, text an Excel
cell cannot hold), and each file is written under a temporary name and renamed; if a later file
fails, the files this run already wrote are removed again, so the folder never holds half a pack.
"""

from __future__ import annotations

from pathlib import Path

from partnerdesk.documents.grant_report import ReportInput, build_report_pdf
from partnerdesk.documents.grant_report_docx import build_report_docx
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.file_names import safe_file_name
from partnerdesk.exchange.grant_proof import checked_period, write_proof_workbook
from partnerdesk.i18n import _


class PackFolderError(UserError):
    """The folder for the pack cannot be used."""


def pack_names(data: ReportInput) -> tuple[str, str, str]:
    """The pack's file names: the grant's file reference (or title) and the period."""
    grant = data.grant
    stem = safe_file_name(grant.file_reference.strip() or grant.title.strip() or grant.id).replace(" ", "_")
    span = f"{data.start.isoformat()}_{data.end.isoformat()}"
    return (
        f"{stem}_Zahlenmaessiger_Nachweis_{span}.xlsx",
        f"{stem}_Sachbericht_{span}.pdf",
        f"{stem}_Sachbericht_{span}.docx",
    )


def write_pack(data: ReportInput, folder: Path) -> list[Path]:
    """Write the proof-of-use pack of ``data.grant`` for ``data.start``–``data.end`` into ``folder``
    (created if missing); returns the files written."""
    checked_period(data.start, data.end)
    if folder.exists() and not folder.is_dir():
        raise PackFolderError(_("{path} is a file, not a folder.").format(path=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackFolderError(
            _("The folder {path} cannot be created: {reason}").format(path=folder, reason=exc.strerror or exc)
        ) from exc
    xlsx, pdf, docx = (folder / name for name in pack_names(data))
    written: list[Path] = []
    try:
        written.append(write_proof_workbook(data.grant, data.start, data.end, xlsx))
        written.append(Path(build_report_pdf(data, pdf)))
        written.append(Path(build_report_docx(data, docx)))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written
