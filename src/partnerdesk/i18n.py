"""Translation catalogues, usable without Qt.

Source strings are English; ``resources/locale/<lang>/*.po`` hold the translations, one
catalogue per area of the program. ``tools/compile_catalogues.py`` merges them into one compiled
``partnerdesk.mo`` per language, which the standard library's ``gettext`` reads (fast: no
parsing and no Babel import at start). A test fails if a ``.mo`` is older than its ``.po`` files.
German is the default language.
"""

from __future__ import annotations

import gettext
import logging
import os
import struct

from partnerdesk.resources import resource_path

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

MO_NAME = "partnerdesk.mo"

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language: str | None = None  # loaded on first use


def _load(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (``tools/compile_catalogues.py`` writes it)."""
    path = resource_path("locale", language, MO_NAME)
    try:
        with path.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except (OSError, ValueError, struct.error) as exc:  # a damaged install: English rather than no program
        log.error("translation catalogue %s unreadable (%s), using English", path, exc)
        return gettext.NullTranslations()


def set_language(language: str | None = None) -> str:
    """Switch the catalogue; ``None`` means ``PARTNERDESK_LANG`` or German."""
    global _catalogue, _language
    language = (language or os.environ.get("PARTNERDESK_LANG") or DEFAULT_LANGUAGE).split("_")[0].lower()
    if language not in SUPPORTED_LANGUAGES:
        log.warning("unsupported language %r, using German", language)
        language = DEFAULT_LANGUAGE
    _catalogue = gettext.NullTranslations() if language == "en" else _load(language)
    _language = language
    return language


#: Languages a document (the project sheet) can be written in, whatever the program speaks.
DOCUMENT_LANGUAGES = ("de", "en", "fr")
_documents: dict[str, gettext.NullTranslations] = {}


def document_catalogue(language: str) -> gettext.NullTranslations:
    """The catalogue of a document language (``DOCUMENT_LANGUAGES``), independent of the program's
    own: a French sheet printed from the German window. English is the source text."""
    if language not in _documents:
        _documents[language] = gettext.NullTranslations() if language == "en" else _load(language)
    return _documents[language]


def current_language() -> str:
    return _language or set_language()


def catalogue() -> gettext.NullTranslations:
    """The current language's catalogue (to translate many texts with one lookup of it)."""
    if _language is None:
        set_language()
    return _catalogue


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    if _language is None:
        set_language()
    return _catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate the form of a message that suits the number ``n`` ("1 Datensatz", "2 Datensätze")."""
    if _language is None:
        set_language()
    return _catalogue.ngettext(singular, plural, n)


def quoted(text: str) -> str:
    """``text`` in the language's quotation marks: „Kumasi“ in German, “Kumasi” in English."""
    return _("“{text}”").format(text=text)


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Mark ``message`` for extraction; it is translated later with ``_``."""
    return message
