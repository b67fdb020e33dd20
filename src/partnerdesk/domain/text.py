"""Text helpers shared by search, pickers, import and merge: one folding for all of them.

``fold`` is the form two texts are compared in. The rules (README, "Searching"):

* case and accents do not count: "Düsseldorf", "DUSSELDORF", "dusseldorf" fold alike, as do
  "Timișoara" and "Timisoara"; letters that are no accented Latin-1 letter fold as people
  type them without a special keyboard: "ß" -> "ss", "ə" (Azerbaijani) -> "e", "ł" -> "l",
  "ø" -> "o", "đ"/"ð" -> "d", "þ" -> "th", "ı" -> "i", "ɛ"/"ɔ" (Ghana, Togo) -> "e"/"o" …;
* every apostrophe is the typed one: ' ’ ʼ ‘ ` ´ ʻ ′ all fold to "'" ("L’Aquila" = "L'Aquila");
* a hyphen, an en or em dash and any run of spaces are one space: "Kohtla-Järve",
  "Kohtla–Järve" and "Kohtla  Jarve" fold alike; invisible characters (soft hyphen,
  zero-width joiners, the Arabic tatweel) are dropped.

German and Nordic transliterations ("duesseldorf", "Malmoe", "Aalesund") are not a folding
rule -- "ue" is also the "ue" of "Manuel" -- but a second spelling of names that have the
letter: ``spelled_out`` gives it, ``search_forms`` both, ``search_blob`` stores the extra
words, so a typed "duesseldorf" finds "Düsseldorf" without "manuel" finding "Manel".

``FOLDING_VERSION`` names these rules: stored folded text (the registers' ``search_text``,
the sort keys) made under other rules is made again when a database is opened
(``services.search_text``). Change it whenever ``fold`` or ``spelled_out`` changes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: The version of the folding rules below; stored text made with another one is refreshed.
FOLDING_VERSION = 2

#: Apostrophes and the marks people put in their place.
APOSTROPHES = "'’ʼ‘`´ʻʹ′‛＇ʽ"
#: Hyphens and dashes (each folds to a space, like the space itself).
DASHES = "-‐‑‒–—―−﹘﹣－\u05be"  # the last: the Hebrew maqaf
#: Characters nobody types or sees: soft hyphen, zero-width space/joiners, word joiner, BOM, tatweel.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u0640"

_LETTERS = {
    "ß": "ss", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th",
    "ə": "e", "ǝ": "e", "ɛ": "e", "ɔ": "o", "ħ": "h", "ŧ": "t", "ŋ": "ng", "ɓ": "b", "ɗ": "d",
    "ƙ": "k", "ƴ": "y", "ĸ": "k", "ŀ": "l", "ƒ": "f", "ɨ": "i", "ʉ": "u", "ɲ": "n", "ʒ": "z",
}
_FOLD = str.maketrans(
    {**_LETTERS, **dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys(DASHES, " "), **dict.fromkeys(INVISIBLE, "")}
)
#: The letters German and Nordic spelling writes out without the special keyboard
#: (after NFD: a base letter and a combining mark), and those that do not decompose.
_SPELLED_MARKS = {"a\u0308": "ae", "o\u0308": "oe", "u\u0308": "ue", "a\u030a": "aa"}
_SPELLED_LETTERS = str.maketrans({"ø": "oe", "æ": "ae", "œ": "oe"})
#: A text without any of these has no written-out spelling of its own.
_SPELLED_SIGNS = frozenset("äöüåøæœÄÖÜÅØÆŒ\u0308\u030a")


#: The marks that are accents or optional vowel points: Latin, Greek and Cyrillic accents, the
#: Hebrew points and the Arabic harakat. Other scripts' marks are parts of their letters (Thai
#: vowels and tones, Indic viramas and nuktas, the kana voicing marks of か/が) and stay.
_ACCENTS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0483-\u0489"
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
)


def _strip_marks(text: str) -> str:
    """Compatibility forms resolved ("ﬁ" -> "fi", full-width letters), accents dropped, and the
    rest composed again (Hangul syllables stay syllables)."""
    return unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize("NFKD", text)))


#: Texts up to this length (names, titles, labels: what pickers fold again and again) are
#: remembered; longer ones (notes) are folded each time, so the cache stays small.
_CACHED_LENGTH = 200


def fold(text: str) -> str:
    """The form texts are compared in: "Kohtla-Järve" and "kohtla jarve" give "kohtla jarve".

    Idempotent (``fold(fold(t)) == fold(t)``); leading and trailing space is dropped.
    """
    return _fold_cached(text) if len(text) <= _CACHED_LENGTH else _fold(text)


@lru_cache(maxsize=32768)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():  # most names and notes: no marks to strip, nothing NFKD would change
        return " ".join(text.lower().translate(_FOLD).split())
    text = text.casefold().translate(_FOLD)  # before NFKD: "´" would become a space and a mark
    text = _strip_marks(text).casefold().translate(_FOLD)  # NFKD may give capitals, "－" a hyphen
    return " ".join(text.split())  # any run of white space (tab, line break, no-break space) is one space


def spelled_out(text: str) -> str:
    """``fold`` with umlauts and Nordic letters written out: "Düsseldorf" -> "duesseldorf",
    "Malmö" -> "malmoe", "Ålesund" -> "aalesund", "Køge" -> "koege" (``fold`` if it has none)."""
    return _spelled_cached(text) if len(text) <= _CACHED_LENGTH else _spelled_out(text)


@lru_cache(maxsize=32768)
def _spelled_cached(text: str) -> str:
    return _spelled_out(text)


def _spelled_out(text: str) -> str:
    if _SPELLED_SIGNS.isdisjoint(text):
        return fold(text)
    text = unicodedata.normalize("NFD", text.casefold()).translate(_SPELLED_LETTERS)
    for marked, written in _SPELLED_MARKS.items():
        text = text.replace(marked, written)
    return fold(text)


def search_forms(text: str) -> tuple[str, ...]:
    """The folded forms ``text`` is found by: ``fold``, and ``spelled_out`` when that differs."""
    folded, written = fold(text), spelled_out(text)
    return (folded,) if written == folded else (folded, written)


def contains(text: str, needle: str) -> bool:
    """Does ``text`` contain the folded ``needle`` (in any of its ``search_forms``)?"""
    return any(needle in form for form in search_forms(text))


def begins_with(text: str, needle: str) -> bool:
    """Does ``text`` begin with the folded ``needle`` (in any of its ``search_forms``)?"""
    return any(form.startswith(needle) for form in search_forms(text))


def search_blob(*parts: object) -> str:
    """The folded text a record is found by; parts joined by a separator no search contains.

    Words that have a written-out spelling ("düsseldorf": "duesseldorf") follow once at the
    end, so a search typed that way finds them too.
    """
    folded: list[str] = []
    extra: dict[str, None] = {}
    for part in parts:
        if part in (None, ""):
            continue
        forms = search_forms(str(part))
        folded.append(forms[0])
        if len(forms) > 1:
            known = set(forms[0].split())
            extra.update((w, None) for w in forms[1].split() if w not in known)
    if extra:
        folded.append(" ".join(extra))
    return "\x1f".join(folded)


def sort_key(text: str) -> str:
    """The key a register sorts names and titles by (German dictionary order, DIN 5007-1).

    Case and accents do not count: "Ökostrom" sorts among the O's, "äbte" before "Zeder",
    lower-case titles among the upper-case ones. Stored beside the title and indexed, so
    sorting still walks an index (``services/mapping`` writes it, migration 0003 filled it,
    ``services.search_text`` makes it again when ``FOLDING_VERSION`` changes).
    """
    return fold(text.strip())
