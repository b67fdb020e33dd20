"""Small per-language texts kept in one text field: one ``code: text`` per line.

Used for what an MoU prints in each document language where it differs from the
everyday value: an organisation's legal name ("en: City of Dortmund") and its
representative's function ("ro: Primarul Municipiului Dortmund"). A line is an ISO 639-1
code, a colon and the text; blank lines are ignored. ``parse`` raises ``ValueError``
with a message naming the line, so validation can refuse the record whole.
"""

from __future__ import annotations

from partnerdesk.domain import countries
from partnerdesk.i18n import _, ngettext


def parse(text: str, longest: int | None = None) -> dict[str, str]:
    """``{"en": "City of Dortmund", ...}`` from the field's text; ``longest``: the most characters
    one language's text may have (the everyday field's limit: a translation prints where it does)."""
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, sep, value = line.partition(":")
        code, value = code.strip().lower(), value.strip()
        if not sep or not value:
            raise ValueError(_("line {line}: write a language code, a colon and the text (“en: City of Dortmund”)").format(
                line=number))
        if not countries.is_language(code):
            raise ValueError(_("line {line}: “{code}” is not an ISO 639-1 language code").format(line=number, code=code))
        if code in found:
            raise ValueError(_("line {line}: the language “{code}” is given twice").format(line=number, code=code))
        if longest is not None and len(value) > longest:
            raise ValueError(ngettext("line {line}: at most {limit} character", "line {line}: at most {limit} characters",
                                      longest).format(line=number, limit=longest))
        found[code] = value
    return found


def in_language(value: str, translations: str, language: str) -> str:
    """``value`` as printed in ``language``: its translation there, else the value itself.
    A field that does not parse counts as having no translations (validation refuses it on save)."""
    try:
        return parse(translations).get(language, value) or value
    except ValueError:
        return value


#: The language the everyday values are written in (names, titles, themes).
BASE_LANGUAGE = "de"


def translated(value: str, translations: str, language: str, *, base: str = BASE_LANGUAGE) -> tuple[str, bool]:
    """``value`` in ``language`` and whether that is a translation: ``(text, True)`` when the
    field has a line for ``language`` (or ``language`` is the value's own, ``base``),
    ``(value, False)`` when it has none. An empty value needs no translation. A field that
    does not parse counts as having no translations (validation refuses it on save)."""
    if language == base or not value.strip():
        return value, True
    try:
        found = parse(translations).get(language, "")
    except ValueError:
        found = ""
    return (found, True) if found else (value, False)


def join(found: dict[str, str]) -> str:
    """The field's text for ``found`` (the inverse of ``parse``)."""
    return "\n".join(f"{code}: {text}" for code, text in found.items())
