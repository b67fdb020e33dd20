"""Writing the Auskunft (Art. 15 GDPR): a PDF for the person, JSON for the file.

The format follows the file's extension (``.pdf``, ``.json``) or ``fmt``; anything else is
refused before any work. Both are written to a temporary name and renamed, so a failed
export leaves no half file and an existing file is replaced only by a whole one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.services.privacy_report import PersonReport, as_plain, collect, plain_json
from partnerdesk.services.progress import ProgressCallback, no_progress

FORMATS = ("pdf", "json")
#: What the JSON says it is (a reader can tell the layout apart from later ones).
JSON_FORMAT = "partnerdesk-auskunft-1"


def export_format(out: Path, fmt: str | None = None) -> str:
    """``fmt`` if given, else the extension's; ``UserError`` naming the file for anything else."""
    chosen = (fmt or out.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise UserError(
            _("Please name a file ending in .pdf or .json, or choose the format (not “{name}”); nothing was written.").format(
                name=out.name
            )
        )
    return chosen


def write_json(reports: Sequence[PersonReport], out: Path, request: str = "") -> Path:
    data = {
        "format": JSON_FORMAT,
        "request": request,
        "made_at": reports[0].made_at.isoformat() if reports else None,
        "made_by": reports[0].made_by if reports else "",
        "people": [as_plain(r) for r in reports],
    }
    temporary = out.with_name(f".{out.name}.partial")
    try:
        temporary.write_text(plain_json(data) + "\n", encoding="utf-8")
        os.replace(temporary, out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(_("{name} could not be written: {reason}").format(name=out, reason=exc.strerror)) from exc
    return out


def export_person_data(
    db: Database, people: Sequence[Contact], out: Path, *, fmt: str | None = None, request: str = "",
    progress: ProgressCallback = no_progress,
) -> list[PersonReport]:
    """Collect what is held about ``people`` and write it to ``out`` (PDF or JSON)."""
    chosen = export_format(out, fmt)
    if not out.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist; nothing was written.").format(folder=out.parent))
    reports = collect(db, people, progress=progress)
    if chosen == "json":
        write_json(reports, out, request)
    else:
        from partnerdesk.documents.privacy_report import write_report

        write_report(reports, out)
    return reports
