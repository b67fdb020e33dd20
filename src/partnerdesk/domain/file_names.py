"""Names of attached files: shown as the user gave them, written to disk only in a safe form.

An attachment keeps the name it came with (any text: another system's name, a name the user
typed); ``safe_file_name`` makes from it a name that every system accepts when the file is
saved or opened: no path separators or control characters, no reserved Windows device names
(``CON.txt``, ``com1``), no trailing dots or spaces, at most ``SAFE_NAME_LENGTH`` characters
with the extension kept.
"""

from __future__ import annotations

import re
import unicodedata

#: The longest name an attachment may have (characters), as shown and stored.
NAME_LENGTH = 255
#: The longest name written to disk (leaves room for a folder on Windows' 260-character paths).
SAFE_NAME_LENGTH = 120
#: What a file without any usable character in its name is called.
FALLBACK = "Anhang"

_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
    | {"com¹", "com²", "com³", "lpt¹", "lpt²", "lpt³"}
)
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')


def clean_name(name: str) -> str:
    """The name as stored: any path in front of it dropped, control characters gone, trimmed."""
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in name)
    return name.strip()[:NAME_LENGTH]


def safe_file_name(name: str) -> str:
    """A name for the file on any disk (see the module doc)."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(
        "_" if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") else c for c in text
    )
    text = _FORBIDDEN.sub("_", text).strip().rstrip(". ")
    text = text.lstrip(".")  # no hidden files, no ".." games
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem:
        stem, ext = text, ""
    ext = ext[:20]
    if stem.split(".")[0].strip().lower() in _RESERVED:
        stem = "_" + stem
    room = SAFE_NAME_LENGTH - (len(ext) + 1 if ext else 0)
    stem = stem[:room].rstrip(". ")
    if not stem.strip("_ "):
        stem = FALLBACK if not stem else stem
    return f"{stem}.{ext}" if ext else stem


def size_text(size: int) -> str:
    """A file size as people read it: "812 Bytes", "1,4 MB" (German decimal comma)."""
    if size < 1000:
        return f"{size} Bytes" if size != 1 else "1 Byte"
    for unit, factor in (("kB", 1000), ("MB", 1000**2), ("GB", 1000**3)):
        if size < factor * 1000 or unit == "GB":
            value = size / factor
            shown = f"{value:.1f}" if value < 100 else f"{value:.0f}"
            return f"{shown.replace('.', ',')} {unit}"
    return f"{size} Bytes"  # pragma: no cover
