"""The office's letterhead on documents: its name, address lines and an optional logo, from the
settings ("Einstellungen…" in the window, ``--letterhead-*`` options on the command line).

``Letterhead.check`` refuses, with a German message naming the field or file, what would spoil
the document: a logo that is not a readable PNG/JPEG/GIF image, overlong lines. Nothing is
written before it passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, Table, TableStyle

from partnerdesk.documents import fonts, layout
from partnerdesk.documents.bidi import Paragraph
from partnerdesk.documents.text import markup
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _, ngettext

NAME_LENGTH = 200
LINE_LENGTH = 200
MAX_LINES = 6
LOGO_BYTES = 10 * 1024 * 1024
LOGO_HEIGHT = 16 * mm
LOGO_WIDTH = 45 * mm


class LetterheadError(UserError):
    """The letterhead cannot be used as set (a logo that is not an image, an overlong line)."""


@dataclass(frozen=True)
class Letterhead:
    name: str = ""
    #: Address lines ("Friedensplatz 1", "44135 Dortmund").
    address: tuple[str, ...] = ()
    logo: Path | None = None

    @classmethod
    def from_text(cls, name: str, address: str, logo: str) -> Letterhead:
        """From the settings' texts: the address as lines (newlines or "|" separate them)."""
        lines = tuple(part.strip() for part in address.replace("|", "\n").splitlines() if part.strip())
        return cls(name.strip(), lines, Path(logo.strip()) if logo.strip() else None)

    @property
    def empty(self) -> bool:
        return not (self.name or self.address or self.logo)

    def check(self) -> None:
        if len(self.name) > NAME_LENGTH:
            raise LetterheadError(ngettext(
                "Letterhead: the office's name has more than {count} character.",
                "Letterhead: the office's name has more than {count} characters.", NAME_LENGTH).format(count=NAME_LENGTH))
        if len(self.address) > MAX_LINES:
            raise LetterheadError(ngettext(
                "Letterhead: the address has more than {count} line.",
                "Letterhead: the address has more than {count} lines.", MAX_LINES).format(count=MAX_LINES))
        for number, line in enumerate(self.address, start=1):
            if len(line) > LINE_LENGTH:
                raise LetterheadError(ngettext(
                    "Letterhead: address line {line} has more than {count} character.",
                    "Letterhead: address line {line} has more than {count} characters.", LINE_LENGTH,
                ).format(line=number, count=LINE_LENGTH))
        if self.logo is not None:
            self.logo_size()

    def logo_size(self) -> tuple[int, int]:
        """The logo's size in pixels; a file that is missing or no image is refused."""
        assert self.logo is not None
        path = self.logo
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                fh.read(1)
        except OSError as exc:
            raise LetterheadError(_("The logo “{path}” cannot be read: {reason}").format(
                path=path, reason=exc.strerror or exc)) from exc
        if size > LOGO_BYTES:
            raise LetterheadError(_("The logo “{path}” is larger than 10 MB.").format(path=path))
        try:
            width, height = ImageReader(str(path)).getSize()
        except Exception as exc:
            raise LetterheadError(_("The logo “{path}” is not an image (PNG, JPEG or GIF).").format(path=path)) from exc
        if width < 1 or height < 1:
            raise LetterheadError(_("The logo “{path}” is not an image (PNG, JPEG or GIF).").format(path=path))
        return int(width), int(height)


def letterhead_block(head: Letterhead, width: float) -> Table | None:
    """The office's name and address at the left, the logo at the right; None when nothing is set."""
    if head.empty:
        return None
    st = layout.styles()
    text: list[Any] = []
    if head.name:
        text.append(Paragraph(markup(head.name), st["heading"]))
    if head.address:
        text.append(Paragraph("<br/>".join(markup(line) for line in head.address), st["muted"]))
    logo: Any = ""
    if head.logo is not None:
        w, h = head.logo_size()
        scale = min(LOGO_HEIGHT / h, LOGO_WIDTH / w)
        logo = Image(str(head.logo), width=w * scale, height=h * scale)
        logo.hAlign = "RIGHT"
    table = Table([[text, logo]], colWidths=[width - LOGO_WIDTH, LOGO_WIDTH], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, layout.RULE),
    ]))
    return table
