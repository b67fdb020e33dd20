"""Which encoding a CSV file is in, decided on evidence; OOXML's escapes for .xlsx text.

A CSV file carries no declaration of its encoding. PartnerDesk decides per file:

1. A byte order mark decides: UTF-8 (``EF BB BF``) or UTF-16 (``FF FE`` / ``FE FF``). The
   rest of the file must then be valid in that encoding.
2. Without one: UTF-8 if every byte is valid UTF-8.
3. Else Windows-1252, but only if no byte sequence of the file is UTF-8 either: a file with
   UTF-8 umlauts *and* a byte that is not UTF-8 is not cleanly one encoding. Reading it as
   Windows-1252 would garble every umlaut ("DÃ¼sseldorf"), so it is refused with the line
   and byte and the encodings tried; the assistant lets the user choose with a preview.

.xlsx keeps text in XML, which cannot hold most control characters (U+0000–U+001F except
tab and line feed; a carriage return turns into a line feed) nor U+FFFE/U+FFFF. OOXML writes
such a character as ``_xHHHH_`` (and a literal ``_x`` followed by four hex digits and ``_`` by
escaping its underscore as ``_x005F_``); Excel and LibreOffice read it back as the character.
"""

from __future__ import annotations

import re

from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _

#: The encodings a user can choose (the assistant, ``import-table --encoding``).
ENCODINGS = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16"}


class TableFileError(UserError):
    """The file cannot be read as a table; nothing was written."""


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _where(data: bytes, offset: int) -> tuple[int, int]:
    """(line, byte in that line), both counted from 1."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def _refuse(name: str, data: bytes, offset: int, reason: str, tried: str) -> TableFileError:
    line, column = _where(data, offset)
    return TableFileError(
        _(
            "{name} is not cleanly in one encoding: line {line}, byte {column} (0x{value}) {reason}. "
            "Tried: {tried}. Nothing was imported; save the file as UTF-8 or choose its encoding "
            "(assistant, or --encoding on the command line)."
        ).format(
            name=name, line=line, column=column, value=f"{data[offset]:02X}" if offset < len(data) else "",
            reason=reason, tried=tried,
        )
    )


def decode(data: bytes, name: str = "", encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the encoding used; ``TableFileError`` when it is not clean."""
    if encoding is not None:
        return _decode_as(data, name, encoding), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _refuse(name, data, exc.start + 3, _("is not valid UTF-8, although the file starts with "
                                                         "UTF-8's byte order mark"), "UTF-8") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(data, name, "utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_SEQUENCE.search(data):
        raise _refuse(name, data, first_bad, _("is not valid UTF-8, while other characters of the file are "
                                               "written in UTF-8"), "UTF-8, Windows-1252")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise _refuse(name, data, exc.start, _("is neither UTF-8 nor Windows-1252"), "UTF-8, Windows-1252") from None


def _decode_as(data: bytes, name: str, encoding: str) -> str:
    label = ENCODINGS.get(encoding, encoding)
    if encoding == "utf-16":
        if len(data) % 2:
            raise TableFileError(
                _("{name} is UTF-16 (\"Unicode text\"), but its length is odd: the file is cut off or is no UTF-16. "
                  "Nothing was imported.").format(name=name)
            )
        codec = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-16-le"
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise _refuse(name, data, exc.start, _("is not valid {encoding}").format(encoding=label), label) from None
    if encoding not in ENCODINGS:
        raise TableFileError(_("Unknown encoding “{encoding}”; choose one of: {choices}").format(
            encoding=encoding, choices=", ".join(ENCODINGS)
        ))
    body = data[3:] if encoding == "utf-8" and data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(body))
        raise _refuse(name, data, offset, _("is not valid {encoding}").format(encoding=label), label) from None


def preview_text(data: bytes, encoding: str, lines: int = 8) -> str:
    """The first ``lines`` lines of ``data`` in ``encoding``, undecodable bytes shown as �."""
    codec = "utf-16" if encoding == "utf-16" else encoding
    text = data[: 64 * 1024].decode(codec, errors="replace")
    return "\n".join(text.lstrip("\ufeff").splitlines()[:lines])


# OOXML ---------------------------------------------------------------------------------------

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def ooxml_escape(text: str) -> str:
    """Text an .xlsx cell can hold and Excel reads back as ``text``."""
    return _XML_UNSAFE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def ooxml_unescape(text: str) -> str:
    def character(m: re.Match[str]) -> str:
        code = int(m.group(1), 16)
        return m.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)  # half a surrogate pair is no character

    return _OOXML_ESCAPE.sub(character, text)
