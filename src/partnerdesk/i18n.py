"""Translation catalogues, usable without Qt.

Source strings are English; ``resources/locale/<lang>/*.po`` hold the translations,
one catalogue per area of the program (all are merged). German is the default language. The catalogue is read with Babel,
so no compiled ``.mo`` step is needed in development, packaging or tests.
"""

from __future__ import annotations

import logging
import os

from partnerdesk.resources import resource_path

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

_catalogue: dict[str, str] = {}
_language: str | None = None  # loaded on first use


def _load_po(language: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    folder = resource_path("locale", language)
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        with path.open("rb") as fh:
            catalog = read_po(fh)
        messages.update(
            {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy and isinstance(m.id, str)}
        )
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
