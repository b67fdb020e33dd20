"""Text helpers shared by search, import and merge."""

from __future__ import annotations

import unicodedata

_FOLD = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Düsseldorf" and "Dusseldorf" both give "dusseldorf".

    Umlauts fold to the bare vowel (not "ue") so that a search typed without
    accents finds the accented name.
    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def search_blob(*parts: object) -> str:
    """The folded text a record is found by; parts joined by a separator no search contains."""
    return "\x1f".join(fold(str(p)) for p in parts if p not in (None, ""))


def sort_key(text: str) -> str:
    """The key a register sorts names and titles by (German dictionary order, DIN 5007-1).

    Case and accents do not count: "Ökostrom" sorts among the O's, "äbte" before "Zeder",
    lower-case titles among the upper-case ones. Stored beside the title and indexed, so
    sorting still walks an index (``services/mapping`` writes it, migration 0003 filled it).
    """
    return fold(text.strip())
