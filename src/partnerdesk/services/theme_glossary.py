"""The office's theme glossary: each partnership theme's translations (migration 0009).

Themes are free tags on partnerships ("Abfall", "Klimaanpassung"). What an MoU prints for a
theme in another document language comes from this glossary: per theme text, one
``code: text`` line per language ("fr: Gestion des déchets"), as ``domain.translations``
reads them. A theme is looked up case- and accent-insensitively (as the theme list groups
them). Saving checks every entry first and writes all of them in one transaction, or none.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerdesk.domain import limits, translations
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.text import fold
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables_beside import ThemeTranslationRow


class GlossaryError(UserError):
    """A glossary entry that does not parse (the message names the theme and the line)."""


class Glossary(dict[str, str]):
    """theme → its translations text; ``of`` looks a theme up as the theme list groups them."""

    def of(self, theme: str) -> str:
        if theme in self:
            return self[theme]
        key = fold(theme.strip())
        return next((text for name, text in self.items() if fold(name) == key), "")


def load(db: Database) -> Glossary:
    with db.read() as session:
        rows = session.execute(select(ThemeTranslationRow.theme, ThemeTranslationRow.translations)).all()
    return Glossary({theme: text for theme, text in rows})


def check(theme: str, text: str) -> str:
    """The entry's text, tidied (one ``code: text`` per line, blank lines dropped); raises
    ``GlossaryError`` naming the theme and the line."""
    if not theme.strip():
        raise GlossaryError(_("A theme in the glossary has no text."))
    if len(theme.strip()) > limits.THEME_LENGTH:
        raise GlossaryError(ngettext("Theme “{theme}…” is longer than {limit} character.",
                                     "Theme “{theme}…” is longer than {limit} characters.",
                                     limits.THEME_LENGTH).format(theme=theme.strip()[:40], limit=limits.THEME_LENGTH))
    try:
        return translations.join(translations.parse(text, limits.THEME_LENGTH))
    except ValueError as exc:
        raise GlossaryError(_("Translations of the theme “{theme}”, {problem}").format(
            theme=theme.strip(), problem=exc)) from exc


def tidy(entries: Mapping[str, str]) -> dict[str, str]:
    """Every entry checked (``check``) and tidied; raises ``GlossaryError`` on the first bad one."""
    return {theme.strip(): check(theme, text) for theme, text in entries.items()}


def apply(session: Session, entries: Mapping[str, str]) -> None:
    """Write tidied ``entries`` in the caller's transaction (empty text: remove the theme's entry)."""
    existing = {row.theme: row for row in session.scalars(select(ThemeTranslationRow))}
    for theme, text in entries.items():
        row = existing.get(theme)
        if not text:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(ThemeTranslationRow(theme=theme, translations=text))
        else:
            row.translations = text


def save(db: Database, entries: Mapping[str, str]) -> None:
    """Set the translations of each theme in ``entries`` (empty text: remove its entry); the other
    themes keep theirs. All entries are checked before anything is written."""
    checked = tidy(entries)
    with db.write() as session:
        apply(session, checked)
