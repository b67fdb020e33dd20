"""Translation catalogues, usable without Qt.

Source strings are English; ``resources/locale/<lang>/*.po`` hold the translations,
one catalogue per area of the program (all are merged). German is the default language. The catalogues
are read as they are, so no compiled ``.mo`` step is needed in development, packaging or tests. The
small reader below gives exactly what Babel's ``read_po`` gives (a test compares them on every
shipped file); importing Babel's reader cost ~25 ms of every start.
"""

from __future__ import annotations

import logging
import os
import re

from partnerdesk.resources import resource_path

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

_catalogue: dict[str, str] = {}
_language: str | None = None  # loaded on first use


_ESCAPE = re.compile(r'\\([\\trn"])')
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"'}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


def _unquote(text: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPED[m.group(1)], text.strip()[1:-1])


def read_po(text: str) -> dict[str, str]:
    """msgid -> msgstr of a ``.po`` file's translated, non-fuzzy, singular messages.

    The same as ``{m.id: m.string for m in babel.messages.pofile.read_po(...)}`` restricted
    to messages with an id and a translation that are not fuzzy and not plural: the
    header and obsolete (``#~``) entries are skipped; of a repeated id (and context) the
    first translation counts and a fuzzy flag on any copy makes it fuzzy.
    """
    entries: dict[tuple[str | None, str], list[object]] = {}
    fields: dict[str, list[str]] = {}
    fuzzy = False
    last: str | None = None

    def finish() -> None:
        nonlocal fields, fuzzy, last
        if "msgid" in fields and "msgid_plural" not in fields:
            key = ("".join(fields["msgctxt"]) if "msgctxt" in fields else None, "".join(fields["msgid"]))
            string = "".join(fields.get("msgstr", []))
            if key in entries:
                entries[key][1] = entries[key][1] or fuzzy
            else:
                entries[key] = [string, fuzzy]
        fields, fuzzy, last = {}, False, None

    for raw in text.lstrip("\ufeff").splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#"):
            if any(k.startswith("msgstr") for k in fields):
                finish()
            if line.startswith("#,") and "fuzzy" in (flag.strip() for flag in line[2:].split(",")):
                fuzzy = True
        elif line.startswith('"'):
            if last is not None:
                fields[last].append(_unquote(line))
        elif match := _KEYWORD.match(line):
            keyword, value = match.groups()
            if keyword in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in fields):
                finish()
            fields[keyword] = [_unquote(value)]
            last = keyword
    finish()
    return {msgid: str(string) for (_ctx, msgid), (string, is_fuzzy) in entries.items() if msgid and string and not is_fuzzy}


def _load_po(language: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    folder = resource_path("locale", language)
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        messages.update(read_po(path.read_text(encoding="utf-8")))
    return messages


def set_language(language: str | None = None) -> str:
    """Switch the catalogue; ``None`` means ``PARTNERDESK_LANG`` or German."""
    global _catalogue, _language
    language = (language or os.environ.get("PARTNERDESK_LANG") or DEFAULT_LANGUAGE).split("_")[0].lower()
    if language not in SUPPORTED_LANGUAGES:
        log.warning("unsupported language %r, using German", language)
        language = DEFAULT_LANGUAGE
    _catalogue = {} if language == "en" else _load_po(language)
    _language = language
    return language


def current_language() -> str:
    return _language or set_language()


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    if _language is None:
        set_language()
    return _catalogue.get(message, message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later with ``_``."""
    return message
