"""A person's name in parts: salutation, academic title, first name, last name.

``split_name`` turns one string ("Dr. Ama Mensah", "Mensah, Ama") into parts where that is
unambiguous, and otherwise keeps the whole name (after a leading salutation and title) in the
last name and says so (``NameParts.to_check``): one word, three or more words (a middle name or
a compound surname?), particles ("van der", "de la", "bin", "Abdul"), a family name written in
capitals first ("DIALLO Mamadou"), digits, or a script whose name order may differ (Arabic,
Chinese, ...). The migration of revision 0012, the table import and old archives use the same
rules, so a name is split the same way wherever it comes from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from partnerdesk.domain.enums import Salutation

#: Leading words that are a salutation, not a name.
_SALUTATIONS = {
    "frau": Salutation.MS, "fr.": Salutation.MS, "ms": Salutation.MS, "ms.": Salutation.MS,
    "mrs": Salutation.MS, "mrs.": Salutation.MS, "mme": Salutation.MS, "mme.": Salutation.MS,
    "madame": Salutation.MS, "doamna": Salutation.MS,
    "herr": Salutation.MR, "hr.": Salutation.MR, "mr": Salutation.MR, "mr.": Salutation.MR,
    "monsieur": Salutation.MR, "domnul": Salutation.MR,
}
#: Words of an academic title ("Prof. Dr. med.", "Dr.-Ing.", "Dr. h.c.").
_TITLE_WORDS = {
    "dr.", "prof.", "med.", "rer.", "nat.", "phil.", "jur.", "pol.", "oec.", "h.c.", "dr.-ing.", "dipl.-ing.",
    "pd", "mag.", "ing.", "em.", "dres.", "apl.", "jun.", "habil.", "dr.h.c.",
}
#: Particles and name parts after which the split is a guess (Dutch, German, Romance, Arabic).
_PARTICLES = {
    "van", "von", "vom", "zu", "zur", "der", "den", "de", "del", "della", "da", "di", "do", "dos", "das", "du",
    "la", "le", "ter", "ten", "y", "e", "bin", "ibn", "bint", "ben", "abu", "abd", "abdul", "abdel", "abdoul",
    "al", "el", "ould", "mac", "st.",
}
_ARABIC_PREFIXES = ("al-", "el-", "abd-", "abdul-", "abdel-", "abu-", "bin-", "ben-")
#: One word of a name: letters, joined by hyphens or apostrophes, an initial may end in a dot.
_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?$")
#: Scripts whose names are written given name first, like German ones.
_WESTERN_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


@dataclass(frozen=True)
class NameParts:
    salutation: Salutation | None = None
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    #: The name could not be split safely: the whole of it is in ``last_name``.
    to_check: bool = False


def _western(text: str) -> bool:
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith(_WESTERN_SCRIPTS):
            return False
    return True


def _plain(word: str) -> bool:
    """A word that is safely a given name or a surname on its own."""
    folded = word.casefold()
    if folded in _PARTICLES or folded.startswith(_ARABIC_PREFIXES) or not _WORD.match(word):
        return False
    letters = [ch for ch in word if ch.isalpha()]
    # "DIALLO": a family name in capitals, written first in many francophone countries.
    return not (len(letters) > 1 and word.isupper())


def _take_title(words: list[str]) -> tuple[str, list[str]]:
    title: list[str] = []
    while words and words[0].casefold() in _TITLE_WORDS:
        title.append(words.pop(0))
    return " ".join(title), words


def split_name(text: str) -> NameParts:
    """The parts of one name string (see the module's description)."""
    whole = " ".join(text.split())
    if not whole:
        return NameParts()
    if any((ch.isspace() and ch != " ") or unicodedata.category(ch) in ("Cc", "Cf") for ch in text.strip()):
        # Line breaks, tabs, control or format characters: not a name typed in one line. Kept as it is.
        return NameParts(last_name=text.strip(), to_check=True)
    words = whole.split(" ")
    salutation = None
    if len(words) > 1 and words[0].casefold() in _SALUTATIONS:
        salutation = _SALUTATIONS[words.pop(0).casefold()]
    title, words = _take_title(words)
    if not words:  # only a title or a salutation: nothing to split
        return NameParts(salutation=salutation, last_name=whole, to_check=True)
    rest = " ".join(words)
    if "," in rest:  # "Mensah, Ama" / "Mensah, Dr. Ama"
        last, _comma, first = (part.strip() for part in rest.partition(","))
        first_title, first_words = _take_title(first.split())
        first = " ".join(first_words)
        title = " ".join(t for t in (title, first_title) if t)
        if "," not in first and _western(rest) and _plain_all(last) and _plain_all(first) and " " not in last + first:
            return NameParts(salutation=salutation, title=title, first_name=first, last_name=last)
        return NameParts(salutation=salutation, title=title, last_name=rest, to_check=True)
    if len(words) == 2 and _western(rest) and all(_plain(w) for w in words) and not words[1].endswith("."):
        return NameParts(salutation=salutation, title=title, first_name=words[0], last_name=words[1])
    return NameParts(salutation=salutation, title=title, last_name=rest, to_check=True)


def _plain_all(text: str) -> bool:
    return bool(text) and all(_plain(w) for w in text.split())


def joined_name(title: str, first_name: str, last_name: str) -> str:
    """The name as written on an envelope: "Dr. Ama Mensah"."""
    return " ".join(p for p in (title.strip(), first_name.strip(), last_name.strip()) if p)


def sorted_name(first_name: str, last_name: str) -> str:
    """The name as a register sorts and lists it: "Mensah, Ama"."""
    last, first = last_name.strip(), first_name.strip()
    return f"{last}, {first}" if last and first else last or first


def name_sort_text(first_name: str, last_name: str) -> str:
    """What the register sorts contacts by (``domain.text.sort_key`` of it): last name, then first."""
    return f"{last_name.strip()} {first_name.strip()}".strip()


def letter_greeting(salutation: Salutation, title: str, first_name: str, last_name: str) -> str:
    """The salutation line of a German letter, with its comma ("Anrede-Zeile" of a mail merge).

    "Sehr geehrte Frau Dr. Mensah," / "Sehr geehrter Herr Example,"; a person without a
    salutation (diverse, or not known) is greeted with the whole name, "Guten Tag Ama Mensah,";
    without any name "Sehr geehrte Damen und Herren,". Always German: the letters of a German
    city's office are written in German (the other columns let a merge build its own line).
    """
    last = last_name.strip()
    titled = " ".join(p for p in (title.strip(), last) if p)
    if salutation is Salutation.MS and last:
        return f"Sehr geehrte Frau {titled},"
    if salutation is Salutation.MR and last:
        return f"Sehr geehrter Herr {titled},"
    whole = joined_name(title, first_name, last_name)
    return f"Guten Tag {whole}," if (first_name.strip() or last) else "Sehr geehrte Damen und Herren,"
