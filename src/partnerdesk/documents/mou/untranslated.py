"""What an MoU column would print in German for want of a translation (issue 20).

Themes (the office's theme glossary), the names of the city's coordinating units and the
titles of the joint projects are written in German; every other document language takes them
from their translations (``domain.translations``). A value with none there is printed in a
draft as the German value in brackets with a mark in the column's language ("[Abfall –
traduction manquante]"), listed as a warning naming the record and the language, and refuses
the final version (``builder.check_final``) like a missing signatory does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from partnerdesk.domain import translations
from partnerdesk.i18n import _

#: The mark beside an untranslated value, in the column's language.
MARKS = {
    "de": "Übersetzung fehlt",
    "en": "translation missing",
    "fr": "traduction manquante",
    "ro": "traducere lipsă",
    "ar": "الترجمة غير متوفرة",
}

#: Column languages written right to left.
RIGHT_TO_LEFT = frozenset({"ar"})

#: The warnings, per kind of record and document language (German has its own inflection).
_MESSAGES: dict[tuple[str, str], Callable[[], str]] = {
    ("theme", "en"): lambda: _("Theme “{name}” has no English translation"),
    ("theme", "fr"): lambda: _("Theme “{name}” has no French translation"),
    ("theme", "ro"): lambda: _("Theme “{name}” has no Romanian translation"),
    ("theme", "ar"): lambda: _("Theme “{name}” has no Arabic translation"),
    ("organisation", "en"): lambda: _("Organisation “{name}” has no English name"),
    ("organisation", "fr"): lambda: _("Organisation “{name}” has no French name"),
    ("organisation", "ro"): lambda: _("Organisation “{name}” has no Romanian name"),
    ("organisation", "ar"): lambda: _("Organisation “{name}” has no Arabic name"),
    ("project", "en"): lambda: _("Project “{name}” has no English title"),
    ("project", "fr"): lambda: _("Project “{name}” has no French title"),
    ("project", "ro"): lambda: _("Project “{name}” has no Romanian title"),
    ("project", "ar"): lambda: _("Project “{name}” has no Arabic title"),
}


@dataclass(frozen=True)
class Untranslated:
    """One value an MoU column lacks a translation for."""

    kind: str  # "theme" | "organisation" | "project"
    name: str  # the German value, which names the record
    language: str  # ISO 639-1 code of the column

    def message(self) -> str:
        template = _MESSAGES.get((self.kind, self.language))
        if template is None:  # a language without a sentence of its own
            return _("“{name}” has no translation for the language “{code}”").format(name=self.name,
                                                                                   code=self.language)
        return template().format(name=self.name)

    def missing(self) -> str:
        """What a final version lacks, as a phrase for its refusal ("a translation of the theme „Abfall“
        (Französisch)")."""
        from partnerdesk.documents.mou.content import language_name
        from partnerdesk.i18n import current_language

        what = {
            "theme": _("a translation of the theme “{name}” ({language})"),
            "organisation": _("a translation of the name of “{name}” ({language})"),
            "project": _("a translation of the title of the project “{name}” ({language})"),
        }[self.kind]
        return what.format(name=self.name, language=language_name(self.language, current_language()))


def marked(value: str, language: str) -> str:
    """The German ``value`` as a draft prints it in a column without its translation."""
    if language in RIGHT_TO_LEFT:  # the German value kept whole between left-to-right marks
        value = f"{value}\u200e"
    return f"[{value} – {MARKS.get(language, MARKS['en'])}]"


def in_column(value: str, field: str, language: str, kind: str, found: list[Untranslated] | None = None) -> str:
    """``value`` as the ``language`` column prints it: its translation from ``field``, else the
    marked German value (then noted in ``found``)."""
    text, ok = translations.translated(value, field, language)
    if ok:
        return text
    if found is not None:
        found.append(Untranslated(kind, value.strip(), language))
    return marked(value.strip(), language)


def messages(gaps: list[Untranslated]) -> list[str]:
    """Each gap's warning once, in order."""
    return list(dict.fromkeys(g.message() for g in gaps))
